"""The work phone record of D-4 as a CSV file: reading, column matching, validation.

D-4 lists what the ITU's record of issued work cell phones includes: the phone number (if
applicable), the device serial number or identifying number, and the member assigned the
device. The CSV needs one column for each (other columns are kept and shown, not checked).
Header names match case-insensitively, ignoring spaces, "_", "-" and "."; each field accepts
the aliases below, earliest alias first when a file has more than one matching column.
"""
from audit.csv_reader import CsvError, line_count, read_rows
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
MAX_BYTES = 2000000      # ~20,000 phones; a bigger file is surely not the record
MAX_PHONES = 20000       # a department's record has hundreds to a few thousand phones
MAX_LINES = 2 * MAX_PHONES   # room for blank lines; checked in C before any row is read
MAX_COLUMNS = 200        # an asset system's export has dozens; 10,000 is not a record
PHONE_PUNCTUATION = " +-().\t"
DIGITS = "0123456789"     # str.isdigit also accepts other scripts' digits in CPython only
# str.strip() and str.split() also take Unicode spaces (U+00A0, U+2003…) in CPython only: both
# runtimes must read a record alike, so whitespace is named.
SPACE = " \t\n\r\x0b\x0c"


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
    name = ascii_lower(name).replace("#", " number ")
    for mark in "_-." + SPACE:
        name = name.replace(mark, " ")
    return " ".join(word for word in name.split(" ") if word)


def size_problem(size):
    """The message refusing a file of size bytes, or None: a page checks it before reading."""
    if size > MAX_BYTES:
        return (f"line 1: the file is {size} bytes; a work phone record is at most {MAX_BYTES} "
                f"bytes: is this the right file?")
    return None


def read_record(data, name="record.csv", digest=None):
    """The Record in data (the file's bytes). Raises RecordError listing every problem found.

    digest: the sha256 hex of data when the caller already has it (computed here otherwise).
    Every bound is checked before the work it limits, and every pass is linear: a hostile
    file is refused quickly, in the browser too.
    """
    too_big = size_problem(len(data))
    if too_big:
        raise RecordError([too_big])
    lines = line_count(data)
    if lines > MAX_LINES:
        raise RecordError([f"line {MAX_LINES + 1}: the file has {lines} lines; a work phone "
                           f"record has at most {MAX_PHONES} phones, one line each (and at "
                           f"most {MAX_LINES} lines in all): is this the right file?"])
    if digest is None:
        digest = sha256_hex(data)
    try:
        rows = read_rows(data, MAX_COLUMNS)
    except CsvError as exc:
        raise RecordError([str(exc)])
    rows, skipped = _drop_blank_rows(rows)
    if not rows:
        raise RecordError(["line 1: the file is empty; it needs a header line naming the "
                           "columns and one line per work cell phone"])
    header_line, header = rows[0]
    if len(rows) - 1 > MAX_PHONES:
        raise RecordError([f"line {rows[MAX_PHONES + 1][0]}: the record has {len(rows) - 1} "
                           f"phones; at most {MAX_PHONES} are read: is this the right file?"])
    columns = match_columns(header, header_line)
    phones, errors = _read_phones(rows, header, columns)
    if not phones and not errors:
        errors.append(f"line {header_line}: the record has a header but no phones; add one line "
                      "per work cell phone below it")
    if errors:
        raise RecordError(errors)
    return Record(name, digest, header, phones, skipped)


def _drop_blank_rows(rows):
    # A row of empty fields (a blank line, or ",,," from a spreadsheet) is no phone.
    kept, skipped = [], []
    for line, fields in rows:
        if fields[0].strip(SPACE) or "".join(fields).strip(SPACE):
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
    first = _first_columns(keys)
    columns = {}
    for field, label, aliases in COLUMNS:
        index = _first_alias(first, aliases, columns)
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


def _first_columns(keys):
    """{key: index of the first column with it}, in one pass."""
    first = {}
    for i, key in enumerate(keys):
        if key not in first:
            first[key] = i
    return first


def _first_alias(first, aliases, taken):
    used = list(taken.values())
    for alias in aliases:
        if alias in first and first[alias] not in used:
            return first[alias]
    return None


def _duplicate_headers(header, keys, line):
    errors, first = [], {}
    for i, key in enumerate(keys):
        if key and key in first:
            errors.append(f"line {line}: column {i + 1} (\"{header[i]}\") repeats column "
                          f"{first[key] + 1} (\"{header[first[key]]}\"); each column name must "
                          "be unique")
        elif key:
            first[key] = i
    return errors


