"""Problems as a person reads them: `rectify list` (a table, markdown, CSV or JSON), its warnings
(三色预警), and `rectify show` (a ledger in brief, one problem whole)."""

from __future__ import annotations


def due_text(items, rows, policy, output_format: str, lang: str, on, color: bool, width: int | None) -> str:
    """The warnings: a colour marker in words on every row (红/黄/绿), colour too on a terminal."""
    from rectify_cli.render.data import colour_counts, due_json
    from rectify_cli.render.document import due_headers, due_rows

    names = {row.organisation: row.organisation_name for row in rows}
    days = policy.warning_days
    if output_format == "json":

        data = {"as_of": on.isoformat(), "warning_days": {"green": days.green, "yellow": days.yellow},
                "warning_counts": colour_counts(items), "warnings": [due_json(item, names) for item in items]}
        from rectify_cli.render.data import json_text

        return json_text(data)
    table, styles = due_rows(items, names, lang)
    headers = due_headers(lang)
    if output_format == "csv":
        return csv_text(headers, table)
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
    if output_format == "markdown":
        return as_markdown(document)
    return as_rich(document, color=color, width=width)


def csv_text(headers, table) -> str:
    import io

    from rectify_cli.render.visible import VisibleCsvWriter

    out = io.StringIO()
    writer = VisibleCsvWriter(out)
    writer.writerow(headers)
    writer.writerows(table)
    return "\ufeff" + out.getvalue()


def rows_text(rows, output_format: str, lang: str, on, policy, color: bool, width: int | None) -> str:
    from rectify_cli.render.data import json_text, progress_json
    from rectify_cli.render.document import behind_plan_text, progress_text
    from rectify_cli.render.words import status_word, word

    if output_format == "json":

        items = [{
            "organisation": r.organisation, "id": r.state.id, "round": r.state.problem.round,
            "category": r.state.problem.category, "status": r.state.status, "stored_status": r.state.problem.status,
            "deadline": r.state.deadline.isoformat(), "overdue": r.state.overdue, "days_overdue": r.state.days_overdue,
            "days_left": r.days_left, "immediate": r.state.problem.immediate,
            "measures_done": r.state.measures_done, "measures_total": r.state.measures_total,
            "person": r.state.problem.responsible.person, "unit": r.state.problem.responsible.unit,
            "leader": r.state.problem.responsible.leader, "summary": r.state.problem.summary,
            "behind_plan": list(r.state.behind_plan), "progress": progress_json(r.state),
            **({"carried_into": r.carried_into, "feedback_on": r.feedback_on.isoformat(),
                "status_at_feedback": r.status_then} if r.carried_into is not None else {}),
        } for r in rows]

        return json_text({"as_of": on.isoformat(), "problems": items})
    zh = lang == "zh"
    # CSV gives done and total their own columns: Excel reads "1/2" as a date
    split = output_format == "csv"
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
    for cells, r in zip(table, rows):
        if r.state.behind_plan:
            mark = behind_plan_text(r.state, lang)
            cells[3] += f"（{mark}）" if zh else f" ({mark})"
    if any(r.state.progress is not None for r in rows):
        headers.append(word("latest_progress", lang))
        for cells, r in zip(table, rows):
            cells.append(progress_text(r.state, lang))
    if any(r.carried_into is not None for r in rows):
        headers += ["带入轮次", "反馈时状态"] if zh else ["Carried into", "Status at feedback"]
        for cells, r in zip(table, rows):
            cells += [str(r.carried_into), status_word(r.status_then, lang)]
    if output_format == "csv":
        return csv_text(headers, table)
    from rectify_cli.render.document import Document, Section
    from rectify_cli.render.text import as_markdown, as_rich

    title = (f"问题清单（截至 {on}）：{len(rows)} 个" if zh else f"Problems as of {on}: {len(rows)}")
    section = Section("", headers, table, right={5}, styles=["red" if r.state.overdue else "yellow" if r.state.behind_plan
                                                             else None for r in rows])
    document = Document(title, [], [section])
    if output_format == "markdown":
        return as_markdown(document)
    return as_rich(document, color=color, width=width)


