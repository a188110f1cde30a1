"""The rules of DGO I-19, topic by topic, each naming the sections it implements.

Every quoted excerpt must be a verbatim substring of the cited section's text (plain text as
published, list items without their "1. " numbering); checker.quotes.source_problems proves it
at build time and in the tests. Answers and explanations are plain words, never presented as
policy: the policy is only ever what is quoted.
Within a topic the rules are tried in order and the first that applies decides.
"""
from checker.facts import allowed_values
from checker.rulebook import ANY, exception, judgement, not_covered, outcome, rule

WORK_DEVICES = ("work_phone", "other_work_device")


# --- issuance -----------------------------------------------------------------------------
ISSUANCE = [
    rule("issuance.sworn_full_time",
         (("staff_type", ("sworn",)), ("sworn_appointment", ("full_time",))),
         outcome("required", "Yes: you are issued a work cell phone when appointed.",
                 "A-1 requires the Department to issue a work cell phone to every sworn member "
                 "upon appointment to a full-time sworn position.",
                 (("A-1", "All sworn members shall be issued a Department-issued cellular phone"),
                  ("A-1", "upon appointment to a full-time sworn position")))),
    rule("issuance.sworn_annuitant_or_reserve",
         (("staff_type", ("sworn",)), ("sworn_appointment", ("annuitant", "reserve"))),
         outcome("conditional", "Maybe: only if the Chief of Police or designee directs it.",
                 "A-1 lets annuitants and reserve sworn members be issued a work cell phone, "
                 "but only as the Chief of Police or designee directs.",
                 (("A-1", "Annuitants and reserve sworn members may be issued a work cell phone "
                          "as directed by the Chief of Police or designee."),),
                 conditions=("The Chief of Police or designee directs that you be issued one.",))),
    rule("issuance.professional_supervisor",
         (("staff_type", ("professional",)), ("staff_position", ("supervisor", "manager_or_above"))),
         outcome("required", "Yes: you are issued a work cell phone within 90 days of appointment.",
                 "A-1 requires professional staff at the rank of supervisor and above to be "
                 "issued a work cell phone within 90 days of appointment to the Department.",
                 (("A-1", "All professional staff at the rank of supervisor and above shall be "
                          "issued a work cell phone within 90 days of appointment to the "
                          "Department."),))),
    rule("issuance.professional_other",
         (("staff_type", ("professional",)), ("staff_position", ("below_supervisor",))),
         outcome("conditional", "Maybe: only if the Chief of Police or designee authorizes it.",
                 "A-1 requires issuance only for professional staff at supervisor rank and above; "
                 "others may be issued a phone if the Chief of Police or designee authorizes it.",
                 (("A-1", "The Chief of Police or designee may authorize the issue of work cell "
                          "phones to members beyond those described above"),),
                 conditions=("The Chief of Police or designee authorizes it.",))),
    rule("issuance.professional_acting_manager",
         (("staff_type", ("professional",)), ("staff_position", ("acting_manager",))),
         outcome("conditional", "Yes if your own rank is supervisor or above; otherwise only "
                                "if the Chief of Police or designee authorizes it.",
                 "A-1 ties issuance to the rank of supervisor and above and does not mention "
                 "acting ranks; the Chief of Police or designee may authorize others.",
                 (("A-1", "All professional staff at the rank of supervisor and above shall be "
                          "issued a work cell phone within 90 days of appointment to the "
                          "Department."),
                  ("A-1", "The Chief of Police or designee may authorize the issue of work cell "
                          "phones to members beyond those described above")),
                 conditions=("Your own (not acting) rank is supervisor or above, or the Chief "
                             "of Police or designee authorizes it.",))),
]


# --- carrying the work phone --------------------------------------------------------
def _carry_exceptions(section_id, excerpts, approver):
    """The three exceptions common to the on-duty and the at-all-times requirements."""
    safety, precluded, permitted = excerpts
    return [
        exception(section_id + " exception: safety or duties",
                  (("carry_exception", ("safety_or_duties",)),),
                  outcome("not_required", "No: not while carrying it would interfere with your "
                                          "safety or duties.",
                          "The carry requirement in " + section_id + " gives way where it would "
                          "interfere with your safety or duties.",
                          ((section_id, safety),),
                          conditions=(judgement("carrying the phone would interfere with your "
                                                "safety or duties"),))),
        exception(section_id + " exception: precluded by rule or law",
                  (("carry_exception", ("precluded_by_rule_or_law",)),),
                  outcome("not_required", "No: not while a rule or law precludes carrying it.",
                          "The carry requirement in " + section_id + " gives way where a rule "
                          "or law precludes carrying the phone.",
                          ((section_id, precluded),),
                          conditions=("Only while the rule or law (e.g., a court appearance) "
                                      "actually precludes carrying it.",))),
        exception(section_id + " exception: permitted or ordered not to",
                  (("carry_exception", ("permitted_not_to",)),),
                  outcome("not_required", "No: not while you are permitted or ordered not to.",
                          "The carry requirement in " + section_id + " gives way when you are "
                          "permitted or ordered not to carry it.",
                          ((section_id, permitted),),
                          conditions=("The permission or order came from " + approver + ".",))),
    ]


