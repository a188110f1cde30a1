"""The work phone record of D-4 as a CSV file: reading, column matching, validation.

D-4 lists what the ITU's record of issued work cell phones includes: the phone number (if
applicable), the device serial number or identifying number, and the member assigned the
device. The CSV needs one column for each (other columns are kept and shown, not checked).
Header names match case-insensitively, ignoring spaces, "_", "-" and "."; each field accepts
the aliases below, earliest alias first when a file has more than one matching column.
"""
from audit.csv_reader import CsvError, read_rows
from model.canonical import sha256_hex

# (field, label used in messages, accepted header names in order of preference)
COLUMNS = (
    ("phone", "phone number",
     ("phone number", "phone", "phone no", "work phone number", "cell number",
      "cell phone number", "mobile number", "telephone number", "number")),
    ("serial", "device serial or identifying number",
     ("device serial number", "serial number", "serial", "device serial", "serial no",
      "identifying number", "device identifying number", "device id", "device identifier",
      "imei", "asset tag")),
    ("member", "assigned member",
     ("member assigned", "assigned member", "member", "assigned to", "member name",
      "assignee", "employee", "user")),
)
MAX_ERRORS = 50          # a wholly wrong file should not produce thousands of lines
MAX_BYTES = 2000000      # ~20,000 phones; a bigger file is surely not the record (and would be
                         # slow to parse byte by byte in the browser)
PHONE_PUNCTUATION = " +-().\t"
DIGITS = "0123456789"     # str.isdigit also accepts other scripts' digits in CPython only


