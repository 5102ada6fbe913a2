"""`rectify correct`: put a mistyped value right (更正), with its reason, through one locked, validated write.

Exit codes as for every editing command: 0 written, 1 refused (nothing written), 2 usage.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Optional

import typer

from rectify_cli.cli.common import (
    ByOption,
    DryRunOption,
    LedgersOption,
    OrgArgument,
    ProblemArgument,
    guarded,
    ledger_folder,
    need,
    parse_date,
    run_edit,
)


@guarded
def correct(
    org: OrgArgument,
    problem: ProblemArgument,
    measure: Annotated[Optional[str], typer.Argument(
        help="Measure id, e.g. M1, when the field is a measure's (text, owner, done_on, evidence).",
        show_default=False)] = None,
    field: Annotated[Optional[str], typer.Option(
        "--field", metavar="FIELD", show_default=False,
        help="The field to put right. Of a problem: found_on, summary, responsible.leader, responsible.unit, "
             "responsible.person, closed.date, closed.evidence, claimed.date, long_term.since. Of a measure: "
             "text, owner, done_on, evidence. Never a deadline (rectify extend) or a closure (rectify reopen).")] = None,
    to: Annotated[Optional[str], typer.Option(
        "--to", metavar="VALUE", show_default=False,
        help="The right value: a date (YYYY-MM-DD), a text, or an evidence file (its sha256 is recorded).")] = None,
    reason: Annotated[Optional[str], typer.Option(
        "--reason", metavar="TEXT", show_default=False, help="Why the recorded value was wrong (更正原因).")] = None,
    replacing: Annotated[Optional[str], typer.Option(
        "--from", metavar="VALUE", show_default=False,
        help="The value being replaced: picks one of several evidence files; otherwise refused unless it is "
             "the recorded value.")] = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Correct a mistyped value (更正), with a reason.

    Puts right a business date, an evidence path, the summary, a measure's text or owner, or a
    responsible person. The history records the field, the old and the new value, why, who and when; `rectify show` and
    `rectify report --explain` say the value was corrected. A correction never moves a deadline
    (`rectify extend`, with its approver) and never undoes a closure (`rectify reopen`).
    """
    from rectify_cli.edit import corrections

    name = need(field, "--field", "Field to correct, e.g. found_on, closed.date, summary")
    target = corrections.field_named(name, measure is not None, org, problem)
    given = need(to, "--to", "The right value")
    reason = need(reason, "--reason", "Reason (更正原因)")
    value: dt.date | str | dict = given
    if target.kind == "date":
        value = parse_date(given, "--to")
        replacing = parse_date(replacing, "--from").isoformat() if replacing is not None else None
    elif target.kind == "evidence":
        from rectify_cli.validation.evidence import repository_root

        value = corrections.evidence_record(given, repository_root(ledger_folder(ledgers)))
    request = corrections.Correction(problem=problem, field=target, value=value, reason=reason,
                                     measure=measure, replacing=replacing)
    run_edit(ledgers, org, lambda ledger, document, actor, policy: corrections.correct(
        ledger, document, request, actor), dry_run, by=by)