ON_DUTY_EXCEPTIONS = (
    "except where this requirement would interfere with their safety or duties (e.g., "
    "undercover or plainclothes assignment)",
    "where they are precluded from carrying the phone by rule or law (e.g., court appearances)",
    "when permitted or ordered not to by a supervisor or commander")
AT_ALL_TIMES_EXCEPTIONS = (
    "Where this requirement would interfere with their safety or duties (e.g., undercover or "
    "plainclothes assignment);",
    "Where they are precluded from carrying the phone by rule or law (e.g., court appearances, "
    "events specifically precluding the use or carrying of cell phones);",
    "When permitted or ordered not to by a higher-ranking member;")


def _carry_rules(group, rank_fact, command_ranks, other_ranks, texts):
    """The carry rules of A-2 (sworn) or A-3 (professional staff): they are worded alike."""
    section_id, on_duty_text, all_times_text, leave_text, leader = texts
    rank_known = (("staff_type", (group,)), (rank_fact, command_ranks))
    return [
        rule("carry." + group + ".command", rank_known,
             outcome("required", "Yes: keep your work phone accessible at all times, on and off "
                                 "duty (and carry it while on duty).",
                     section_id + " requires " + leader + " to have their work cell phone "
                     "accessible at all times, on and off duty; none of its exceptions applies "
                     "to your answers.",
                     ((section_id, all_times_text), (section_id, on_duty_text))),
             [exception(section_id + " exception: leave with a substitute",
                        (("duty_status", ("on_leave",)), ("substitute_available", ("yes",))),
                        outcome("not_required", "No: not while you are on leave and a "
                                                "substitute is available.",
                                section_id + " does not require it while you are on leave and "
                                "a substitute or acting replacement is available in your stead.",
                                ((section_id, leave_text),)))]
             + _carry_exceptions(section_id, AT_ALL_TIMES_EXCEPTIONS, "a higher-ranking member")),
        rule("carry." + group + ".on_duty",
             (("staff_type", (group,)), (rank_fact, other_ranks), ("duty_status", ("on_duty",))),
             outcome("required", "Yes: carry your work phone while you are on duty.",
                     section_id + " requires you to carry your work cell phone when on duty; "
                     "none of its exceptions applies to your answers.",
                     ((section_id, on_duty_text),)),
             _carry_exceptions(section_id, ON_DUTY_EXCEPTIONS, "a supervisor or commander")),
        rule("carry." + group + ".off_duty",
             (("staff_type", (group,)), (rank_fact, other_ranks),
              ("duty_status", ("off_duty", "on_leave"))),
             outcome("not_required", "No: the order requires you to carry it only on duty.",
                     section_id + " requires you to carry the phone when on duty; only "
                     + leader + " must keep it accessible off duty.",
                     ((section_id, on_duty_text), (section_id, all_times_text)))),
    ]


CARRY = [
    rule("carry.professional.not_issued",
         (("staff_type", ("professional",)), ("has_work_phone", ("no",))),
         outcome("not_required", "No: the carry requirement is for staff who are issued a phone.",
                 "A-3 applies to professional staff members who are issued a work cell phone.",
                 (("A-3", "Professional staff members who are issued one shall carry their work "
                          "cell phone when they are on duty"),))),
] + _carry_rules(
    "sworn", "sworn_rank", ("lieutenant_or_above", "acting_lieutenant_or_above"),
    ("below_lieutenant",),
    ("A-2", "All sworn members shall carry their work cell phone when they are on duty",
     "Sworn command officers (rank of Lieutenant and above and those who are acting in those "
     "ranks) shall have their work cell phone accessible at all times, on and off duty",
     "While on vacation, compensatory (comp) time, or other leave and there is a substitute or "
     "acting commander available in their stead.",
     "sworn command officers (Lieutenant and above, and those acting in those ranks)")
) + _carry_rules(
    "professional", "staff_position", ("manager_or_above", "acting_manager"),
    ("below_supervisor", "supervisor"),
    ("A-3", "Professional staff members who are issued one shall carry their work cell phone "
            "when they are on duty",
     "Professional staff members at the position of manager and above (and those acting in "
     "those ranks) shall have their work cell phone accessible at all times, on and off duty",
     "While on vacation, comp time, or other leave and there is a substitute or acting manager "
     "available in their stead.",
     "professional staff at manager and above (and those acting in those ranks)"))


