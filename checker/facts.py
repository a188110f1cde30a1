"""The fact vocabulary: every fact the helper may ask about, its allowed values and wording.

Wording lives here, apart from the rules (docassemble's habit): the rules only name facts and
values, so a question can be reworded without touching any logic. Facts are a list (not a
dict) because MicroPython dicts do not keep order and the vocabulary is printed in this order.
"""

YES_NO = (("yes", "Yes"), ("no", "No"))


def _fact(name, question, meaning, values):
    return {"name": name, "question": question, "meaning": meaning,
            "values": [{"value": v, "label": label} for v, label in values]}


TOPIC_CHOICES = (
    ("carry", "Carrying my work phone, or keeping it accessible"),
    ("issuance", "Who is issued a work phone, and when"),
    ("personal_use", "Personal calls or personal business on a work phone or computer"),
    ("social_media", "Social media on a work phone or my personal phone"),
    ("personal_phone_business", "Using my personal phone for Department business"),
    ("driving", "Using a phone while driving"),
    ("distraction", "Using a device on duty: distraction and safety"),
    ("travel", "Taking a work phone or device outside the USA"),
    ("modification", "SIM cards, hardware, peripherals: changing a work device"),
    ("content", "Looking at sensitive or inappropriate material on a work device"),
    ("lost_device", "A lost or stolen device"),
    ("evidence", "Pictures, recordings or messages that may be evidence"),
    ("device_policy", "A device that has its own policy (e.g., surveillance technology)"),
    ("computer_issuance", "Getting a computer or other Department device"),
    ("inspection", "Inspections and searches of work phones and devices"),
    ("training", "Training on this order and signing off on it"),
    ("other", "Something else"),
)