def ledger_brief(ledger, lang: str) -> str:
    organisation = ledger.organisation
    zh = lang == "zh"
    lines = [f"{organisation.name} ({organisation.id})"]
    if organisation.secretary:
        lines.append(("党组织书记：" if zh else "Party secretary: ") + organisation.secretary)
    for inspection in ledger.inspections:
        period = f"{inspection.feedback_on} → {inspection.rectify_by or '?'}"
        lines.append((f"第{inspection.round}轮 {period}" if zh else f"round {inspection.round}: {period}")
                     + (f"  {inspection.evaluation.grade}" if inspection.evaluation and inspection.evaluation.grade else ""))
    return "\n".join(lines) + "\n\n"


def milestone_lines(measure, on, lang: str) -> list[str]:
    """A measure's milestones (时间节点), each with its planned date and whether it was done or missed on `on`."""
    from rectify_cli.render.words import word

    lines = []
    for milestone in measure.milestones:
        if milestone.done_on is not None and milestone.done_on <= on:
            done = f"{'完成' if lang == 'zh' else 'done'} {milestone.done_on}"
        elif milestone.due < on and (measure.done_on is None or measure.done_on > on):
            done = word("milestone_missed", lang)
        else:
            done = "未完成" if lang == "zh" else "not done"
        lines.append("    " + word("milestone_line", lang, id=milestone.id, text=milestone.text,
                                   due=milestone.due.isoformat(), done=done))
    return lines


def progress_lines(reports, lang: str) -> list[str]:
    """Progress reports (整改进展), oldest first: date, percent, what was done, then the next step and the rest."""
    from rectify_cli.render.words import word

    lines = []
    for report in reports:
        shown = f" {report.percent}%" if report.percent is not None else ""
        lines.append(word("progress_of", lang, date=report.date.isoformat(), percent=shown, done=report.done)
                     + f"  ({report.by})")
        for key, text in (("progress_next", report.next), ("progress_obstacles", report.obstacles),
                          ("progress_support", report.support)):
            if text:
                lines.append("  " + word(key, lang, text=text))
    return lines


def problem_text(ledger, problem, state, lang: str, policy) -> str:
    from rectify_cli.render.words import action_word, status_word, word

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
            behind = f"  [{word('behind_plan_mark', lang)}]" if measure.id in state.behind_plan else ""
            lines.append(f"  {measure.id}  {measure.text}  ({measure.owner}, {label('due', '时限')} {measure.due}, {done}){behind}")
            lines.extend(milestone_lines(measure, state.on, lang))
            lines.extend(f"    {line}" for line in progress_lines(measure.progress, lang))
    if problem.progress:
        lines.append(word("progress_label", lang))
        lines.extend(f"  {line}" for line in progress_lines(problem.progress, lang))
    if problem.closed:
        evidence = ", ".join(e.path or f"{label('paper', '纸质')}: {e.paper}" for e in problem.closed.evidence)
        lines.append(f"{label('closed', '销号')}: {problem.closed.date} {problem.closed.by}"
                     + (f" / {problem.closed.verified_by}" if problem.closed.verified_by else "") + f"  [{evidence}]")
    lines.extend(review_lines(problem, label) + decision_lines(problem, state, label))
    if problem.long_term:
        lines.append(f"{label('long-term since', '长期整改自')} {problem.long_term.since}, "
                     f"{label('review by', '督查')} {problem.long_term.review_by}: {problem.long_term.reason}")
    for reopening in problem.reopened:
        lines.append(f"{label('reopened', '重新整改')} {reopening.date}: {reopening.reason} ({reopening.by})")
    for record in problem.accountability:
        lines.append(f"{label('accountability', '问责')}: {record.person} {record.action} "
                     f"({label('form', '第')}{record.form}{label('', '种形态')}, {record.date})")
    corrections = [entry for entry in problem.history if entry.did == "corrected"]
    if corrections:
        lines.append(label("corrected:", "更正："))
        lines.extend(f"  {correction_text(entry, lang)}" for entry in corrections)
    if problem.history:
        lines.append(label("history:", "变更记录："))
        for entry in problem.history:
            status = status_word(entry.status, lang) if entry.status else None
            change = correction_change(entry) if entry.did == "corrected" else None
            extra = " ".join(str(v) for v in (entry.measure, entry.milestone, entry.step, change, entry.to, status,
                                              f"{entry.percent}%" if entry.percent is not None else None, entry.reason)
                             if v)
            lines.append(f"  {entry.at.isoformat()}  {entry.by}  {action_word(entry.did, lang)}"
                         + (f" ({entry.date})" if entry.date else "") + (f"  {extra}" if extra else ""))
    return "\n".join(lines) + "\n"