# --- A-4, B-2, C-4: work and personal use of work devices --------------------------------------
PERSONAL_USE = [
    rule("personal_use.work_phone_for_work",
         (("work_device", ("work_phone",)), ("use_purpose", ("work_related",))),
         outcome("permitted", "Yes: that is what a work phone is for.",
                 "A-4 says work cell phones are primarily meant for official department "
                 "business; B-2 lets members use their assigned devices for work.",
                 (("A-4", "Work cell phones are primarily meant to allow members to conduct "
                          "official department business."),
                  ("B-2", "Members may use electronic devices assigned to them or their unit "
                          "for work-related functions.")))),
    rule("personal_use.device_for_work",
         (("work_device", ("unit_computer", "other_work_device")), ("use_purpose", ("work_related",))),
         outcome("permitted", "Yes: you may use it for work-related functions.",
                 "B-2 lets members use electronic devices assigned to them or their unit for "
                 "work-related functions.",
                 (("B-2", "Members may use electronic devices assigned to them or their unit "
                          "for work-related functions."),))),
    rule("personal_use.personal_business",
         (("work_device", ANY), ("use_purpose", ("personal_call_or_message", "personal_business"))),
         outcome("prohibited", "No: work devices are not for personal business.",
                 "C-4 forbids using work cell phones and work devices for personal business, "
                 "apart from the brief personal use the order allows: brief personal calls or "
                 "messages on a work phone (A-4) and appropriate personal business on a unit "
                 "computer during a break (B-2). Your answers fall outside both.",
                 (("C-4", "work cell phones and work electronic devices shall not be used for "
                          "personal business"),
                  ("A-4", "Members are encouraged to not conduct any personal business on their "
                          "work phone."))),
         [exception("A-4 brief personal calls and messages",
                    (("work_device", ("work_phone",)), ("use_purpose", ("personal_call_or_message",))),
                    outcome("conditional", "Yes, if it is brief and kept to a minimum.",
                            "A-4 allows on-duty personal calls or messages on a work phone if "
                            "they are kept to a minimum and brief; C-4 excepts this brief "
                            "personal use.",
                            (("A-4", "Any on-duty personal calls or messages on a work cell phone "
                                     "shall be kept to a minimum and brief."),
                             ("C-4", "Except for permissible brief personal use")),
                            conditions=("Keep personal calls and messages to a minimum.",
                                        judgement("a call or message is brief")))),
          exception("B-2 personal business on a break",
                    (("work_device", ("unit_computer",)), ("on_break", ("yes",))),
                    outcome("conditional", "Yes, on your break, for appropriate personal "
                                           "business.",
                            "B-2 allows appropriate personal business on the desktop or laptop "
                            "assigned to you or your unit while on break; part C still forbids "
                            "some activity (e.g., personal social media, inappropriate content).",
                            (("B-2", "Members may use the desktop or laptop computer assigned to "
                                     "them or their unit for appropriate personal business while "
                                     "on break (e.g., perusing the news)."),
                             ("B-2", "However, see section C, below, for prohibited activity.")),
                            conditions=("Only while you are on break.",
                                        judgement("the personal business is appropriate"),
                                        "Nothing prohibited by part C (no personal social media, "
                                        "no inappropriate content).")))]),
]


# --- C-3, C-4: social media --------------------------------------------------------------------
SOCIAL_MEDIA = [
    rule("social_media.personal_on_work_device",
         (("social_account", ("personal",)), ("device_kind", WORK_DEVICES)),
         outcome("prohibited", "No: never on a work phone or device.",
                 "C-4 forbids, without exception, accessing or installing personal social "
                 "media accounts or apps on work cell phones or devices.",
                 (("C-4", "Without exception, no personal social media accounts or applications"),
                  ("C-4", "shall be accessed or installed on work cell phones or electronic "
                          "devices")))),
    rule("social_media.work_on_work_device",
         (("social_account", ("work",)), ("device_kind", WORK_DEVICES)),
         outcome("permitted", "Yes: work social media belongs on work devices.",
                 "C-4's ban on social media on work devices does not include social media "
                 "used for work purposes.",
                 (("C-4", "This does not include social media applications used for work "
                          "purposes (e.g. investigative purposes or for administering and posting "
                          "on the Department"),))),
    rule("social_media.work_on_personal_phone",
         (("social_account", ("work",)), ("device_kind", ("personal_phone",))),
         outcome("prohibited", "No: not from your personal phone.",
                 "C-3 forbids monitoring or operating work-related social media accounts from "
                 "personal cell phones.",
                 (("C-3", "Members shall not monitor or operate work-related social media "
                          "accounts from personal cell phones."),))),
    not_covered("social_media.personal_on_personal_phone",
                (("social_account", ("personal",)), ("device_kind", ("personal_phone",))),
                "DGO I-19 does not govern your personal social media on your personal phone "
                "(the order points to DGO D-18 for personal social media)."),
]


