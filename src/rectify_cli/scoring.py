"""The scored evaluation (考核评价得分): the policy's scheme applied to one organisation's figures.

Pure arithmetic over `figures.Figures` (the figures at the consequence date, `OrgReport.judged`) and
the evaluators' scores recorded in the ledger; exact fractions throughout. The contract (docs/report.md
repeats it):

- A **share** indicator (`computed: rate | measure-rate | on-time-rate | immediate-rate | satisfaction |
  clue-disposal-rate`) earns `points × share`, the share being the figure of the same name at the
  consequence date (figures.py: so what counts as rectified and in the denominator is the figures'
  rule, never repeated here). A share with no value (no problems, no closures, no survey, no clue)
  earns `points` when `if_none: full`, else 0.
- A **count** indicator (`computed: overdue | hanging | reopened | unfinished | claimed | repeats`)
  earns `points − deduct × count`, never below 0.
- An **evaluator** indicator (no `computed`) earns the points of the score recorded for it with a date
  on or before the as-of date (the last such when scored twice); none yet: the sheet is incomplete.
- Total = the sum of the points earned. The **grade** is the first band, best first, whose `at_least`
  the total reaches; an incomplete sheet has no computed grade (the recorded grade, if any, stands).
- A recorded `grade` agrees when it is the computed grade; a recorded `score` agrees when it equals
  the total rounded half up to the recorded score's decimals (82 agrees with 82.4, not with 82.5).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from rectify_cli.model import SHARE_MEASURES, Evaluation, EvaluationScheme, Indicator, IndicatorScore

if TYPE_CHECKING:
    from rectify_cli.figures import Figures

# A share measure -> the figures' (numerator, denominator) attributes.
SHARE_PARTS: dict[str, tuple[str, str]] = {
    "rate": ("rectified", "problems"),
    "measure-rate": ("measures_done", "measures_total"),
    "on-time-rate": ("closed_on_time", "closed"),
    "immediate-rate": ("immediate_rectified", "immediate"),
    "satisfaction": ("satisfied", "participants"),
    "clue-disposal-rate": ("clues_disposed", "clues_handed"),
}


@dataclass(frozen=True)
class Line:
    """One indicator on the sheet: what it earned and from what."""

    indicator: Indicator
    points: Fraction | None               # earned; None: an evaluator indicator not scored yet
    part: int = 0                         # share: numerator; count: the count
    whole: int = 0                        # share: denominator (0: no value)
    score: IndicatorScore | None = None   # the evaluator's record

    @property
    def kind(self) -> str:
        """"share", "count" or "evaluator"."""
        computed = self.indicator.computed
        if computed is None:
            return "evaluator"
        return "share" if computed in SHARE_MEASURES else "count"

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.part, self.whole) if self.kind == "share" and self.whole else None

    @functools.cached_property
    def most(self) -> Fraction:
        return Fraction(self.indicator.points)


@dataclass(frozen=True)
class ScoreSheet:
    """考核评价得分表 of one organisation's round."""

    on: dt.date                             # the consequence date the computed parts stand at
    lines: tuple[Line, ...]
    bands: tuple[tuple[str, Fraction], ...]
    recorded_grade: str | None = None
    recorded_score: Decimal | None = None
    example: bool = False                   # the scheme is marked as an example to adapt

    @property
    def total(self) -> Fraction:
        return sum((line.points for line in self.lines if line.points is not None), Fraction(0))

    @property
    def missing(self) -> tuple[str, ...]:
        """Evaluator indicators not scored by the as-of date."""
        return tuple(line.indicator.id for line in self.lines if line.points is None)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def grade(self) -> str | None:
        """The computed grade; None while an evaluator indicator is not scored."""
        if not self.complete:
            return None
        return next(grade for grade, line in self.bands if self.total >= line)

    @property
    def band_line(self) -> Fraction | None:
        """The `at_least` of the computed grade's band."""
        return next((line for grade, line in self.bands if grade == self.grade), None)

    @property
    def grade_agrees(self) -> bool:
        return self.grade is None or self.recorded_grade is None or self.recorded_grade == self.grade

    @property
    def score_agrees(self) -> bool:
        return not self.complete or self.recorded_score is None or rounded_like(self.total, self.recorded_score) == \
            self.recorded_score


@functools.lru_cache(maxsize=4096)  # pure; a round's sheets print the same few points thousands of times
def points_text(value: Fraction | Decimal | int | None) -> str:
    """Points of a score sheet: whole when whole ("15"), else two decimals rounded half up ("16.67"); None -> "—"."""
    if value is None:
        return "—"
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    hundredths = (value.numerator * 200 + value.denominator) // (2 * value.denominator)
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def rounded_like(value: Fraction, like: Decimal) -> Decimal:
    """`value` rounded half up to the decimals `like` is written with."""
    exponent = like.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _line(indicator: Indicator, figures: Figures, scores: dict[str, IndicatorScore]) -> Line:
    most = Fraction(indicator.points)
    computed = indicator.computed
    if computed is None:
        score = scores.get(indicator.id)
        if score is None:
            return Line(indicator, None)
        return Line(indicator, min(Fraction(score.points), most), score=score)
    if computed in SHARE_PARTS:
        numerator, denominator = SHARE_PARTS[computed]
        part, whole = getattr(figures, numerator), getattr(figures, denominator)
        if not whole:
            return Line(indicator, most if indicator.if_none == "full" else Fraction(0), part, whole)
        return Line(indicator, most * Fraction(part, whole), part, whole)
    count = getattr(figures, computed.replace("-", "_"))
    deduct = Fraction(indicator.deduct or 0)
    return Line(indicator, max(Fraction(0), most - deduct * count), count)


def score_sheet(figures: Figures, evaluation: Evaluation | None, scheme: EvaluationScheme | None,
                as_of: dt.date) -> ScoreSheet | None:
    """The scheme applied to `figures` (an organisation at its consequence date) and the scores recorded by
    `as_of`; None without a scheme."""
    if scheme is None:
        return None
    scores: dict[str, IndicatorScore] = {}
    if evaluation is not None:
        for score in sorted(evaluation.scores, key=lambda s: s.date):
            if score.date <= as_of:
                scores[score.indicator] = score
    recorded = evaluation if evaluation is not None and (evaluation.date is None or evaluation.date <= as_of) else None
    return ScoreSheet(
        on=figures.on, lines=tuple(_line(indicator, figures, scores) for indicator in scheme.indicators),
        bands=tuple((band.grade, Fraction(band.at_least)) for band in scheme.bands),
        recorded_grade=recorded.grade if recorded else None, recorded_score=recorded.score if recorded else None,
        example=scheme.example)
