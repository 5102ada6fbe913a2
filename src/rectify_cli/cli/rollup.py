"""The `rollup` command: one round over the ledger folders of the offices below (county → city → province).

Thin: options here, the work in rollup.py (each folder reported as `rectify report` reports it)
and render/rollup.py. Exit codes as `rectify report`: 0 printed, 1 some ledger files invalid (the
valid ones are in the figures, the invalid listed), 2 usage or a roll-up file that cannot be read,
3 a --fail-on consequence fired.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from rectify_cli.cli.common import (
    EXIT_CONSEQUENCE,
    EXIT_INVALID,
    EXIT_OK,
    Lang,
    emit,
    guarded,
    language_of,
    limits,
    said,
)
from rectify_cli.cli.common import usage_error as _usage
from rectify_cli.cli.report import AsOfOption, FailOnOption, LangOption, OutputOption, RoundNumberOption
from rectify_cli.errors import say


class RollupFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    plain = "plain"
    json = "json"


@guarded
def rollup(
    file: Annotated[Path, typer.Argument(help="The roll-up file listing the ledger folders below (rollup.yaml).",
                                         dir_okay=False, show_default=False)],
    round_number: RoundNumberOption,
    as_of: AsOfOption = None,
    output_format: Annotated[RollupFormat, typer.Option("--format", "-f", help="Output format.")] = RollupFormat.table,
    output: OutputOption = None,
    lang: LangOption = None,
    fail_on: FailOnOption = None,
) -> None:
    """A round over many ledger folders: figures per organisation, per county and per city, with totals.

    Each folder (a county's repository or submodule) is reported as `rectify report` reports it,
    under its own policy; units sum the folders below them. Organisations are named by their path
    (city/county/organisation). Ends with the provenance of every folder: commit and content hash.
    Exit 0 printed, 1 invalid ledgers (the valid ones are counted), 2 usage, 3 a --fail-on
    consequence fired.
    """
    from rectify_cli import reports
    from rectify_cli import rollup as core
    from rectify_cli.cli.common import parse_date, today
    from rectify_cli.render.console import write_stderr

    if not file.is_file():
        _usage(say("no roll-up file {file!r}", file=str(file)), say("give the path of rollup.yaml (docs/rollup.md)"))
    language = language_of(lang)
    from functools import partial

    from rectify_cli.render.rollup import folder_json

    # JSON: each folder's organisations are written where the folder is reported (on every core)
    render = partial(folder_json, lang=language) if output_format is RollupFormat.json else None
    request = core.RollupRequest(file, round_number, today(), parse_date(as_of, "--as-of"),
                                 reports.fail_on_rules(fail_on or []), limits(), render=render)
    try:
        result = core.rollup_report(request)
    except reports.RoundNotRecorded as error:
        if error.invalid:
            write_stderr(said(say("rectify: error: {message}", message=error.message)))
            _left_out(error.invalid)
        _usage(error.message, say("check --round"))
    emit(_rendered(result, output_format.value, language, output), output, language)
    if result.invalid:
        _left_out(result.invalid)
    for rule, organisations in result.gated.items():
        write_stderr(said(say("rectify: {rule} fired for {value} (--fail-on)", rule=rule, value=', '.join(organisations))))
    raise typer.Exit(EXIT_CONSEQUENCE if result.gated else EXIT_OK)


def _rendered(result, output_format: str, language: str, output: Path | None) -> str | Iterator[str]:
    from rectify_cli.render import rollup as render
    from rectify_cli.render.report import render_document

    if output_format == "json":
        return render.rollup_json_parts(result, language)
    to_terminal = output is None and sys.stdout.isatty()
    width = None
    if to_terminal:
        import shutil

        width = shutil.get_terminal_size().columns
    return render_document(render.rollup_document(result, language), output_format, language, width=width)


def _left_out(invalid: list[str]) -> None:
    from rectify_cli.render.console import write_stderr

    write_stderr(said(say("rectify: {countinvalid} invalid ledger file(s) left out of the roll-up (run `rectify validate` in their folder for details):", countinvalid=len(invalid))))
    for name in invalid:
        write_stderr(said(say("  {name}", name=name)))
    raise typer.Exit(EXIT_INVALID)


__all__ = ["Lang", "rollup"]
