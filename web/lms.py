"""The quiz inside a learning system: the SCORM 1.2 or 2004 conversation, step by step
(portable: plain Python; web/browser.py finds the system's API object and hands over a
function that calls it, so this module runs under a fake learning system in tests).

web/quiz_app.py uses it at a few points:
    connect(found, bank, now)   at start: Initialize; the learner, the entry, the interactions
                                 already recorded. (None, notice) when there is no learning
                                 system (the page then works as on the site) or it refuses to
                                 start (notice: what to tell the member).
    lms.member_fields()         the member's name and ID, the system's, for the member form
    lms.saved_text()            the progress the system kept (suspend data), as the state JSON
                                 the page would have read from localStorage, or None
    lms.sync(state, now)        after every step: new answers as interactions, the status and
                                 score, the progress; committed when something was recorded;
                                 once signed off, the session is finished (Terminate)
    lms.leave(state, now)       when the page goes away: exit "suspend" (or done), the session
                                 time, Terminate
What each value is: quiz.scorm; the progress text: quiz.suspend. A value the data model would
refuse is never sent (it is logged with the learning system's other errors in lms.errors), and
nothing here ever stops the member: the learning system is told what it can be told.
"""
import json

from quiz import scorm, suspend
from quiz.bank import question_map
from quiz.clock import epoch_seconds
from quiz.member import check_member

METHODS = {
    "1.2": {"initialize": "LMSInitialize", "get": "LMSGetValue", "set": "LMSSetValue",
            "commit": "LMSCommit", "terminate": "LMSFinish", "error": "LMSGetLastError"},
    "2004": {"initialize": "Initialize", "get": "GetValue", "set": "SetValue",
             "commit": "Commit", "terminate": "Terminate", "error": "GetLastError"},
}
# The learning system says the member is only looking (browse) or reviewing: nothing is written.
READ_ONLY_MODES = ("browse", "review")


IDENTITY = ("Your learning system gives your %s as \u201c%s\u201d, which a sign-off record "
            "cannot hold, so your sign-off cannot be recorded. Ask the Training Division to "
            "correct it in the learning system.")
DETAILS = {"id": "serial or ID number", "name": "name"}
RECORDED = ("Your sign-off has been sent to your learning system. You can also download your "
            "record or print the certificate.")
NOT_STARTED = ("Your learning system did not respond, so it will not receive your result: "
               "when you have signed off, download your record and send it to the Training "
               "Division.")


def connect(found, bank, now, log=print):
    """(lms, notice): an initialized Lms for found ((version, call) from
    web.browser.scorm_api(), or None), or None and, when the system is there but refuses to
    start, the sentence to show the member."""
    if found is None:
        return None, None
    version, call = found
    lms = Lms(version, call, bank, now, log)
    return (lms, None) if lms.initialize() else (None, NOT_STARTED)


