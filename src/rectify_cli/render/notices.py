"""What `rectify notices` and `rectify handover` write: the notices due (a table, JSON, one Markdown
document per notice) and the handover list (交接清单) as Markdown. Drafts for a person to send."""

from __future__ import annotations

import datetime as dt
import json

from rectify_cli.model import Ledger, ProblemItem
from rectify_cli.notices import Notice
from rectify_cli.render.document import Document, Section
from rectify_cli.render.words import status_word, word


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _role(role: str, lang: str) -> str:
    return word(f"role_{role}", lang)


def notices_document(notices: list[Notice], on: dt.date, round_number: int, lang: str) -> Document:
    headers = [word(k, lang) for k in ("organisation", "notice_kind", "notice_to", "notice_role", "notice_problems",
                                        "notice_reply_due")]
    separator = "、" if lang == "zh" else ", "
    rows = [[n.name, n.kind, n.recipient, _role(n.role, lang), separator.join(n.problems), n.reply_due.isoformat()]
            for n in notices]
    note = word("notices_record", lang) if notices else word("no_notices", lang, date=on.isoformat())
    section = Section("", headers, rows, set(), [], note)
    return Document(word("title_notices", lang, date=on.isoformat(), round=round_number), [], [section])


def notices_json(notices: list[Notice], on: dt.date, round_number: int) -> str:
    data = {"format": "rectify-notices", "version": 1, "round": round_number, "as_of": on.isoformat(),
            "notices": [{"organisation": n.organisation, "kind": n.kind, "to": n.role, "recipient": n.recipient,
                         "issuer": n.issuer, "date": n.date.isoformat(), "reply_due": n.reply_due.isoformat(),
                         "problems": [{"id": i.problem, "summary": i.summary, "deadline": i.deadline.isoformat(),
                                       "days_left": i.days_left, "colour": i.colour} for i in n.items]}
                        for n in notices]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def notice_file_name(notice: Notice, number: int) -> str:
    """`2026-12-02-jc-transport-01-督办单.md`: sorted by date, then organisation, then order."""
    return f"{notice.date.isoformat()}-{notice.organisation}-{number:02d}-{notice.kind}.md"


def notice_markdown(notice: Notice, lang: str) -> str:
    """One notice as a Markdown document: heading, recipient, the items, the reply asked for, the issuer."""
    lines = [f"# {word('notice_heading', lang, kind=notice.kind, org=notice.name)}", "",
             word("notice_to_line", lang, recipient=notice.recipient, role=_role(notice.role, lang), org=notice.name), "",
             word("notice_body", lang, date=notice.date.isoformat(), round=notice.round,
                  reply_due=notice.reply_due.isoformat()), "",
             "| " + " | ".join(word(k, lang) for k in ("id", "summary", "notice_deadline", "notice_days")) + " |",
             "|---|---|---|---:|"]
    for problem, summary, deadline, days in _item_rows(notice, lang):
        lines.append(f"| {problem} | {_md(summary)} | {deadline} | {days} |")
    lines += ["", word("notice_issuer", lang, issuer=notice.issuer or "＿＿＿＿", date=notice.date.isoformat()), "",
              f"<!-- {word('notice_draft', lang)} -->", ""]
    return "\n".join(lines)


def _item_rows(notice: Notice, lang: str) -> list[list[str]]:
    return [[item.problem, item.summary, item.deadline.isoformat(),
             word("notice_overdue", lang, days=-item.days_left) if item.days_left < 0 else
             word("notice_left", lang, days=item.days_left)] for item in notice.items]


def notice_docx(notice: Notice, lang: str) -> bytes:
    """The same notice as a Word draft in the official layout (render/docx.py's OfficialDocument, as the
    report's `--document notice` is): number line left blank, title, addressee, body, the items, issuer."""
    from rectify_cli.render.docx import OfficialDocument, chinese_date, chinese_dates

    def dated(text: str) -> str:
        return chinese_dates(text) if lang == "zh" else text

    doc = OfficialDocument(f"{notice.kind} {notice.name}", notice.date)
    doc.number_line(f"　　　〔{notice.date.year}〕　　号")
    doc.title(word("notice_heading", lang, kind=notice.kind, org=notice.name))
    doc.addressee(word("notice_to_line", lang, recipient=notice.recipient, role=_role(notice.role, lang),
                       org=notice.name))
    doc.body(dated(word("notice_body", lang, date=notice.date.isoformat(), round=notice.round,
                        reply_due=notice.reply_due.isoformat())))
    doc.table([word(k, lang) for k in ("id", "summary", "notice_deadline", "notice_days")],
              [[dated(cell) for cell in row] for row in _item_rows(notice, lang)], left={1},
              widths=(24, 86, 26, 20))
    doc.signature(notice.issuer or "", chinese_date(notice.date) if lang == "zh" else notice.date.isoformat())
    return doc.save()


def annex_markdown(ledger: Ledger, items: list[ProblemItem], role: str, predecessor: str, successor: str,
                   on: dt.date, statuses: dict[str, str], lang: str) -> str:
    """交接清单: the unfinished and long-term items handed over, for the handover annex."""
    org = ledger.organisation.name
    from rectify_cli.figures import effective_deadline

    lines = [f"# {word('annex_title', lang, org=org)}", "",
             word("annex_intro", lang, date=on.isoformat(), role=_role(role, lang), old=predecessor, new=successor,
                  count=len(items)), "",
             "| " + " | ".join(word(k, lang) for k in ("id", "summary", "status", "deadline", "responsible_col")) + " |",
             "|---|---|---|---|---|"]
    for problem in items:
        who = f"{problem.responsible.leader} / {problem.responsible.unit} / {problem.responsible.person}"
        lines.append(f"| {problem.id} | {_md(problem.summary)} | {status_word(statuses[problem.id], lang)} | "
                     f"{effective_deadline(problem, on).isoformat()} | {_md(who)} |")
    lines += ["", word("annex_sign", lang, old=predecessor, new=successor), ""]
    return "\n".join(lines)
