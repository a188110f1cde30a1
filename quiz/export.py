"""A record in the shapes other systems import: a CSV row (HR / policy management) and an
xAPI statement (learning record stores). Column and field choices follow GUIDE §6."""
import json

from model.escape import csv_line
from quiz.clock import epoch_seconds, iso_duration
from quiz.record import completed_at

CSV_COLUMNS = ("member_id", "name", "unit", "order_number", "order_version", "completed_at",
               "score", "pass_mark", "passed", "attestation", "bank_version", "record_digest")
VERBS = {"passed": "http://adlnet.gov/expapi/verbs/passed",
         "failed": "http://adlnet.gov/expapi/verbs/failed"}
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"


def csv_values(record):
    order = record["order"]
    attestation = record.get("attestation") or {}
    return [record["member"]["id"], record["member"]["name"], record["member"]["unit"],
            order["series"] + " " + order["number"], order["version"], completed_at(record),
            record["score"]["percent"], str(record["pass_mark"]),
            "yes" if record["result"] == "passed" else "no", attestation.get("text", ""),
            record["bank_version"], record["digest"]]


def csv_text(record):
    """Header line plus the record's row, RFC 4180 quoting, CRLF line ends."""
    return csv_line(CSV_COLUMNS) + csv_line(csv_values(record))


def xapi_statement(record, home_page):
    """The xAPI statement of a record; home_page names the department's account system."""
    order, score = record["order"], record["score"]
    activity = "%s/policy-desk/orders/%s/sign-off/%s" % (home_page, order["slug"], order["version"])
    return {
        "actor": {"objectType": "Agent", "name": record["member"]["name"],
                  "account": {"homePage": home_page, "name": record["member"]["id"]}},
        "verb": {"id": VERBS[record["result"]], "display": {"en-US": record["result"]}},
        "object": {"objectType": "Activity", "id": activity, "definition": {
            "type": ASSESSMENT,
            "name": {"en-US": "%s %s %s: sign-off quiz" % (order["series"], order["number"],
                                                           order["title"])}}},
        "result": {"score": {"raw": score["correct"], "min": 0, "max": score["total"],
                             "scaled": _scaled(score["correct"], score["total"])},
                   "success": record["result"] == "passed", "completion": True,
                   "duration": iso_duration(epoch_seconds(record["finished_at"])
                                            - epoch_seconds(record["started_at"]))},
        "context": {"extensions": {
            home_page + "/policy-desk/xapi/bank-version": record["bank_version"],
            home_page + "/policy-desk/xapi/record-digest": record["digest"],
            home_page + "/policy-desk/xapi/unit": record["member"]["unit"]}},
        "timestamp": completed_at(record),
    }


def _scaled(correct, total):
    # Four decimals, computed from integers so both runtimes print the same number.
    return ((correct * 10000 + total // 2) // total) / 10000 if total else 0


def xapi_json(record, home_page):
    return json.dumps(xapi_statement(record, home_page))
