"""The commands of closure review (销号审核): `rectify submit` (申请销号), `rectify approve`, `rectify return`.

Each parses its options and runs one edit of edit/review.py through `run_edit` (one locked,
validated write). Exit codes as for every editing command: 0 written, 1 refused, 2 usage.
"""

from __future__ import annotations

from pathlib import Path
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
    ledger_folder,
    need,
    run_edit,
)
from rectify_cli.errors import say

StepOption = Annotated[Optional[str], typer.Option(
    "--step", metavar="STEP", help=asked("The review step, by its id in policy.yaml (review.steps), e.g. team."))]


@guarded
def submit(
    org: OrgArgument,
    problem: ProblemArgument,
    evidence: Annotated[Optional[list[Path]], typer.Option(
        "--evidence", metavar="FILE",
        help="Evidence file in the repository (repeatable); it must exist, and its sha256 is recorded.")] = None,
    paper: Annotated[Optional[list[str]], typer.Option(
        "--paper", metavar="TEXT", help="Evidence that is not a file (repeatable): a paper document or its number.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="What the unit says was done (申请说明).")] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Submit a problem's closure for review (申请销号), with its evidence.

    The closure gates of `rectify close` apply (measures done, evidence that exists). The problem is
    under review (待审核) until the policy's last required step approves it, and closed on that date.
    """
    from rectify_cli.edit import operations as edits
    from rectify_cli.edit import review
    from rectify_cli.validation.evidence import repository_root

    root = repository_root(ledger_folder(ledgers))
    run_edit(ledgers, org, lambda ledger, document, actor, policy: review.submit(
        ledger, document, problem, note, edits.evidence_records(list(evidence or []), root, list(paper or [])), actor,
        policy), dry_run, by=by, date=date)


@guarded
def approve(
    org: OrgArgument,
    problem: ProblemArgument,
    step: StepOption = None,
    note: Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="The reviewer's opinion (审核意见).")] = None,
    date: DateOption = None,
    by: ByOption = None,
    sign_with: SignWithOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Approve a submitted closure at one review step; the last required step closes the problem."""
    from rectify_cli.edit import review

    step = need(step, "--step", say("Review step (审核环节)"))
    run_edit(ledgers, org, lambda ledger, document, actor, policy: review.approve(
        ledger, document, problem, step, note, actor, policy), dry_run, by=by, date=date, sign_with=sign_with)


@guarded
def return_closure(
    org: OrgArgument,
    problem: ProblemArgument,
    step: StepOption = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help=asked("Why it is returned, for the unit to act on (退回理由)."))] = None,
    date: DateOption = None,
    by: ByOption = None,
    sign_with: SignWithOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Return a submitted closure to the unit with the reasons (退回); the problem goes back to its status."""
    from rectify_cli.edit import review

    step = need(step, "--step", say("Review step (审核环节)"))
    reason = need(reason, "--reason", say("Reason (退回理由)"))
    run_edit(ledgers, org, lambda ledger, document, actor, policy: review.return_closure(
        ledger, document, problem, step, reason, actor, policy), dry_run, by=by, date=date, sign_with=sign_with)
