"""The header lines of a round report: the basis of the consequence date, the date assessments are
taken at, what "rectified" means, and what stands beside the rate (claims, closures under review or
returned, carry-over, provisional organisations). Used by the document and the Word report.
"""

from __future__ import annotations

import datetime as dt

from rectify_cli.figures import RoundReport
from rectify_cli.render.words import listed, status_word, word


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
    if report.policy.include_carry_over:
        lines.append(word("header_carry_included", lang))
    by_end: dict[dt.date, list[str]] = {}
    for org in report.organisations:
        if org.provisional:
            by_end.setdefault(org.end_of_period, []).append(org.name)
    for end, names in sorted(by_end.items()):
        lines.append(word("header_provisional", lang, orgs=listed(names, lang), end=end.isoformat(),
                          date=report.as_of.isoformat()))
    filters = []
    if report.organisation_filter:
        filters.append(f"{word('organisation', lang)}: {', '.join(report.organisation_filter)}")
    if report.category_filter:
        filters.append(f"{word('category', lang)}: {', '.join(report.category_filter)}")
    if filters:
        lines.append(word("header_filters", lang, filters="; ".join(filters)))
    return lines