# --- C-3: personal phone for Department business -----------------------------------------------
PERSONAL_PHONE_BUSINESS = [
    rule("personal_phone_business.work_social_media",
         (("business_activity", ("work_social_media",)),),
         outcome("prohibited", "No: not from your personal phone.",
                 "C-3 forbids monitoring or operating work-related social media accounts from "
                 "personal cell phones.",
                 (("C-3", "Members shall not monitor or operate work-related social media "
                          "accounts from personal cell phones."),))),
    rule("personal_phone_business.general",
         (("business_activity", ANY),),
         outcome("prohibited", "No: Department business belongs on Department devices.",
                 "C-3 forbids using personal phones for Department business except in three "
                 "cases, and none of them fits your answers.",
                 (("C-3", "Members are prohibited from using their personal cell phones or "
                          "electronic communication devices for Department business"),)),
         [exception("C-3 exception 1: City email",
                    (("business_activity", ("city_email",)),),
                    outcome("permitted", "Yes: City email on your personal phone is allowed.",
                            "C-3's first exception allows City email for official business on "
                            "a personal phone.",
                            (("C-3", "Members may use city email for official business on their "
                                     "personal phone;"),))),
          exception("C-3 exception 2: urgent calls without the work phone",
                    (("business_activity", ("urgent_call_or_text",)), ("work_phone_access", ("no",))),
                    outcome("conditional", "Yes, if it is urgent and you cannot get to your "
                                           "work phone.",
                            "C-3's second exception allows urgent work calls or texts from a "
                            "personal phone by members who do not have access to their work "
                            "phone.",
                            (("C-3", "Members who do not have access to their work cell phone may "
                                     "make urgent work-related phone calls or text messages from "
                                     "their personal phones;"),),
                            conditions=("Only while you do not have access to your work phone.",
                                        judgement("the call or message is urgent")))),
          exception("C-3 exception 3: administrative business without a work phone",
                    (("business_activity", ("administrative_business",)),
                     ("has_work_phone", ("no",))),
                    outcome("permitted", "Yes: members without a work phone may do "
                                         "administrative business on a personal phone.",
                            "C-3's third exception allows members who are not issued a work "
                            "phone to do administrative work-related business on a personal "
                            "phone.",
                            (("C-3", "Members who are not issued a work cell phone may conduct "
                                     "administrative work-related business (e.g., call in to the "
                                     "office, submit or approve timecards, etc.) using their "
                                     "personal cell phone."),)))]),
]


# --- C-1, C-2: distraction and driving ---------------------------------------------------------
DRIVING = [
    rule("driving.department_vehicle",
         (("department_vehicle", ("yes",)),),
         outcome("prohibited", "No: not while operating a Department vehicle.",
                 "C-2 forbids operating a Department vehicle while using a cell phone, work or "
                 "personal, unless hands-free or in exigent circumstances.",
                 (("C-2", "Members shall not operate a Department vehicle while using a cell "
                          "phone, whether work or personal"),)),
         [exception("C-2 exception: hands-free device", (("hands_free", ("yes",)),),
                    outcome("permitted", "Yes, with a hands-free device.",
                            "C-2 allows phone use while driving a Department vehicle with a "
                            "hands-free device.",
                            (("C-2", "unless they are using a hands-free device"),))),
          exception("C-2 exception: exigent circumstances",
                    (("hands_free", ("no",)), ("exigent", ("yes",))),
                    outcome("conditional", "Only if exigent circumstances exist.",
                            "C-2 allows phone use while driving a Department vehicle when "
                            "exigent circumstances exist.",
                            (("C-2", "unless exigent circumstances exist"),),
                            conditions=(judgement("exigent circumstances exist"),
                                        "Only for as long as they exist.")))]),
    not_covered("driving.other_vehicle", (("department_vehicle", ("no",)),),
                "C-2 covers only Department vehicles; this order says nothing about phone use "
                "while driving another vehicle (state law still applies)."),
]

DISTRACTION = [
    rule("distraction.distracting", (("distracting", ("yes",)),),
         outcome("prohibited", "No: not to the point of distraction or danger.",
                 "C-1 forbids using any phone or device to the point of distraction from duty "
                 "or interference with safety.",
                 (("C-1", "Members shall not utilize work or personal cell phones, other "
                          "telecommunications devices, or personal electronic devices to the "
                          "point of distraction from their performance of duty or interference "
                          "with their safety."),))),
    rule("distraction.not_distracting", (("distracting", ("no",)),),
         outcome("conditional", "Yes, as long as it does not distract you or endanger you.",
                 "C-1 forbids only use that reaches the point of distraction from duty or "
                 "interference with safety; other sections may still limit the use.",
                 (("C-1", "to the point of distraction from their performance of duty or "
                          "interference with their safety"),),
                 conditions=(judgement("the use distracts you from your duty or interferes "
                                       "with your safety"),
                             "Stop as soon as it does."))),
]


# --- A-5, C-5: international travel ------------------------------------------------------------
SURCHARGE_DUTY = ("Pay any surcharges, fees, or increased data or calling charges, unless the "
                  "device is moved to an international plan.")
SURCHARGE_QUOTE = ("C-5", "shall be responsible for any surcharges, fees, or increased data or "
                          "calling charges that result unless the device is moved to an "
                          "international plan")
