"""The header lines of a round report: the basis of the consequence date, the date assessments are
taken at, what "rectified" means, and what stands beside the rate (claims, closures under review or
returned, carry-over, provisional organisations). Used by the document and the Word report.
"""

from __future__ import annotations

import datetime as dt

from rectify_cli.figures import RoundReport
from rectify_cli.render.words import listed, percent, ratio, status_word, word


def header_lines(report: RoundReport, lang: str) -> list[str]:
    if report.basis == "as-of":
        dates = listed([d.isoformat() for d in report.consequence_dates], lang) or report.as_of.isoformat()
    else:   # the ends of the periods themselves; a period not ended yet is named in the provisional line
        ends = sorted({org.end_of_period for org in report.organisations})
        dates = listed([d.isoformat() for d in ends], lang) or report.as_of.isoformat()
    lines = [
        word("header_basis_as_of" if report.basis == "as-of" else "header_basis_end", lang, dates=dates),
        word("header_assessments", lang, date=report.as_of.isoformat()),
    ]
    statuses = listed([status_word(s, lang) for s in report.policy.rectified_statuses], lang)
    lines.append(word("rectified_means", lang, statuses=statuses))
    claimed = [(org.name, org.figures.claimed) for org in report.organisations if org.figures.claimed]
    if claimed:
        orgs = listed([f"{name} {count}" for name, count in claimed], lang)
        lines.append(word("header_claimed", lang, count=report.totals.claimed, orgs=orgs))
    reviewed = [(org.name, org.figures.under_review) for org in report.organisations if org.figures.under_review]
    if reviewed:
        orgs = listed([f"{name} {count}" for name, count in reviewed], lang)
        counted = "under-review" in report.policy.rectified_statuses
        lines.append(word("header_under_review_counted" if counted else "header_under_review", lang,
                          count=report.totals.under_review, orgs=orgs))
    returned = [(org.name, org.figures.returned) for org in report.organisations if org.figures.returned]
    if returned:
        orgs = listed([f"{name} {count}" for name, count in returned], lang)
        lines.append(word("header_returned", lang, count=report.totals.returned, orgs=orgs))
    lines += _decided_lines(report, lang)
    if report.policy.include_carry_over:
        lines.append(word("header_carry_included", lang))
    by_end: dict[dt.date, list[str]] = {}
    for org in report.organisations:
        if org.provisional:
            by_end.setdefault(org.end_of_period, []).append(org.name)
    for end, names in sorted(by_end.items()):
        lines.append(word("header_provisional", lang, orgs=listed(names, lang), end=end.isoformat(),
                          date=report.as_of.isoformat()))
    late = [org for org in report.organisations if org.before_feedback]
    for org in late:
        lines.append(word("header_before_feedback", lang, orgs=org.name, date=org.consequence_date.isoformat(),
                          feedback=org.feedback_on.isoformat()))
    filters = []
    if report.organisation_filter:
        filters.append(f"{word('organisation', lang)}: {', '.join(report.organisation_filter)}")
    if report.category_filter:
        filters.append(f"{word('category', lang)}: {', '.join(report.category_filter)}")
    if filters:
        lines.append(word("header_filters", lang, filters="; ".join(filters)))
    return lines


def _by_org(report: RoundReport, name: str, lang: str) -> str:
    return listed([f"{org.name} {getattr(org.figures, name)}" for org in report.organisations
                   if getattr(org.figures, name)], lang)


def _decided_lines(report: RoundReport, lang: str) -> list[str]:
    """What stands beside the rate besides claims and reviews: outcomes other than rectified, waivers
    expired, problems out of the count, extensions requested and approved, what "unfinished" means."""
    t, policy, lines = report.totals, report.policy, []
    for status in ("partial", "waived"):
        if getattr(t, status):
            counted = word("header_in_rate" if status in policy.rectified_statuses else "header_not_in_rate", lang)
            lines.append(word(f"header_{status}", lang, count=getattr(t, status), counted=counted,
                              orgs=_by_org(report, status, lang)))
    if t.reactivated:
        lines.append(word("header_reactivated", lang, count=t.reactivated, orgs=_by_org(report, "reactivated", lang)))
    if t.excluded:
        lines.append(word("header_excluded", lang, count=t.excluded, orgs=_by_org(report, "excluded", lang)))
    if t.extension_requested or t.extension_approved:
        share = f"{ratio(t.extension_approved, t.problems)} = {percent(t.extension_share)}" if t.problems else "—"
        lines.append(word("header_extensions", lang, requested=t.extension_requested, approved=t.extension_approved,
                          problems=t.problems, share=share))
    statuses = policy.rules.self_examination.statuses
    if statuses is not None:
        lines.append(word("header_unfinished_means", lang, statuses=listed([status_word(s, lang) for s in statuses], lang)))
    return lines
