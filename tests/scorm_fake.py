"""A learning system's SCORM API as web/lms.py sees it (portable: the MicroPython tests load it
too). It keeps the values, logs the calls, snapshots every commit, and enforces SCORM's rules
on the order of calls: Initialize first, nothing after Terminate, interactions numbered in
order, an interaction's type before its responses. It does not judge values: quiz.scorm's
checks are tested on their own, and tests/test_scorm_lms.py runs the real thing (scorm-again).
"""

NAMES = {
    "1.2": {"LMSInitialize": "initialize", "LMSGetValue": "get", "LMSSetValue": "set",
            "LMSCommit": "commit", "LMSFinish": "terminate", "LMSGetLastError": "error"},
    "2004": {"Initialize": "initialize", "GetValue": "get", "SetValue": "set",
             "Commit": "commit", "Terminate": "terminate", "GetLastError": "error"},
}
RESPONSES = ("student_response", "learner_response", "correct_responses")


class FakeLms:
    def __init__(self, version, data=None, refuse=(), start=True):
        self.version = version
        self.data = dict(data or {})
        self.refuse = refuse            # elements whose SetValue fails (error 405)
        self.start = start              # False: Initialize fails
        self.phase = "new"
        self.error = "0"
        self.calls = []
        self.commits = []

    def __call__(self, method, *args):
        self.calls.append([method] + list(args))
        action = NAMES[self.version][method]
        if action == "error":
            return self.error
        return getattr(self, "_" + action)(*args)

    def _fail(self, code):
        self.error = code
        return "false" if code != "0" else "true"

    def _initialize(self, _):
        if self.phase != "new" or not self.start:
            return self._fail("103")
        self.phase = "running"
        return self._fail("0")

    def _get(self, element):
        if self.phase != "running":
            self._fail("123")
            return ""
        self.error = "0"
        if element.endswith("._count"):
            return str(self.count(element[:-len("._count")]))
        return self.data.get(element, "")

    def count(self, prefix):
        indexes = []
        for key in self.data:
            if key.startswith(prefix + "."):
                head = key[len(prefix) + 1:].split(".")[0]
                if head.isdigit() and head not in indexes:
                    indexes.append(head)
        return len(indexes)

    def _set(self, element, value):
        if self.phase != "running":
            return self._fail("132")
        if element in self.refuse:
            return self._fail("405")
        parts = element.split(".")
        if element.startswith("cmi.interactions."):
            index = int(parts[2])
            if index > self.count("cmi.interactions"):
                return self._fail("351")
            base = "cmi.interactions.%d." % index
            if [p for p in RESPONSES if p in parts] and base + "type" not in self.data:
                return self._fail("408")
        self.data[element] = value
        return self._fail("0")

    def _commit(self, _):
        if self.phase != "running":
            return self._fail("142")
        self.commits.append(dict(self.data))
        return self._fail("0")

    def _terminate(self, _):
        if self.phase != "running":
            return self._fail("112")
        self.commits.append(dict(self.data))
        self.phase = "terminated"
        return self._fail("0")


def wrong_choice(question, item):
    """A wrong answer to a drawn question: the first shown option that is not the answer."""
    from quiz.bank import correct_ids
    return [option for option in item["options"] if [option] != correct_ids(question)][:1]


def play(version, bank, plan, data=None, saved=None, seed=5):
    """Drive quiz.session and web.lms as web/quiz_app.py does, through a FakeLms holding data.
    plan: steps "start", "right", "wrong" (answer the question shown, then go on), "retake",
    "sign", "leave". saved: the state JSON the page restored (None: a fresh state).
    Returns (fake, lms, state); each step happens one minute after the last."""
    import json
    from quiz import session
    from quiz.bank import correct_ids
    from web.lms import connect
    fake = FakeLms(version, data)
    clock = [0]   # minutes since 2026-11-02 09:00 UTC; a retake comes two days later, past
                  # any waiting time the bank sets between attempts

    def now(minutes=1):
        from quiz.clock import civil_from_days, days_from_civil
        clock[0] += minutes
        total = days_from_civil(2026, 11, 2) * 1440 + 9 * 60 + clock[0]
        return "%sT%02d:%02d:00Z" % (civil_from_days(total // 1440), total // 60 % 24, total % 60)
    lms, _ = connect((version, fake), bank, now(), log=lambda text: None)
    text = lms.saved_text()
    state = json.loads(text) if text else session.new_state(bank)
    for step in plan:
        if step == "start":
            fields = lms.member_fields()
            fields["unit"] = "Patrol Area 2"
            session.start(state, bank, fields, now(), seed)
        elif step in ("right", "wrong"):
            question, item = session.current(state, bank)
            chosen = correct_ids(question) if step == "right" else wrong_choice(question, item)
            session.answer(state, bank, chosen)
            lms.sync(state, now())
            session.next_step(state, bank, now())
        elif step == "retake":
            session.retake(state, bank, now(2 * 1440), seed + 1)
        elif step == "sign":
            session.sign(state, bank, True, now())
        elif step == "leave":
            lms.leave(state, now())
            continue
        lms.sync(state, now())
    return fake, lms, state
