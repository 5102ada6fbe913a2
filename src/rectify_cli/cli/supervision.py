"""Between feedback and closure: `rectify submit-report` (a periodic report submitted), `rectify supervise`
(督办单, 提醒函, 告诫函, 约谈, 通报 sent) and `rectify reply`, `rectify handover` (新官理旧账) and
`rectify acknowledge`, and `rectify notices` (the notices the escalation ladder makes due, written for
a person to send: rectify sends nothing).

Exit codes: 0 written (or printed), 1 refused or some ledgers invalid, 2 usage.
"""

from __future__ import annotations

import sys
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Annotated, Optional

import typer

from rectify_cli.cli.common import (
    ByOption,
    DateOption,
    DryRunOption,
    LedgersOption,
    NoColorOption,
    OrgArgument,
    guarded,
    language_of,
    ledger_folder,
    need_all,
    run_edit,
    said,
    usage_error,
    write_drafts,
)
from rectify_cli.cli.report import LangOption
from rectify_cli.dates import parse_date_option as parse_date
from rectify_cli.errors import say

RoundOption = Annotated[Optional[int], typer.Option(
    "--round", min=1, help="The round (default: the one the problems are of, else the latest feedback).",
    show_default=False)]
FileOption = Annotated[Optional[Path], typer.Option(
    "--file", metavar="FILE", help="The document as filed, in the repository: it must exist; its sha256 is recorded.",
    show_default=False)]


def _today():
    from rectify_cli.settings import today

    return today()


def _root(ledgers):
    from rectify_cli.validation.evidence import repository_root

    return repository_root(ledger_folder(ledgers))


def _latest_round(ledger, day) -> int:
    from rectify_cli.errors import RefusedChange

    rounds = sorted((i.feedback_on, i.round) for i in ledger.inspections if i.feedback_on <= day)
    if not rounds:
        raise RefusedChange(say("{org} records no round fed back by {date}", org=ledger.organisation.id, date=day),
                            hint=say("name it with --round"))
    return rounds[-1][1]


