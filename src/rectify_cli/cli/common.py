"""What the commands share: the common options, the exit codes, the one way to fail, and the edit helpers.

Imports only typer, errors (for `say`) and the standard library at import time, so `rectify --help` stays quick.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterable
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from rectify_cli.dates import parse_date_option as parse_date
from rectify_cli.errors import joined, os_reason, say

EXIT_OK, EXIT_INVALID, EXIT_INPUT, EXIT_CONSEQUENCE = 0, 1, 2, 3

LedgersOption = Annotated[
    Optional[Path],
    typer.Option("--ledgers", envvar="RECTIFY_LEDGERS", help="Ledger folder (default: ./ledgers).",
                 show_default=False, file_okay=False),
]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="No colours (also: NO_COLOR=1).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]


def guarded(function):
    """Render a RectifyError once, on stderr, with its exit code; never a traceback.

    The command's own `--lang` (when it has one) sets the language of its messages and errors.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        from rectify_cli.errors import RectifyError

        if "lang" in kwargs:
            set_language(kwargs["lang"])
        try:
            return function(*args, **kwargs)
        except RectifyError as error:
            fail(error)

    return wrapper


_language: list[str] = []  # the language a command chose with --lang, for the messages of this run


def set_language(lang) -> None:
    """Messages of this run in `lang` (a Lang, "en"/"zh", or None for RECTIFY_LANG, then the locale)."""
    value = getattr(lang, "value", lang)
    _language[:] = [value] if value in ("en", "zh") else []


def message_language() -> str:
    """The language of messages and errors: the command's --lang, else RECTIFY_LANG, else the locale."""
    if _language:
        return _language[0]
    from rectify_cli import settings
    from rectify_cli.errors import RectifyError

    try:
        return settings.current().lang
    except RectifyError:  # another variable is wrong: the language is still read
        return settings.language()


def said(text) -> str:
    """A message (a `Say` or plain text) in the language of this run's messages."""
    from rectify_cli.render.messages import localised

    return localised(text, message_language())


def fail(error) -> NoReturn:
    from rectify_cli.render.console import write_stderr
    from rectify_cli.render.findings import findings_text

    write_stderr(said(say("rectify: error: {message}", message=error.message)))
    if error.problems:
        write_stderr(findings_text(error.problems, message_language()))
    if error.hint:
        write_stderr("  " + said(say("hint: {hint}", hint=error.hint)))
    raise typer.Exit(error.exit_code)


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


def usage_error(message: str, hint: str = "") -> NoReturn:
    """A bad option value found after parsing: the message on stderr and exit 2, like typer's own."""
    sys.stderr.write(said(say("rectify: error: {message}", message=message)) + "\n")
    if hint:
        sys.stderr.write("  " + said(say("hint: {hint}", hint=hint)) + "\n")
    raise typer.Exit(EXIT_INPUT)


class FindingsFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@contextlib.contextmanager
def progress_bar(total: int, quiet: bool, no_color: bool):
    """A progress bar on stderr for long runs on a terminal; silence otherwise (CI, pipes, --quiet)."""
    if quiet or total < 50 or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from rectify_cli.render.console import stderr_console

    with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=stderr_console(no_color), transient=True) as bar:
        task = bar.add_task("ledgers", total=total)
        yield lambda: bar.advance(task)




ByOption = Annotated[Optional[str], typer.Option("--by", help="Who makes the change (default: git user.name, else login).")]
DateOption = Annotated[Optional[str], typer.Option(
    "--date", help="Business date of the event, YYYY-MM-DD (default: today).", show_default=False)]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Print the change as a diff; write nothing.")]
SignWithOption = Annotated[Optional[Path], typer.Option(
    "--sign-with", metavar="KEY", help="Sign what you record with your SSH key (ssh-keygen -Y sign); see docs/reliability.md.")]
OrgArgument = Annotated[str, typer.Argument(help="Organisation id (the ledger file name), e.g. tj-police.")]
ProblemArgument = Annotated[str, typer.Argument(help="Problem id, e.g. P7-001.")]


def need(value, option: str, question: str, convert=str):
    """An option's value, asked for on a terminal, or a usage error in a script."""
    if value is not None and (not isinstance(value, str) or value.strip()):
        return value
    if value is not None:
        usage_error(say("{option} must not be empty", option=option))
    if sys.stdin.isatty():
        answer = typer.prompt(said(question))
        return convert(answer) if convert is not str else answer
    usage_error(say("missing option {option} ({question})", option=option, question=question))


def asked(help_text: str) -> str:
    """The help of an option a command cannot do without (asked for on a terminal), marked as typer marks its own."""
    return f"{help_text}  [required]"


def need_all(*wanted: tuple) -> list:
    """`need` for several options: in a script, every missing one is named in one error, not one per run."""
    for value, option, *_ in wanted:
        if isinstance(value, str) and not value.strip():
            usage_error(say("{option} must not be empty", option=option))
    missing = [(option, question) for value, option, question, *_ in wanted if value is None]
    if len(missing) > 1 and not sys.stdin.isatty():
        names = [option for option, _ in missing]
        usage_error(say("missing options {options} and {last}", options=", ".join(names[:-1]), last=names[-1]),
                    hint=joined([say("{option}: {question}", option=option, question=question)
                                 for option, question in missing], "; "))
    return [need(*spec) for spec in wanted]


