"""The reading commands: `rectify show` (one ledger or problem) and `rectify list` (problems across ledgers).

Exit codes as for `rectify report`: 0 printed; 1 some ledgers invalid (the valid ones are listed);
2 a usage error, among them an organisation, round or problem that is not there (the message
lists those there are). Categories, statuses and history are in the words of --lang.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from rectify_cli.cli import EXIT_INVALID, LedgersOption, NoColorOption, fail, guarded


class ListFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"


LangOption = Annotated[Optional[str], typer.Option("--lang", help="en or zh (default: RECTIFY_LANG, then the locale).")]
AsOfOption = Annotated[Optional[str], typer.Option("--as-of", help="Show things as they stood on this date (default: today).")]




def _lang(lang: str | None) -> str:
    from rectify_cli.render.words import LANGS, default_lang

    if lang is None:
        return default_lang()
    if lang not in LANGS:
        sys.stderr.write(f"rectify: error: --lang: {lang!r} is not one of {', '.join(LANGS)}\n")
        raise typer.Exit(2)
    return lang


def _date(value: str | None, option: str):
    from rectify_cli.cli.edit import parse_date
    from rectify_cli.settings import today

    return parse_date(value, option, today())


@guarded
def list_problems(
    round_number: Annotated[Optional[int], typer.Option("--round", help="Only this round.")] = None,
    org: Annotated[Optional[list[str]], typer.Option("--org", help="Only this organisation (repeatable).")] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only problems not closed.")] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only problems past their deadline and not closed.")] = False,
    unsettled: Annotated[bool, typer.Option(
        "--unsettled", help="Carry-over (未结账): earlier rounds' problems not rectified on the feedback date of each "
                            "organisation's latest round (or of --round N).")] = False,
    due_soon: Annotated[bool, typer.Option(
        "--due-soon", help="Warnings (三色预警): open problems and unfinished measures coloured red (overdue), yellow "
                           "or green by days left (policy warning_days), most urgent first.")] = False,
    as_of: AsOfOption = None,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="table, markdown, csv or json.")] = ListFormat.table,
    lang: LangOption = None,
    ledgers: LedgersOption = None,
    no_color: NoColorOption = False,
) -> None:
    """List problems across ledgers, with status, deadline and responsible person at a date."""
    from rectify_cli import reports, settings
    from rectify_cli.validation import pipeline as check

    language = _lang(lang)
    request = reports.ListRequest(check.ledger_folder(ledgers), settings.today(), _date(as_of, "--as-of"), round_number,
                                  tuple(org or []), open_only, overdue, unsettled, due_soon)
    try:
        result = reports.problem_list(request)
    except reports.NotThere as error:
        _skipped(error.findings)
        fail(error)
    _skipped(result.findings)
    if result.due is not None:
        _print_due(result.due, result.rows, result.policy, output_format, language, result.on, no_color)
    else:
        _print_rows(result.rows, output_format, language, result.on, no_color, result.policy)
    if result.invalid:
        raise typer.Exit(EXIT_INVALID)


def _skipped(findings) -> None:
    """The findings of the invalid ledgers that were left out, on stderr."""
    if findings:
        from rectify_cli.render.console import write_stderr
        from rectify_cli.render.findings import findings_text

        write_stderr(findings_text(findings))
        write_stderr(f"skipped invalid ledger(s): {', '.join(dict.fromkeys(f.file for f in findings if f.severity == 'error'))}")


def _print_due(items, rows, policy, output_format: ListFormat, lang: str, on, no_color: bool) -> None:
    """The warnings: a colour marker in words on every row (红/黄/绿), colour too on a terminal."""
    from rectify_cli.render.data import colour_counts, due_json
    from rectify_cli.render.document import due_headers, due_rows

    names = {row.organisation: row.organisation_name for row in rows}
    days = policy.warning_days
    if output_format is ListFormat.json:

        data = {"as_of": on.isoformat(), "warning_days": {"green": days.green, "yellow": days.yellow},
                "warning_counts": colour_counts(items), "warnings": [due_json(item, names) for item in items]}
        from rectify_cli.render.data import json_text

        sys.stdout.write(json_text(data))
        return
    table, styles = due_rows(items, names, lang)
    headers = due_headers(lang)
    if output_format is ListFormat.csv:
        _write_csv(headers, table)
        return
    from rectify_cli.render.document import Document, Section
    from rectify_cli.render.text import as_markdown, as_rich
    from rectify_cli.render.words import word

    counts = colour_counts(items)
    if lang == "zh":
        title = (f"到期预警（截至 {on}）：{len(items)} 项（红{counts['red']}、黄{counts['yellow']}、"
                 f"绿{counts['green']}）")
    else:
        title = (f"Due soon as of {on}: {len(items)} items (red {counts['red']}, yellow {counts['yellow']}, "
                 f"green {counts['green']})")
    note = word("due_rule", lang, yellow=days.yellow, green=days.green)
    document = Document(title, [], [Section("", headers, table, styles=styles, note=note)])
    if output_format is ListFormat.markdown:
        sys.stdout.write(as_markdown(document))
    else:
        from rectify_cli.render.console import color_wanted

        sys.stdout.write(as_rich(document, color=color_wanted(no_color) and sys.stdout.isatty(), width=_width()))


def _width() -> int | None:
    """The terminal's width, to fit tables to it; None when stdout is not a terminal (full rows)."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def _write_csv(headers, table) -> None:
    import io

    from rectify_cli.render.visible import VisibleCsvWriter

    out = io.StringIO()
    writer = VisibleCsvWriter(out)
    writer.writerow(headers)
    writer.writerows(table)
    sys.stdout.write("\ufeff" + out.getvalue())