PERMISSION_QUOTE = ("C-5", "Members must have permission from their first-level commander to "
                           "bring work cell phones or electronic devices outside of the United "
                           "States of America.")


def _travel(rule_id, when, answer, why, quotes, duties):
    return rule(rule_id, (("commander_permission", ("yes",)),) + when,
                outcome("conditional", answer, why, (PERMISSION_QUOTE,) + quotes,
                        conditions=("You have your first-level commander's permission.",),
                        duties=duties + (SURCHARGE_DUTY,)))


TRAVEL = [
    rule("travel.no_permission", (("commander_permission", ("no",)),),
         outcome("prohibited", "No: not without your first-level commander's permission.",
                 "C-5 requires permission from your first-level commander before you bring a "
                 "work phone or device outside the USA.",
                 (PERMISSION_QUOTE,),
                 duties=("Ask your first-level commander for permission first.",))),
    _travel("travel.official_with_data",
            (("travel_purpose", ("official_business",)), ("mobile_data", ("yes",))),
            "Yes, with your commander's permission; contact ITU at least one week before you leave.",
            "C-5 allows it with your first-level commander's permission; A-5 requires official "
            "travellers with a mobile-data device to contact ITU a week ahead so it can be moved "
            "to an international data plan.",
            (("A-5", "shall contact the ITU at least one (1) week prior to their departure date "
                     "so that the device can be moved to an international data plan."),
             SURCHARGE_QUOTE),
            ("Contact the ITU at least one week before your departure date.",)),
    _travel("travel.other",
            (("travel_purpose", ANY),),
            "Yes, with your commander's permission; you pay any extra charges.",
            "C-5 allows it with your first-level commander's permission and makes you "
            "responsible for extra charges unless the device is moved to an international plan.",
            (SURCHARGE_QUOTE,), ()),
]


# --- C-6: tampering, SIM cards, hardware, peripherals ------------------------------------------
NO_TAMPERING = ("C-6", "Work cell phones and work electronic devices shall not be physically "
                       "modified or tampered with without express written permission from the "
                       "ITU.")


def _tampering(kind, example):
    quotes = (NO_TAMPERING,) + ((("C-6", example),) if example else ())
    return rule("modification." + kind, (("modification", (kind,)),),
                outcome("prohibited", "No: not without express written permission from the ITU.",
                        "C-6 forbids physically modifying or tampering with work phones and "
                        "devices without the ITU's express written permission.", quotes,
                        duties=("Ask the ITU for express written permission first.",)),
                [exception("C-6 written permission from the ITU",
                           (("itu_written_permission", ("yes",)),),
                           outcome("permitted", "Yes: you have the ITU's express written "
                                                "permission.",
                                   "C-6 allows the change with express written permission "
                                   "from the ITU.", (NO_TAMPERING,),
                                   conditions=("Stay within what the ITU's written permission "
                                               "allows.",)))])


MODIFICATION = [
    _tampering("sim_to_personal_phone", "Removing the SIM (subscriber identity module) card from "
                                        "a work cell phone or device and installing it into a "
                                        "personally owned phone"),
    _tampering("add_or_remove_hardware", "Adding or removing hardware such as RAM, disc drives, "
                                         "or motherboards to department computers."),
    _tampering("other_physical_change", None),
    rule("modification.peripheral", (("modification", ("peripheral",)),),
         outcome("conditional", "Yes: C-6 does not limit appropriate peripherals.",
                 "C-6 does not limit using appropriate peripheral devices such as USB memory "
                 "sticks, plug-and-play external hardware, or speakers.",
                 (("C-6", "This section does not limit using appropriate peripheral devices such "
                          "as USB memory sticks, plug-and-play external hardware, or speakers."),),
                 conditions=(judgement("the peripheral is appropriate"),))),
]


# --- C-7: inappropriate content ----------------------------------------------------------------
CONTENT_BAN = ("C-7", "Members are prohibited from accessing inappropriate content on their work "
                      "cell phones and electronic devices when it is not within the scope of "
                      "their duties.")


def _content(kind, example):
    quotes = (CONTENT_BAN,) + ((("C-7", example),) if example else ())
    return rule("content." + kind,
                (("device_kind", WORK_DEVICES), ("content_kind", (kind,))),
                outcome("prohibited", "No: not on a work phone or device, unless your duties "
                                      "require it.",
                        "C-7 forbids accessing inappropriate content on work phones and devices "
                        "when it is not within the scope of your duties.", quotes),
                [exception("C-7 within the scope of duties",
                           (("within_scope_of_duties", ("yes",)),),
                           outcome("conditional", "Yes, as far as your duties require it.",
                                   "C-7's ban does not reach access within the scope of your "
                                   "duties (e.g., an investigation).", (CONTENT_BAN,),
                                   conditions=(judgement("the access is within the scope of "
                                                         "your duties"),)))])


