"""回头看: `rectify sample` (a reproducible random sample of the round's closed problems, written into
the ledgers, or re-drawn with --check) and `rectify recheck` (a sampled problem's re-check result).

Exit codes: 0 written (or the re-draw equals the record), 1 refused (or the re-draw differs), 2 usage.
"""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from rectify_cli.cli.common import (
    ByOption,
    DateOption,
    DryRunOption,
    LedgersOption,
    OrgArgument,
    ProblemArgument,
    actor,
    context,
    guarded,
    limits,
    need_all,
    run_edit,
    said,
    usage_error,
)
from rectify_cli.errors import say


@guarded
def sample(
    round: Annotated[int, typer.Option("--round", min=1, help="The round whose closed problems are drawn.")],
    seed: Annotated[str, typer.Option("--seed", help="The seed, recorded with the sample (e.g. the date and a witness).")],
    share: Annotated[Optional[str], typer.Option("--share", help="Share of the closed problems, e.g. 20% (rounded up).",
                                                 show_default=False)] = None,
    count: Annotated[Optional[int], typer.Option("--count", min=1, metavar="N", help="Number of problems drawn.",
                                                 show_default=False)] = None,
    per_organisation: Annotated[bool, typer.Option("--per-organisation",
                                                   help="Draw in each organisation apart (default: over all).")] = False,
    check: Annotated[bool, typer.Option("--check", help="Re-draw the recorded sample of --seed and compare; write nothing.")] = False,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Draw a reproducible random sample of the round's closed problems to re-check (回头看), record it in each
    ledger concerned and print it; with --check, re-draw a recorded sample and compare (exit 1 if it differs).

    Method (docs/format.md, "Samples"): candidates sorted by (organisation, id), then
    random.Random("SEED:ROUND").sample (per organisation: "SEED:ROUND:ORG")."""
    from rectify_cli.edit import rechecks
    from rectify_cli.model import parse_fraction
    from rectify_cli.sampling import Draw

    folder, policy, today = context(ledgers)
    if check:
        result = rechecks.check_sample(folder, policy, round, seed, today, limits())
        _print(result)
        for org, kept, again in result.differences:
            sys.stderr.write(said(say("{org}: recorded {kept}, re-drawn {again}", org=org, kept=", ".join(kept) or "-",
                                      again=", ".join(again) or "-")) + "\n")
        if result.differences:
            sys.stderr.write(said(say("the recorded sample differs from the draw of seed {seed!r}", seed=seed)) + "\n")
            raise typer.Exit(1)
        sys.stderr.write(said(say("the recorded sample equals the draw of seed {seed!r}", seed=seed)) + "\n")
        return
    if (share is None) == (count is None):
        usage_error(say("give --share or --count, exactly one"), hint=say("e.g. --share 20% or --count 5"))
    try:
        fraction = parse_fraction(share) if share is not None else None
    except ValueError as exc:
        usage_error(say("--share: {reason}", reason=exc.args[0] if exc.args else str(exc)))
    acting = actor(by, date, today)
    draw = Draw(round, acting.date, seed, fraction, count, per_organisation)
    result = rechecks.draw_sample(folder, policy, draw, acting, limits(), dry_run=dry_run)
    _print(result)
    if dry_run:
        sys.stderr.write(said(say("dry run: nothing was written")) + "\n")


def _print(result) -> None:
    for org, ids in result.drawn.items():
        for problem in ids:
            sys.stdout.write(f"{org}\t{problem}\n")
    total = sum(len(ids) for ids in result.drawn.values())
    sys.stderr.write(said(say("{drawn} of {candidates} closed problem(s) of round {round} drawn with seed {seed!r} on {date}",
                              drawn=total, candidates=sum(result.candidates.values()), round=result.draw.round,
                              seed=result.draw.seed, date=result.draw.date)) + "\n")


@guarded
def recheck(
    org: OrgArgument,
    problem: ProblemArgument,
    result: Annotated[Optional[str], typer.Option(
        "--result", metavar="confirmed|inadequate|false",
        help="confirmed keeps it closed; inadequate (整改不到位) and false (虚假整改) reopen it.")] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help="What the re-check found (复查情况).")] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record the re-check (回头看) of a problem drawn in a sample: confirmed, inadequate or false."""
    from rectify_cli.edit import rechecks

    result, reason = need_all((result, "--result", say("Result (confirmed, inadequate, false)")),
                              (reason, "--reason", say("What the re-check found (复查情况)")))
    run_edit(ledgers, org, lambda ledger, document, acting, policy: rechecks.recheck(
        ledger, document, problem, result, reason, acting), dry_run, by=by, date=date)
