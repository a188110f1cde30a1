"""Reading sign-off record files (CPython): bounded, regular files only, JSON with a depth
limit; what quiz.verify then checks."""
import json

from model.tools.cli import Refused, read_bounded

MAX_BYTES = 1_000_000


def read_record(path: str) -> tuple[object, str | None]:
    """(data, None) or (None, reason) for the file at path."""
    try:
        raw = read_bounded(path, MAX_BYTES, "sign-off record")
    except Refused as exc:
        return None, exc.reason
    return parse_record(raw)


def parse_record(raw: bytes) -> tuple[object, str | None]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "not UTF-8 text; a sign-off record is a JSON file"
    if not text.strip():
        return None, "the file is empty"
    try:
        return json.loads(text), None
    except ValueError as exc:
        return None, f"not valid JSON ({exc}); the file is damaged or not a record"
    except RecursionError:
        return None, "the JSON is nested too deeply; the file is damaged or not a record"