CONTENT = [
    not_covered("content.personal_phone", (("device_kind", ("personal_phone",)),),
                "C-7 covers work phones and work devices only; this order does not address "
                "what you view on your personal phone (C-1 distraction still applies on duty)."),
    _content("pornography", "Pornography."),
    _content("harassment_or_discrimination",
             "Any material which violates the anti-harassment or anti-discrimination policies "
             "of the Department (DGO D-20) and/or City (Administrative Instruction 71)."),
    _content("hate_racist_or_antigovernment", "Hate group, racist, or anti-government material."),
    _content("gambling", "Gambling websites or applications."),
    _content("outside_financial", "outside commercial or personal financial activity."),
    _content("other_inappropriate", None),
]


# --- B-4: evidence and lost devices --------------------------------------------------
def _lost(kind, section_id, secured):
    return rule("lost_device." + kind, (("device_kind", (kind,)),),
                outcome("obligation", "Report it under DGO N-05 and send an information copy "
                                      "to ITU.",
                        section_id + " requires lost or stolen devices to be reported under "
                        "DGO N-05, with an information copy to ITU.",
                        ((section_id, secured),
                         (section_id, "Lost or stolen devices shall be reported pursuant to "
                                      "DGO N-05, with an information copy to ITU.")),
                        duties=("Report the loss or theft pursuant to DGO N-05.",
                                "Send an information copy to ITU.")))


LOST_DEVICE = [
    _lost("work_phone", "A-7", "Department work phones and any confidential material stored "
                               "therein shall be treated as sensitive material and shall be "
                               "secured at all times."),
    _lost("other_work_device", "B-4", "Work electronic devices and any confidential material "
                                      "stored therein shall be treated as sensitive material "
                                      "and shall be secured at all times."),
    not_covered("lost_device.personal_phone", (("device_kind", ("personal_phone",)),),
                "DGO I-19 does not address losing a personal phone."),
]

EVIDENCE = [
    rule("evidence.work_phone", (("device_kind", ("work_phone",)),
                                 ("investigation_related", ("yes",))),
         outcome("obligation", "Handle it as evidence.",
                 "A-6 requires electronic material on work cell phones that is potentially "
                 "related to a criminal or internal investigation to be handled as evidence.",
                 (("A-6", None),),
                 conditions=(judgement("the material is potentially related to a criminal or "
                                       "internal investigation"),),
                 duties=("Handle the material as evidence.",))),
    rule("evidence.unrelated", (("device_kind", ("work_phone",)),
                                ("investigation_related", ("no",))),
         outcome("not_required", "No: A-6 applies only to material potentially related to an "
                                 "investigation.",
                 "A-6's evidence duty covers material potentially related to a criminal or "
                 "internal investigation.", (("A-6", None),))),
    not_covered("evidence.other_device", (("device_kind", ("other_work_device", "personal_phone")),),
                "A-6 covers material recorded on work cell phones; this order does not address "
                "evidence on other devices."),
]


# --- B-1, B-3: other devices -------------------------------------------------------------------
DEVICE_POLICY = [
    rule("device_policy.specific", (("specific_device_policy", ("yes",)),),
         outcome("obligation", "Follow the device's own policy as well as this order.",
                 "B-3 requires devices with specific policies to be used and issued according "
                 "to those policies.",
                 (("B-3", "Electronic devices with specific policies (e.g., as a result of "
                          "Surveillance Technology Ordinance or Militarized Equipment Ordinance) "
                          "shall be used and issued according to those policies."),),
                 duties=("Use and issue the device according to its own policy.",)),
         [exception("B-3 conflict: the device policy supersedes",
                    (("policy_conflict", ("yes",)),),
                    outcome("obligation", "Follow the device's own policy: where it conflicts, "
                                          "it supersedes this order.",
                            "B-3 says the device-specific policy supersedes this order where "
                            "they conflict.",
                            (("B-3", "If any provisions in a device-specific policy conflict "
                                     "with this policy, the provisions in the specific device "
                                     "policy shall supersede this policy."),),
                            duties=("Where they conflict, follow the device-specific policy.",)))]),
    rule("device_policy.none", (("specific_device_policy", ("no",)),),
         outcome("not_required", "No other policy to follow: this order's general rules apply.",
                 "B-3 applies only to devices with their own policy; B-2 governs work use of "
                 "devices assigned to you or your unit.",
                 (("B-3", "Electronic devices with specific policies"),
                  ("B-2", "Members may use electronic devices assigned to them or their unit "
                          "for work-related functions.")))),
]

