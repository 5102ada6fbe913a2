"""policy.py: the negative list judged on the hand-written round-7 fixture (tests/data/report/round7).

Expected results and sentences were written from the fixture by hand (see test_figures.py for
the counts): jia-district ends its period at exactly 4/8, ding-company at 2/6 with grade 不合格,
yi-bureau at 2/3 with one long-term problem, bing-town with no problems at all.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectify_cli import consequences as policy
from rectify_cli import figures
from rectify_cli.model import Policy
from rectify_cli.validation.pipeline import check_paths
from rectify_cli.validation.policy_file import load_policy

ROUND7 = Path(__file__).parent / "data" / "report" / "round7"
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def ledgers():
    loaded_policy, _ = load_policy(ROUND7)
    return [item.ledger for item in check_paths([ROUND7], loaded_policy, D("2019-10-01")).ledgers]


def judged(ledgers, as_of="2019-10-01", rules_policy: Policy | None = None) -> dict[str, dict[str, policy.RuleResult]]:
    used = rules_policy or Policy()
    report = figures.round_report(ledgers, round=7, as_of=D(as_of), policy=used)
    return {org: {r.rule: r for r in results} for org, results in policy.apply(report).items()}


def fired(results: dict[str, policy.RuleResult]) -> list[str]:
    return [rule for rule, result in results.items() if result.fired]


def test_rate_of_exactly_half_triggers_the_meeting(ledgers):
    meeting = judged(ledgers)["jia-district"]["democratic-life-meeting"]
    assert meeting.fired and meeting.value == Fraction(1, 2) and meeting.on == D("2019-08-10")
    assert policy.reason(meeting, "en") == (
        "rate 4/8 = 50.00% on 2019-08-10, at or below 50%: special democratic-life meeting and city-wide circulation")
    assert policy.reason(meeting, "zh") == (
        "截至2019-08-10整改完成率4/8 = 50.00%，在50%以下（含50%）：召开专题民主生活会，并在全市范围内通报")
    assert meeting.distance == 1
    assert policy.distance_text(meeting, "en") == "1 more closure lifts it above 50%"
    assert policy.distance_text(meeting, "zh") == "再完成整改1个即超过50%"


def test_rate_of_five_ninths_does_not_trigger_the_meeting(ledgers):
    as_of = Policy(consequence_date="as-of")
    meeting = judged(ledgers, "2019-10-01", as_of)["jia-district"]["democratic-life-meeting"]
    assert not meeting.fired and meeting.value == Fraction(5, 9)
    assert policy.reason(meeting, "en") == "rate 5/9 = 55.56% on 2019-10-01, above 50%"
    assert policy.reason(meeting, "zh") == "截至2019-10-01整改完成率5/9 = 55.56%，超过50%"
    assert meeting.distance == 1
    assert policy.distance_text(meeting, "en") == "1 fewer closure would bring it to 50% or below"


def test_rate_of_four_ninths_fires_and_one_closure_lifts_it(ledgers):
    meeting = judged(ledgers, "2019-09-10", Policy(consequence_date="as-of"))["jia-district"]["democratic-life-meeting"]
    assert meeting.fired
    assert policy.reason(meeting, "en").startswith("rate 4/9 = 44.44% on 2019-09-10, at or below 50%")
    assert policy.reason(meeting, "zh").startswith("截至2019-09-10整改完成率4/9 = 44.44%，在50%以下（含50%）：")
    assert meeting.distance == 1


def test_two_more_closures_lift_a_third_above_half(ledgers):
    meeting = judged(ledgers)["ding-company"]["democratic-life-meeting"]
    assert meeting.fired and (meeting.count, meeting.total) == (2, 6)
    assert policy.distance_text(meeting, "en") == "2 more closures lift it above 50%"


def test_no_problems_has_no_rate_and_fires_nothing(ledgers):
    bing = judged(ledgers)["bing-town"]
    assert fired(bing) == []
    meeting = bing["democratic-life-meeting"]
    assert not meeting.applicable and meeting.distance is None and meeting.value is None
    assert policy.reason(meeting, "en") == "no problems in this round: no rate"
    assert policy.distance_text(meeting, "en") == ""
    assert bing["self-examination"].distance is None and bing["warning-interview"].distance is None


def test_every_rule_on_the_fixture(ledgers):
    results = judged(ledgers)
    assert fired(results["jia-district"]) == ["democratic-life-meeting", "self-examination", "interview"]
    assert fired(results["ding-company"]) == ["democratic-life-meeting", "self-examination", "re-rectification"]
    assert fired(results["yi-bureau"]) == ["self-examination"]


def test_unfinished_problems_at_the_end_of_the_period_call_for_self_examination(ledgers):
    exam = judged(ledgers)["yi-bureau"]["self-examination"]
    assert exam.fired and exam.count == 1 and exam.on == D("2019-08-20")
    assert policy.reason(exam, "en") == (
        "1 problem unfinished on 2019-08-20 (fires at 1 or more): written deep self-examination to the committee")
    assert policy.reason(exam, "zh") == "截至2019-08-20有1个问题未完成整改（1个及以上即触发）：向市委作出深刻检查"
    assert policy.distance_text(exam, "en") == "1 more closure clears it"


def test_low_satisfaction_calls_for_an_interview(ledgers):
    interview = judged(ledgers)["jia-district"]["interview"]
    assert interview.fired and interview.value == Fraction(38, 50)
    assert policy.reason(interview, "en") == "satisfaction 38/50 = 76.00%, below 80%: interview of the principal"
    assert policy.reason(interview, "zh") == "满意率38/50 = 76.00%，低于80%：约谈党组织主要负责人"
    assert interview.distance == 2
    assert policy.distance_text(interview, "en") == "2 more satisfied answers would reach 80%"


def test_satisfaction_above_the_line_says_how_far(ledgers):
    interview = judged(ledgers)["yi-bureau"]["interview"]
    assert not interview.fired and interview.distance == 11   # 79/100 would be below 80%
    assert policy.reason(interview, "zh") == "满意率90/100 = 90.00%，不低于80%"


def test_no_survey_fires_no_interview(ledgers):
    interview = judged(ledgers)["ding-company"]["interview"]
    assert not interview.fired and not interview.applicable
    assert policy.reason(interview, "en") == "no satisfaction survey recorded"


def test_grade_unqualified_calls_for_re_rectification(ledgers):
    grade = judged(ledgers)["ding-company"]["re-rectification"]
    assert grade.fired and grade.distance is None
    assert policy.reason(grade, "en") == "grade 不合格: interview and re-rectification"
    assert policy.reason(grade, "zh") == "评定等次为不合格：约谈并责令重新整改"


def test_warning_interview_below_its_lines_says_how_far(ledgers):
    warning = judged(ledgers)["ding-company"]["warning-interview"]
    assert not warning.fired and (warning.overdue, warning.hanging) == (1, 2) and warning.distance == 1
    assert policy.reason(warning, "en") == "1 overdue and 2 hanging on 2019-08-10 (fires at 3 overdue or 3 hanging)"
    assert policy.distance_text(warning, "en") == "1 more overdue or hanging item would fire it"


def test_warning_interview_fires_on_overdue_items(ledgers):
    strict = Policy.model_validate({"rules": {"warning-interview": {"overdue_at_least": 1, "hanging_at_least": 2}}})
    warning = judged(ledgers, rules_policy=strict)["ding-company"]["warning-interview"]
    assert warning.fired
    assert policy.reason(warning, "zh") == (
        "截至2019-08-10超期未完成1个、挂账2个（超期1个或挂账2个及以上即触发）：警示约谈")
    assert policy.distance_text(warning, "en") == "1 fewer overdue item and 1 fewer hanging item would clear it"


def test_a_line_of_100_percent_cannot_be_passed(ledgers):
    everything = Policy.model_validate({"rules": {"democratic-life-meeting": {"rate_at_or_below": "100%"}}})
    meeting = judged(ledgers, rules_policy=everything)["yi-bureau"]["democratic-life-meeting"]
    assert meeting.fired and meeting.distance is None
    assert policy.distance_text(meeting, "en") == "cannot be lifted above 100%"


def test_thresholds_are_compared_exactly_not_on_rounded_percentages(ledgers):
    # 2/3 = 66.666...% prints as 66.67%; a line at 66.67% is above it, a line at 2/3 is on it.
    for line, expected in (("66.67%", True), ("2/3", True), ("66.66%", False)):
        custom = Policy.model_validate({"rules": {"democratic-life-meeting": {"rate_at_or_below": line}}})
        assert judged(ledgers, rules_policy=custom)["yi-bureau"]["democratic-life-meeting"].fired is expected


def test_disabled_rules_are_not_judged(ledgers):
    quiet = Policy.model_validate({"rules": {"interview": {"enabled": False, "satisfaction_below": "80%"}}})
    assert "interview" not in judged(ledgers, rules_policy=quiet)["jia-district"]


def test_rule_ids_are_the_documented_ones():
    assert policy.RULE_IDS == ("democratic-life-meeting", "self-examination", "interview", "re-rectification",
                               "warning-interview", "missing-reports")
    results = policy.evaluate(figures.Figures(on=D("2019-08-10")), Policy())
    # missing-reports is off by default, and judged only where a reporting duty applies
    assert tuple(r.rule for r in results) == policy.RULE_IDS[:-1]
    on = Policy.model_validate({"rules": {"missing-reports": {"enabled": True}}, "reporting": {}})
    duty = policy.evaluate(figures.Figures(on=D("2019-08-10"), reports_missing=1, reporting_duty=True), on)
    assert [(r.rule, r.fired) for r in duty][-1] == ("missing-reports", True)
    no_duty = policy.evaluate(figures.Figures(on=D("2019-08-10"), reports_missing=0, reporting_duty=False), on)
    assert "missing-reports" not in [r.rule for r in no_duty]


@given(problems=st.integers(1, 200), data=st.data(),
       line=st.fractions(min_value=0, max_value=1, max_denominator=400))
def test_distance_is_the_fewest_closures_that_lift_the_rate_above_the_line(problems, data, line):
    rectified = data.draw(st.integers(0, problems))
    figures_at = figures.Figures(on=D("2019-08-10"), problems=problems, rectified=rectified, closed=rectified)
    meeting = policy.evaluate(figures_at, Policy(rules={"democratic-life-meeting": {"rate_at_or_below": line}}))[0]
    assert meeting.fired == (Fraction(rectified, problems) <= line)
    if meeting.fired and meeting.distance is not None:
        k = meeting.distance
        assert Fraction(rectified + k, problems) > line and Fraction(rectified + k - 1, problems) <= line
    elif meeting.fired:
        assert line == 1
    else:
        lost = meeting.distance
        assert Fraction(rectified - lost, problems) <= line < Fraction(rectified - lost + 1, problems)
