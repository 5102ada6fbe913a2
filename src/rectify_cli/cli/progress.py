"""Between feedback and closure: `rectify progress` (a dated progress report, 一月一报), `rectify milestone`
(a measure's planned steps, 时间节点, and their completion) and `rectify progress-report` (the periodic
report of a month or quarter written from those entries, for the unit to check and send).

Exit codes: 0 written, 1 refused or some ledgers invalid, 2 usage error.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Annotated, Optional

import typer

from rectify_cli.cli.common import (
    ByOption,
    DateOption,
    DryRunOption,
    LedgersOption,
    NoColorOption,
    OrgArgument,
    ProblemArgument,
    asked,
    guarded,
    language_of,
    ledger_folder,
    need,
    parse_date,
    run_edit,
    said,
    usage_error,
    write_drafts,
)
from rectify_cli.cli.report import LangOption
from rectify_cli.cli.supervision import NoticeFormat
from rectify_cli.errors import say


@guarded
def progress(
    org: OrgArgument,
    problem: ProblemArgument,
    measure: Annotated[Optional[str], typer.Option(
        "--measure", metavar="M", help="Report on this measure (default: the problem as a whole).",
        show_default=False)] = None,
    done: Annotated[Optional[str], typer.Option("--done", help=asked("What was done since the last report (已完成工作)."))] = None,
    next_step: Annotated[Optional[str], typer.Option("--next", help="The next step (下一步计划).", show_default=False)] = None,
    obstacles: Annotated[Optional[str], typer.Option("--obstacles", help="Obstacles met (存在困难).",
                                                     show_default=False)] = None,
    support: Annotated[Optional[str], typer.Option("--support", help="Support or coordination needed (需协调事项).",
                                                   show_default=False)] = None,
    percent: Annotated[Optional[int], typer.Option("--percent", min=0, max=100, metavar="N",
                                                   help="Share of the work done, 0-100 (完成进度).",
                                                   show_default=False)] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a dated progress report (整改进展, 一月一报) on a problem or one of its measures."""
    from rectify_cli.edit import progress as plans

    done = need(done, "--done", say("What was done (已完成工作)"))
    run_edit(ledgers, org, lambda ledger, document, actor, policy: plans.record_progress(
        ledger, document, problem, measure, done, next_step, obstacles, support, percent, actor),
        dry_run, by=by, date=date)


@guarded
def milestone(
    org: OrgArgument,
    problem: ProblemArgument,
    measure: Annotated[str, typer.Argument(help="Measure id, e.g. M1.")],
    text: Annotated[Optional[str], typer.Option("--text", help="Plan a milestone: what is to be done by --due (节点任务).",
                                                show_default=False)] = None,
    due: Annotated[Optional[str], typer.Option("--due", help="Its planned date, YYYY-MM-DD (计划完成日期).",
                                               show_default=False)] = None,
    done: Annotated[Optional[str], typer.Option("--done", metavar="N", help="Mark milestone N (e.g. N1) done on --date.",
                                                show_default=False)] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Plan a milestone of a measure (时间节点: --text and --due; prints its id, such as N1), or mark one done
    (--done N1). A measure is behind plan when a milestone's date has passed undone."""
    from rectify_cli.edit import progress as plans

    if done is not None:
        if text is not None or due is not None:
            usage_error(say("--done marks a milestone done; --text and --due plan a new one: give one or the other"))
        run_edit(ledgers, org, lambda ledger, document, actor, policy: plans.milestone_done(
            ledger, document, problem, measure, done, actor), dry_run, by=by, date=date)
        return
    if text is None and due is None:
        usage_error(say("give --text and --due to plan a milestone, or --done N to mark one done"),
                    hint=say("e.g. rectify milestone ORG P7-001 M1 --text 完成排查 --due 2026-03-31"))
    text = need(text, "--text", say("Milestone (节点任务)"))
    due_date = parse_date(need(due, "--due", say("Planned date YYYY-MM-DD (计划完成日期)")), "--due")
    run_edit(ledgers, org, lambda ledger, document, actor, policy: plans.add_milestone(
        ledger, document, problem, measure, text, due_date, actor), dry_run, by=by, date=date, print_value=True)


@guarded
def progress_report(
    round: Annotated[int, typer.Option("--round", min=1, help="The round.")],
    period: Annotated[str, typer.Option(
        "--period", metavar="PERIOD", help="The month (2026-11) or quarter (2026-Q4) the report covers.")],
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", metavar="DATE", help="The figures' date when the period has not ended (default: today).",
        show_default=False)] = None,
    org: Annotated[Optional[list[str]], typer.Option("--org", help="Only this organisation (repeatable).",
                                                     show_default=False)] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", metavar="DIR", help="Write each organisation's report as a Markdown document into this folder.",
        show_default=False)] = None,
    word: Annotated[bool, typer.Option(
        "--word", help="With --out: also write each report as a Word draft (.docx, the official layout).")] = False,
    output_format: Annotated[NoticeFormat, typer.Option(
        "--format", "-f", help="table, markdown or json.")] = NoticeFormat.table,
    lang: LangOption = None,
    ledgers: LedgersOption = None,
    no_color: NoColorOption = False,
) -> None:
    """The periodic progress report (月报, 季报) of each organisation for a month or quarter, written from the
    ledger: the figures on the period's last day, the progress entries, milestones and closures of the period,
    and the problems being rectified that reported no progress. With --out, one document per organisation for
    the unit to check and send; record it sent with `rectify submit-report`."""
    from rectify_cli import reports
    from rectify_cli.cli.common import EXIT_INVALID, limits
    from rectify_cli.render import periodic as render
    from rectify_cli.render.console import color_wanted, write_document
    from rectify_cli.settings import today as today_of

    if word and out is None:
        usage_error(say("--word writes into the folder of --out"), hint=say("add --out DIR"))
    language = language_of(lang)
    today = today_of()
    on = parse_date(as_of, "--as-of", today) if as_of is not None else None
    result = reports.progress_reports(ledger_folder(ledgers), round, period, today, on, tuple(org or []), limits())
    if result.not_begun:
        sys.stderr.write(said(say("rectify: note: left out, fed back after {period} ended: {names}", period=period,
                                  names="、".join(result.not_begun))) + "\n")
    if output_format == NoticeFormat.json:
        sys.stdout.write(render.reports_json(result.reports, period, round))
    else:
        from rectify_cli.render.report import render_document

        doc = render.summary_document(result.reports, period, round, language)
        write_document(render_document(doc, "markdown" if output_format == NoticeFormat.markdown else "table",
                                       language, color=color_wanted(no_color), invalid=result.invalid))
    if out is not None:
        write_drafts(out, [(render.file_name(item), partial(render.report_markdown, item, language),
                            partial(render.report_docx, item, language)) for item in result.reports], word)
        sys.stderr.write(said(say("{count} progress report(s) written to {path}", count=len(result.reports),
                                  path=str(out))) + "\n")
    if result.invalid:
        raise typer.Exit(EXIT_INVALID)
