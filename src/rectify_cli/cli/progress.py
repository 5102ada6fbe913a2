"""Between feedback and closure: `rectify progress` (a dated progress report, 一月一报) and
`rectify milestone` (a measure's planned steps, 时间节点, and their completion).

Exit codes: 0 written, 1 refused, 2 usage error.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rectify_cli.cli.common import (
    ByOption,
    DateOption,
    DryRunOption,
    LedgersOption,
    OrgArgument,
    ProblemArgument,
    asked,
    guarded,
    need,
    parse_date,
    run_edit,
    usage_error,
)
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
