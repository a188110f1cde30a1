"""The sign-off record: what the member downloads and the Training Division verifies.

A record is plain JSON (no floats, see canonical.py). Its "digest" is "sha256:" + the hex
sha256 of the canonical form of every other field, equal in CPython and MicroPython. The
digest proves integrity (an edit without recomputing it is caught), not authorship: anyone
can recompute a sha256, which is why `python -m quiz verify` also re-grades the answers
against the bank the record names.
"""
from quiz.bank import option_text, question_map
from model.canonical import digest, without
from quiz.grade import grade

FORMAT = "policy-desk/sign-off-record"
FORMAT_VERSION = 1
DIGEST_PREFIX = "sha256:"


def order_ref(bank):
    order = bank["order"]
    return {"series": order["series"], "number": order["number"], "title": order["title"],
            "slug": bank["slug"], "version": order["version"]}


def build_record(bank, member, attempt, drawn, answers, started_at, finished_at):
    """An unsealed record of one finished attempt (no attestation yet, no digest)."""
    graded = grade(bank, drawn, answers)
    questions = question_map(bank)
    items = [_item(questions[d["id"]], d, a, m) for d, a, m in zip(drawn, answers, graded["marks"])]
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "member": {"name": member["name"], "id": member["id"], "unit": member["unit"]},
        "order": order_ref(bank), "bank_version": bank["version"], "attempt": attempt,
        "questions": items,
        "score": {"correct": graded["correct"], "total": graded["total"],
                  "percent": graded["percent"]},
        "pass_mark": bank["pass_mark"],
        "result": "passed" if graded["passed"] else "failed",
        "started_at": started_at, "finished_at": finished_at, "attestation": None,
    }


def _item(question, drawn, answer, mark):
    chosen = sorted(answer)
    return {"id": question["id"], "cites": list(question["cites"]), "prompt": question["prompt"],
            "options": list(drawn["options"]), "answer": chosen,
            "answer_text": [option_text(question, option) for option in chosen],
            "correct": mark}


def attest(record, attestation_text, confirmed_at):
    """The record with the member's confirmed attestation; only a passed attempt is signed."""
    if record["result"] != "passed":
        raise ValueError("only a passed attempt can be signed off")
    signed = dict(record)
    signed["attestation"] = {"text": attestation_text, "confirmed_at": confirmed_at}
    return signed


def record_digest(record):
    return DIGEST_PREFIX + digest(without(record, "digest"))


def seal(record):
    sealed = dict(record)
    sealed["digest"] = record_digest(record)
    return sealed


def short_id(record):
    """First 12 hex of the digest: what a certificate prints and people read out."""
    return record["digest"][len(DIGEST_PREFIX):][:12]


def completed_at(record):
    """When the sign-off was complete: the attestation, else the last answer."""
    attestation = record.get("attestation")
    return attestation["confirmed_at"] if attestation else record["finished_at"]
