"""The `validate` and `schema` commands: check ledgers and their rules; write the JSON Schemas from the models."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rectify_cli.cli.common import (
    EXIT_INPUT,
    EXIT_INVALID,
    EXIT_OK,
    FindingsFormat,
    Lang,
    LedgersOption,
    NoColorOption,
    QuietOption,
    guarded,
    ledger_folder,
    message_language,
    progress_bar,
    said,
)
from rectify_cli.errors import say


@guarded
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Ledger files or folders (default: the ledger folder).",
                                                          show_default=False)] = None,
    ledgers: LedgersOption = None,
    output_format: Annotated[Optional[FindingsFormat], typer.Option(
        "--format", "-f", help="text, json, or github annotations (default: github when GITHUB_ACTIONS=true).",
        show_default=False)] = None,
    evidence: Annotated[bool, typer.Option("--evidence", help="Also check evidence files, filed reports and replies still match their sha256 (their existence is always checked).")] = False,
    signatures: Annotated[bool, typer.Option("--signatures", help="Also check signed approvals against the policy's signers (签名).")] = False,
    quiet: QuietOption = False,
    no_color: NoColorOption = False,
    lang: Annotated[Optional[Lang], typer.Option(
        "--lang", help="Language of the messages and hints (default: RECTIFY_LANG, then the locale).",
        show_default=False)] = None,
) -> None:
    """Check ledgers: YAML, types, and the rules (ids, rounds, dates, closure gates, history).

    Reports every error in every file, as FILE:LINE:COL: CODE message. Exit 0 when all are valid,
    1 when any is invalid, 2 when a path cannot be read.
    """
    from rectify_cli import load, settings
    from rectify_cli.render.console import write_stderr, write_stdout
    from rectify_cli.render.findings import findings_github, findings_json, findings_text
    from rectify_cli.validation import pipeline as check
    from rectify_cli.validation.policy_file import load_policy

    folder = ledger_folder(ledgers) if not paths else (ledgers or _folder_of(paths))
    for path in paths or []:
        if not path.exists():
            from rectify_cli.errors import UnreadableInput
            from rectify_cli.suggest import near_file

            raise UnreadableInput(say("{path}: no such file or folder", path=path), hint=near_file(path))
    policy, policy_problems = load_policy(folder)
    targets = list(paths or [folder])
    with progress_bar(len(load.ledger_files(targets)), quiet, no_color) as advance:
        result = check.check_paths(targets, policy, settings.today(), evidence=evidence, keep_ledgers=False,
                                   progress=advance, limits=settings.current().limits(), signatures=signatures,
                                   evidence_files=True)
    result.problems[:0] = policy_problems
    if output_format is None:
        output_format = FindingsFormat.github if settings.current().github_actions else FindingsFormat.text
    if output_format is FindingsFormat.json:
        write_stdout(findings_json(result.problems, message_language()))
    elif output_format is FindingsFormat.github:
        write_stdout(findings_github(result.problems, message_language()))
    else:
        write_stdout(findings_text(result.problems, message_language()))
    if result.files == 0 and not result.problems:
        write_stderr(said(say("rectify: error: no ledger files (*.yaml) in {value}", value=', '.join(str(p) for p in targets))))
        raise typer.Exit(EXIT_INPUT)
    bad = len(result.invalid_files)
    errors = sum(1 for p in result.problems if p.severity == "error")
    if not quiet or bad:
        summary = (say("{files} ledger file(s) checked: all valid", files=result.files) if not bad else
                   say("{files} ledger file(s) checked: {errors} error(s) in {bad} file(s)", files=result.files,
                       errors=errors, bad=bad))
        write_stderr(said(summary))
    raise typer.Exit(EXIT_INVALID if bad else EXIT_OK)


def _folder_of(paths: list[Path]) -> Path:
    """The ledger folder for explicitly named files: the folder of the first, for its policy.yaml."""
    first = paths[0]
    return first if first.is_dir() else first.parent


@guarded
def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write the schemas into.")] = Path("schemas"),
    check_only: Annotated[bool, typer.Option("--check", help="Exit 1 if the files differ from the models.")] = False,
) -> None:
    """Write schemas/ledger.schema.json and schemas/policy.schema.json from the models."""
    from rectify_cli.render.console import write_stderr
    from rectify_cli.schemas import schema_texts

    stale = []
    for name, text in schema_texts().items():
        target = output / name
        if check_only:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(str(target))
            continue
        output.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        write_stderr(said(say("wrote {target}", target=target)))
    if stale:
        write_stderr(said(say("out of date: {files} (run `rectify schema`)", files=", ".join(stale))))
        raise typer.Exit(EXIT_INVALID)
