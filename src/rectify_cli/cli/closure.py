"""The commands of claims and closures: `rectify claim` (a unit reports a problem finished) and
`rectify close-claims` (claimed problems closed with the evidence files found for them).

Each parses its options and runs one edit of edit/claims.py through `run_edit` (one locked,
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
    guarded,
    ledger_folder,
    run_edit,
)


@guarded
def claim(
    org: OrgArgument,
    problem: ProblemArgument,
    awaits: Annotated[Optional[str], typer.Option(
        "--awaits", metavar="TEXT", show_default=False,
        help="What the verified closure still needs, e.g. 佐证材料 (待补材料).")] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record that the unit reports a problem finished (自报完成), awaiting verification.

    The status becomes claimed, never in the rate until `rectify close` verifies it (对账销号)."""
    from rectify_cli.edit import claims

    run_edit(ledgers, org, lambda ledger, document, actor, policy: claims.claim(
        ledger, document, problem, awaits, actor), dry_run, by=by, date=date)


@guarded
def close_claims(
    org: OrgArgument,
    evidence_dir: Annotated[Path, typer.Option(
        "--evidence-dir", metavar="DIR", file_okay=False,
        help="Folder of evidence named after the problems: P7-003-会议纪要.pdf, or a folder P7-003/.")],
    verified_by: Annotated[Optional[str], typer.Option(
        "--verified-by", help="Who verified the closures (验收单位).", show_default=False)] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Close, in one write, every claimed problem of ORG whose evidence files are in DIR (对账销号).

    A claimed problem's measures not yet done are recorded done on its claimed date (the unit's
    word, in the history); each closure then passes the gates of `rectify close`. Claimed
    problems with no file in DIR stay claimed and are named.
    """
    from rectify_cli.edit import claims
    from rectify_cli.validation.evidence import repository_root

    root = repository_root(ledger_folder(ledgers))

    def change(ledger, document, actor, policy):
        found = claims.claim_evidence(ledger, evidence_dir)
        return claims.close_claims(ledger, document, found, root, verified_by, actor, policy)

    run_edit(ledgers, org, change, dry_run, by=by, date=date)