class Lms:
    def __init__(self, version, call, bank, now, log=print):
        self.version, self.call, self.bank, self.log = version, call, bank, log
        self.names = scorm.NAMES[version]
        self.questions = question_map(bank)
        self.started = now
        self.open = False
        self.writable = True
        self.learner = {"name": "", "id": ""}
        self.entry = ""
        self.count = 0          # interactions the system holds (this session's and earlier)
        self.comments = 0       # SCORM 2004 comments_from_learner held
        self.written = []       # interaction ids already recorded
        self.status = None      # the status last reported
        self.suspended = None   # the progress text last sent
        self.errors = []        # (element, value, reason) the system or the data model refused

    # ------------------------------------------------------------ the API

    def _api(self, method, *args):
        # A learning system's API that throws is treated as one that says "false": the member's
        # quiz goes on whatever the system does.
        try:
            return str(self.call(METHODS[self.version][method], *args))
        except Exception as exc:
            self.log("learning system: %s failed: %r" % (METHODS[self.version][method], exc))
            return "false" if method != "error" else "101"

    def get(self, element):
        """The element's value ("" when the system has none or refuses)."""
        value = self._api("get", element)
        code = self._api("error")
        return value if code in ("0", "") else ""

    def set_values(self, values):
        for element, value in values:
            found = scorm.problems(self.version, element, value)
            if found:
                self._refused(element, value, "; ".join(found))
                continue
            if self._api("set", element, value) != "true":
                self._refused(element, value, "error " + self._api("error"))

    def _refused(self, element, value, reason):
        self.errors.append((element, value, reason))
        self.log("learning system: %s = %r not recorded: %s" % (element, value[:60], reason))

    def commit(self):
        if self._api("commit", "") != "true":
            self._refused("Commit", "", "error " + self._api("error"))

    # ------------------------------------------------------------ start

    def initialize(self):
        if self._api("initialize", "") != "true":
            self.log("learning system: Initialize refused, error " + self._api("error"))
            return False
        self.open = True
        self.learner = scorm.learner(self.get(self.names["learner_id"]),
                                     self.get(self.names["learner_name"]))
        self.entry = self.get(self.names["entry"])
        self.writable = self.get(self.names["mode"]) not in READ_ONLY_MODES
        self.count = _whole(self.get(self.names["interactions"]))
        if "comments" in self.names:
            self.comments = _whole(self.get(self.names["comments"]))
        if self.writable and self.entry == "ab-initio":  # a first launch: started, not done
            self._report("incomplete", None)
        return True

    def member_fields(self):
        """{"name", "id"} as the learning system knows the member."""
        return dict(self.learner)

    def identity_problem(self):
        """The sentence to show when the learning system's name or ID cannot go into a
        sign-off record (quiz.member's rules), or None."""
        errors = check_member(dict(self.learner, unit="Unit"))[1]
        for field in ("id", "name"):
            if field in errors:
                return IDENTITY % (DETAILS[field], self.learner[field])
        return None

    def saved_text(self):
        """The kept progress as state JSON text (what web/quiz_app.py reads from localStorage
        on the site); the kept text itself when it cannot be read (the page then says so);
        None when there is none or it is another member's."""
        if self.entry == "ab-initio":
            return None
        text = self.get(self.names["suspend_data"])
        if not text:
            return None
        self.suspended = text
        try:
            state = suspend.decode(text, self.bank)
        except ValueError as exc:
            self.log("learning system: saved progress not used: %s" % exc)
            return text
        member = state.get("member")
        if isinstance(member, dict) and member.get("id") != self.learner["id"]:
            return None
        self._baseline(state)
        return json.dumps(state)

    def _baseline(self, state):
        """What a resumed state already told the system (committed with its progress)."""
        self.written = self.written + [interaction for interaction, _ in self._answered(state)]
        self.status = self._status(state) or self.status

    # ------------------------------------------------------------ after every step

    def sync(self, state, now):
        if not self.open or not self.writable:
            return
        recorded = self._record_answers(state, now)
        status = self._status(state)
        if status is not None and status != self.status:
            self._report(status, state.get("record"))
            recorded = True
        self._keep(state)
        if recorded:
            self.commit()
        if state["phase"] == "signed" and self.status == "passed":
            self.finish(now, done=True)

    def _answered(self, state):
        """[(interaction id, answer number)] of the answers of the state's attempt."""
        if state.get("phase") not in ("question", "feedback", "result", "signed"):
            return []
        drawn = state.get("drawn") or []
        return [(scorm.interaction_id(state["attempt"], n + 1, drawn[n]["id"]), n)
                for n in range(min(len(state.get("answers") or []), len(drawn)))]

    def _record_answers(self, state, now):
        recorded = False
        for interaction, n in self._answered(state):
            if interaction in self.written:
                continue
            question = self.questions[state["drawn"][n]["id"]]
            self.set_values(scorm.interaction_values(self.version, self.count, state["attempt"],
                                                     n + 1, question, state["answers"][n], now))
            self.count += 1
            self.written = self.written + [interaction]
            recorded = True
        return recorded

    def _status(self, state):
        """"incomplete", "failed", "passed" for the state, or None (nothing to say yet)."""
        phase, record = state.get("phase"), state.get("record")
        if phase in ("question", "feedback"):
            return "incomplete"
        if phase == "result" and isinstance(record, dict):
            return "failed" if record.get("result") == "failed" else "incomplete"
        if phase == "signed":
            return "passed"
        return None

    def _report(self, status, record):
        values = scorm.status_values(self.version, status)
        if status in ("failed", "passed"):
            score = record["score"]
            values += scorm.score_values(self.version, score["correct"], score["total"])
        if status == "passed":
            values += scorm.comment_values(self.version, self.comments, record)
            self.comments += 1
        self.set_values(values)
        self.status = status

    def _keep(self, state):
        text = suspend.encode(state, self.bank)
        if text == self.suspended:
            return
        if len(text) > scorm.SUSPEND_LIMIT:
            self._refused(self.names["suspend_data"], text, "%d characters, more than the %d "
                          "a learning system keeps" % (len(text), scorm.SUSPEND_LIMIT))
            return
        self.set_values([(self.names["suspend_data"], text)])
        self.suspended = text

    # ------------------------------------------------------------ the end of a session

    def leave(self, state, now):
        """The page is going away (closed, reloaded, navigated): keep what is unfinished."""
        if self.open:
            self.finish(now, done=isinstance(state, dict) and state.get("phase") == "signed")

    def finish(self, now, done):
        """The session's end: how the member left and how long it took, then Terminate, which
        makes the system keep everything (an implied commit: an explicit one is refused while
        the page is going away, as browsers block a synchronous request then)."""
        if self.writable:
            seconds = _seconds(self.started, now)
            self.set_values([(self.names["exit"], scorm.EXIT[self.version]["done" if done else "suspend"]),
                             (self.names["session_time"], scorm.session_time(self.version, seconds))])
        self.open = False
        if self._api("terminate", "") != "true":
            self._refused("Terminate", "", "error " + self._api("error"))


def _whole(text):
    return int(text) if text.isdigit() else 0


def _seconds(start, end):
    try:
        return epoch_seconds(end) - epoch_seconds(start)
    except ValueError:
        return 0


def file_link(href):
    """Where a link of the quiz points inside a SCORM package: a package's files are served one
    by one, so a folder address ("orders/dgo-i-19/#a-2", as on the site) names its index.html.
    Addresses with a scheme or starting with "/" or "#" are left alone."""
    path, hash_mark, fragment = href.partition("#")
    if not path or ":" in path or path.startswith("/") or not path.endswith("/"):
        return href
    return path + "index.html" + hash_mark + fragment
