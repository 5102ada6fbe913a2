"""`rectify calendar`: an iCalendar (.ics) file of the deadlines, milestones, review and reporting dates still ahead.

Exit codes as for `rectify list`: 0 written; 1 some ledgers invalid (left out, the file is still
written from the valid ones); 2 a usage error (an organisation or round not there, a file not writable).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from rectify_cli.cli.common import EXIT_INVALID, LedgersOption, fail, guarded, parse_date, usage_error
from rectify_cli.errors import os_reason, say


@guarded
def calendar(
    round_number: Annotated[Optional[int], typer.Option("--round", min=1, help="Only this round's dates.",
                                                        show_default=False)] = None,
    org: Annotated[Optional[list[str]], typer.Option("--org", help="Only this organisation (repeatable).",
                                                     show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE", help="Write the calendar to FILE, e.g. jc-edu.ics (default: stdout).",
        show_default=False)] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="The dates still undone on this date (default: today); also every event's DTSTAMP "
                        "(default: the latest recorded change).", show_default=False)] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="en or zh (default: zh: a calendar leaves the office).",
                                                show_default=False)] = None,
    ledgers: LedgersOption = None,
) -> None:
    """Write an iCalendar file (.ics, for Outlook, WPS and phone calendars) of the deadlines, measures,
    milestones, long-term review dates, periodic reports owed (报送) and ends of the concentrated period still undone, for a round or
    for the organisations named; all-day events with stable UIDs, the same bytes for the same ledgers."""
    from rectify_cli import reports
    from rectify_cli.cli.common import ledger_folder, limits, today
    from rectify_cli.render.console import write_stderr
    from rectify_cli.render.ics import calendar_bytes
    from rectify_cli.render.words import LANGS, word

    language = lang or "zh"
    if language not in LANGS:
        usage_error(say("--lang: {lang!r} is not one of {value}", lang=language, value=", ".join(LANGS)))
    now = today()
    request = reports.ListRequest(ledger_folder(ledgers), now, parse_date(as_of, "--as-of", None), round_number,
                                  tuple(org or []), limits=limits())
    try:
        result = reports.calendar(request)
    except reports.NotThere as error:
        _left_out(error.findings)
        fail(error)
    _left_out(result.findings)
    data = calendar_bytes(result.events, result.stamp, language, round_number, "、".join(result.names) or None)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            output.write_bytes(data)
        except OSError as exc:
            usage_error(say("--output: cannot write {output!r}: {value}", output=str(output), value=os_reason(exc)))
        write_stderr(word("wrote", language, path=str(output)))
    if result.invalid:
        raise typer.Exit(EXIT_INVALID)


def _left_out(findings) -> None:
    """The findings of the invalid ledgers left out, on stderr (as `rectify list` says them)."""
    if findings:
        from rectify_cli.cli.common import message_language, said
        from rectify_cli.render.console import write_stderr
        from rectify_cli.render.findings import findings_text

        write_stderr(findings_text(findings, message_language()))
        write_stderr(said(say("skipped invalid ledger(s): {value}",
                              value=", ".join(dict.fromkeys(f.file for f in findings if f.severity == "error")))))