def _print_rows(rows, output_format: ListFormat, lang: str, on, no_color: bool, policy) -> None:
    from rectify_cli.render.words import status_word

    if output_format is ListFormat.json:

        items = [{
            "organisation": r.organisation, "id": r.state.id, "round": r.state.problem.round,
            "category": r.state.problem.category, "status": r.state.status, "stored_status": r.state.problem.status,
            "deadline": r.state.deadline.isoformat(), "overdue": r.state.overdue, "days_overdue": r.state.days_overdue,
            "days_left": r.days_left, "immediate": r.state.problem.immediate,
            "measures_done": r.state.measures_done, "measures_total": r.state.measures_total,
            "person": r.state.problem.responsible.person, "unit": r.state.problem.responsible.unit,
            "leader": r.state.problem.responsible.leader, "summary": r.state.problem.summary,
            **({"carried_into": r.carried_into, "feedback_on": r.feedback_on.isoformat(),
                "status_at_feedback": r.status_then} if r.carried_into is not None else {}),
        } for r in rows]
        from rectify_cli.render.data import json_text

        sys.stdout.write(json_text({"as_of": on.isoformat(), "problems": items}))
        return
    zh = lang == "zh"
    # CSV gives done and total their own columns: Excel reads "1/2" as a date
    split = output_format is ListFormat.csv
    measures = (["已完成措施", "整改措施"] if zh else ["Measures done", "Measures"]) if split else (
        ["措施"] if zh else ["Measures"])
    headers = (["单位", "问题编号", "类别", "状态", "完成时限", "超期天数", *measures, "责任人", "问题"] if zh else
               ["Organisation", "Problem", "Category", "Status", "Deadline", "Days overdue", *measures, "Person", "Summary"])
    table = [[r.organisation, r.state.id, policy.category_name(r.state.problem.category, lang),
              status_word(r.state.status, lang) + (("（超期）" if zh else " (overdue)") if r.state.overdue else ""),
              r.state.deadline.isoformat(), str(r.state.days_overdue) if r.state.overdue else "",
              *([str(r.state.measures_done), str(r.state.measures_total)] if split
                else [f"{r.state.measures_done}/{r.state.measures_total}"]),
              r.state.problem.responsible.person, r.state.problem.summary] for r in rows]
    if any(r.carried_into is not None for r in rows):
        headers += ["带入轮次", "反馈时状态"] if zh else ["Carried into", "Status at feedback"]
        for cells, r in zip(table, rows):
            cells += [str(r.carried_into), status_word(r.status_then, lang)]
    if output_format is ListFormat.csv:
        _write_csv(headers, table)
        return
    from rectify_cli.render.document import Document, Section
    from rectify_cli.render.text import as_markdown, as_rich

    title = (f"问题清单（截至 {on}）：{len(rows)} 个" if zh else f"Problems as of {on}: {len(rows)}")
    section = Section("", headers, table, right={5}, styles=["red" if r.state.overdue else None for r in rows])
    document = Document(title, [], [section])
    if output_format is ListFormat.markdown:
        sys.stdout.write(as_markdown(document))
    else:
        from rectify_cli.render.console import color_wanted

        sys.stdout.write(as_rich(document, color=color_wanted(no_color) and sys.stdout.isatty(), width=_width()))