@guarded
def submit_report(
    org: OrgArgument,
    period: Annotated[Optional[str], typer.Option(
        "--period", metavar="PERIOD", help="The period reported on: a month (2026-05) or a quarter (2026-Q3).")] = None,
    round: RoundOption = None,
    file: FileOption = None,
    note: Annotated[Optional[str], typer.Option("--note", help="Remarks (备注).", show_default=False)] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a periodic progress report (定期报送) as submitted on --date, for the reporting duty of the
    policy (`reporting:`); the report lists late and missing ones."""
    from rectify_cli.edit import supervision

    (period,) = need_all((period, "--period", say("Period reported on (2026-05 or 2026-Q3)")))
    root = _root(ledgers)
    run_edit(ledgers, org, lambda ledger, document, acting, policy: supervision.submit_report(
        ledger, document, round if round is not None else _latest_round(ledger, acting.date), period.strip(), file,
        note, root, acting), dry_run, by=by, date=date)


def _ids(text: str | None) -> list[str]:
    if text is None:
        return []
    parts = [part.strip() for part in text.replace("，", ",").replace("、", ",").split(",")]
    return list(dict.fromkeys(part for part in parts if part))


@guarded
def supervise(
    org: OrgArgument,
    kind: Annotated[Optional[str], typer.Option(
        "--kind", metavar="KIND", help="督办单, 提醒函, 告诫函, 约谈 or 通报.")] = None,
    issuer: Annotated[Optional[str], typer.Option("--issuer", help="Who issues it, e.g. 市委巡察办 (督办单位).")] = None,
    to: Annotated[Optional[str], typer.Option("--to", help="To whom: the person or unit addressed (督办对象).")] = None,
    problems: Annotated[Optional[str], typer.Option(
        "--problems", metavar="IDS", help="The problems it concerns, comma-separated: P7-001,P7-002.")] = None,
    reply_due: Annotated[Optional[str], typer.Option(
        "--reply-due", metavar="DATE", help="Date the reply is due (回复时限).", show_default=False)] = None,
    round: RoundOption = None,
    note: Annotated[Optional[str], typer.Option("--note", help="Remarks (备注).", show_default=False)] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a supervision instrument sent to the organisation (督办单, 提醒函, 告诫函, 约谈, 通报): its date,
    issuer, recipient, the problems it concerns and the reply due. Prints its id (S7-001); each problem's
    history records it. rectify sends nothing."""
    from rectify_cli.edit import supervision

    kind, issuer, to = need_all((kind, "--kind", say("Instrument (督办单, 提醒函, 告诫函, 约谈, 通报)")),
                                (issuer, "--issuer", say("Who issues it (督办单位)")),
                                (to, "--to", say("To whom (督办对象)")))
    due = parse_date(reply_due, "--reply-due", _today()) if reply_due is not None else None
    run_edit(ledgers, org, lambda ledger, document, acting, policy: supervision.supervise(
        ledger, document, kind.strip(), issuer, to, _ids(problems), due, note, round, acting), dry_run, by=by,
        date=date, print_value=True)


@guarded
def reply(
    org: OrgArgument,
    instrument: Annotated[str, typer.Argument(metavar="INSTRUMENT", help="The instrument's id, e.g. S7-001.")],
    summary: Annotated[Optional[str], typer.Option("--summary", help="What the reply says was done (回复内容).")] = None,
    file: FileOption = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record the organisation's reply to a supervision instrument (督办回复), on --date."""
    from rectify_cli.edit import supervision

    (summary,) = need_all((summary, "--summary", say("What the reply says was done (回复内容)")))
    root = _root(ledgers)
    run_edit(ledgers, org, lambda ledger, document, acting, policy: supervision.reply(
        ledger, document, instrument.strip(), summary, file, root, acting), dry_run, by=by, date=date)


@guarded
def handover(
    org: OrgArgument,
    role: Annotated[Optional[str], typer.Option(
        "--role", metavar="secretary|leader|person",
        help="The post that changed: the Party secretary, a responsible leader or a responsible person.")] = None,
    predecessor: Annotated[Optional[str], typer.Option("--from", help="Who left the post (原任).")] = None,
    successor: Annotated[Optional[str], typer.Option("--to", help="Who takes it over (继任).")] = None,
    annex: Annotated[Optional[Path], typer.Option(
        "--list", metavar="FILE", help="Write the handover list (交接清单, Markdown) to this new file.")] = None,
    repoint: Annotated[bool, typer.Option(
        "--repoint", help="Make the successor the responsible leader (or person) of the items handed over.")] = False,
    lang: LangOption = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a change of secretary or responsible leader (新官理旧账) on --date, with the unfinished and
    long-term items handed over; --list writes the handover list (交接清单) for the annex, --repoint
    re-points `responsible` of the items (each with a history entry). The successor acknowledges it
    with `rectify acknowledge`."""
    from rectify_cli.edit import supervision
    from rectify_cli.render.notices import annex_markdown

    role, predecessor, successor = need_all((role, "--role", say("Post (secretary, leader, person)")),
                                            (predecessor, "--from", say("Who left the post (原任)")),
                                            (successor, "--to", say("Who takes it over (继任)")))
    language = language_of(lang)
    if annex is not None and annex.exists():
        usage_error(say("--list: {path} already exists", path=str(annex)), hint=say("name a new file"))
    request = supervision.HandoverRequest(role.strip(), predecessor.strip(), successor.strip(), repoint,
                                          str(annex) if annex is not None else None)
    made: dict = {}

    def change(ledger, document, acting, policy):
        message = supervision.handover(ledger, document, request, policy, acting)
        items = supervision.handover_items(ledger, request.role, request.predecessor, acting.date, policy)
        made["annex"] = annex_markdown(ledger, items, request.role, request.predecessor, request.successor,
                                       acting.date, supervision.statuses(ledger, items, acting.date), language)
        return message

    written = run_edit(ledgers, org, change, dry_run, by=by, date=date)
    if annex is not None and written:
        try:
            annex.write_text(made["annex"], encoding="utf-8")
        except OSError as exc:
            usage_error(say("--list: cannot write {path}: {reason}", path=str(annex), reason=exc.strerror or str(exc)),
                        hint=say("the handover is recorded; the items are listed in the ledger's handovers"))
        sys.stderr.write(said(say("wrote {path}", path=str(annex))) + "\n")


@guarded
def acknowledge(
    org: OrgArgument,
    number: Annotated[Optional[int], typer.Option(
        "--handover", min=1, metavar="N", help="Which handover (1 = the first recorded; default: the latest "
                                               "not acknowledged).", show_default=False)] = None,
    date: DateOption = None,
    by: ByOption = None,
    ledgers: LedgersOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record the successor's acknowledgement of a handover (接收确认), by --by on --date."""
    from rectify_cli.edit import supervision

    run_edit(ledgers, org, lambda ledger, document, acting, policy: supervision.acknowledge(
        ledger, document, number, acting), dry_run, by=by, date=date)


class NoticeFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"


@guarded
def notices(
    round: Annotated[int, typer.Option("--round", min=1, help="The round.")],
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", metavar="DATE", help="The date the notices are due on (default: today).")] = None,
    org: Annotated[Optional[list[str]], typer.Option("--org", help="Only this organisation (repeatable).")] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", metavar="DIR", help="Write each notice as a Markdown document into this folder.")] = None,
    word: Annotated[bool, typer.Option(
        "--word", help="With --out: also write each notice as a Word draft (.docx, the official layout).")] = False,
    output_format: Annotated[NoticeFormat, typer.Option(
        "--format", "-f", help="table, markdown or json.")] = NoticeFormat.table,
    lang: LangOption = None,
    ledgers: LedgersOption = None,
    no_color: NoColorOption = False,
) -> None:
    """List the supervision notices due on a date by the policy's escalation ladder (`supervision:`), and with
    --out write each as a Markdown document for a person to send. rectify sends nothing: record each one
    sent with `rectify supervise`."""
    from rectify_cli import reports
    from rectify_cli.cli.common import EXIT_INVALID, limits
    from rectify_cli.render import notices as render
    from rectify_cli.render.console import color_wanted, write_document

    language = language_of(lang)
    today = _today()
    on = parse_date(as_of, "--as-of", today) if as_of is not None else None
    result = reports.notices(ledger_folder(ledgers), round, today, on, tuple(org or []), limits())
    if output_format == NoticeFormat.json:
        sys.stdout.write(render.notices_json(result.notices, result.on, result.round))
    else:
        from rectify_cli.render.report import render_document

        doc = render.notices_document(result.notices, result.on, result.round, language)
        text = render_document(doc, "markdown" if output_format == NoticeFormat.markdown else "table", language,
                               color=color_wanted(no_color), invalid=result.invalid)
        write_document(text)
    if word and out is None:
        usage_error(say("--word writes into the folder of --out"), hint=say("add --out DIR"))
    if out is not None:
        counts: dict[str, int] = {}
        drafts = []
        for notice in result.notices:
            counts[notice.organisation] = counts.get(notice.organisation, 0) + 1
            drafts.append((render.notice_file_name(notice, counts[notice.organisation]),
                           partial(render.notice_markdown, notice, language), partial(render.notice_docx, notice, language)))
        write_drafts(out, drafts, word)
        sys.stderr.write(said(say("{count} notice(s) written to {path}", count=len(result.notices), path=str(out)))
                         + "\n")
    if result.invalid:
        raise typer.Exit(EXIT_INVALID)
