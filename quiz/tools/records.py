"""Reading sign-off record files (CPython): bounded, regular files only, JSON with a depth
limit; and checking each one so that a record that breaks the checker is one rejected record,
not the end of the run (verify and report check the rest)."""
import json
from typing import Any

from model.tools.cli import Refused, read_bounded
from quiz.verify import check_record

MAX_BYTES = 1_000_000


def read_record(path: str) -> tuple[Any, str | None]:
    """(data, None) or (None, reason) for the file at path."""
    try:
        raw = read_bounded(path, MAX_BYTES, "sign-off record")
    except Refused as exc:
        return None, exc.reason
    return parse_record(raw)


def parse_record(raw: bytes) -> tuple[Any, str | None]:
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




def check_each(data: Any, known: dict[str, Any], current: dict[str, Any], now: int,
               existed: dict[str, str]) -> tuple[list[str], bool]:
    """quiz.verify.check_record, guarded: an unexpected failure on one record is a reason
    (naming it a bug) for that record only."""
    try:
        return check_record(data, known, current, now, existed)
    except Exception as exc:  # a bug in the checks must not stop the other records
        return [f"could not be checked (internal error {type(exc).__name__}: {exc}); please "
                "report this"], False
