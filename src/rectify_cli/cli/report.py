"""The `report` command: parse options, call figures.round_report and policy.apply, render.

Exit codes (the contract, see cli.py and docs): 0 the report was printed; 1 some ledger files are
invalid (the report covers the valid ones and the invalid files are listed on stderr) or the
policy is invalid (no report); 2 a usage error: a bad option value, an unknown --fail-on rule, an
organisation or category that is not there, or a round no valid ledger records; 3 a consequence
named by --fail-on fired (stderr says which rule fired for which organisations). When ledgers are
invalid, 1 wins over 3: a gate must not pass or fail on partial figures; the output names the
invalid files too. Data goes to stdout (or --output), messages to stderr.

Views: the report itself (computed from per-file summaries, cached), --open, --due-soon, --explain
and --trend (these load every model). --at COMMIT copies the ledger files and policy of that
commit into a temporary folder (provenance.checkout) and reports on them; every report ends with
its provenance (provenance.describe).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from rectify_cli.cli import (
    EXIT_CONSEQUENCE,
    EXIT_INVALID,
    EXIT_OK,
    Lang,
    LedgersOption,
    NoColorOption,
    ReportFormat,
    app,
    guarded,
)
from rectify_cli.cli import usage_error as _usage
from rectify_cli.consequences import RULES_HELP


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        _usage(f"{option}: {value!r} is not a date; write YYYY-MM-DD, e.g. 2019-08-10")


def _fail_on(values: list[str]) -> set[str]:
    from rectify_cli.consequences import RULE_IDS

    wanted = set()
    for value in values:
        for name in (part.strip() for part in value.split(",")):
            if name == "any":
                wanted.update(RULE_IDS)
            elif name in RULE_IDS:
                wanted.add(name)
            else:
                _usage(f"--fail-on: unknown rule {name!r}", "use one of: " + ", ".join(RULE_IDS) + ", or any")
    return wanted


def _find_org(round_number: int, wanted: str, option: str, known: dict[str, str]) -> str:
    """An organisation by id or by its exact name."""
    for org_id, name in known.items():
        if wanted in (org_id, name):
            return org_id
    _usage(f"{option}: no organisation {wanted!r} in round {round_number}",
           "organisations of this round: " + ", ".join(f"{i} ({n})" for i, n in known.items()))


@app.command()
@guarded
def report(
    round_number: Annotated[int, typer.Option("--round", "-r", min=1, help="Inspection round, e.g. 7.", metavar="N", show_default=False)],
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="Figures as they stood on this date, YYYY-MM-DD (default: today).", metavar="DATE",
        show_default=False)] = None,
    org: Annotated[Optional[list[str]], typer.Option(
        "--org", help="Only this organisation (id or name); repeatable.", metavar="ORG", show_default=False)] = None,
    category: Annotated[Optional[list[str]], typer.Option(
        "--category", help="Only problems of this category; repeatable.", metavar="CATEGORY", show_default=False)] = None,
    open_view: Annotated[bool, typer.Option(
        "--open", help="The table of items still being rectified (正在整改情况统计表), overdue marked.")] = False,
    due_soon: Annotated[bool, typer.Option(
        "--due-soon", help="The warnings (三色预警): open problems and unfinished measures of the round and its "
                           "carry-over, red (overdue), yellow or green by days left, most urgent first.")] = False,
    explain: Annotated[Optional[str], typer.Option(
        "--explain", help="How ORG's rate is counted: each problem in or out of numerator and denominator, and why.",
        metavar="ORG", show_default=False)] = None,
    output_format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.table,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Write to this file instead of stdout.", dir_okay=False, metavar="FILE",
        show_default=False)] = None,
    lang: Annotated[Optional[Lang], typer.Option(
        "--lang", help="Language of headers, statuses and reasons (default: RECTIFY_LANG, then the locale).",
        show_default=False)] = None,
    fail_on: Annotated[Optional[list[str]], typer.Option(
        "--fail-on", help=f"Exit 3 when this consequence fires: {RULES_HELP}, or any; repeatable.",
        metavar="RULE", show_default=False)] = None,
    trend: Annotated[bool, typer.Option(
        "--trend", help="Add the rate at each month-end of the concentrated period (a table; a line chart in HTML).")] = False,
    at: Annotated[Optional[str], typer.Option(
        "--at", help="Read the ledgers and policy as they were at this git commit (the work tree is not touched).",
        metavar="COMMIT", show_default=False)] = None,
    ledgers: LedgersOption = None,
    no_color: NoColorOption = False,
) -> None:
    """The figures of a round, the consequences that fire, and a summary (整改进展情况统计表).

    Figures are as of --as-of (default today) by the business dates in the ledgers; consequences
    are judged at the end of each organisation's concentrated period (or as-of if earlier, or as
    the policy says). Every report ends with its provenance: git commit, content hash, parameters.
    Exit 0 printed, 1 invalid ledgers (the valid ones are reported), 2 usage, 3 a --fail-on
    consequence fired.
    """
    import contextlib

    from rectify_cli.validation import pipeline as check

    if sum(map(bool, (open_view, explain, due_soon))) > 1:
        _usage("choose one of --open, --due-soon and --explain")
    if trend and (open_view or explain or due_soon):
        _usage("--trend goes with the report itself, not with --open, --due-soon or --explain")
    folder = check.ledger_folder(ledgers)
    with contextlib.ExitStack() as stack:
        commit = None
        read_from = folder
        if at is not None:
            import tempfile

            from rectify_cli.provenance import checkout

            read_from = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rectify-at-"))) / folder.name
            commit = checkout(folder, at, read_from)
        view = "explain" if explain else ("open" if open_view else ("due" if due_soon else "report"))
        _report(round_number, as_of, org, category, view, explain, output_format, output, lang, fail_on, trend,
                folder, read_from, commit, no_color)


def _report(round_number, as_of, org, category, view, explain, output_format, output, lang, fail_on, trend,
            git_folder: Path, folder: Path, commit: str | None, no_color: bool) -> None:
    """The report over `folder` (the ledger folder, or its files at `commit` copied out by --at)."""
    from rectify_cli import consequences as rules
    from rectify_cli import figures, provenance
    from rectify_cli.render.findings import color_wanted, findings_text, write_stderr
    from rectify_cli.render.report import render
    from rectify_cli.render.words import default_lang, word
    from rectify_cli.validation import pipeline as check

    gate = _fail_on(fail_on or [])
    language = lang.value if lang is not None else default_lang()
    today = check.today()
    on = _date(as_of, "--as-of") or today

    loaded_policy, policy_problems = check.load_policy(folder)
    if policy_problems:
        write_stderr(findings_text(policy_problems))
        write_stderr(f"rectify: error: the policy in {folder} is not valid; no report")
        raise typer.Exit(EXIT_INVALID)
    categories = list(category or [])
    for name in categories:
        if loaded_policy.categories and name not in loaded_policy.categories:
            _usage(f"--category: {name!r} is not a category of the policy",
                   "categories: " + ", ".join(loaded_policy.categories))
    valid = []
    if view == "report" and not trend:
        # Each file is summarised where it is validated (maybe in a worker process); unchanged files
        # come from the content-keyed cache, so a large ledger folder is not parsed again.
        result, parts, rounds_of = _summaries(check, figures, folder, loaded_policy, today, round_number, on, categories)
    else:
        result = check.check_paths([folder], loaded_policy, today)
        valid = [item.ledger for item in result.valid_ledgers()]
        parts = [part for ledger in valid
                 if (part := figures.organisation_round(ledger, round_number, on, loaded_policy, categories))]
        rounds_of = [i.round for ledger in valid for i in ledger.inspections]
    # files read by --at live in a temporary folder: name them as they are in the commit
    invalid = [f"{git_folder / Path(name).name} (at {commit[:12]})" if commit else name
               for name in result.invalid_files]

    def finish_invalid() -> None:
        errors = sum(1 for p in result.problems if p.severity == "error")
        write_stderr(f"rectify: {len(invalid)} invalid ledger file(s) left out of the report "
                     f"({errors} error(s); run `rectify validate` for details):")
        for name in invalid:
            write_stderr(f"  {name}")
        raise typer.Exit(EXIT_INVALID)

    in_round = {part.id: part.name for part in sorted(parts, key=lambda part: part.id)}
    if not in_round:
        recorded = ", ".join(str(r) for r in sorted(set(rounds_of))) or "none"
        message = f"no valid ledger in {folder} records round {round_number} (rounds recorded: {recorded})"
        if invalid:
            write_stderr(f"rectify: error: {message}")
            finish_invalid()
        _usage(message, "check --round, or add the round with `rectify add-round`")
    wanted_orgs = [_find_org(round_number, name, "--org", in_round) for name in org or []]
    explain_id = _find_org(round_number, explain, "--explain", in_round) if explain else None
    if explain_id and wanted_orgs and explain_id not in wanted_orgs:
        wanted_orgs.append(explain_id)

    data = figures.combine(parts, round=round_number, as_of=on, policy=loaded_policy,
                           organisations=wanted_orgs, categories=categories)
    results = rules.apply(data)
    explained = data.organisation(explain_id) if explain_id else None
    series = (figures.rate_series(valid, round_number, on, loaded_policy, wanted_orgs, categories)
              if trend else None)
    parameters = provenance.parameters(loaded_policy, round=round_number, as_of=on.isoformat(),
                                       organisations=wanted_orgs, categories=categories)
    source = provenance.describe(folder, parameters, git_folder=git_folder, at_commit=commit)

    to_terminal = output is None and sys.stdout.isatty()
    color = to_terminal and color_wanted(no_color)
    width = None
    if to_terminal:
        import shutil

        width = shutil.get_terminal_size().columns
    text = render(data, results, output_format.value, language, view=view, explain=explained, color=color, width=width,
                  provenance=source, series=series, invalid=invalid)
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            _usage(f"--output: cannot write {str(output)!r}: {exc.strerror or exc}")
        write_stderr(word("wrote", language, path=str(output)))
    else:
        _write_stdout(text)

    if invalid:
        finish_invalid()
    fired: dict[str, list[str]] = {}
    for org_id, results_of in results.items():
        for result_of in results_of:
            if result_of.fired and result_of.rule in gate:
                fired.setdefault(result_of.rule, []).append(org_id)
    if fired:
        # the gate says why it failed: which rule, for which organisations (in the policy's order of rules)
        for rule in rules.RULE_IDS:
            if rule in fired:
                write_stderr(f"rectify: {rule} fired for {', '.join(sorted(fired[rule]))} (--fail-on)")
        raise typer.Exit(EXIT_CONSEQUENCE)
    raise typer.Exit(EXIT_OK)


def _summaries(check, figures, folder: Path, policy, today: dt.date, round_number: int, on: dt.date,
               categories: list[str]):
    """Validate every file and summarise the valid ones for the round: (result, parts, rounds recorded)."""
    from dataclasses import fields
    from functools import partial

    from rectify_cli.validation import cache

    kinds = (figures.LedgerSummary, figures.OrgReport, figures.Figures)
    for kind in kinds:
        cache.allow("rectify_cli.figures", kind.__name__)
    # the shape of what is cached is part of its key: a summary of another shape is never read back
    shape = ";".join(f"{kind.__name__}:{','.join(f.name for f in fields(kind))}" for kind in kinds)
    summarise = partial(figures.summarise_ledger, round=round_number, as_of=on, policy=policy,
                        categories=tuple(categories))
    result = check.check_paths([folder], policy, today, summarise=summarise, keep_ledgers=False,
                               summary_key=f"report\n{figures.RULES_VERSION}\n{shape}\n{round_number}\n{on}\n{sorted(categories)}")
    bad = set(result.invalid_files)
    summaries = [summary for display, summary in result.summaries.items() if display not in bad]
    parts = [summary.report for summary in summaries if summary.report is not None]
    return result, parts, [r for summary in summaries for r in summary.rounds]


def _write_stdout(text: str) -> None:
    """Text to stdout as UTF-8 whatever the console's code page (a CSV's BOM included)."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
        stream.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        stream.write(text)
        stream.flush()
