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
banks; run it (and commit the new file) whenever a bank or order change is published. The
current bank never needs to be archived to verify, only to keep verifying after it changes.
"""
import json
import os

from quiz.bank import bank_version

ARCHIVE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "archive")


class ArchiveError(Exception):
    pass


def archived_banks(folder=ARCHIVE_DIR):
    """{version: bank} of every archived bank; ArchiveError names a damaged file."""
    banks = {}
    if not os.path.isdir(folder):
        return banks
    for slug in sorted(os.listdir(folder)):
        sub = os.path.join(folder, slug)
        for name in sorted(os.listdir(sub)) if os.path.isdir(sub) else []:
            if name.endswith(".json"):
                bank = _read_archived(os.path.join(sub, name), slug, name[:-5])
                banks[bank["version"]] = bank
    return banks


def _read_archived(path, slug, version):
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
    return bank


def archive_bank(bank, folder=ARCHIVE_DIR):
    """Write bank into the archive; returns (path, True if newly written)."""
    path = os.path.join(folder, bank["slug"], bank["version"] + ".json")
    if os.path.exists(path):
        return path, False
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(bank, handle, ensure_ascii=False, sort_keys=True, indent=1)
        handle.write("\n")
    return path, True


def known_banks(current, folder=ARCHIVE_DIR):
    """{version: bank} for current ({slug: bank}) and archived banks together."""
    banks = archived_banks(folder)
    for bank in current.values():
        banks[bank["version"]] = bank
    return banks
