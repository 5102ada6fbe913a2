"""Outcomes other than rectified (整改认定) and extensions asked for: `rectify partial`, `rectify waive`,
`rectify dismiss`, `rectify request-extension`, `rectify refuse-extension`.

Each parses its options and runs one edit of edit/decisions.py through `run_edit` (one locked,
validated write). Exit codes as for every editing command: 0 written, 1 refused, 2 usage.
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
    SignWithOption,
    asked,
    guarded,
    need_all,
    parse_date,
    run_edit,
    usage_error,
)
from rectify_cli.errors import say

ReasonOption = Annotated[Optional[str], typer.Option("--reason", help=asked("Why (认定理由)."))]
# what a clerk types for --ground in Chinese: the two grounds' own names, read as their ids
_GROUND_WORDS = {"反馈不实": "inaccurate", "申诉成立": "appeal"}
ApprovedByOption = Annotated[Optional[str], typer.Option(
    "--approved-by", help=asked("Who approved the decision, e.g. 市委巡察办 (批准单位)."))]


def _needed(reason: str | None, approved_by: str | None, *more: tuple) -> list:
    return need_all((reason, "--reason", say("Reason (认定理由)")),
                    (approved_by, "--approved-by", say("Approved by (批准单位)")), *more)


def _decide(org: str, problem: str, kind: str, reason: str, approved_by: str, date: str | None,
            by: str | None, sign_with, ledgers, dry_run: bool, **extra) -> None:
    from rectify_cli.edit import decisions

    run_edit(ledgers, org, lambda ledger, document, actor, policy: decisions.decide(
        ledger, document, problem, kind, reason, approved_by, actor, **extra), dry_run, by=by, date=date,
        sign_with=sign_with)


@guarded
def partial(
    org: OrgArgument,
    problem: ProblemArgument,
    reason: ReasonOption = None,
    approved_by: ApprovedByOption = None,
    remaining: Annotated[Optional[str], typer.Option("--remaining", help="What remains undone (未完成部分).",
                                                     show_default=False)] = None,
    date: DateOption = None,
    by: ByOption = None,
    sign_with: SignWithOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record that a problem is partly rectified (部分整改), as approved: shown beside the rate; the policy says
    whether it counts as rectified (rectified_statuses)."""
    reason, approved_by = _needed(reason, approved_by)
    _decide(org, problem, "partial", reason, approved_by, date, by, sign_with, ledgers, dry_run, remaining=remaining)


@guarded
def waive(
    org: OrgArgument,
    problem: ProblemArgument,
    until: Annotated[Optional[str], typer.Option("--until", metavar="DATE",
                                                 help=asked("The waiver's last day, YYYY-MM-DD (暂缓期限)."))] = None,
    reason: ReasonOption = None,
    approved_by: ApprovedByOption = None,
    date: DateOption = None,
    by: ByOption = None,
    sign_with: SignWithOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record an approved non-rectification (暂缓整改) until a date; from the day after, the problem is open again
    (reactivated). Waiving a waived problem again renews it."""
    reason, approved_by, until = _needed(reason, approved_by, (until, "--until", say("Last day YYYY-MM-DD (暂缓期限)")))
    expires = parse_date(until, "--until")
    _decide(org, problem, "waived", reason, approved_by, date, by, sign_with, ledgers, dry_run, expires=expires)


@guarded
def dismiss(
    org: OrgArgument,
    problem: ProblemArgument,
    ground: Annotated[Optional[str], typer.Option(
        "--ground", metavar="GROUND",
        help=asked("inaccurate (反馈不实) or appeal (申诉成立); the Chinese words are read as these."))] = None,
    reason: ReasonOption = None,
    approved_by: ApprovedByOption = None,
    date: DateOption = None,
    by: ByOption = None,
    sign_with: SignWithOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record that a problem is not upheld (不予认定: 反馈不实, 申诉成立): out of the count by the default policy,
    its record and text kept."""
    from rectify_cli.model import DISMISSAL_GROUNDS
    from rectify_cli.suggest import did_you_mean

    reason, approved_by, ground = _needed(reason, approved_by,
                                          (ground, "--ground", say("Ground: inaccurate 反馈不实 / appeal 申诉成立")))
    ground = _GROUND_WORDS.get(ground.strip(), ground)   # the Chinese words name the grounds exactly
    if ground not in DISMISSAL_GROUNDS:
        usage_error(say("--ground {ground!r} is not one of inaccurate, appeal", ground=ground),
                    hint=did_you_mean(ground, list(DISMISSAL_GROUNDS)) or say("inaccurate 反馈不实 / appeal 申诉成立"))
    _decide(org, problem, "dismissed", reason, approved_by, date, by, sign_with, ledgers, dry_run, ground=ground)


@guarded
def request_extension(
    org: OrgArgument,
    problem: ProblemArgument,
    to: Annotated[Optional[str], typer.Option("--to", metavar="DATE", help=asked("The deadline asked for."))] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help=asked("Why (申请理由)."))] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record the unit's request for a later deadline (申请延期), pending until `rectify extend` approves it or
    `rectify refuse-extension` refuses it; the report counts requests and approvals apart."""
    from rectify_cli.edit import decisions

    to_text, reason = need_all((to, "--to", say("New deadline YYYY-MM-DD")), (reason, "--reason", say("Reason (申请理由)")))
    new_deadline = parse_date(to_text, "--to")
    run_edit(ledgers, org, lambda ledger, document, actor, policy: decisions.request_extension(
        ledger, document, problem, new_deadline, reason, actor), dry_run, by=by, date=date)


@guarded
def refuse_extension(
    org: OrgArgument,
    problem: ProblemArgument,
    reason: Annotated[Optional[str], typer.Option("--reason", help=asked("Why it is refused (不予批准理由)."))] = None,
    refused_by: Annotated[Optional[str], typer.Option("--refused-by", help=asked("Who refused it (审批单位)."))] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Refuse the pending extension request (不予批准): the deadline stays."""
    from rectify_cli.edit import decisions

    reason, refused_by = need_all((reason, "--reason", say("Reason (不予批准理由)")),
                                  (refused_by, "--refused-by", say("Refused by (审批单位)")))
    run_edit(ledgers, org, lambda ledger, document, actor, policy: decisions.refuse_extension(
        ledger, document, problem, reason, refused_by, actor), dry_run, by=by, date=date)
