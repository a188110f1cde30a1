"""A small RFC 4180 CSV reader (MicroPython has no `csv` module).

It works on bytes, not str: the delimiters (comma, quote, CR, LF) are ASCII and never occur
inside a UTF-8 multi-byte sequence, bytes index in constant time in MicroPython (str
indexing there walks the UTF-8 text), and decoding field by field lets an encoding problem
be reported with its line number.
"""

COMMA, QUOTE, CR, LF = 44, 34, 13, 10
_FIELD_END = (COMMA, CR, LF)
_BOM = b"\xef\xbb\xbf"


class CsvError(Exception):
    """A file that is not valid CSV; `line` is the 1-based line of the problem."""

    def __init__(self, line, message):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def read_rows(data):
    """[(line, [field, ...]), ...] for the CSV in data (bytes).

    `line` is the physical line the row starts on, so messages can point into the file even
    when a quoted field spans lines. LF, CRLF and lone CR all end a line; a UTF-8 byte order
    mark (Excel's "CSV UTF-8") is skipped. Raises CsvError.
    """
    i = len(_BOM) if data.startswith(_BOM) else 0
    rows, line = [], 1
    newline = b"\n" if b"\n" in data else b"\r"      # LF or CRLF files; else old Mac CR
    while i < len(data):
        start = line
        fields, i, line = _plain_row(data, i, line, newline) or _read_row(data, i, line)
        rows.append((start, [_decode(f, start) for f in fields]))
    return rows


def _plain_row(data, i, line, newline):
    """The row at i split in C (bytes.split) when it has no quote and no stray CR, else None.

    Most lines of a record are plain; the byte-by-byte reader below is ~10x slower in
    MicroPython and only needed for quoted fields.
    """
    end = data.find(newline, i)
    if end < 0:
        end = len(data)
    segment = data[i:end]
    if newline == b"\n" and segment.endswith(b"\r"):
        segment = segment[:-1]
    if b'"' in segment or b"\r" in segment:
        return None
    return segment.split(b","), end + 1, line + 1


def _read_row(data, i, line):
    fields, n = [], len(data)
    while True:
        if i < n and data[i] == QUOTE:
            field, i, line = _quoted_field(data, i + 1, line)
        else:
            field, i = _bare_field(data, i, line)
        fields.append(field)
        if i >= n:
            return fields, i, line
        if data[i] == COMMA:
            i += 1
            continue
        # CR, LF or CRLF: the row ends.
        i += 2 if data[i] == CR and i + 1 < n and data[i + 1] == LF else 1
        return fields, i, line + 1


def _bare_field(data, i, line):
    start, n = i, len(data)
    while i < n and data[i] not in _FIELD_END:
        if data[i] == QUOTE:
            raise CsvError(line, 'a double quote (") inside a field that does not start with one; '
                                 'put the whole field in quotes and double the inner quote ("")')
        i += 1
    return data[start:i], i


def _quoted_field(data, i, line):
    parts, opened_on, n = [], line, len(data)
    while True:
        close = data.find(b'"', i)
        if close < 0:
            raise CsvError(opened_on, "a quoted field that starts on this line is never closed "
                                      '(missing ")')
        chunk = data[i:close]
        parts.append(chunk)
        line += _line_breaks(chunk)
        if close + 1 < n and data[close + 1] == QUOTE:   # "" is an escaped quote
            parts.append(b'"')
            i = close + 2
            continue
        i = close + 1
        if i < n and data[i] not in _FIELD_END:
            raise CsvError(line, "text after the closing quote of a field; a quoted field must "
                                 "end at a comma or the end of the line")
        return b"".join(parts), i, line


def _line_breaks(chunk):
    # A CRLF counts once, a lone CR or LF once each.
    return chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")


def _decode(field, line):
    try:
        return field.decode("utf-8")
    except UnicodeError:
        raise CsvError(line, "the text is not UTF-8; save the file as \"CSV UTF-8\" "
                             "(comma-separated values, UTF-8 encoding)")
