"""The bank's attempt settings (quiz/bank/<slug>.yaml, top-level `attempts:`), checked with the
rest of the bank (quiz/tools/bank.py) so a mistake fails the build with file:line: field.

    attempts:
      allowed: 3              # attempts per member (Moodle: "Attempts allowed")
      wait_minutes: 60        # after the first attempt that does not pass
      later_wait_minutes: 1440  # after each later one (Moodle: "between later attempts")

What they mean for the member: quiz/attempts.py. Unlimited attempts are not offered: the
answers held back during attempts are shown "at the end", and an assessment needs one.
"""
from model.tools.yaml_source import Problem, check_keys

ATTEMPT_KEYS = ("allowed", "wait_minutes", "later_wait_minutes")
LIMITS = {"allowed": (1, 10), "wait_minutes": (0, 10080), "later_wait_minutes": (0, 10080)}
UNITS = {"allowed": "attempts", "wait_minutes": "minutes (a week at most)",
         "later_wait_minutes": "minutes (a week at most)"}


def attempt_problems(attempts: object) -> list[Problem]:
    """Problems of the `attempts` mapping as (path, message), [] when it is valid."""
    path = ("attempts",)
    if not isinstance(attempts, dict):
        return [(path, "must be a mapping with " + ", ".join(ATTEMPT_KEYS))]
    problems: list[Problem] = check_keys(attempts, path, ATTEMPT_KEYS, ATTEMPT_KEYS)
    for key in ATTEMPT_KEYS:
        value, (low, high) = attempts.get(key), LIMITS[key]
        if key in attempts and (isinstance(value, bool) or not isinstance(value, int)
                                or not low <= value <= high):
            problems.append((path + (key,), f"must be a whole number of {UNITS[key]} from "
                                            f"{low} to {high}, got {value!r}"))
    return problems


def attempts_json(attempts: dict[str, int]) -> dict[str, int]:
    """The settings as the browser's bank carries them."""
    return {key: attempts[key] for key in ATTEMPT_KEYS}