COMPUTER_ISSUANCE = [
    rule("computer_issuance.workstation", (("computer_kind", ("itu_workstation",)),),
         outcome("required", "The ITU assigns it to a specific work space, not to a member.",
                 "B-1 has the ITU assign workstation computers purchased through it to specific "
                 "work spaces.",
                 (("B-1", "Workstation computers purchased through ITU shall be assigned to "
                          "specific work spaces by the ITU."),))),
    rule("computer_issuance.itu_laptop", (("computer_kind", ("itu_laptop",)),),
         outcome("prohibited", "No: the ITU may issue a laptop only with written approval of a "
                               "Deputy Chief/Director or higher.",
                 "B-1 requires the written approval of a Deputy Chief/Director or higher for "
                 "any ITU laptop issuance.",
                 (("B-1", "Any ITU issuance of laptop computers shall be with the written "
                          "approval of a Deputy Chief/Director or higher."),),
                 duties=("Obtain written approval from a Deputy Chief/Director or higher.",)),
         [exception("B-1 written approval of a Deputy Chief/Director",
                    (("deputy_chief_approval", ("yes",)),),
                    outcome("conditional", "Yes, based on assignment; your unit pays.",
                            "B-1 lets the ITU issue laptops to members based on assignment, with "
                            "written approval, paid from the requesting unit's funding code.",
                            (("B-1", "Laptop computers purchased by ITU may be issued to specific "
                                     "members based on assignment."),
                             ("B-1", "Costs for laptop computers shall be paid from the "
                                     "requesting unit")),
                            conditions=("Issued based on your assignment.",),
                            duties=("The requesting unit pays from its funding code.",)))]),
    rule("computer_issuance.unit_purchase", (("computer_kind", ("unit_computer_purchase",)),),
         outcome("required", "Your unit issues it and pays for it; DIT keeps control of "
                             "programs and administration.",
                 "B-1 has the purchasing unit issue and pay for other computers, with DIT "
                 "controlling programs and administration on the City's networks.",
                 (("B-1", "All other computers shall be issued by the unit purchasing the "
                          "computer, and units purchasing computers shall pay for the computers "
                          "using their funding codes."),
                  ("B-1", "Control over programs and administration of computers connecting to "
                          "the City")),
                 duties=("The purchasing unit issues the computer and pays with its funding "
                         "codes.",))),
    rule("computer_issuance.other_device", (("computer_kind", ("other_device",)),),
         outcome("required", "The unit that oversees the program issues and controls it.",
                 "B-1 has devices not issued by ITU issued and controlled by the "
                 "Unit/Section/Division that oversees the program, or as policy directs.",
                 (("B-1", "Other electronic devices, if not issued and controlled by ITU (e.g., "
                          "robots, throw-phones, GPS trackers) shall be issued and controlled by "
                          "the Unit/Section/Division which oversees that program, or as directed "
                          "by policy."),))),
]


# --- D-1 to D-6: inspections, searches, audits -------------------------------------------------
NOT_ARBITRARY = ("D-1", "Such inspections shall not be arbitrary, capricious, or harassing, and "
                        "shall not be based on personal bias or animus.")
MAY_INSPECT = ("D-1", "The Department may inspect work cell phones and work electronic devices "
                      "at any time.")


def _arbitrary_exception():
    return exception("D-1 no arbitrary or biased inspections",
                     (("arbitrary_or_biased", ("yes",)),),
                     outcome("prohibited", "No: inspections must not be arbitrary, capricious, "
                                           "harassing or biased.",
                             "D-1 forbids inspections that are arbitrary, capricious or "
                             "harassing, or based on personal bias or animus.", (NOT_ARBITRARY,)))


def _inspection_when(examiner):
    return (("device_kind", WORK_DEVICES), ("examination", ("inspection",)),
            ("examiner", (examiner,)))