class RecordError(Exception):
    """A record that cannot be used; `errors` lists "line N: message" strings."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class Record:
    """A validated work phone record.

    rows: one dict per phone in file order, keys "row" (1-based number matched by the
    random draw), "line" (where it starts in the file), "phone", "serial", "member" and
    "extra" ([(header, value), ...] for the other columns, in file order).
    """

    def __init__(self, name, digest, header, rows, skipped_lines):
        self.name = name
        self.digest = digest
        self.header = header
        self.rows = rows
        self.skipped_lines = skipped_lines

    def __len__(self):
        return len(self.rows)


def header_key(name):
    """'Serial_No.' -> 'serial no': the form header names are compared in."""
    name = name.lower().replace("#", " number ")
    for mark in "_-.":
        name = name.replace(mark, " ")
    return " ".join(name.split())


def read_record(data, name="record.csv", digest=None):
    """The Record in data (the file's bytes). Raises RecordError listing every problem found.

    digest: the sha256 hex of data when the caller already has it (computed here otherwise).
    """
    if len(data) > MAX_BYTES:
        raise RecordError([f"line 1: the file is {len(data)} bytes; a work phone record is "
                           f"at most {MAX_BYTES} bytes: is this the right file?"])
    if digest is None:
        digest = sha256_hex(data)
    try:
        rows = read_rows(data)
    except CsvError as exc:
        raise RecordError([str(exc)])
    rows, skipped = _drop_blank_rows(rows)
    if not rows:
        raise RecordError(["line 1: the file is empty; it needs a header line naming the "
                           "columns and one line per work cell phone"])
    header_line, header = rows[0]
    columns = match_columns(header, header_line)
    phones = [_row(i, line, fields, header, columns) for i, (line, fields) in enumerate(rows[1:], 1)]
    errors = _problems(rows, phones)
    if not phones and not errors:
        errors.append(f"line {header_line}: the record has a header but no phones; add one line "
                      "per work cell phone below it")
    if errors:
        raise RecordError(_capped(errors))
    return Record(name, digest, header, phones, skipped)


def _drop_blank_rows(rows):
    # A row of empty fields (a blank line, or ",,," from a spreadsheet) is no phone.
    kept, skipped = [], []
    for line, fields in rows:
        if any(f.strip() for f in fields):
            kept.append((line, fields))
        else:
            skipped.append(line)
    return kept, skipped


def match_columns(header, line=1):
    """{field: column index} for the header's names. Raises RecordError naming what is missing."""
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        raise RecordError([f"line {line}: the columns are separated by semicolons or tabs, not "
                           "commas; save the file as comma-separated values (CSV UTF-8)"])
    keys = [header_key(h) for h in header]
    errors = _duplicate_headers(header, keys, line)
    columns = {}
    for field, label, aliases in COLUMNS:
        index = _first_alias(keys, aliases, columns)
        if index is None:
            # (MicroPython's str has no capitalize())
            name = aliases[0][0].upper() + aliases[0][1:]
            errors.append(f"line {line}: no column for the {label}; name one \"{name}\" "
                          f"(also accepted: {', '.join(aliases[1:])})")
        else:
            columns[field] = index
    if errors:
        raise RecordError(errors)
    return columns


def _first_alias(keys, aliases, taken):
    used = list(taken.values())
    for alias in aliases:
        if alias in keys and keys.index(alias) not in used:
            return keys.index(alias)
    return None


def _duplicate_headers(header, keys, line):
    errors = []
    for i, key in enumerate(keys):
        if key and key in keys[:i]:
            first = header[keys.index(key)]
            errors.append(f"line {line}: column {i + 1} (\"{header[i]}\") repeats column "
                          f"{keys.index(key) + 1} (\"{first}\"); each column name must be unique")
    return errors


def _row(number, line, fields, header, columns):
    def value(field):
        index = columns[field]
        return fields[index].strip() if index < len(fields) else ""
    used = list(columns.values())
    extra = [(header[i], fields[i].strip()) for i in range(min(len(header), len(fields)))
             if i not in used]
    return {"row": number, "line": line, "phone": value("phone"), "serial": value("serial"),
            "member": value("member"), "extra": extra}


def _ragged(rows, header_line):
    width, errors = len(rows[0][1]), []
    for line, fields in rows[1:]:
        if len(fields) != width:
            errors.append(f"line {line}: {len(fields)} fields, but the header on line "
                          f"{header_line} has {width}; every line needs one value per column "
                          "(check for an unquoted comma in a value)")
    return errors


def _problems(rows, phones):
    """Every problem in the rows, top to bottom."""
    ragged = _ragged(rows, rows[0][0])
    # A ragged row's values sit under the wrong columns: report only its width.
    bad_lines = [_line_of(m) for m in ragged]
    return _by_line(ragged + _row_errors([p for p in phones if p["line"] not in bad_lines]))


def _row_errors(phones):
    errors = []
    for row in phones:
        errors += _blank_errors(row)
        errors += _phone_format_errors(row)
    errors += _duplicates(phones, "serial", "device serial or identifying number", serial_key)
    errors += _duplicates(phones, "phone", "phone number", phone_key)
    return errors


def _by_line(errors):
    # Top to bottom. MicroPython's sort is not stable: sort by (line, position) so both
    # runtimes list the messages of one line in the same order.
    order = sorted(range(len(errors)), key=lambda i: (_line_of(errors[i]), i))
    return [errors[i] for i in order]


def _blank_errors(row):
    errors = []
    if not row["serial"]:
        errors.append(f"line {row['line']}: the device serial or identifying number is blank; "
                      "every phone in the record needs one")
    if not row["member"]:
        errors.append(f"line {row['line']}: the assigned member is blank; name the member "
                      "assigned the device")
    return errors


def _phone_format_errors(row):
    phone = row["phone"]
    if not phone:
        return []   # D-4: "Phone number, if applicable"
    digits = phone_key(phone)
    odd = [c for c in phone if c not in DIGITS and c not in PHONE_PUNCTUATION]
    if odd or not 7 <= len(digits) <= 15:
        return [f"line {row['line']}: \"{phone}\" is not a phone number; use digits with "
                "optional spaces, dashes, dots, parentheses or a leading +, or leave it blank "
                "for a device without one"]
    return []


def serial_key(serial):
    """Serials compare without case or spaces: 'ab 12' and 'AB12' are the same device."""
    return "".join(serial.upper().split())


def phone_key(phone):
    """Digits only, without a leading US country code: '+1 (510) 555-0100' -> '5105550100'."""
    digits = "".join(c for c in phone if c in DIGITS)
    return digits[1:] if len(digits) == 11 and digits[0] == "1" else digits


def _duplicates(phones, field, label, key):
    first, errors = {}, []
    for row in phones:
        value = key(row[field]) if row[field] else ""
        if not value:
            continue
        if value in first:
            errors.append(f"line {row['line']}: {label} \"{row[field]}\" is also on line "
                          f"{first[value]}; each phone and device must appear once in the record")
        else:
            first[value] = row["line"]
    return errors


def _line_of(message):
    # "line 12: ..." -> 12, so messages from different checks read top to bottom.
    return int(message[5:message.index(":")])


def _capped(errors):
    if len(errors) <= MAX_ERRORS:
        return errors
    hidden = len(errors) - MAX_ERRORS
    return errors[:MAX_ERRORS] + [f"… and {hidden} more problems; fix these first"]
