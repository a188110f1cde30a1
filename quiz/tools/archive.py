"""Known bank versions: the current banks (built from source) plus an archive of earlier ones.

Why: a sign-off record names the bank version it was graded against (and, through it, the
order version). When the policy text or the bank changes, the current bank gets a new
version, but records signed earlier must still verify and be re-graded against the
questions their member actually saw, and be flagged as signed on an outdated order version.

Design: quiz/archive/<slug>/<bank version>.json holds each released bank exactly as the
browser received it (the JSON from cli_bank.build_bank, including order version, pass mark,
questions and correct answers). Files are immutable and self-checking: the name must equal
the "version" inside, and that must equal the digest recomputed from the content, so an
edited archive file is refused rather than trusted. `python -m quiz archive` adds the current
banks; run it (and commit the new file) before a changed bank or order is published. The
current bank never needs to be archived to verify, only to keep verifying after it changes.

When a bank came into existence: each archive file also records "archived_at", the UTC time
`python -m quiz archive` first stored it (outside the version digest, so the file still
checks). Archiving is the publishing step, done before the bank is built into the site, so no
genuine record on that bank can have started earlier: `verify` and `report` refuse one that
did (beyond the clock-skew allowance). A bank that is not archived yet (being edited, or
archived by an older version of this tool) has no known date, and the check is skipped for it
(the tools print a note saying so).
"""
import datetime
import json
import os
from typing import Any

from model.tools.cli import write_atomic
from quiz.bank import bank_version
from quiz.clock import is_time

ARCHIVE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "archive")


class ArchiveError(Exception):
    pass


def archived_banks(folder: str = ARCHIVE_DIR) -> dict[str, Any]:
    """{version: bank} of every archived bank; ArchiveError names a damaged file."""
    banks: dict[str, Any] = {}
    if not os.path.isdir(folder):
        return banks
    for slug in sorted(os.listdir(folder)):
        sub = os.path.join(folder, slug)
        for name in sorted(os.listdir(sub)) if os.path.isdir(sub) else []:
            if name.endswith(".json"):
                bank = _read_archived(os.path.join(sub, name), slug, name[:-5])
                banks[bank["version"]] = bank
    return banks


def _read_archived(path: str, slug: str, version: str) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            bank = json.load(handle)
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"{path}: cannot read archived bank: {exc}")
    if not isinstance(bank, dict) or bank.get("slug") != slug or bank.get("version") != version:
        raise ArchiveError(f"{path}: file name and content disagree (slug {slug}, version {version})")
    if bank_version(bank) != version:
        raise ArchiveError(f"{path}: content does not match its version {version}; "
                           "archived banks must never be edited")
    if "archived_at" in bank and not is_time(bank["archived_at"]):
        raise ArchiveError(f"{path}: archived_at {bank['archived_at']!r} is not a UTC time "
                           "like 2026-11-29T16:30:17Z")
    return bank


def archive_bank(bank: dict[str, Any], folder: str = ARCHIVE_DIR,
                 archived_at: str | None = None) -> tuple[str, bool]:
    """Write bank into the archive with the time it was archived (default: now, UTC);
    returns (path, True if newly written). An archived bank is never rewritten."""
    path = os.path.join(folder, bank["slug"], bank["version"] + ".json")
    if os.path.exists(path):
        return path, False
    stamped = dict(bank, archived_at=archived_at or _now())
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(stamped, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    write_atomic(path, text, "archived bank")
    return path, True


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def existence_dates(banks: dict[str, Any]) -> dict[str, str]:
    """{version: archived_at} of the archived banks that record when they were archived."""
    return {version: bank["archived_at"] for version, bank in banks.items() if "archived_at" in bank}


def known_banks(current: dict[str, Any], folder: str = ARCHIVE_DIR) -> dict[str, Any]:
    """{version: bank} for current ({slug: bank}) and archived banks together."""
    banks = archived_banks(folder)
    for bank in current.values():
        banks[bank["version"]] = dict(bank, **_date_of(banks.get(bank["version"])))
    return banks


def _date_of(archived: Any) -> dict[str, str]:
    return {"archived_at": archived["archived_at"]} if archived and "archived_at" in archived else {}