@guarded
def show(
    org: Annotated[str, typer.Argument(help="Organisation id.")],
    problem: Annotated[Optional[str], typer.Argument(help="Problem id (default: the whole ledger in brief).")] = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
    ledgers: LedgersOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Show a ledger in brief, or one problem with its measures, closure and history."""
    from rectify_cli import reports, settings
    from rectify_cli.validation import pipeline as check

    language = _lang(lang)
    on = _date(as_of, "--as-of")
    result = reports.show(check.ledger_folder(ledgers), org, problem, settings.today(), on)
    _skipped(result.findings)
    if result.ledger is None:
        raise typer.Exit(EXIT_INVALID)
    from rectify_cli.render.visible import visible

    if result.state is None:
        sys.stdout.write(visible(_ledger_brief(result.ledger, result.on, language)))
        _print_rows(result.rows, ListFormat.table, language, result.on, no_color, result.policy)
        return
    sys.stdout.write(visible(_problem_text(result.ledger, result.state.problem, result.state, language, result.policy)))


def _ledger_brief(ledger, on, lang: str) -> str:
    organisation = ledger.organisation
    zh = lang == "zh"
    lines = [f"{organisation.name} ({organisation.id})"]
    if organisation.secretary:
        lines.append(("党组织书记：" if zh else "Party secretary: ") + organisation.secretary)
    for inspection in ledger.inspections:
        period = f"{inspection.feedback_on} → {inspection.rectify_by or '?'}"
        lines.append((f"第{inspection.round}轮 {period}" if zh else f"round {inspection.round}: {period}")
                     + (f"  {inspection.evaluation.grade}" if inspection.evaluation else ""))
    return "\n".join(lines) + "\n\n"


def _problem_text(ledger, problem, state, lang: str, policy) -> str:
    from rectify_cli.render.words import action_word, status_word

    zh = lang == "zh"
    def label(en, cn):
        return (cn if zh else en)
    lines = [
        f"{problem.id}  {problem.summary}",
        f"{label('organisation', '单位')}: {ledger.organisation.name}   {label('round', '轮次')}: {problem.round}"
        f"   {label('category', '类别')}: {policy.category_name(problem.category, lang)}"
        + (f"   {label('immediate', '立行立改')}" if problem.immediate else "")
        + (f"   {label('common', '共性问题')}" if problem.common else "")
        + (f"   {label('repeats', '重复问题')} {problem.repeat_of}" if problem.repeat_of else ""),
        f"{label('responsible', '责任')}: {problem.responsible.leader} / {problem.responsible.unit} / {problem.responsible.person}",
        f"{label('status', '状态')}: {status_word(state.status, lang)}"
        + (f" ({problem.label})" if problem.label else "")
        + f"   {label('deadline', '完成时限')}: {state.deadline}"
        + ((f"  {label('overdue by', '超期')} {state.days_overdue} {label('days', '天')}") if state.overdue else ""),
    ]
    for extension in problem.extensions:
        lines.append(f"  {label('extended to', '延期至')} {extension.to}: {extension.reason} ({extension.approved_by}, {extension.date})")
    if problem.measures:
        lines.append(label("measures:", "整改措施："))
        for measure in problem.measures:
            done = f"{label('done', '完成')} {measure.done_on}" if measure.done_on else label("not done", "未完成")
            lines.append(f"  {measure.id}  {measure.text}  ({measure.owner}, {label('due', '时限')} {measure.due}, {done})")
    if problem.closed:
        evidence = ", ".join(e.path for e in problem.closed.evidence)
        lines.append(f"{label('closed', '销号')}: {problem.closed.date} {problem.closed.by}"
                     + (f" / {problem.closed.verified_by}" if problem.closed.verified_by else "") + f"  [{evidence}]")
    if problem.long_term:
        lines.append(f"{label('long-term since', '长期整改自')} {problem.long_term.since}, "
                     f"{label('review by', '督查')} {problem.long_term.review_by}: {problem.long_term.reason}")
    for reopening in problem.reopened:
        lines.append(f"{label('reopened', '重新整改')} {reopening.date}: {reopening.reason} ({reopening.by})")
    for record in problem.accountability:
        lines.append(f"{label('accountability', '问责')}: {record.person} {record.action} "
                     f"({label('form', '第')}{record.form}{label('', '种形态')}, {record.date})")
    if problem.history:
        lines.append(label("history:", "变更记录："))
        for entry in problem.history:
            status = status_word(entry.status, lang) if entry.status else None
            extra = " ".join(str(v) for v in (entry.measure, entry.to, status, entry.reason) if v)
            lines.append(f"  {entry.at.isoformat()}  {entry.by}  {action_word(entry.did, lang)}"
                         + (f" ({entry.date})" if entry.date else "") + (f"  {extra}" if extra else ""))
    return "\n".join(lines) + "\n"
