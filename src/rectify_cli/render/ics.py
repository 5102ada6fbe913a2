"""Calendar events (schedule.py) as an iCalendar file (RFC 5545) through the icalendar library.

Every event is all-day (DTSTART;VALUE=DATE, DTEND the next day), transparent (it does not block the
day), with a stable UID and one DTSTAMP given by the caller, so the same ledgers give the same bytes:
Outlook, WPS and phone calendars update the events of a calendar imported again instead of doubling them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rectify_cli.render.words import word
from rectify_cli.schedule import Event

PRODID = "-//rectify//rectify calendar//ZH"


def _summary(event: Event, lang: str) -> str:
    kind = word(f"event_{event.kind}", lang)
    if event.kind == "period-end":
        return word("event_summary_round", lang, kind=kind, round=event.round, organisation=event.organisation_name)
    if event.kind == "report":
        return word("event_summary_report", lang, kind=kind, period=event.item, round=event.round,
                    organisation=event.organisation_name)
    return word("event_summary", lang, kind=kind, item=event.item, text=event.text, organisation=event.organisation_name)


def _description(event: Event, lang: str) -> str:
    lines = [event.text] if event.text else []
    if event.person:
        lines.append(word("event_person", lang, person=event.person))
    if event.overdue:
        lines.append(word("event_overdue", lang))
    if event.kind == "report":
        lines.append(f"rectify submit-report {event.organisation} --round {event.round} --period {event.item}")
    else:
        lines.append(f"rectify show {event.organisation} {event.item.split('/')[0]}".rstrip())
    return "\n".join(lines)


def calendar_bytes(events: Sequence[Event], stamp: dt.datetime, lang: str, round_number: int | None = None,
                   name: str | None = None) -> bytes:
    """The .ics file of `events`, every DTSTAMP `stamp` (deterministic for the same input)."""
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    scope = word("calendar_round", lang, round=round_number) if round_number is not None else ""
    title = word("calendar_name", lang, scope=scope) + (f" {name}" if name else "")
    calendar.add("x-wr-calname", title)
    for event in events:
        item = CalendarEvent()
        item.add("uid", event.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", event.date)
        item.add("dtend", event.date + dt.timedelta(days=1))
        item.add("summary", _summary(event, lang))
        item.add("description", _description(event, lang))
        item.add("categories", [word(f"event_{event.kind}", lang)])
        item.add("transp", "TRANSPARENT")
        calendar.add_component(item)
    return calendar.to_ical()
