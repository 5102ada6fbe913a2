"""The consequence rules (the negative list, 负面清单): figures in, consequences with reasons and distances out.

`evaluate(figures, policy)` judges one organisation's figures at its consequence date
(figures.OrgReport.judged) against every enabled rule of `policy.rules`; `apply(report)` does it
for every organisation of a round. Each result says whether the rule fires, the measured value,
the line, and how far the organisation stands from the line; `reason()` and `distance_text()`
put that in words a clerk can repeat, in English or Chinese.

Rule ids (stable, used by --fail-on and in JSON):
- `democratic-life-meeting`: rate at or below `rate_at_or_below` ("50%以下" includes 50%: 4/8 fires,
  5/9 does not). Compared on exact fractions. No problems -> no rate -> does not fire.
  Distance when it fires: the fewest further rectifications k with (rectified+k)/n above the line
  ("2 more closures lift it above 50%"); None when the line is 100%. When it does not fire: how
  many fewer rectifications would bring it to the line.
- `self-examination`: at least `unfinished_at_least` problems not rectified at the consequence date.
  Distance when it fires: rectifications needed to fall below the count.
- `interview`: satisfaction below `satisfaction_below` (strictly). No survey -> does not fire.
  Distance when it fires: more satisfied answers needed to reach the line, at the same participants.
- `re-rectification`: the evaluation grade is one of `grades`. No grade -> does not fire. No distance.
  With an evaluation scheme in the policy, the grade is the one the scheme computes (scoring.py) once
  every evaluator-scored indicator is scored; the reason then gives the total.
- `warning-interview`: at least `overdue_at_least` overdue or at least `hanging_at_least` hanging
  problems at the consequence date. Distance when it does not fire: further overdue or hanging
  problems that would fire it; when it fires, the text says how many of each must be cleared.
- `missing-reports` (disabled unless the policy enables it): at least `missing_at_least` periodic
  reports owed by the consequence date under the policy's `reporting:` duty were not submitted.
  Not judged (absent from the checks) where the policy states no duty for the organisation. Distance: reports still to submit to clear it, or
  further missing reports that would fire it.
On organisations with no counted problems none of the problem rules fires and they have no distances;
the survey and grade rules (`interview`, `re-rectification`) judge them as any other.
With the policy's `include_carry_over`, the judged figures include the problems carried over from
earlier rounds (figures.py), so the rules judge them too; otherwise they are reported apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from math import floor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the types only: the rule table is read by `--help` and must not load pydantic
    from fractions import Fraction

    from rectify_cli.figures import Figures, RoundReport
    from rectify_cli.model import Consequence, Policy


@dataclass(frozen=True)
class RuleResult:
    """One rule judged on one organisation's figures."""

    rule: str
    fired: bool
    on: dt.date                      # the date the figures stand at (the consequence date)
    applicable: bool                 # there was something to judge (a rate, a survey, a grade, problems)
    consequence: Consequence
    count: int = 0                   # numerator / count measured
    total: int = 0                   # denominator, when the measure is a share
    threshold: Fraction | int = 0
    distance: int | None = None      # see the module docstring, per rule
    grade: str | None = None
    score: Fraction | None = None    # the scheme's total, when it computed the grade
    overdue: int = 0
    hanging: int = 0
    overdue_line: int = 0
    hanging_line: int = 0
    claimed: int = 0                 # problems claimed done, not verified: what closing them with evidence would change

    @property
    def value(self) -> Fraction | None:
        from fractions import Fraction

        return Fraction(self.count, self.total) if self.total else None


def _closures_to_lift(rectified: int, problems: int, line: Fraction) -> int | None:
    """Fewest further rectifications k with (rectified + k) / problems > line; None if impossible."""
    needed = floor(line * problems) + 1 - rectified
    if rectified + needed > problems:
        return None
    return max(needed, 0)


