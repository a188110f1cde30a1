"""The report as one self-contained HTML file: inline CSS and an inline SVG chart, no
scripts, fonts or images from anywhere, so it can be mailed or opened on an offline PC."""
from typing import Any

from model.escape import html as escape

from quiz.tools.report import STATUSES
from quiz.tools.resign import READINGS

LABELS = {"passed": "Signed off on time", "late": "Signed off late (after the due date)",
          "outdated": "Signed an earlier version", "pending": "Pending (within 90 days)",
          "overdue": "Overdue", "not_in_force": "Not yet due (order not in force)",
          "academy": "Academy graduate"}
# Fill colours chosen for ≥ 3:1 contrast against white (WCAG 1.4.11, graphics).
COLOURS = {"passed": "#1b7837", "late": "#c2410c", "outdated": "#8c510a", "pending": "#2c5d9e",
           "overdue": "#b2182b", "not_in_force": "#6a51a3", "academy": "#5e5e5e"}
CSS = """
body{font:16px/1.5 system-ui,sans-serif;margin:1.5rem auto;max-width:62rem;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}.status{font-weight:600}
.overdue{color:#b2182b}.passed{color:#1b7837}.outdated{color:#8c510a}.late{color:#c2410c}
.summary{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;padding:0;list-style:none}
@media print{body{margin:0}h2{break-after:avoid}}
"""


def render_html(report: dict[str, Any]) -> str:
    order = report["order"]
    title = f"Sign-off report: {order['series']} {order['number']} {order['title']}"
    body = [f"<h1>{escape(title)}</h1>",
            f"<p>As of <strong>{escape(report['as_of'])}</strong> "
            f"({escape(report['time_zone'])}); current order version "
            f"<code>{escape(order['version'])}</code>.</p>",
            f"<p class=\"force\">{escape(report['force_note'])}</p>",
            _summary(report), _chart(report["counts"]), _members(report["rows"]),
            _problems(report), _readings()]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>"
            + "\n".join(body) + "</main></body></html>\n")


def _summary(report):
    counts = report["counts"]
    items = "".join(f"<li>{escape(LABELS[s])}: <strong>{counts[s]}</strong></li>" for s in STATUSES)
    items += f"<li>Rejected records: <strong>{len(report['rejected'])}</strong></li>"
    items += f"<li>Roster problems: <strong>{len(report['roster_problems'])}</strong></li>"
    return f"<h2>Summary</h2><ul class=\"summary\">{items}</ul>"


def _chart(counts):
    """Horizontal bars, one per status, each labelled with its count and share."""
    total = sum(counts.values()) or 1
    width, bar_left, bar_width, row = 640, 210, 330, 34
    height = row * len(STATUSES) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="100%" role="img" aria-labelledby="chart-title chart-desc">',
             '<title id="chart-title">Completion by status</title>',
             '<desc id="chart-desc">' + escape("; ".join(f"{LABELS[s]}: {counts[s]}"
                                                         for s in STATUSES)) + "</desc>"]
    for i, status in enumerate(STATUSES):
        y = 5 + i * row
        length = round(bar_width * counts[status] / total)
        share = round(100 * counts[status] / total)
        parts += [f'<text x="{bar_left - 8}" y="{y + 21}" text-anchor="end" font-size="14" '
                  f'fill="#1a1a1a">{escape(LABELS[status])}</text>',
                  f'<rect x="{bar_left}" y="{y + 4}" width="{bar_width}" height="24" fill="#eee"/>',
                  f'<rect x="{bar_left}" y="{y + 4}" width="{length}" height="24" '
                  f'fill="{COLOURS[status]}"/>',
                  f'<text x="{bar_left + bar_width + 8}" y="{y + 21}" font-size="14" '
                  f'fill="#1a1a1a">{counts[status]} ({share} %)</text>']
    return "<h2>Completion</h2>" + "".join(parts) + "</svg>"


def _members(rows):
    head = ("Member ID", "Name", "Unit", "Appointed", "Due", "Status", "Signed",
            "Version signed", "Due now", "Notes")
    lines = [_row([r["id"], r["name"], r["unit"], r["appointed"],
                   r["due"] or ("— (Academy)" if r["academy"] else "— (not in force)"),
                   LABELS[r["status"]], _signed(r), r["version_signed"] or "—", r["due_now"],
                   "; ".join(r["notes"])], r["status"]) for r in rows]
    return ("<h2>Members</h2><table><thead><tr>" + "".join(f"<th scope=\"col\">{h}</th>" for h in head)
            + "</tr></thead><tbody>" + "".join(lines) + "</tbody></table>")


def _signed(row):
    # The local date decides "late"; the UTC time is what the record says.
    if not row["signed_at"]:
        return "—"
    return f"{row['signed_local']} ({row['signed_at']})"


def _row(cells, status):
    tds = [f"<td>{escape(str(c))}</td>" for c in cells]
    tds[5] = f'<td class="status {status}">{escape(cells[5])}</td>'
    return "<tr>" + "".join(tds) + "</tr>"


def _problems(report):
    parts = []
    if report["rejected"]:
        parts.append(_list("Rejected records", [f"{s}: {'; '.join(r)}" for s, r in report["rejected"]]))
    if report["roster_problems"]:
        parts.append(_list("Roster rows not used", [f"line {n}: {r}" for n, r in report["roster_problems"]]))
    if report["outdated"]:
        parts.append(_list("Records signed on an earlier order version",
                           [f"{a['source']}: {a['record']['member']['name']} "
                            f"({a['record']['member']['id']}), version {a['record']['order']['version']}"
                            for a in report["outdated"]]))
    if report.get("database"):
        parts.append(_list("History database not updated", report["database"]))
    notes = report["notes"] + [f"{n}: already in the database" for n in report["already_stored"]]
    if notes:
        parts.append(_list("Notes", notes))
    return "\n".join(parts)


def _readings():
    return ("<h2>How due dates are counted (Policy Desk's readings of E-1)</h2><ul>"
            + "".join(f"<li>{escape(text)}</li>" for text in READINGS) + "</ul>")


def _list(title, items):
    return f"<h2>{escape(title)} ({len(items)})</h2><ul>" + "".join(
        f"<li>{escape(item)}</li>" for item in items) + "</ul>"