def correction_change(entry) -> str:
    """What a correction changed: `closed.date 2019-07-30 → 2019-07-29`."""
    old = entry.old if entry.old is not None else "—"
    return f"{entry.field} {old} → {entry.new}"


def correction_text(entry, lang: str) -> str:
    """A correction in one line: the field (of its measure), old → new, when, who, why."""
    from rectify_cli.render.words import field_word, word

    return word("corrected_line", lang, field=field_word(entry.field, lang, entry.measure), old=entry.old if entry.old is not None else "—", new=entry.new,
                date=(entry.date or entry.at.date()).isoformat(), by=entry.by, reason=entry.reason or "—")


def review_lines(problem, label) -> list[str]:
    """销号审核 in `show`: the approvals of a reviewed closure, the submission under review, each return."""
    lines: list[str] = []
    if problem.closed and problem.closed.approvals:
        lines.append(f"  {label('submitted', '申请销号')} {problem.closed.submitted}; {label('reviewed', '审核')}: "
                     + "; ".join(f"{a.step} {a.by} {a.date}" + (f" ({a.note})" if a.note else "") for a in problem.closed.approvals))
    if problem.review:
        review = problem.review
        evidence = ", ".join(e.path or f"{label('paper', '纸质')}: {e.paper}" for e in review.evidence)
        approved = "; ".join(f"{a.step} {a.by} {a.date}" for a in review.approvals) or "—"
        lines.append(f"{label('submitted for closure', '申请销号')}: {review.submitted} {review.by}  [{evidence}]"
                     f"   {label('approved', '已审核')}: {approved}")
    for record in problem.returns:
        lines.append(f"{label('returned', '退回')} {record.date} ({record.step}, {record.by}): {record.reason}"
                     f"   [{label('submitted', '申请销号')} {record.submission.submitted}]")
    return lines


def decision_lines(problem, state, label) -> list[str]:
    """整改认定 and 申请延期 in `show`: every decision (the one in force marked), each extension request."""
    lines: list[str] = []
    names = {"partial": label("partly rectified", "部分整改"), "waived": label("waived", "暂缓整改"),
             "dismissed": label("not upheld", "不予认定")}
    for number, decision in enumerate(problem.decisions, start=1):
        until = f" {label('until', '至')} {decision.expires}" if decision.expires else ""
        ground = f" [{decision.ground}]" if decision.ground else ""
        remaining = f"; {label('remaining', '未完成部分')}: {decision.remaining}" if decision.remaining else ""
        in_force = number == len(problem.decisions) and problem.status == decision.kind
        mark = ""
        if in_force and state.reactivated:
            mark = f"  ({label('expired: open again', '已到期，恢复整改')})"
        elif in_force:
            mark = f"  ({label('in force', '现行')})"
        lines.append(f"{names[decision.kind]} {decision.date}{until}{ground} ({decision.approved_by}, {decision.by}): "
                     f"{decision.reason}{remaining}{mark}")
    for request in problem.extension_requests:
        decided = (f"{label(request.decision, '批准' if request.decision == 'approved' else '不予批准')} "
                   f"{request.decided_on} {request.decided_by or ''}".rstrip()
                   if request.decision else label("pending", "待批"))
        note = f" ({request.note})" if request.note else ""
        lines.append(f"{label('extension requested', '申请延期')} {request.date} {label('to', '至')} {request.to}: "
                     f"{request.reason} ({request.by}) — {decided}{note}")
    return lines
