"""A small RFC 4180 CSV reader (MicroPython has no `csv` module).

Speed matters: a department's record (thousands of phones) is read by MicroPython in a phone's
browser, where every Python-level step costs. So the whole file is decoded once and split into
lines in C; a line with no quote is split at its commas in C too. Only lines with a quoted
field (which may span lines) or a stray CR go through the careful reader below, which works on
bytes: the delimiters (comma, quote, CR, LF) are ASCII and never occur inside a UTF-8
multi-byte sequence, and bytes index in constant time in MicroPython (str indexing there walks
the UTF-8 text). Every pass is linear in the size of the input.
"""

COMMA, QUOTE, CR, LF = 44, 34, 13, 10
_FIELD_END = (COMMA, CR, LF)
_BOM = b"\xef\xbb\xbf"
STRAY_QUOTE = ('a double quote (") inside a field that does not start with one; put the whole '
               'field in quotes and double the inner quote ("")')
AFTER_QUOTE = ("text after the closing quote of a field; a quoted field must end at a comma or "
               "the end of the line")
NOT_UTF8 = ("the text is not UTF-8; save the file as \"CSV UTF-8\" (comma-separated values, "
            "UTF-8 encoding)")


class CsvError(Exception):
    """A file that is not valid CSV; `line` is the 1-based line of the problem."""

    def __init__(self, line, message):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def line_count(data):
    """How many lines data has (LF, CRLF and lone CR each end one), counted in C."""
    breaks = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    return breaks + (1 if data and data[-1] not in (CR, LF) else 0)


def read_rows(data, max_fields=None):
    """[(line, [field, ...]), ...] for the CSV in data (bytes).

    `line` is the physical line the row starts on, so messages can point into the file even
    when a quoted field spans lines. LF, CRLF and lone CR all end a line; a UTF-8 byte order
    mark (Excel's "CSV UTF-8") is skipped. A row of more than max_fields fields is refused
    before it is split, so one line of commas cannot fill the memory. Raises CsvError.
    """
    start = len(_BOM) if data.startswith(_BOM) else 0
    newline = b"\n" if b"\n" in data else b"\r"      # LF or CRLF files; else old Mac CR
    try:
        text = data[start:].decode("utf-8")
    except UnicodeError:
        raise CsvError(_first_bad_line(data[start:], newline), NOT_UTF8)
    sep = newline.decode()
    lines = text.split(sep)
    ends_with_break = lines[-1] == ""
    if ends_with_break:            # (or the file is empty)
        lines.pop()
    rows, i, extra = [], 0, 0      # extra: lone CRs met so far, each one more line
    crlf = newline == b"\n"
    while i < len(lines):
        line = lines[i]
        if crlf and line.endswith("\r"):
            line = line[:-1]
        if "\r" not in line:
            if '"' not in line:
                _check_width(line, max_fields, i + 1 + extra)
                rows.append((i + 1 + extra, line.split(",")))
                i += 1
                continue
            if line.count('"') % 2 == 0:      # quoted fields that close on this line
                _check_width(line, max_fields, i + 1 + extra)
                rows.append((i + 1 + extra, _quoted_line(line, i + 1 + extra)))
                i += 1
                continue
        # A quoted field (perhaps over several lines) or a lone CR: read it byte by byte.
        end = _row_end(lines, i)
        chunk = sep.join(lines[i:end])
        if end < len(lines) or ends_with_break:
            chunk += sep
        chunk = chunk.encode()
        rows += _careful_rows(chunk, i + 1 + extra, max_fields)
        if crlf:
            extra += chunk.count(b"\r") - chunk.count(b"\r\n")
        i = end
    return rows


def _quoted_line(line, number):
    """The fields of one line whose quoted fields all close on it, split in C: between
    quotes, even pieces are outside a quoted field, odd ones inside; an empty outside piece
    between two inside ones is an escaped quote (""). Errors as the careful reader's."""
    pieces = line.split('"')
    if len(pieces) == 3:                      # the usual case: one quoted field
        before, inside, after = pieces[0].split(","), pieces[1], pieces[2].split(",")
        if before[-1]:
            raise CsvError(number, STRAY_QUOTE)
        if after[0]:
            raise CsvError(number, AFTER_QUOTE)
        before[-1] = inside
        return before + after[1:]
    fields, current, last = [], "", len(pieces) - 1
    for k, piece in enumerate(pieces):
        if k % 2:                             # inside a quoted field
            current += piece
            continue
        if k and k < last and not piece:      # "" inside a quoted field
            current += '"'
            continue
        cells = piece.split(",")
        if k and cells[0]:
            raise CsvError(number, AFTER_QUOTE)
        if k < last and cells[-1]:
            raise CsvError(number, STRAY_QUOTE)
        current += cells[0]
        for cell in cells[1:]:
            fields.append(current)
            current = cell
    fields.append(current)
    return fields


def _row_end(lines, i):
    """The index after the last line of the row starting at lines[i]: an odd number of quotes
    so far means a quoted field is still open (inside one, quotes come in pairs)."""
    quotes, end = lines[i].count('"'), i + 1
    while quotes % 2 and end < len(lines):
        quotes += lines[end].count('"')
        end += 1
    return end


def _first_bad_line(data, newline):
    line = 1
    for segment in data.split(newline):
        try:
            segment.decode("utf-8")
        except UnicodeError:
            return line
        line += 1
    return line


def _check_width(text, max_fields, line):
    # A line shorter than max_fields characters cannot hold more fields: skip the count.
    if max_fields is not None and len(text) >= max_fields and text.count(",") + 1 > max_fields:
        count = text.count(",") + 1
        _too_wide(count, max_fields, line)


def _too_wide(count, max_fields, line):
    raise CsvError(line, f"{count} fields on one line; at most {max_fields} are read "
                         "(is this the right file?)")


def _careful_rows(chunk, line, max_fields):
    """The rows of chunk (whole lines of valid UTF-8), read byte by byte."""
    rows, i = [], 0
    while i < len(chunk):
        start = line
        fields, i, line = _read_row(chunk, i, line, max_fields)
        rows.append((start, [f.decode("utf-8") for f in fields]))
    return rows


def _read_row(data, i, line, max_fields):
    fields, n = [], len(data)
    while True:
        if i < n and data[i] == QUOTE:
            field, i, line = _quoted_field(data, i + 1, line)
        else:
            field, i = _bare_field(data, i, line)
        fields.append(field)
        if max_fields is not None and len(fields) > max_fields:
            _too_wide(len(fields), max_fields, line)
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
            raise CsvError(line, STRAY_QUOTE)
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
            raise CsvError(line, AFTER_QUOTE)
        return b"".join(parts), i, line


def _line_breaks(chunk):
    # A CRLF counts once, a lone CR or LF once each.
    return chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
