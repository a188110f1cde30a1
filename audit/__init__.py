"""Audit kit for DGO I-19 section D (portable: CPython and MicroPython).

Public API (guarded by tests/test_audit.py):
    read_record(data, name, digest=None) -> Record   raises RecordError (line-numbered errors)
    size_problem(size) -> message or None             a file's size checked before reading it
    select(record, seed, date, count, rule) -> dict  the footnote 2 draw, reproducible from seed
    new_seed(random_bytes) -> str                     seed from a cryptographic source
    check_seed, check_count, check_date, check_inspection
    selection_memo(selection, policy), inspection_memo(inspection, policy), planned_notice(policy)
        -> document blocks; to_markdown(blocks), to_html(blocks), html_document(blocks, title)
    make_policy(order_json, audit_json) -> policy     the text the memos quote
"""
from audit.dates import DateError, check_date, quarter
from audit.document import html_document, to_html, to_markdown
from audit.inspection import InspectionError, check_inspection
from audit.memos import inspection_memo, planned_notice, reproduce_command, selection_memo
from audit.policy import PolicyDataError, make_policy, role_section
from audit.prng import GENERATOR, Generator, SeedError, check_seed, new_seed
from audit.record import COLUMNS, MAX_BYTES, Record, RecordError, read_record, size_problem
from audit.selection import SelectionError, check_count, select

__all__ = [
    "COLUMNS", "DateError", "MAX_BYTES", "GENERATOR", "Generator", "InspectionError",
    "PolicyDataError", "Record", "RecordError", "SeedError", "SelectionError", "check_count",
    "check_date", "check_inspection", "check_seed", "html_document", "inspection_memo",
    "make_policy", "new_seed", "planned_notice", "quarter", "read_record", "reproduce_command", "role_section",
    "select", "selection_memo", "size_problem", "to_html", "to_markdown",
]