NO_FOLDER_HINT = say("run in the repository that holds ledgers/, or pass --ledgers DIR (or set RECTIFY_LEDGERS)")
NEW_REPOSITORY_HINT = say("to start a ledger repository here, run `rectify new-repo .` (ledgers/ with the default "
                          "policy, evidence/, pre-commit and CI), then `rectify init` again; or pass --ledgers DIR")


def ledger_folder(option: Path | None, missing_hint: str = NO_FOLDER_HINT) -> Path:
    """--ledgers, else RECTIFY_LEDGERS, else ./ledgers; a folder that is not there is exit 2."""
    from rectify_cli import settings
    from rectify_cli.errors import UnreadableInput

    folder = option or settings.current().ledgers
    if not folder.is_dir():
        raise UnreadableInput(say("ledger folder {folder!r} does not exist", folder=str(folder)), hint=missing_hint)
    return folder


def today() -> dt.date:
    """Today for rules and figures (RECTIFY_TODAY, else the system date): passed to the core."""
    from rectify_cli import settings

    return settings.today()


def limits():
    """The file size, worker, cache and lock limits of the environment: passed to the core."""
    from rectify_cli import settings

    return settings.current().limits()


def language_of(lang) -> str:
    """--lang, else RECTIFY_LANG, else the locale, else English."""
    from rectify_cli import settings

    return lang.value if lang is not None else settings.current().lang


def context(ledgers: Path | None, missing_hint: str = NO_FOLDER_HINT):
    from rectify_cli import settings
    from rectify_cli.validation.policy_file import load_policy

    folder = ledger_folder(ledgers, missing_hint)
    policy, problems = load_policy(folder)
    if problems:
        from rectify_cli.errors import RefusedChange

        raise RefusedChange(say("the policy in {folder} is not valid", folder=folder), problems=problems)
    return folder, policy, settings.today()


def actor(by: str | None, date: str | None, today: dt.date):
    from rectify_cli import settings
    from rectify_cli.edit.operations import Actor

    return Actor(by=settings.who(by), at=settings.now(), date=parse_date(date, "--date", today), today=today)


def report_outcome(outcome, print_value: bool) -> None:
    if not outcome.written:
        sys.stdout.write(outcome.diff if outcome.diff else said(say("(no change)")) + "\n")
        sys.stderr.write(said(say("dry run: nothing was written")) + "\n")
        return
    if print_value:
        sys.stdout.write(outcome.message + "\n")  # the new id, for scripts: never translated
    else:
        sys.stderr.write(said(outcome.message) + "\n")




def emit(text: str | Iterable[str], output: Path | None, lang: str) -> None:
    """A rendered document to --output (saying so on stderr) or to stdout; `text` may come in pieces
    (a province's roll-up), written as they come."""
    from rectify_cli.render.console import write_document, write_stderr
    from rectify_cli.render.words import word

    parts = [text] if isinstance(text, str) else text
    if output is None:
        for part in parts:
            write_document(part)
        return
    try:
        with output.open("w", encoding="utf-8", newline="") as stream:
            for part in parts:
                stream.write(part)
    except OSError as exc:
        usage_error(say("--output: cannot write {output!r}: {value}", output=str(output), value=os_reason(exc)))
    write_stderr(word("wrote", lang, path=str(output)))


def exit_left_out(invalid: list[str]) -> NoReturn:
    """Exit 1 naming the invalid ledgers a reading command left out, or 0 when there were none."""
    from rectify_cli.render.console import write_stderr

    if invalid:
        write_stderr(said(say("rectify: {countinvalid} invalid ledger file(s) left out (run `rectify validate`):", countinvalid=len(invalid))))
        for name in invalid:
            write_stderr(said(say("  {name}", name=name)))
        raise typer.Exit(EXIT_INVALID)
    raise typer.Exit(EXIT_OK)


def run_edit(ledgers, org: str, change, dry_run: bool, by=None, date=None, print_value=False, sign_with=None):
    """Run one edit: `change(ledger, document, actor, policy)` returns the message (or the new id).

    With `sign_with` (a key file), the closure or extension it records is signed with ssh-keygen."""
    from rectify_cli import settings
    from rectify_cli.edit import transaction as write

    folder, policy, today = context(ledgers)
    acting = actor(by, date, today)
    if sign_with is not None:
        from rectify_cli import signing

        acting.sign = signing.checked_signer(signing.SshKeygenSigner(sign_with), policy, acting.by)

    def under_lock(ledger, document):
        # The moment is taken once the lock is held: a command that waited behind another must
        # not record an earlier time than the entry that went before it.
        acting.at = settings.now()
        return change(ledger, document, acting, policy)

    outcome = write.edit(folder, org, under_lock, policy, today, dry_run=dry_run, lock_timeout=limits().lock_timeout)
    report_outcome(outcome, print_value)
    return outcome.written


Draft = tuple[str, Callable[[], str], Callable[[], bytes]]   # file name (.md), its Markdown, its Word bytes


def write_drafts(out: Path, drafts: Iterable[Draft], word: bool) -> None:
    """Each draft as NAME.md in the folder `out`, and as NAME.docx with --word (built only then); a folder
    that cannot be written is a usage error (exit 2). What `notices` and `progress-report` write for a person."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, markdown, document in drafts:
            path = out / name
            path.write_text(markdown(), encoding="utf-8")
            if word:
                path.with_suffix(".docx").write_bytes(document())
    except OSError as exc:
        usage_error(say("--out: cannot write into {path}: {reason}", path=str(out), reason=exc.strerror or str(exc)))
