"""考核评价得分表 in words: the round's scores, each organisation's sheet (points and why), the formulas.

What scoring.py computed, never recomputed: each line's points, share or count; the words are in
render/words.py (`title_scores`, `why_*`, `formula_*`, `measured_*`).
"""

from __future__ import annotations

from rectify_cli.figures import OrgReport, RoundReport
from rectify_cli.render.words import NONE, percent, word
from rectify_cli.scoring import Line, ScoreSheet, points_text


def indicator_name(line: Line, lang: str) -> str:
    indicator = line.indicator
    return indicator.zh if lang == "zh" or not indicator.en else indicator.en


def _measure(line: Line, lang: str) -> str:
    return word(f"measured_{line.indicator.computed}", lang)


def why_text(line: Line, org: OrgReport, lang: str) -> str:
    """Why the line earned its points, in words a clerk can repeat."""
    indicator = line.indicator
    if line.kind == "evaluator":
        if line.score is None:
            return word("why_not_scored", lang, org=org.id, round=org.round, id=indicator.id)
        return word("why_scored", lang, note=line.score.note, by=line.score.by, date=line.score.date.isoformat())
    if line.kind == "share":
        if not line.whole:
            return word("why_share_none", lang, measure=_measure(line, lang),
                        points=word("why_full" if indicator.if_none == "full" else "why_zero", lang))
        return word("why_share", lang, measure=_measure(line, lang), part=line.part, whole=line.whole,
                    share=percent(line.share))
    return word("why_count", lang, measure=_measure(line, lang), count=line.part,
                deduct=points_text(indicator.deduct))


def formula_text(line: Line, lang: str) -> str:
    """The formula with the numbers: 20 × 10/12 = 16.67."""
    indicator = line.indicator
    most, points = points_text(line.most), points_text(line.points)
    if line.kind == "evaluator":
        return word("formula_scored", lang, points=points, most=most) if line.score is not None else NONE
    if line.kind == "share":
        if not line.whole:
            return word("formula_share_none", lang, whole=0, if_none=indicator.if_none, points=points)
        return word("formula_share", lang, most=most, part=line.part, whole=line.whole, points=points)
    return word("formula_count", lang, most=most, deduct=points_text(indicator.deduct), count=line.part,
                points=points)


def total_text(sheet: ScoreSheet, lang: str) -> str:
    """Total 16.67 + 10 + … = 85.20: 合格 (at least 75); or what is still to be scored."""
    if not sheet.complete:
        return word("sheet_missing", lang, ids=", ".join(sheet.missing))
    formula = " + ".join(points_text(line.points) for line in sheet.lines)
    grade = word("sheet_band", lang, grade=sheet.grade, line=points_text(sheet.band_line))
    text = word("sheet_total", lang, formula=formula, total=points_text(sheet.total), grade=grade)
    if not sheet.grade_agrees:
        text += "; " + word("sheet_disagrees", lang, what=word("grade", lang), value=sheet.recorded_grade)
    if not sheet.score_agrees:
        text += "; " + word("sheet_disagrees", lang, what=word("points_got", lang), value=sheet.recorded_score)
    return text


def round_rows(report: RoundReport, lang: str) -> list[list[str]]:
    """One row per organisation: computed points, evaluators' points, total, grade by the scheme, recorded grade."""
    rows = []
    for org in report.organisations:
        sheet = org.sheet
        if sheet is None:
            continue
        computed = sum((line.points for line in sheet.lines if line.kind != "evaluator" and line.points is not None),
                       start=0)
        scored = sum((line.points for line in sheet.lines if line.kind == "evaluator" and line.points is not None),
                     start=0)
        missing = len(sheet.missing)
        rows.append([org.name, points_text(computed),
                     points_text(scored) + (f" ({word('not_scored', lang, count=missing)})" if missing else ""),
                     points_text(sheet.total) if sheet.complete else NONE,
                     sheet.grade or word("sheet_incomplete", lang), sheet.recorded_grade or NONE])
    return rows


def round_headers(lang: str) -> list[str]:
    return [word(k, lang) for k in ("organisation", "computed_points", "scored_points", "total_points",
                                    "computed_grade", "recorded_grade")]


def sheet_rows(org: OrgReport, lang: str, formulas: bool = False) -> list[list[str]]:
    """The sheet of one organisation: indicator, points it is worth, points earned, why (and the formula)."""
    assert org.sheet is not None
    rows = []
    for line in org.sheet.lines:
        row = [indicator_name(line, lang), points_text(line.most), points_text(line.points), why_text(line, org, lang)]
        if formulas:
            row.insert(3, formula_text(line, lang))
        rows.append(row)
    return rows


def sheet_headers(lang: str, formulas: bool = False) -> list[str]:
    keys = ["indicator", "points_of", "points_got", "why"]
    if formulas:
        keys.insert(3, "formula")
    return [word(k, lang) for k in keys]


def sheet_note(org: OrgReport, lang: str) -> str:
    assert org.sheet is not None
    note = total_text(org.sheet, lang) + "\n" + word("sheet_note", lang, date=org.consequence_date.isoformat())
    if org.sheet.example:
        note += "\n" + word("sheet_example", lang)
    return note


def shown(org: OrgReport) -> bool:
    """An organisation's full sheet is in the report once an evaluator has scored one of its indicators."""
    return org.sheet is not None and any(line.score is not None for line in org.sheet.lines)
