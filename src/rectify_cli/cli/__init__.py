"""The typer app: each command parses its options, calls one core function and renders the result.

Exit codes (a contract, see README): 0 success, 1 invalid ledgers or a refused change,
2 usage error or unreadable input, 3 a consequence fired under --fail-on.
Heavy modules (pydantic, yaml, rich) are imported inside the commands so `rectify --help` is quick.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rectify_cli import __version__

app = typer.Typer(
    name="rectify",
    help="Ledgers for the rectification of problems found by inspection tours (巡视巡察整改台账), kept as YAML in git.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_INVALID, EXIT_INPUT, EXIT_CONSEQUENCE = 0, 1, 2, 3

LedgersOption = Annotated[
    Optional[Path],
    typer.Option("--ledgers", envvar="RECTIFY_LEDGERS", help="Ledger folder (default: ./ledgers).",
                 show_default=False, file_okay=False),
]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="No colours (also: NO_COLOR=1).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]


def guarded(function):
    """Render a RectifyError once, on stderr, with its exit code; never a traceback."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        from rectify_cli.errors import RectifyError

        try:
            return function(*args, **kwargs)
        except RectifyError as error:
            fail(error)

    return wrapper


def fail(error) -> None:
    from rectify_cli.render.findings import findings_text, write_stderr

    write_stderr(f"rectify: error: {error.message}")
    if error.problems:
        write_stderr(findings_text(error.problems))
    if error.hint:
        write_stderr(f"  hint: {error.hint}")
    raise typer.Exit(error.exit_code)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"rectify {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """rectify keeps one YAML ledger per inspected organisation and reports on a round."""
    from rectify_cli import settings
    from rectify_cli.errors import RectifyError

    try:
        settings.current()  # a bad environment variable stops here, before any work, with exit 2
    except RectifyError as error:
        fail(error)


class ReportFormat(str, Enum):
    """Output formats of the reading commands (report, trend, common)."""

    table = "table"
    markdown = "markdown"
    plain = "plain"
    csv = "csv"
    json = "json"
    html = "html"


class Lang(str, Enum):
    en = "en"
    zh = "zh"


def usage_error(message: str, hint: str = "") -> None:
    """A bad option value found after parsing: the message on stderr and exit 2, like typer's own."""
    sys.stderr.write(f"rectify: error: {message}\n")
    if hint:
        sys.stderr.write(f"  hint: {hint}\n")
    raise typer.Exit(EXIT_INPUT)


class FindingsFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
@guarded
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Ledger files or folders (default: the ledger folder).",
                                                          show_default=False)] = None,
    ledgers: LedgersOption = None,
    output_format: Annotated[Optional[FindingsFormat], typer.Option(
        "--format", "-f", help="text, json, or github annotations (default: github when GITHUB_ACTIONS=true).",
        show_default=False)] = None,
    evidence: Annotated[bool, typer.Option("--evidence", help="Also check evidence files exist and match their sha256.")] = False,
    quiet: QuietOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Check ledgers: YAML, types, and the rules (ids, rounds, dates, closure gates, history).

    Reports every error in every file, as FILE:LINE:COL: CODE message. Exit 0 when all are valid,
    1 when any is invalid, 2 when a path cannot be read.
    """
    from rectify_cli import load, settings
    from rectify_cli.render.findings import findings_github, findings_json, findings_text, write_stderr, write_stdout
    from rectify_cli.validation import pipeline as check
    from rectify_cli.validation.policy_file import load_policy

    folder = check.ledger_folder(ledgers) if not paths else (ledgers or _folder_of(paths))
    for path in paths or []:
        if not path.exists():
            from rectify_cli.errors import UnreadableInput

            raise UnreadableInput(f"{path}: no such file or folder")
    policy, policy_problems = load_policy(folder)
    targets = list(paths or [folder])
    with progress_bar(len(load.ledger_files(targets)), quiet, no_color) as advance:
        result = check.check_paths(targets, policy, settings.today(), evidence=evidence, keep_ledgers=False,
                                   progress=advance)
    result.problems[:0] = policy_problems
    if output_format is None:
        output_format = FindingsFormat.github if settings.current().github_actions else FindingsFormat.text
    if output_format is FindingsFormat.json:
        write_stdout(findings_json(result.problems))
    elif output_format is FindingsFormat.github:
        write_stdout(findings_github(result.problems))
    else:
        write_stdout(findings_text(result.problems))
    if result.files == 0 and not result.problems:
        write_stderr(f"rectify: error: no ledger files (*.yaml) in {', '.join(str(p) for p in targets)}")
        raise typer.Exit(EXIT_INPUT)
    bad = len(result.invalid_files)
    errors = sum(1 for p in result.problems if p.severity == "error")
    if not quiet or bad:
        summary = (f"{result.files} ledger file(s) checked: all valid" if not bad else
                   f"{result.files} ledger file(s) checked: {errors} error(s) in {bad} file(s)")
        write_stderr(summary)
    raise typer.Exit(EXIT_INVALID if bad else EXIT_OK)


@contextlib.contextmanager
def progress_bar(total: int, quiet: bool, no_color: bool):
    """A progress bar on stderr for long runs on a terminal; silence otherwise (CI, pipes, --quiet)."""
    if quiet or total < 50 or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from rectify_cli.render.findings import stderr_console

    with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=stderr_console(no_color), transient=True) as bar:
        task = bar.add_task("ledgers", total=total)
        yield lambda: bar.advance(task)


def _folder_of(paths: list[Path]) -> Path:
    """The ledger folder for explicitly named files: the folder of the first, for its policy.yaml."""
    first = paths[0]
    return first if first.is_dir() else first.parent


@app.command()
@guarded
def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write the schemas into.")] = Path("schemas"),
    check_only: Annotated[bool, typer.Option("--check", help="Exit 1 if the files differ from the models.")] = False,
) -> None:
    """Write schemas/ledger.schema.json and schemas/policy.schema.json from the models."""
    from rectify_cli.render.findings import write_stderr
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
        write_stderr(f"wrote {target}")
    if stale:
        write_stderr("out of date: " + ", ".join(stale) + " (run `rectify schema`)")
        raise typer.Exit(EXIT_INVALID)


def main() -> None:
    """Console entry point: typer's own exit codes, and no traceback for what we can explain."""
    import gc

    # A command is one short run that builds many objects and no reference cycles: the cyclic
    # collector would only rescan them (measured: a third of an edit of a 1,000-problem ledger).
    gc.disable()
    _register_commands()
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("rectify: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)


def _register_commands() -> None:
    """Command modules register themselves on `app` when imported (they import nothing heavy)."""
    import importlib

    for module in ("rectify_cli.cli.edit", "rectify_cli.cli.read", "rectify_cli.cli.report", "rectify_cli.cli.excel",
                   "rectify_cli.cli.rounds"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


_register_commands()
