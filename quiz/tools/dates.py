"""Dates in the Department's time zone, and the dates of an order (CPython: zoneinfo with the
pinned tzdata package, so the answer does not depend on the computer's own settings).

E-1's 90 days are counted in calendar days where the Department is: a sign-off at 18:30 in
Oakland on the due day is 02:30 UTC the next day, and is on time.
"""
import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from model.tools.cli import Refused
from quiz.clock import epoch_seconds, parse_date

DEFAULT_TIME_ZONE = "America/Los_Angeles"


def department_zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name (e.g. America/Los_Angeles); Refused when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Refused(f"--time-zone {name!r} is not a time zone; give an IANA name such as "
                      f"{DEFAULT_TIME_ZONE}")


def local_date(iso: str, zone: ZoneInfo) -> str:
    """'YYYY-MM-DD' of a UTC time (as records write it) in zone."""
    moment = datetime.datetime.fromtimestamp(epoch_seconds(iso), datetime.timezone.utc)
    return moment.astimezone(zone).strftime("%Y-%m-%d")


def local_day(iso: str, zone: ZoneInfo) -> int:
    """Days since 1970-01-01 of the local date of a UTC time in zone."""
    return parse_date(local_date(iso, zone))


def today(zone: ZoneInfo, now: datetime.datetime | None = None) -> str:
    """Today's date in zone."""
    moment = now or datetime.datetime.now(datetime.timezone.utc)
    return moment.astimezone(zone).strftime("%Y-%m-%d")


def order_dates(data: dict[str, Any]) -> tuple[str | None, str | None]:
    """(date signed, effective date) of an order's model data, each 'YYYY-MM-DD' or None.

    Read defensively: the effective date (a field the order model may carry, with version
    history) falls back to the date signed; a value that is not a real date counts as absent.
    """
    signed = _date_text(data.get("date_signed"))
    effective = _date_text(data.get("effective_date")) or signed
    return signed, effective


def _date_text(value: object) -> str | None:
    if isinstance(value, datetime.date):
        value = value.strftime("%Y-%m-%d")
    if not isinstance(value, str):
        return None
    try:
        parse_date(value)
    except ValueError:
        return None
    return value