INSPECTION = [
    not_covered("inspection.personal_phone", (("device_kind", ("personal_phone",)),),
                "DGO I-19's inspections and searches cover work phones and work devices only."),
    rule("inspection.supervisor", _inspection_when("supervisor_or_commander"),
         outcome("permitted", "Yes: the Department may inspect work devices at any time.",
                 "D-1 lets the Department inspect work devices at any time, and D-5 makes "
                 "supervisors and the chain of command responsible for these inspections.",
                 (MAY_INSPECT, NOT_ARBITRARY,
                  ("D-5", "Supervisors and chain of command shall be responsible for conducting "
                          "inspections of work devices pursuant to D-1.")),
                 conditions=(judgement("the inspection is arbitrary, capricious, harassing or "
                                       "biased"),)),
         [_arbitrary_exception(),
          exception("D-1 inspection outside a planned audit or investigation",
                    (("arbitrary_or_biased", ("no",)),
                     ("planned_audit_or_investigation", ("no",))),
                    outcome("conditional", "Yes, but document it in a memorandum to the Captain "
                                           "of Internal Affairs.",
                            "D-1 requires inspections by supervisors or commanders outside "
                            "planned/ordered audits or investigations to be documented in a "
                            "memorandum to the Captain of Internal Affairs, whatever the outcome.",
                            (MAY_INSPECT, NOT_ARBITRARY,
                             ("D-1", "Inspections of work cell phones or electronic devices by "
                                     "supervisors or commanders outside of planned/ordered audits "
                                     "or investigations shall be documented in a memorandum to "
                                     "the Captain of Internal Affairs, no matter the outcome of "
                                     "the inspection.")),
                            duties=("Document the inspection in a memorandum to the Captain of "
                                    "Internal Affairs, no matter the outcome.",)))]),
    rule("inspection.integrity_unit", _inspection_when("iad_integrity_unit"),
         outcome("permitted", "Yes: the IAD Integrity Unit inspects under its procedures.",
                 "D-2 has the IAD Integrity Unit inspect randomly selected work phones each "
                 "quarter; D-5 lets it inspect beyond that under its procedures.",
                 (("D-2", "The IAD Integrity Unit shall conduct a quarterly inspection of no "
                          "less than four (4) randomly selected work cell phones"),
                  ("D-5", "Additionally, the Internal Affairs Division (IAD) Integrity Unit may "
                          "conduct inspections beyond those specified in D-2 pursuant to their "
                          "procedures."), NOT_ARBITRARY)),
         [_arbitrary_exception()]),
    rule("inspection.oig_audit", _inspection_when("oig"),
         outcome("permitted", "Yes: the OIG audits adherence to this order.",
                 "D-5 makes the OIG responsible for audits of adherence to this order, and D-6 "
                 "requires one at least every two years.",
                 (("D-5", "The Department’s Office of Inspector General (OIG) shall be "
                          "responsible for conducting audits on adherence to this policy."),
                  ("D-6", None)))),
    rule("inspection.search_grounds", (("device_kind", WORK_DEVICES), ("examination", ("search",)),
                                       ("reasonable_grounds", ("yes",))),
         outcome("conditional", "Yes, with reasonable grounds.",
                 "D-3 lets the Department search work devices when there are reasonable grounds "
                 "to suspect the search will reveal evidence of work-related or criminal "
                 "misconduct.",
                 (("D-3", None),),
                 conditions=(judgement("the grounds are reasonable"),))),
    rule("inspection.search_no_grounds", (("device_kind", WORK_DEVICES),
                                          ("examination", ("search",)),
                                          ("reasonable_grounds", ("no",))),
         outcome("prohibited", "No: D-3 allows a search only with reasonable grounds.",
                 "D-3 allows searches of work devices only when there are reasonable grounds to "
                 "suspect the search will reveal evidence of work-related or criminal "
                 "misconduct. (An inspection under D-1 is a different thing.)",
                 (("D-3", None),))),
]


# --- E-1: training -----------------------------------------------------------------------------
TRAINING = [
    rule("training.academy", (("joined_via", ("basic_academy",)),),
         outcome("not_required", "No PowerDMS sign-off under E-1: the Training Division "
                                 "trains you on this order when you graduate the Academy.",
                 "E-1's 90-day sign-off is for members who join outside the Basic Police "
                 "Academy; for Academy graduates the Training Division provides the training.",
                 (("E-1", "Upon graduating the Basic Police Academy, the Training Division shall "
                          "provide training for the new police officers on the provisions of this "
                          "policy"),))),
    rule("training.outside_academy", (("joined_via", ("outside_academy",)),),
         outcome("obligation", "Review and sign off on this order in PowerDMS within 90 days.",
                 "E-1 requires members who join outside the Basic Police Academy to review and "
                 "sign off on this order via PowerDMS within 90 days of appointment.",
                 (("E-1", "All professional staff and sworn members who join the Department "
                          "outside of the Basic Police Academy process shall review and sign off "
                          "on this policy via PowerDMS within 90 days of their appointment to "
                          "their position."),),
                 duties=("Review and sign off on this order via PowerDMS within 90 days of your "
                         "appointment.",))),
]

OTHER = [not_covered("other.anything", (), "The helper only answers what DGO I-19 addresses; "
                                           "check the order itself or ask your supervisor.")]

# topic -> rules, tried in order
TOPIC_RULES = {
    "carry": CARRY, "issuance": ISSUANCE, "personal_use": PERSONAL_USE,
    "social_media": SOCIAL_MEDIA, "personal_phone_business": PERSONAL_PHONE_BUSINESS,
    "driving": DRIVING, "distraction": DISTRACTION, "travel": TRAVEL,
    "modification": MODIFICATION, "content": CONTENT, "lost_device": LOST_DEVICE,
    "evidence": EVIDENCE, "device_policy": DEVICE_POLICY,
    "computer_issuance": COMPUTER_ISSUANCE, "inspection": INSPECTION, "training": TRAINING,
    "other": OTHER,
}


def all_rules():
    """Every rule, topic by topic in vocabulary order."""
    return [r for topic in allowed_values("topic") for r in TOPIC_RULES[topic]]


def topic_facts(topic):
    """The facts the rules of topic may ask, in the order they first appear."""
    names = []
    for candidate in TOPIC_RULES[topic]:
        for part in [candidate] + candidate["exceptions"]:
            names += [name for name, _ in part["when"] if name not in names]
    return names
