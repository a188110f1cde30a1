"""Dates as the memos print them: ISO "YYYY-MM-DD" text, checked by hand because
MicroPython's `re` has no {n} repetition and its `datetime` is optional."""

_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class DateError(ValueError):
    pass


def check_date(text, label="the date"):
    """text stripped, if it is a real calendar date written YYYY-MM-DD; raises DateError."""
    text = (text or "").strip()
    parts = text.split("-")
    if len(parts) != 3 or [len(p) for p in parts] != [4, 2, 2] or not all(_digits(p) for p in parts):
        raise DateError(f"{label} \"{text}\" is not a date written YYYY-MM-DD (e.g. 2026-01-31)")
    year, month, day = int(parts[0]), int(parts[1]), int(parts[2])
    if not 1 <= month <= 12 or not 1 <= day <= days_in_month(year, month):
        raise DateError(f"{label} \"{text}\" does not exist in the calendar")
    return text


def days_in_month(year, month):
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _DAYS[month - 1]


def quarter(date):
    """'2026-11-29' -> '2026 Q4': the quarter whose inspection D-2 asks for."""
    return f"{date[:4]} Q{(int(date[5:7]) - 1) // 3 + 1}"


def _digits(text):
    return all(c in "0123456789" for c in text)