FACTS = [
    _fact("topic", "What do you want to check?",
          "The subject of the question; each topic asks only the facts its rules need.",
          TOPIC_CHOICES),
    _fact("staff_type", "Are you a sworn member or professional staff?",
          "Whether the member is sworn (police officer of any rank) or professional (civilian) staff.",
          (("sworn", "Sworn member"), ("professional", "Professional staff"))),
    _fact("sworn_rank", "What is your sworn rank?",
          "A sworn member's rank: command officers are Lieutenant and above, or acting in those ranks.",
          (("below_lieutenant", "Officer or Sergeant (below Lieutenant)"),
           ("lieutenant_or_above", "Lieutenant or above"),
           ("acting_lieutenant_or_above", "Acting as Lieutenant or above"))),
    _fact("staff_position", "What is your position?",
          "A professional staff member's position: supervisor, manager and above, or acting manager.",
          (("below_supervisor", "Below supervisor"),
           ("supervisor", "Supervisor (below manager)"),
           ("manager_or_above", "Manager or above"),
           ("acting_manager", "Acting as a manager or above"))),
    _fact("sworn_appointment", "What kind of sworn appointment do you hold?",
          "Full-time sworn, annuitant, or reserve sworn member.",
          (("full_time", "Full-time sworn position"), ("annuitant", "Annuitant"),
           ("reserve", "Reserve sworn member"))),
    _fact("has_work_phone", "Have you been issued a work cell phone?",
          "Whether the member has been issued a Department work cell phone.", YES_NO),
    _fact("duty_status", "Are you on duty, off duty, or on leave?",
          "The member's duty status at the time in question; leave includes vacation and comp time.",
          (("on_duty", "On duty"), ("off_duty", "Off duty"),
           ("on_leave", "On vacation, comp time or other leave"))),
    _fact("carry_exception", "Does one of these situations apply?",
          "Which exception to the carry requirement applies, if any.",
          (("none", "None of these"),
           ("safety_or_duties", "Carrying it would interfere with my safety or duties "
                                "(e.g., undercover or plainclothes)"),
           ("precluded_by_rule_or_law", "A rule or law precludes carrying it (e.g., court)"),
           ("permitted_not_to", "I was permitted or ordered not to carry it"))),
    _fact("substitute_available", "Is a substitute or acting commander or manager available "
                                  "in your stead?",
          "Whether someone substitutes or acts for the member during the leave.", YES_NO),
    _fact("work_device", "Which work device?",
          "The Department-issued device in question.",
          (("work_phone", "My work cell phone"),
           ("unit_computer", "A desktop or laptop assigned to me or my unit"),
           ("other_work_device", "Another work electronic device"))),
    _fact("use_purpose", "What do you want to use it for?",
          "What the device is used for: work, brief personal calls or messages, or other "
          "personal business.",
          (("work_related", "Work-related functions"),
           ("personal_call_or_message", "A personal call or message"),
           ("personal_business", "Other personal business (e.g., reading the news, shopping)"))),
    _fact("on_break", "Are you on a break?", "Whether the member is on a break.", YES_NO),
    _fact("social_account", "Whose social media account is it?",
          "A personal social media account, or one used for work (investigations, the Department's "
          "public accounts).",
          (("personal", "My personal account"),
           ("work", "A work account (investigations or the Department's public accounts)"))),
    _fact("device_kind", "Which device?",
          "A work cell phone, another work electronic device, or the member's personal phone.",
          (("work_phone", "My work cell phone"),
           ("other_work_device", "Another work electronic device (computer, tablet, …)"),
           ("personal_phone", "My personal phone"))),
    _fact("business_activity", "What Department business?",
          "The kind of Department business done on a personal phone.",
          (("city_email", "Reading or sending City email"),
           ("urgent_call_or_text", "An urgent work-related call or text message"),
           ("administrative_business",
            "Administrative business (call in to the office, timecards, …)"),
           ("work_social_media", "Monitoring or operating a work social media account"),
           ("other_business", "Other Department business"))),
    _fact("work_phone_access", "Do you have access to your work cell phone right now?",
          "Whether the member's work phone is at hand.", YES_NO),
    _fact("department_vehicle", "Are you driving a Department vehicle?",
          "Whether the member is operating a Department vehicle.", YES_NO),
    _fact("hands_free", "Are you using a hands-free device?",
          "Whether the phone is used through a hands-free device.", YES_NO),
    _fact("exigent", "Do exigent circumstances exist?",
          "Whether there is an emergency that cannot wait (a judgement the order does not define).",
          YES_NO),
    _fact("distracting", "Would the use distract you from your duty or interfere with your safety?",
          "Whether the device use reaches the point of distraction from duty or interference "
          "with safety.", YES_NO),
    _fact("travel_purpose", "Why are you travelling outside the USA?",
          "Whether the trip abroad is official business or personal.",
          (("official_business", "Official business"), ("personal", "Personal travel"))),
    _fact("commander_permission", "Do you have permission from your first-level commander?",
          "Whether the member's first-level commander permitted bringing the device abroad.", YES_NO),
    _fact("mobile_data", "Does the device you bring have mobile data?",
          "Whether the work phone or device uses mobile data.", YES_NO),
    _fact("modification", "What change do you want to make?",
          "The change to a work phone or work device.",
          (("sim_to_personal_phone", "Put the work SIM card into a personal phone"),
           ("add_or_remove_hardware", "Add or remove hardware (RAM, disc drives, motherboards)"),
           ("other_physical_change", "Another physical modification"),
           ("peripheral", "Use a peripheral (USB memory stick, plug-and-play hardware, speakers)"))),
    _fact("itu_written_permission", "Do you have express written permission from the ITU?",
          "Whether the Information Technology Unit gave express written permission.", YES_NO),
    _fact("content_kind", "What kind of material?",
          "The kind of material accessed on a work device.",
          (("pornography", "Pornography"),
           ("harassment_or_discrimination", "Material violating anti-harassment or "
                                            "anti-discrimination policies"),
           ("hate_racist_or_antigovernment", "Hate group, racist, or anti-government material"),
           ("gambling", "Gambling websites or apps"),
           ("outside_financial", "My outside commercial or personal financial activity"),
           ("other_inappropriate", "Other inappropriate content"))),
    _fact("within_scope_of_duties", "Is accessing it within the scope of your duties?",
          "Whether the access is part of the member's duties (e.g., an investigation).", YES_NO),
    _fact("investigation_related", "Could the material be related to a criminal or internal "
                                   "investigation?",
          "Whether the electronic material is potentially related to an investigation.", YES_NO),
    _fact("specific_device_policy", "Does the device have its own policy (e.g., under the "
                                    "Surveillance Technology Ordinance)?",
          "Whether a device-specific policy governs the device.", YES_NO),
    _fact("policy_conflict", "Does that policy conflict with this order on your question?",
          "Whether a provision of the device-specific policy conflicts with DGO I-19.", YES_NO),
    _fact("computer_kind", "What device?",
          "The kind of computer or device to be issued.",
          (("itu_workstation", "A workstation computer purchased through ITU"),
           ("itu_laptop", "A laptop purchased by ITU"),
           ("unit_computer_purchase", "A computer my unit purchases"),
           ("other_device", "Another device (e.g., robot, throw-phone, GPS tracker)"))),
    _fact("deputy_chief_approval", "Is there written approval from a Deputy Chief/Director or "
                                   "higher?",
          "Whether a Deputy Chief/Director or higher approved the laptop issuance in writing.",
          YES_NO),
    _fact("examination", "An inspection or a search?",
          "Whether the Department inspects a device, or searches it for evidence of misconduct.",
          (("inspection", "An inspection"), ("search", "A search for evidence of misconduct"))),
    _fact("examiner", "Who is doing it?",
          "Who inspects or audits the device.",
          (("supervisor_or_commander", "A supervisor or commander"),
           ("iad_integrity_unit", "The IAD Integrity Unit"),
           ("oig", "The Office of Inspector General (audit)"))),
    _fact("planned_audit_or_investigation", "Is it part of a planned or ordered audit or "
                                            "investigation?",
          "Whether the inspection is part of a planned/ordered audit or investigation.", YES_NO),
    _fact("arbitrary_or_biased", "Is it arbitrary, capricious or harassing, or based on personal "
                                 "bias or animus?",
          "Whether the inspection is arbitrary, capricious, harassing, or biased.", YES_NO),
    _fact("reasonable_grounds", "Are there reasonable grounds to suspect the search will reveal "
                                "evidence of work-related or criminal misconduct?",
          "Whether reasonable grounds for the search exist.", YES_NO),
    _fact("joined_via", "How did you join the Department?",
          "Through the Basic Police Academy, or outside it (professional staff, lateral hires).",
          (("basic_academy", "I graduated from the Basic Police Academy"),
           ("outside_academy", "Outside the Basic Police Academy process"))),
]

