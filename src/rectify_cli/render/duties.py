"""The report's tables of the months between feedback and closure: reporting duty, supervision, handovers.

Each section is None when the round has nothing of it to show (no duty stated, no instrument sent, no
handover recorded), so a report of a place that keeps none of them looks as it did.
"""

from __future__ import annotations

from rectify_cli.duties import HandoverFigures, ReportingFigures, SupervisionFigures
from rectify_cli.figures import OrgReport, RoundReport
from rectify_cli.render.words import word


def _sep(lang: str) -> str:
    return "、" if lang == "zh" else ", "


def supervision_phrase(figures: SupervisionFigures, lang: str) -> str:
    """督办单 3 次，约谈 1 次 / 督办单 3 times, 约谈 once: the instruments sent by kind, "—" when none."""
    if not figures.counts:
        return "—"
    if lang == "zh":
        return "，".join(f"{kind}{count}次" for kind, count in figures.counts)
    return ", ".join(f"{kind} {'once' if count == 1 else f'{count} times'}" for kind, count in figures.counts)


def _late_text(reporting: ReportingFigures, lang: str) -> str:
    return _sep(lang).join(word("late_item", lang, period=p, days=(made - due).days) for p, due, made in reporting.late)


def reporting_section(report: RoundReport, lang: str):
    from rectify_cli.render.document import Section

    if not report.reporting.duty:
        return None
    headers = [word(k, lang) for k in ("organisation", "reports_owed", "reports_submitted", "reports_late",
                                        "reports_missing")]
    rows, styles = [], []
    for org in report.organisations:
        r = org.reporting
        if not r.duty:
            continue
        rows.append([org.name, str(r.owed), str(r.submitted), _late_text(r, lang) or "0",
                     _sep(lang).join(p for p, _ in r.missing) or "0"])
        styles.append("red" if r.missing else ("yellow" if r.late else None))
    policy = report.policy.reporting
    assert policy is not None
    note = word("reporting_rule", lang, during=_cadence(policy.during_period, lang),
                after=_cadence(policy.long_term, lang))
    return Section(word("title_reporting", lang, date=report.as_of.isoformat()), headers, rows, {1, 2}, styles, note)


def _cadence(cadence, lang: str) -> str:
    if cadence is None:
        return word("cadence_none", lang)
    return word(f"cadence_{cadence.every}", lang, day=cadence.by_day)


def supervision_section(report: RoundReport, lang: str):
    from rectify_cli.render.document import Section

    total = report.supervision
    if not total.counts:
        return None
    headers = [word(k, lang) for k in ("organisation", "instruments", "instruments_by_kind", "replies_awaited",
                                        "replies_overdue")]

    def row(name: str, s: SupervisionFigures) -> list[str]:
        return [name, str(s.total), supervision_phrase(s, lang), _sep(lang).join(s.awaiting) or "0",
                _sep(lang).join(s.overdue) or "0"]

    rows = [row(org.name, org.supervision) for org in report.organisations if org.supervision.counts]
    styles: list[str | None] = ["red" if org.supervision.overdue else None
                                for org in report.organisations if org.supervision.counts]
    rows.append(row(word("total", lang), total))
    styles.append(None)
    return Section(word("title_supervision", lang, date=report.as_of.isoformat()), headers, rows, {1}, styles)


def handovers_section(report: RoundReport, lang: str):
    from rectify_cli.render.document import Section

    if not report.handovers.handovers:
        return None
    headers = [word(k, lang) for k in ("organisation", "handovers", "unacknowledged", "responsible_left")]
    rows, styles = [], []
    for org in report.organisations:
        h = org.handovers
        if not h.handovers:
            continue
        rows.append([org.name, str(h.handovers), _unacknowledged_text(h, lang) or "0", _left_text(h, lang) or "0"])
        styles.append("yellow" if h.unacknowledged or h.left else None)
    return Section(word("title_handovers", lang), headers, rows, {1}, styles, word("handovers_note", lang))


def _unacknowledged_text(h: HandoverFigures, lang: str) -> str:
    return _sep(lang).join(word("handover_item", lang, date=d.isoformat(), role=word(f"role_{role}", lang), old=old,
                                new=new) for d, role, old, new in h.unacknowledged)


def _left_text(h: HandoverFigures, lang: str) -> str:
    return _sep(lang).join(f"{problem} ({person})" for problem, person in h.left)


def explain_lines(org: OrgReport, lang: str) -> list[str]:
    """--explain's lines on the organisation's reporting, supervision and handovers (none when it has none)."""
    lines = []
    r = org.reporting
    if r.duty:
        lines.append(word("explain_reporting", lang, owed=r.owed, submitted=r.submitted,
                          late=_late_text(r, lang) or "0",
                          missing=_sep(lang).join(f"{p} ({due.isoformat()})" for p, due in r.missing) or "0"))
    if org.supervision.counts:
        lines.append(word("explain_supervision", lang, sent=supervision_phrase(org.supervision, lang),
                          awaiting=_sep(lang).join(org.supervision.awaiting) or "0"))
    h = org.handovers
    if h.handovers:
        lines.append(word("explain_handovers", lang, count=h.handovers,
                          unacknowledged=_unacknowledged_text(h, lang) or "0", left=_left_text(h, lang) or "0"))
    return lines
