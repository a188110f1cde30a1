"""The policy text the memos quote, from the policy data (never re-worded here).

`policy` is a dict built from the site data: `make_policy(order_json, audit_json)`, where
order_json is `data/orders/<slug>.json` (the order model data) and audit_json is
`data/audit/<slug>.json` (audit.tools.site_data: which section each memo rests on —
"inspection", "selection", "record" — and the selection's minimum with the words that set it).
"""


class PolicyDataError(ValueError):
    pass


def make_policy(order_json, audit_json):
    return {"order": order_json, "sections": order_json["sections"],
            "footnotes": sorted(order_json["footnotes"].values(), key=lambda n: n["id"]),
            "roles": {role: audit_json[role] for role in ("inspection", "selection", "record")}}


def role_section(policy, role):
    """The section id a feature of the audit kit rests on: "selection" -> "D-2"."""
    return policy["roles"][role]["section"]


def order_name(policy):
    """'DGO I-19'"""
    return policy["order"]["series"] + " " + policy["order"]["number"]


def order_label(policy):
    """'DGO I-19 Electronic Communication Devices (draft, version 0123abcd4567)'."""
    order = policy["order"]
    return (f"{order['series']} {order['number']} {order['title']} "
            f"({order['status']}, version {order['version']})")


def section_quote(policy, section_id):
    """A "quote" block with the section's paragraphs, verbatim."""
    section = policy["sections"].get(section_id)
    if section is None:
        raise PolicyDataError(f"the policy data has no section {section_id}")
    order = policy["order"]
    citation = f"{order['series']} {order['number']}, {section['heading']}"
    return ("quote", section["paragraphs"], citation)


def footnote_quotes(policy, section_id):
    """A "quote" block for each footnote marked in the section (footnote 2 for D-2)."""
    order = policy["order"]
    notes = [n for n in policy["footnotes"] if n["section"] == section_id]
    if not notes:
        raise PolicyDataError(f"the policy data has no footnote for section {section_id}")
    return [("quote", [n["text"]], f"{order['series']} {order['number']}, {section_id}, "
                                   f"footnote {n['id']}") for n in notes]
