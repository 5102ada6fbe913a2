"""figures.py on hand-written ledgers (tests/data/report/round7): every expected figure was
counted by hand from the YAML, not copied from the program's output.

The fixture, in short (round 7, feedback 2019-05-10 unless said):
- jia-district: 8 problems fed back, P7-01..04 closed 06-15, 07-01, 07-20, 08-10; P7-05 closed
  09-15; P7-06, P7-07 open with deadline 07-31; P7-08 open; P7-09 counts from 09-01.
- yi-bureau: feedback 05-20, no rectify_by (period ends 08-20); 2 of 3 closed; Y7-03 long-term,
  review by 09-30.
- ding-company: the timeline cases (reopen, long-term, extensions, found_on, basically done).
- bing-town: round 7 with no problems; one round-6 problem.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from rectify_cli import figures
from rectify_cli.model import Policy
from rectify_cli.render.words import percent
from rectify_cli.validation.pipeline import check_paths
from rectify_cli.validation.policy_file import load_policy

ROUND7 = Path(__file__).parent / "data" / "report" / "round7"
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def loaded():
    policy, problems = load_policy(ROUND7)
    assert problems == []
    result = check_paths([ROUND7], policy, D("2019-10-01"))
    assert result.ok, result.problems
    return {item.ledger.organisation.id: item.ledger for item in result.ledgers}, policy


def report(loaded, as_of: str, **kwargs) -> figures.RoundReport:
    ledgers, policy = loaded
    return figures.round_report(list(ledgers.values()), round=7, as_of=D(as_of), policy=kwargs.pop("policy", policy),
                                **kwargs)


def state(loaded, org: str, problem_id: str, on: str, policy: Policy | None = None) -> figures.ProblemState:
    ledgers, default_policy = loaded
    ledger = ledgers[org]
    problem = next(p for p in ledger.problems if p.id == problem_id)
    return figures.problem_state(ledger, problem, D(on), policy or default_policy)


# --- rates -----------------------------------------------------------------------------------


def test_rate_at_the_end_of_the_period_is_exactly_half(loaded):
    jia = report(loaded, "2019-10-01").organisation("jia-district")
    assert jia.consequence_date == D("2019-08-10")
    assert (jia.judged.problems, jia.judged.rectified) == (8, 4)
    assert jia.judged.rate == Fraction(1, 2)


def test_rate_counts_a_problem_from_its_own_found_on_date(loaded):
    jia = report(loaded, "2019-09-10").organisation("jia-district").figures
    assert (jia.problems, jia.rectified, jia.rate) == (9, 4, Fraction(4, 9))
    assert percent(jia.rate) == "44.44%"


def test_rate_on_the_as_of_date_includes_later_closures(loaded):
    jia = report(loaded, "2019-10-01").organisation("jia-district").figures
    assert (jia.problems, jia.rectified, jia.rate) == (9, 5, Fraction(5, 9))
    assert percent(jia.rate) == "55.56%"


def test_two_thirds_prints_as_66_67_percent(loaded):
    yi = report(loaded, "2019-10-01").organisation("yi-bureau").figures
    assert yi.rate == Fraction(2, 3)
    assert percent(yi.rate) == "66.67%"


def test_a_round_with_no_problems_has_no_rate(loaded):
    bing = report(loaded, "2019-10-01").organisation("bing-town")
    assert bing.figures.problems == 0
    assert bing.figures.rate is None and bing.judged.rate is None
    assert bing.figures.measure_rate is None and bing.figures.on_time_rate is None
    assert percent(bing.figures.rate) == "—"


def test_problems_of_another_round_do_not_count(loaded):
    bing = report(loaded, "2019-10-01").organisation("bing-town")
    assert bing.states == ()


def test_as_of_before_the_feedback_counts_nothing(loaded):
    result = report(loaded, "2019-05-01")
    assert [org.figures.problems for org in result.organisations] == [0, 0, 0, 0]
    assert result.totals.rate is None


# --- status at a date --------------------------------------------------------------------------


def test_as_of_the_day_before_a_closure_the_problem_is_open(loaded):
    assert state(loaded, "ding-company", "T7-1", "2019-07-29").status == "open"
    assert state(loaded, "ding-company", "T7-1", "2019-07-30").status == "closed"


def test_a_closure_on_the_consequence_date_counts(loaded):
    assert state(loaded, "jia-district", "P7-04", "2019-08-10").rectified


def test_a_reopened_problem_was_closed_between_its_closure_and_its_reopening(loaded):
    assert state(loaded, "ding-company", "T7-2", "2019-06-29").status == "open"
    before = state(loaded, "ding-company", "T7-2", "2019-07-01")
    assert before.status == "closed" and before.closed_on == D("2019-06-30") and before.reopenings == 0
    reopened_day = state(loaded, "ding-company", "T7-2", "2019-07-15")
    assert reopened_day.status == "open" and reopened_day.reopenings == 1
    after = state(loaded, "ding-company", "T7-2", "2019-07-20")
    assert not after.rectified and after.last_reopening.closed_on == D("2019-06-30")
    assert state(loaded, "ding-company", "T7-2", "2019-08-05").status == "closed"


def test_long_term_counts_from_its_since_date_and_is_not_rectified(loaded):
    assert state(loaded, "ding-company", "T7-3", "2019-07-31").status == "open"
    long_term = state(loaded, "ding-company", "T7-3", "2019-08-01")
    assert long_term.status == "long-term" and not long_term.rectified


def test_long_term_counts_as_rectified_only_when_the_policy_says_so(loaded):
    policy = Policy(rectified_statuses=["closed", "long-term"])
    assert state(loaded, "ding-company", "T7-3", "2019-08-01", policy).rectified


def test_basically_done_without_a_date_is_in_force_from_the_start(loaded):
    early = state(loaded, "ding-company", "T7-7", "2019-05-10")
    assert early.status == "basically-done" and not early.rectified


# --- deadlines and overdue ---------------------------------------------------------------------


def test_an_extension_approved_before_the_deadline_moves_overdue(loaded):
    assert state(loaded, "ding-company", "T7-4", "2019-06-04").deadline == D("2019-06-10")
    moved = state(loaded, "ding-company", "T7-4", "2019-06-20")
    assert moved.deadline == D("2019-07-10") and not moved.overdue and moved.extended
    assert state(loaded, "ding-company", "T7-4", "2019-07-10").overdue is False  # the deadline day itself
    late = state(loaded, "ding-company", "T7-4", "2019-07-11")
    assert late.overdue and late.days_overdue == 1


def test_an_extension_approved_after_the_deadline_counts_from_its_approval(loaded):
    assert state(loaded, "ding-company", "T7-5", "2019-06-15").overdue
    assert not state(loaded, "ding-company", "T7-5", "2019-06-25").overdue
    assert state(loaded, "ding-company", "T7-5", "2019-09-01").overdue


def test_a_long_term_problem_is_overdue_only_when_its_review_date_is_missed(loaded):
    assert not state(loaded, "yi-bureau", "Y7-03", "2019-09-30").overdue
    missed = state(loaded, "yi-bureau", "Y7-03", "2019-10-01")
    assert missed.overdue and missed.deadline == D("2019-09-30")


# --- organisation figures, by hand -------------------------------------------------------------


def test_ding_company_on_the_as_of_date(loaded):
    ding = report(loaded, "2019-10-01").organisation("ding-company").figures
    assert (ding.problems, ding.rectified, ding.closed) == (7, 2, 2)
    assert (ding.open, ding.basically_done, ding.long_term, ding.extended) == (3, 1, 1, 2)
    assert ding.in_progress == 5
    assert ding.overdue == 3          # T7-4 (07-10), T7-5 (08-31), T7-7 (08-10)
    assert ding.reopened == 1         # T7-2
    assert ding.hanging == 3          # T7-3, T7-4, T7-6
    assert (ding.measures_done, ding.measures_total) == (4, 8)
    assert (ding.closed_on_time, ding.on_time_rate) == (2, Fraction(1))
    assert (ding.immediate, ding.immediate_rectified) == (1, 0)
    assert ding.rules_made == 2
    assert ding.funds_returned == Decimal("1200.50") and ding.losses_recovered == Decimal("30000")
    assert ding.accountability == (1, 1, 0, 0)
    assert ding.satisfaction is None and ding.grade == "不合格"


def test_ding_company_at_the_end_of_its_period(loaded):
    ding = report(loaded, "2019-10-01").organisation("ding-company").judged
    assert ding.on == D("2019-08-10")
    assert (ding.problems, ding.rectified, ding.rate) == (6, 2, Fraction(1, 3))
    assert (ding.overdue, ding.hanging, ding.unfinished) == (1, 2, 4)
    assert ding.grade == "不合格"     # assessments as recorded by the as-of date


def test_jia_district_on_the_as_of_date(loaded):
    jia = report(loaded, "2019-10-01").organisation("jia-district").figures
    assert (jia.overdue, jia.hanging, jia.reopened) == (3, 2, 0)
    assert (jia.measures_done, jia.measures_total) == (7, 9)
    assert (jia.closed_on_time, jia.closed) == (4, 5)
    assert jia.on_time_rate == Fraction(4, 5)
    assert jia.rules_made == 3
    assert (jia.funds_returned, jia.losses_recovered) == (Decimal("5000"), Decimal("12000.50"))
    assert jia.accountability == (1, 1, 0, 0)
    assert (jia.participants, jia.satisfied, jia.satisfaction) == (50, 38, Fraction(19, 25))
    assert jia.grade == "合格"


def test_jia_district_at_the_end_of_its_period(loaded):
    jia = report(loaded, "2019-10-01").organisation("jia-district").judged
    assert (jia.overdue, jia.hanging, jia.unfinished) == (2, 2, 4)   # P7-06, P7-07; P7-05, P7-07
    assert jia.accountability == (1, 0, 0, 0)                        # the form-2 record is dated 08-20


def test_the_default_period_is_feedback_plus_three_months(loaded):
    yi = report(loaded, "2019-10-01").organisation("yi-bureau")
    assert yi.end_of_period == D("2019-08-20") == yi.consequence_date
    assert (yi.judged.problems, yi.judged.rectified, yi.judged.overdue, yi.judged.hanging) == (3, 2, 0, 1)
    assert yi.figures.overdue == 1 and yi.figures.on_time_rate == Fraction(1, 2)
    assert yi.figures.satisfaction == Fraction(9, 10)


def test_survey_counts_follow_the_policy(loaded):
    strict = Policy(satisfaction_counts=["satisfied"])
    jia = report(loaded, "2019-10-01", policy=strict).organisation("jia-district").figures
    assert jia.satisfaction == Fraction(30, 50)


def test_surveys_and_grades_after_the_as_of_date_are_not_known(loaded):
    jia = report(loaded, "2019-09-01").organisation("jia-district").figures
    assert jia.satisfaction is None and jia.grade is None


# --- consequence dates -------------------------------------------------------------------------


def test_consequence_date_is_capped_at_the_as_of_date_and_marked_provisional(loaded):
    result = report(loaded, "2019-08-01")
    jia = result.organisation("jia-district")
    assert jia.consequence_date == D("2019-08-01") and jia.provisional
    assert result.consequence_date == D("2019-08-01")


def test_consequence_dates_differ_per_organisation(loaded):
    result = report(loaded, "2019-10-01")
    assert result.consequence_date is None
    assert result.consequence_dates == (D("2019-08-10"), D("2019-08-20"))
    assert not any(org.provisional for org in result.organisations)


def test_policy_can_judge_consequences_at_the_as_of_date(loaded):
    policy = Policy(consequence_date="as-of")
    jia = report(loaded, "2019-10-01", policy=policy).organisation("jia-district")
    assert jia.consequence_date == D("2019-10-01") and jia.judged.rate == Fraction(5, 9)


def test_add_months_clamps_to_the_end_of_the_month():
    assert figures.add_months(D("2019-11-30"), 3) == D("2020-02-29")
    assert figures.add_months(D("2019-10-31"), 3) == D("2020-01-31")


# --- totals and categories ---------------------------------------------------------------------


def test_totals_of_the_round(loaded):
    totals = report(loaded, "2019-10-01").totals
    assert (totals.problems, totals.rectified, totals.rate) == (19, 9, Fraction(9, 19))
    assert percent(totals.rate) == "47.37%"
    assert (totals.open, totals.basically_done, totals.long_term, totals.extended) == (7, 1, 2, 2)
    assert (totals.overdue, totals.reopened, totals.hanging) == (7, 1, 6)
    assert (totals.measures_done, totals.measures_total) == (13, 20)
    assert (totals.closed_on_time, totals.closed) == (7, 9)
    assert totals.rules_made == 6
    assert totals.funds_returned == Decimal("6200.50") and totals.losses_recovered == Decimal("42000.50")
    assert totals.accountability == (2, 2, 0, 0)
    assert (totals.participants, totals.satisfied) == (150, 128) and percent(totals.satisfaction) == "85.33%"
    assert dict(totals.grades) == {"不合格": 1, "优秀": 1, "合格": 1}


def test_categories_follow_the_policy_order(loaded):
    categories = dict(report(loaded, "2019-10-01").categories)
    assert list(categories) == ["party-leadership", "party-building", "strict-governance"]
    assert (categories["party-leadership"].problems, categories["party-leadership"].rectified) == (5, 0)
    assert (categories["party-building"].problems, categories["party-building"].rectified) == (7, 6)
    assert (categories["strict-governance"].problems, categories["strict-governance"].rectified) == (7, 3)


def test_filters_keep_only_the_chosen_organisations_and_categories(loaded):
    result = report(loaded, "2019-10-01", organisations=["yi-bureau"], categories=["strict-governance"])
    assert [org.id for org in result.organisations] == ["yi-bureau"]
    assert (result.totals.problems, result.totals.rectified) == (2, 1)


def test_open_items_list_overdue_first(loaded):
    items = figures.open_items(report(loaded, "2019-10-01", organisations=["ding-company"]))
    assert [s.id for s in items] == ["T7-4", "T7-7", "T7-5", "T7-6", "T7-3"]


@pytest.mark.parametrize(("value", "printed"), [
    (Fraction(2, 3), "66.67%"), (Fraction(1, 8), "12.50%"), (Fraction(1, 800), "0.13%"), (Fraction(1, 2), "50.00%"),
    (Fraction(0), "0.00%"), (Fraction(1), "100.00%"), (Fraction(5, 9), "55.56%"), (None, "—"),
])
def test_percentages_are_rounded_half_up_to_two_decimals(value, printed):
    assert percent(value) == printed