_BY_NAME = {}
for _f in FACTS:
    _BY_NAME[_f["name"]] = _f


def fact(name):
    """The vocabulary entry for name (KeyError if there is none)."""
    return _BY_NAME[name]


def fact_names():
    return [f["name"] for f in FACTS]


def allowed_values(name):
    return [v["value"] for v in _BY_NAME[name]["values"]]


def value_label(name, value):
    for option in _BY_NAME[name]["values"]:
        if option["value"] == value:
            return option["label"]
    return value


class FactError(ValueError):
    """Facts that are not in the vocabulary; .problems lists one message per bad fact."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def fact_problems(facts):
    """Messages for unknown fact names and values not allowed, sorted (MicroPython dicts)."""
    if not isinstance(facts, dict):
        return ["facts must be a JSON object of fact names to values, e.g. {\"topic\": \"carry\"}"]
    problems = []
    for name in sorted(facts):
        problems += _problem(name, facts[name])
    return problems


def _problem(name, value):
    if name not in _BY_NAME:
        return ["unknown fact " + repr(name) + "; allowed facts: " + ", ".join(fact_names())]
    allowed = allowed_values(name)
    if value not in allowed:
        return ["fact " + repr(name) + " cannot be " + _shown(value) + "; allowed values: "
                + ", ".join(allowed)]
    return []


def _shown(value):
    # repr of a str is the same in both runtimes; other JSON types are shown as JSON would
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


def check_facts(facts):
    """Raise FactError listing every problem in facts; return facts when all are known."""
    problems = fact_problems(facts)
    if problems:
        raise FactError(problems)
    return facts