def _n(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


# --- democratic-life-meeting ------------------------------------------------------------------


def _judge_rate(figures: Figures, rule: Any) -> RuleResult:
    line = rule.rate_at_or_below
    rate = figures.rate
    fired = rate is not None and rate <= line
    if rate is None:
        distance = None
    elif fired:
        distance = _closures_to_lift(figures.rectified, figures.problems, line)
    else:
        distance = figures.rectified - floor(line * figures.problems)
    return RuleResult("democratic-life-meeting", fired, figures.on, rate is not None, rule.consequence,
                      count=figures.rectified, total=figures.problems, threshold=line, distance=distance,
                      claimed=figures.claimed)


def _reason_rate(result: RuleResult, zh: bool) -> str:
    from rectify_cli.render.words import percent, threshold_text

    if not result.applicable:
        return "本轮无反馈问题，无整改完成率" if zh else "no problems in this round: no rate"
    on = result.on.isoformat()
    value = f"{result.count}/{result.total} = {percent(result.value)}"
    line = threshold_text(result.threshold)
    if zh:
        return f"截至{on}整改完成率{value}，" + (f"在{line}以下（含{line}）" if result.fired else f"超过{line}")
    return f"rate {value} on {on}, " + (f"at or below {line}" if result.fired else f"above {line}")


def _claims_text(distance: int, claimed: int, zh: bool) -> str:
    """What verifying the claims would do: closing `distance` of the `claimed` problems with evidence is enough, or not."""
    if not claimed:
        return ""
    if distance <= claimed:
        return (f"（{claimed}个自报完成的问题中，对账销号{distance}个即可）" if zh else
                f" (closing {distance} of the {claimed} claimed problem{'s' if claimed != 1 else ''} with evidence "
                f"would do it)")
    return (f"（{claimed}个自报完成的问题全部对账销号仍不够）" if zh else
            f" (the {claimed} claimed problem{'s' if claimed != 1 else ''} alone would not be enough)")


def _distance_rate(result: RuleResult, zh: bool) -> str:
    from rectify_cli.render.words import threshold_text

    distance = result.distance
    line = threshold_text(result.threshold)
    if result.fired:
        if distance is None:
            return f"无法超过{line}" if zh else f"cannot be lifted above {line}"
        return (f"再完成整改{distance}个即超过{line}" if zh else
                f"{_n(distance, 'more closure')} lift{'s' if distance == 1 else ''} it above {line}"
                ) + _claims_text(distance, result.claimed, zh)
    return (f"少完成整改{distance}个即降至{line}以下（含{line}）" if zh else
            f"{_n(distance or 0, 'fewer closure')} would bring it to {line} or below")


# --- self-examination ---------------------------------------------------------------------------


def _judge_unfinished(figures: Figures, rule: Any) -> RuleResult:
    has_problems = figures.problems > 0
    unfinished = figures.unfinished
    fired = has_problems and unfinished >= rule.unfinished_at_least
    if not has_problems:
        distance = None
    elif fired:
        distance = unfinished - rule.unfinished_at_least + 1
    else:
        distance = rule.unfinished_at_least - unfinished
    return RuleResult("self-examination", fired, figures.on, has_problems, rule.consequence,
                      count=unfinished, total=figures.problems, threshold=rule.unfinished_at_least, distance=distance,
                      claimed=figures.claimed)


def _reason_unfinished(result: RuleResult, zh: bool) -> str:
    if not result.applicable:
        return "本轮无反馈问题" if zh else "no problems in this round"
    on = result.on.isoformat()
    if zh:
        return (f"截至{on}有{result.count}个问题未完成整改" +
                (f"（{result.threshold}个及以上即触发）" if result.fired else f"，少于{result.threshold}个"))
    return (f"{_n(result.count, 'problem')} unfinished on {on}" +
            (f" (fires at {result.threshold} or more)" if result.fired else f", fewer than {result.threshold}"))


def _distance_unfinished(result: RuleResult, zh: bool) -> str:
    distance = result.distance or 0
    if result.fired:
        return (f"再完成整改{distance}个即不触发" if zh else
                f"{_n(distance, 'more closure')} clear{'s' if distance == 1 else ''} it"
                ) + _claims_text(distance, result.claimed, zh)
    return f"再有{distance}个未完成即触发" if zh else f"{_n(distance, 'more unfinished problem')} would fire it"


# --- interview ----------------------------------------------------------------------------------


def _judge_satisfaction(figures: Figures, rule: Any) -> RuleResult:
    line = rule.satisfaction_below
    satisfaction = figures.satisfaction
    fired = satisfaction is not None and satisfaction < line
    participants, satisfied = figures.participants, figures.satisfied
    if satisfaction is None:
        distance = None
    else:
        # smallest whole number of satisfied answers s with s / participants >= line
        enough = -((-line.numerator * participants) // line.denominator)
        distance = enough - satisfied if fired else satisfied - enough + 1
    return RuleResult("interview", fired, figures.on, satisfaction is not None, rule.consequence,
                      count=satisfied, total=participants, threshold=line, distance=distance)


def _reason_satisfaction(result: RuleResult, zh: bool) -> str:
    from rectify_cli.render.words import percent, threshold_text

    if not result.applicable:
        return "未录入满意度测评" if zh else "no satisfaction survey recorded"
    value = f"{result.count}/{result.total} = {percent(result.value)}"
    line = threshold_text(result.threshold)
    if zh:
        return f"满意率{value}，" + (f"低于{line}" if result.fired else f"不低于{line}")
    return f"satisfaction {value}, " + (f"below {line}" if result.fired else f"not below {line}")


def _distance_satisfaction(result: RuleResult, zh: bool) -> str:
    from rectify_cli.render.words import threshold_text

    distance = result.distance or 0
    line = threshold_text(result.threshold)
    if result.fired:
        return f"再有{distance}人满意即达到{line}" if zh else f"{_n(distance, 'more satisfied answer')} would reach {line}"
    return (f"满意人数少{distance}人即低于{line}" if zh else
            f"{_n(distance, 'fewer satisfied answer')} would bring it below {line}")


# --- re-rectification -------------------------------------------------------------------------


def _judge_grade(figures: Figures, rule: Any) -> RuleResult:
    grade = figures.grade
    return RuleResult("re-rectification", grade is not None and grade in rule.grades, figures.on,
                      grade is not None, rule.consequence, grade=grade, score=figures.score)


def _reason_grade(result: RuleResult, zh: bool) -> str:
    if not result.applicable:
        return "未录入评定等次" if zh else "no evaluation grade recorded"
    if result.score is not None:
        from rectify_cli.scoring import points_text

        return (f"按考核评价办法得{points_text(result.score)}分，评定等次为{result.grade}" if zh else
                f"grade {result.grade} computed by the evaluation scheme ({points_text(result.score)} points)")
    return f"评定等次为{result.grade}" if zh else f"grade {result.grade}"


def _no_distance(result: RuleResult, zh: bool) -> str:
    return ""


# --- warning-interview ------------------------------------------------------------------------


def _judge_warning(figures: Figures, rule: Any) -> RuleResult:
    overdue, hanging = figures.overdue, figures.hanging
    fired = overdue >= rule.overdue_at_least or hanging >= rule.hanging_at_least
    distance = None
    if figures.problems > 0 and not fired:
        distance = min(rule.overdue_at_least - overdue, rule.hanging_at_least - hanging)
    return RuleResult("warning-interview", fired, figures.on, figures.problems > 0, rule.consequence,
                      distance=distance, overdue=overdue, hanging=hanging,
                      overdue_line=rule.overdue_at_least, hanging_line=rule.hanging_at_least)


def _reason_warning(result: RuleResult, zh: bool) -> str:
    if not result.applicable:
        return "本轮无反馈问题" if zh else "no problems in this round"
    on = result.on.isoformat()
    if zh:
        return (f"截至{on}超期未完成{result.overdue}个、挂账{result.hanging}个"
                f"（超期{result.overdue_line}个或挂账{result.hanging_line}个及以上即触发）")
    return (f"{result.overdue} overdue and {result.hanging} hanging on {on} "
            f"(fires at {result.overdue_line} overdue or {result.hanging_line} hanging)")


def _distance_warning(result: RuleResult, zh: bool) -> str:
    if not result.fired:
        return (f"再有{result.distance}个超期或挂账事项即触发" if zh else
                f"{_n(result.distance or 0, 'more overdue or hanging item')} would fire it")
    parts_zh, parts_en = [], []
    if result.overdue >= result.overdue_line:
        clear = result.overdue - result.overdue_line + 1
        parts_zh.append(f"超期事项减少{clear}个")
        parts_en.append(_n(clear, "fewer overdue item"))
    if result.hanging >= result.hanging_line:
        clear = result.hanging - result.hanging_line + 1
        parts_zh.append(f"挂账事项减少{clear}个")
        parts_en.append(_n(clear, "fewer hanging item"))
    return ("、".join(parts_zh) + "即不触发") if zh else (" and ".join(parts_en) + " would clear it")


# --- missing-reports --------------------------------------------------------------------------


def _judge_missing_reports(figures: Figures, rule: Any) -> RuleResult:
    missing = figures.reports_missing
    fired = missing >= rule.missing_at_least
    distance = missing - rule.missing_at_least + 1 if fired else rule.missing_at_least - missing
    return RuleResult("missing-reports", fired, figures.on, True, rule.consequence, count=missing,
                      threshold=rule.missing_at_least, distance=distance)


def _reason_missing_reports(result: RuleResult, zh: bool) -> str:
    on = result.on.isoformat()
    if zh:
        return (f"截至{on}缺报{result.count}期" +
                (f"（{result.threshold}期及以上即触发）" if result.fired else f"，少于{result.threshold}期"))
    return (f"{_n(result.count, 'report')} missing on {on}" +
            (f" (fires at {result.threshold} or more)" if result.fired else f", fewer than {result.threshold}"))


def _distance_missing_reports(result: RuleResult, zh: bool) -> str:
    distance = result.distance or 0
    if result.fired:
        return f"补报{distance}期即不触发" if zh else f"{_n(distance, 'more report')} submitted would clear it"
    return f"再缺报{distance}期即触发" if zh else f"{_n(distance, 'more missing report')} would fire it"


# --- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One rule of the negative list: its stable id, its names, and how it is judged and explained."""

    id: str                                              # used by --fail-on, in JSON and in policy.yaml
    en: str                                              # display name in English
    zh: str                                              # display name in Chinese
    setting: str                                         # its settings: the attribute of policy.rules
    judge: Callable[[Figures, Any], RuleResult]
    reason: Callable[[RuleResult, bool], str]            # (result, zh) -> why it fired or did not
    distance: Callable[[RuleResult, bool], str]          # (result, zh) -> how far from the line

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


RULES: tuple[Rule, ...] = (
    Rule("democratic-life-meeting", "special democratic-life meeting", "专题民主生活会", "democratic_life_meeting",
         _judge_rate, _reason_rate, _distance_rate),
    Rule("self-examination", "self-examination", "深刻检查", "self_examination",
         _judge_unfinished, _reason_unfinished, _distance_unfinished),
    Rule("interview", "interview", "约谈", "interview", _judge_satisfaction, _reason_satisfaction, _distance_satisfaction),
    Rule("re-rectification", "re-rectification", "重新整改", "re_rectification", _judge_grade, _reason_grade, _no_distance),
    Rule("warning-interview", "warning interview", "警示约谈", "warning_interview",
         _judge_warning, _reason_warning, _distance_warning),
    Rule("missing-reports", "missing reports", "缺报通报", "missing_reports",
         _judge_missing_reports, _reason_missing_reports, _distance_missing_reports),
)
RULE_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
RULE_IDS: tuple[str, ...] = tuple(RULE_BY_ID)
RULES_HELP = ", ".join(RULE_IDS)  # the --fail-on help text


def rule_name(rule_id: str, lang: str) -> str:
    """The display name of a rule in `lang`."""
    return RULE_BY_ID[rule_id].name(lang)


def evaluate(figures: Figures, policy: Policy) -> tuple[RuleResult, ...]:
    """Every enabled rule judged on `figures` (an organisation at its consequence date)."""
    results = []
    for rule in RULES:
        settings = getattr(policy.rules, rule.setting)
        if rule.id == "missing-reports" and not figures.reporting_duty:
            continue  # no duty stated for this organisation: nothing to be missing
        if settings.enabled:
            results.append(rule.judge(figures, settings))
    return tuple(results)


def apply(report: RoundReport, policy: Policy | None = None) -> dict[str, tuple[RuleResult, ...]]:
    """Every organisation's rules, judged on its figures at its consequence date. Keyed by organisation id."""
    policy = policy or report.policy
    return {org.id: evaluate(org.judged, policy) for org in report.organisations}


def fired(results: tuple[RuleResult, ...]) -> tuple[RuleResult, ...]:
    return tuple(result for result in results if result.fired)


# --- words --------------------------------------------------------------------------------------


def consequence_text(result: RuleResult, lang: str) -> str:
    return result.consequence.zh if lang == "zh" else result.consequence.en


def reason(result: RuleResult, lang: str) -> str:
    """Why the rule fired or did not, with the figures and the line, and the consequence when it fired.

    e.g. "rate 4/9 = 44.44% on 2019-08-10, at or below 50%: special democratic-life meeting and
    city-wide circulation" / "截至2019-08-10整改完成率4/9 = 44.44%，在50%以下（含50%）：召开专题民主生活会…"
    """
    zh = lang == "zh"
    text = RULE_BY_ID[result.rule].reason(result, zh)
    if result.fired:
        text += ("：" if zh else ": ") + consequence_text(result, lang)
    return text


def distance_text(result: RuleResult, lang: str) -> str:
    """How far the organisation stands from the line, or "" when that has no meaning."""
    if not result.applicable:
        return ""
    return RULE_BY_ID[result.rule].distance(result, lang == "zh")
