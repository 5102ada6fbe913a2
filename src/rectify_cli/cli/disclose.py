"""`rectify disclose`: the round's published text (整改情况公开), checked against the report, and its record.

Exit codes: 0 printed (and recorded), 1 a figure of the text is not the report's or the text carries something
the policy never publishes (nothing is recorded), or an invalid ledger; 2 usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from rectify_cli.cli.common import (
    EXIT_INVALID,
    ByOption,
    DateOption,
    DryRunOption,
    LedgersOption,
    guarded,
    ledger_folder,
    limits,
    parse_date,
    run_edit,
    said,
    today,
)
from rectify_cli.cli.report import AsOfOption, LangOption, OrgOption, RoundNumberOption
from rectify_cli.errors import say


@guarded
def disclose(
    round_number: RoundNumberOption,
    as_of: AsOfOption = None,
    org: OrgOption = None,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", help="text (the text to publish) or json (the text, its sha256, figures, redactions).",
        metavar="text|json")] = "text",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the text to this file.",
                                                   show_default=False)] = None,
    record: Annotated[bool, typer.Option(
        "--record", help="Record the publication in each ledger concerned: date, where, sha256 and figures.")] = False,
    where: Annotated[Optional[str], typer.Option("--where", help="Where it is published, e.g. 江城日报 (with --record).",
                                                 show_default=False)] = None,
    date: DateOption = None,
    by: ByOption = None,
    lang: LangOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """The published text of a round (整改情况公开), made from the report's figures.

    "反馈问题N个，已完成整改X个…" for the round and each organisation (with --org, those organisations
    alone), at --as-of.

    What the policy's disclosure rules never publish is left out and listed on stderr; every figure of the
    text is read back and compared with the report's JSON. --record writes what was published, when and
    where, with the text's sha256, into each ledger concerned (a later change of the ledger contradicting a
    published figure is reported by `rectify report`)."""
    from rectify_cli import crosscheck, reports
    from rectify_cli.cli.common import usage_error
    from rectify_cli.render.data import report_json

    if output_format not in ("text", "json"):
        usage_error(say("--format: {value!r} is not text or json", value=output_format))
    if (where is not None or date is not None) and not record:
        usage_error(say("--where and --date go with --record"))
    folder = ledger_folder(ledgers)
    request = reports.RoundRequest(folder, round_number, today(), parse_date(as_of, "--as-of"), tuple(org or []),
                                   limits=limits())
    made, result = reports.disclose(request)
    data = json.loads(report_json(result.report, result.results, "zh"))
    wrong = crosscheck.disclosure_mismatches(made.text, data)
    text = _as_json(made, result, round_number, wrong) if output_format == "json" else made.text
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    _review(made, wrong)
    if result.invalid:
        from rectify_cli.cli.common import exit_left_out

        exit_left_out(result.invalid)
    if record:
        _record(made, result, round_number, where, ledgers, dry_run, by, date)


def _review(made, wrong: list) -> None:
    """What was left out, any forbidden text or wrong figure (exit 1: nothing recorded), on stderr."""
    from rectify_cli.render.console import write_stderr

    for _kind, what in made.redacted:
        write_stderr(said(say("left out: {what}", what=what)))
    for kind, item in made.leaks:
        write_stderr(said(say("rectify: error: the text carries {kind} {text!r}, which the policy never publishes",
                              kind=kind, text=item)))
    for mismatch in wrong:
        write_stderr(said(say("rectify: error: {message}", message=mismatch)))
    if made.leaks or wrong:
        raise typer.Exit(EXIT_INVALID)
    write_stderr(said(say("every figure of the text is the report's (sha256 {sha})", sha=made.sha256)))


def _record(made, result, round_number: int, where, ledgers, dry_run: bool, by, date) -> None:
    from rectify_cli.edit.operations import record_disclosure

    for org_id, stated in made.figures.items():
        run_edit(ledgers, org_id, lambda ledger, document, actor, policy, stated=stated: record_disclosure(
            ledger, document, round_number, made.scope, made.sha256, result.report.as_of, stated, where, actor),
            dry_run, by=by, date=date)

def _as_json(made, result, round_number: int, wrong: list) -> str:
    """The JSON form: the text, its sha256, the figures per organisation, what was left out, and the check."""
    return json.dumps({"round": round_number, "as_of": result.report.as_of.isoformat(), "scope": made.scope,
                       "text": made.text, "sha256": made.sha256,
                       "figures": {k: {n: str(v) if not isinstance(v, int) else v for n, v in f.items()}
                                   for k, f in made.figures.items()},
                       "redacted": [{"kind": kind, "what": said(what)} for kind, what in made.redacted],
                       "leaks": [{"kind": kind, "text": item} for kind, item in made.leaks],
                       "mismatches": [said(m) for m in wrong]}, ensure_ascii=False, indent=2) + "\n"