def _read_phones(rows, header, columns):
    """(phones, problems): every row checked, problems top to bottom.

    Per row: its width, blank serial or member, the phone number's form, and whether its
    serial or phone number was already seen (a dictionary of each, so a record of n phones
    costs n steps, not n squared). A row of the wrong width is reported for that alone: its
    values sit under the wrong columns. Phone and serial keys are worked out for the whole
    column at once (_phone_keys, _serial_keys): per phone, MicroPython's loop is the cost.
    """
    width, header_line = len(header), rows[0][0]
    phone_at, serial_at, member_at = columns["phone"], columns["serial"], columns["member"]
    extra_at = [i for i in range(width) if i not in (phone_at, serial_at, member_at)]
    good = [number for number in range(1, len(rows)) if len(rows[number][1]) == width]
    phones = [rows[n][1][phone_at].strip(SPACE) for n in good]
    serials = [rows[n][1][serial_at].strip(SPACE) for n in good]
    phone_keys, serial_keys = _phone_keys(phones), _serial_keys(serials)
    found, problems = [], _Problems()
    serials_seen, phones_seen = _FirstSeen(), _FirstSeen()
    k = 0                       # index into good, phones, serials and their keys
    for number in range(1, len(rows)):
        line, fields = rows[number]
        if len(fields) != width:
            problems.add(f"line {line}: {len(fields)} fields, but the header on line "
                         f"{header_line} has {width}; every line needs one value per column "
                         "(check for an unquoted comma in a value)")
            continue
        phone, serial = phones[k], serials[k]
        (digits, well_formed), serial_id = phone_keys[k], serial_keys[k]
        k += 1
        member = fields[member_at].strip(SPACE)
        if not serial:
            problems.add(f"line {line}: the device serial or identifying number is blank; "
                         "every phone in the record needs one")
        if not member:
            problems.add(f"line {line}: the assigned member is blank; name the member "
                         "assigned the device")
        if not well_formed:
            problems.add(f"line {line}: \"{phone}\" is not a phone number; use digits with "
                         "optional spaces, dashes, dots, parentheses or a leading +, or leave it "
                         "blank for a device without one")
        first = serials_seen.first(serial_id, line) if serial else None
        if first:
            problems.add(f"line {line}: device serial or identifying number \"{serial}\" is "
                         f"also on line {first}; {ONCE}")
        first = phones_seen.first(digits, line) if digits else None
        if first:
            problems.add(f"line {line}: phone number \"{phone}\" is also on line {first}; {ONCE}")
        found.append({"row": number, "line": line, "phone": phone, "serial": serial,
                      "member": member, "extra": [(header[i], fields[i].strip(SPACE)) for i in extra_at]})
    return found, problems.listed()


# Joins a column's values so C does the per-value work; a value holding it is done alone.
_SEP = "\x00"


def _joined(values):
    """The values joined by _SEP, or None when one of them holds _SEP itself."""
    joined = _SEP.join(values)
    return joined if joined.count(_SEP) == max(len(values) - 1, 0) else None


def _phone_keys(phones):
    """[_phone_digits(p) for p in phones], the punctuation removed from the column at once."""
    joined = _joined(phones)
    if joined is None:
        return [_phone_digits(p) for p in phones]
    bare = _without_punctuation(joined).split(_SEP) if phones else []
    clean = not "".join(bare).strip(DIGITS)       # every phone only digits and punctuation
    keys = []
    for phone, digits in zip(phones, bare):
        if not clean and digits.strip(DIGITS):
            keys.append(_phone_digits(phone))
        else:
            digits = _country_code_off(digits)
            keys.append((digits, not phone or 7 <= len(digits) <= 15))
    return keys


def _serial_keys(serials):
    """[serial_key(s) for s in serials], worked out on the column at once."""
    joined = _joined(serials)
    if joined is None or not serials:
        return [serial_key(s) for s in serials]
    return serial_key(joined).split(_SEP)


ONCE = "each phone and device must appear once in the record"


class _FirstSeen:
    """The line each key was first seen on. A dict of str keys would do in CPython, but
    MicroPython hashes a str to 16 bits, and keys like "SN00001", "SN00002" get neighbouring
    hashes: its open-addressing dict then probes long runs, and a 20,000-phone record took
    seconds. Spreading the hash over small ints (with a short list per hash) keeps it linear."""

    def __init__(self):
        self.buckets = {}

    def first(self, key, line):
        """The line key was first seen on, or None (and key is remembered at line)."""
        slot = hash(key) % 65536 * 977        # a small int in both runtimes
        bucket = self.buckets.get(slot)
        if bucket is None:
            self.buckets[slot] = [key, line]
            return None
        for i in range(0, len(bucket), 2):
            if bucket[i] == key:
                return bucket[i + 1]
        bucket += [key, line]
        return None


class _Problems:
    """Problems in the order found, the first MAX_ERRORS kept and the rest counted."""

    def __init__(self):
        self.shown, self.hidden = [], 0

    def add(self, message):
        if len(self.shown) < MAX_ERRORS:
            self.shown.append(message)
        else:
            self.hidden += 1

    def listed(self):
        if not self.hidden:
            return self.shown
        return self.shown + [f"… and {self.hidden} more problems; fix these first"]


def _phone_digits(phone):
    """(phone_key(phone), whether phone is blank or a well-formed number: digits and the usual
    punctuation only, 7 to 15 digits), computing the key once."""
    if not phone:
        return "", True
    digits = _without_punctuation(phone)
    if digits.strip(DIGITS):      # other characters: not a number; its digits still compare
        return _country_code_off("".join(c for c in phone if c in DIGITS)), False
    digits = _country_code_off(digits)
    return digits, 7 <= len(digits) <= 15


def _without_punctuation(phone):
    # A few replace() calls run in C; a loop over characters is ~20x slower in MicroPython.
    for mark in PHONE_PUNCTUATION:
        if mark in phone:
            phone = phone.replace(mark, "")
    return phone


def ascii_lower(text):
    """text with A-Z lowered and nothing else changed: str.lower() lowers other letters in
    CPython only, and both runtimes must read a record alike."""
    if len(text) == len(text.encode()):
        return text.lower()
    return "".join(c.lower() if "A" <= c <= "Z" else c for c in text)


def ascii_upper(text):
    if len(text) == len(text.encode()):
        return text.upper()
    return "".join(c.upper() if "a" <= c <= "z" else c for c in text)


def serial_key(serial):
    """Serials compare without case or spaces: 'ab 12' and 'AB12' are the same device."""
    serial = ascii_upper(serial)
    for mark in SPACE:
        if mark in serial:
            serial = serial.replace(mark, "")
    return serial


def phone_key(phone):
    """Digits only, without a leading US country code: '+1 (510) 555-0100' -> '5105550100'."""
    return _phone_digits(phone)[0]


def _country_code_off(digits):
    return digits[1:] if len(digits) == 11 and digits[0] == "1" else digits
