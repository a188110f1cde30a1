"""Canonical JSON and digests that are byte-identical in CPython and MicroPython.

The one digest of the project: order versions, question-bank versions and sign-off records
are all keyed by digest(value) of their canonical form, so a version computed at build time
in CPython equals the one a page computes in MicroPython.

MicroPython dicts do not keep insertion order and its json.dumps has no sort_keys, so a
record digest cannot rely on json.dumps. The canonical form here: object keys sorted by
code point, no whitespace, every non-ASCII character escaped as \\uXXXX (surrogate pairs
above U+FFFF), integers only — floats print differently across runtimes, so they are
refused rather than risked.
"""
import binascii
import hashlib

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t",
            "\b": "\\b", "\f": "\\f"}


def canonical_json(value):
    """The canonical text of a JSON value (dict, list, str, int, bool, None)."""
    parts = []
    _write(value, parts)
    return "".join(parts)


def sha256_hex(data):
    """Hex SHA-256 of bytes, or of text as UTF-8 (MicroPython's hashlib has no hexdigest)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return binascii.hexlify(hashlib.sha256(data).digest()).decode()


def without(mapping, key):
    """A copy of mapping minus key: a digest never covers the field that stores it."""
    result = {}
    for name in mapping:
        if name != key:
            result[name] = mapping[name]
    return result


def digest(value):
    """sha256 of the canonical form, hex: what records and bank versions are keyed by."""
    return sha256_hex(canonical_json(value))


VERSION_CHARS = 12  # 48 bits: short enough to read out, no collision among an order's versions


def version_id(value):
    """The short id people see and records carry (an order's or a bank's version)."""
    return digest(value)[:VERSION_CHARS]


def _write(value, parts):
    # bool before int: True is an int in Python but must print as true.
    if value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(str(value))
    elif isinstance(value, str):
        parts.append(_string(value))
    elif isinstance(value, (list, tuple)):
        _write_list(value, parts)
    elif isinstance(value, dict):
        _write_dict(value, parts)
    else:
        raise ValueError("canonical JSON holds only text, whole numbers, true/false, "
                         "null, lists and objects; got " + type(value).__name__)


def _write_list(items, parts):
    parts.append("[")
    for i, item in enumerate(items):
        if i:
            parts.append(",")
        _write(item, parts)
    parts.append("]")


def _write_dict(mapping, parts):
    parts.append("{")
    for i, key in enumerate(sorted(mapping)):
        if not isinstance(key, str):
            raise ValueError("object keys must be text")
        if i:
            parts.append(",")
        parts.append(_string(key))
        parts.append(":")
        _write(mapping[key], parts)
    parts.append("}")


def _string(text):
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or code > 0x7E:
            out.append(_unicode_escape(code))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _unicode_escape(code):
    if code > 0xFFFF:
        code -= 0x10000
        return "\\u%04x\\u%04x" % (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))
    return "\\u%04x" % code
