"""UTC timestamps as text ("2026-11-29T16:30:17Z"), parsed without datetime.

MicroPython's datetime is partial; records only need whole-second UTC times, their
difference (xAPI duration) and their date, so a tiny exact parser serves both runtimes.
"""


def normalize_iso(text):
    """'2026-11-29T16:30:17.123Z' (as JavaScript prints it) -> '2026-11-29T16:30:17Z'.

    Raises ValueError when text is not a UTC timestamp in that form.
    """
    if not isinstance(text, str) or len(text) < 20 or not text.endswith("Z"):
        raise ValueError("expected a UTC time like 2026-11-29T16:30:17Z")
    head, fraction = text[:19], text[19:-1]
    if fraction and not (fraction[0] == "." and fraction[1:].isdigit()):
        raise ValueError("expected a UTC time like 2026-11-29T16:30:17Z")
    _fields(head)
    return head + "Z"


def is_time(value):
    """True when value is a UTC time exactly as records and saved progress write it."""
    try:
        return normalize_iso(value) == value
    except ValueError:
        return False


def _fields(head):
    shape = "dddd-dd-ddTdd:dd:dd"
    if len(head) != len(shape):
        raise ValueError("expected a UTC time like 2026-11-29T16:30:17Z")
    for ch, want in zip(head, shape):
        if (want == "d" and not ch.isdigit()) or (want != "d" and ch != want):
            raise ValueError("expected a UTC time like 2026-11-29T16:30:17Z")
    year, month, day = int(head[0:4]), int(head[5:7]), int(head[8:10])
    hour, minute, second = int(head[11:13]), int(head[14:16]), int(head[17:19])
    if not (1 <= month <= 12 and 1 <= day <= days_in_month(year, month)
            and hour < 24 and minute < 60 and second < 60):
        raise ValueError("no such date or time: " + head)
    return year, month, day, hour, minute, second


def days_in_month(year, month):
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def parse_date(text):
    """'2026-11-29' -> days since 1970-01-01; ValueError when it is not a real date."""
    if not isinstance(text, str) or len(text) != 10:
        raise ValueError("expected a date like 2026-11-29")
    year, month, day = _fields(text + "T00:00:00")[:3]
    return days_from_civil(year, month, day)


def epoch_seconds(text):
    year, month, day, hour, minute, second = _fields(normalize_iso(text)[:19])
    return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second


def days_from_civil(year, month, day):
    """Days since 1970-01-01 (Howard Hinnant's algorithm, proleptic Gregorian)."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(days):
    """Inverse of days_from_civil -> 'YYYY-MM-DD'."""
    days += 719468
    era = days // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + (3 if mp < 10 else -9)
    year = yoe + era * 400 + (month <= 2)
    return "%04d-%02d-%02d" % (year, month, day)


def iso_duration(seconds):
    """xAPI duration: 754 -> 'PT12M34S'."""
    seconds = max(0, int(seconds))
    hours, rest = seconds // 3600, seconds % 3600
    text = "PT"
    if hours:
        text += "%dH" % hours
    if rest // 60:
        text += "%dM" % (rest // 60)
    return text + "%dS" % (rest % 60)


def iso_from_epoch(seconds):
    """Inverse of epoch_seconds: 86401 -> '1970-01-02T00:00:01Z'."""
    seconds = int(seconds)
    rest = seconds % 86400
    return "%sT%02d:%02d:%02dZ" % (civil_from_days(seconds // 86400), rest // 3600,
                                   rest % 3600 // 60, rest % 60)


def wait_text(seconds):
    """A waiting time in words, rounded up to the minute: 3601 -> '1 hour 1 minute'; in hours
    up to two days ('24 hours' reads better than '1 day')."""
    minutes = (max(0, int(seconds)) + 59) // 60
    days = minutes // 1440 if minutes >= 2880 else 0
    hours, minutes = (minutes - days * 1440) // 60, minutes % 60
    parts = [_plural(days, "day"), _plural(hours, "hour"), _plural(minutes, "minute")]
    return " ".join(part for part in parts if part) or "less than a minute"


def _plural(count, unit):
    if not count:
        return ""
    return "%d %s%s" % (count, unit, "" if count == 1 else "s")
