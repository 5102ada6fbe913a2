"""Across rounds and organisations, on ledgers built for it (tests/data/rounds), core only.

Every expected figure was counted by hand from the YAML (the comments at the top of each file say
what each problem is for). In short, on 2021-07-15:
- alpha (甲局党组), rounds 3 and 5: carried into round 5 (feedback 2021-03-10) are A3-02 (open
  then, closed 2021-04-20), A3-03 (long-term, review 2021-07-20) and A3-04 (basically done,
  deadline 2020-06-10); A3-01 and A3-05 were closed on 2021-03-10 (A3-05 reopened only later).
  Round 5: A5-01 closed and a repeat of A3-01; A5-02 closed 04-01 and reopened 06-01 (relapse);
  A5-03 and A5-04 open. Clues handed over by 07-15: C5-001 (disposed 05-01), C5-002 (disposal
  written, no date), C5-003 (disposed 07-20, after as-of).
- beta (乙镇党委), round 5 from 2021-03-20 to 06-20: 2 of 3 closed (05-01, 06-15).
- gamma (丙公司党委), round 5 from 2021-04-15, no rectify_by (period ends 07-15): 2 of 3 closed
  (05-20, 07-01); G5-02 due 07-14.
- delta (丁中心党委), round 3 only.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from rectify_cli import consequences as rules
from rectify_cli import figures, listing
from rectify_cli.model import Policy
from rectify_cli.validation.pipeline import check_paths
from rectify_cli.validation.policy_file import load_policy

ROUNDS = Path(__file__).parent / "data" / "rounds"
D = dt.date.fromisoformat
AS_OF = D("2021-07-15")


@pytest.fixture(scope="module")
def loaded():
    policy, problems = load_policy(ROUNDS)
    assert problems == []
    result = check_paths([ROUNDS], policy, D("2021-12-31"))
    assert result.ok, result.problems
    return {item.ledger.organisation.id: item.ledger for item in result.ledgers}, policy


def round5(loaded, as_of: dt.date = AS_OF, policy: Policy | None = None) -> figures.RoundReport:
    ledgers, default = loaded
    return figures.round_report(list(ledgers.values()), round=5, as_of=as_of, policy=policy or default)


def with_carry_over(policy: Policy) -> Policy:
    return policy.model_copy(update={"include_carry_over": True})


# --- carry-over (未结账) -----------------------------------------------------------------------


def test_carry_over_is_fixed_on_the_feedback_date_and_followed_to_as_of(loaded):
    alpha = round5(loaded).organisation("alpha")
    carried = {item.id: item for item in alpha.carry_over}
    assert list(carried) == ["A3-02", "A3-03", "A3-04"]          # not A3-01 (closed), not A3-05 (closed then)
    assert [carried[i].status_then for i in carried] == ["open", "long-term", "basically-done"]
    assert carried["A3-02"].settled and carried["A3-02"].closed_on == D("2021-04-20")
    assert carried["A3-04"].overdue and carried["A3-04"].days_overdue == 400     # 2020-06-10 -> 2021-07-15
    assert not carried["A3-03"].overdue                                         # review 2021-07-20 not yet missed
    c = alpha.carry
    assert (c.problems, c.rectified, c.in_progress, c.overdue) == (3, 1, 2, 1)


def test_carry_over_does_not_change_the_rate_by_default(loaded):
    alpha = round5(loaded).organisation("alpha")
    assert (alpha.figures.problems, alpha.figures.rectified) == (4, 1)
    assert (alpha.judged.problems, alpha.judged.rectified) == (4, 1)            # on 2021-06-10: A5-01 only
    assert not alpha.carried_in


def test_with_include_carry_over_they_join_denominator_and_numerator(loaded):
    _, policy = loaded
    alpha = round5(loaded, policy=with_carry_over(policy)).organisation("alpha")
    assert alpha.carried_in
    # as-of: 4 + 3 problems; A5-01 and A3-02 (closed 2021-04-20) rectified
    assert (alpha.figures.problems, alpha.figures.rectified) == (7, 2)
    # consequence date 2021-06-10: the same two; A3-04 is overdue (2020-06-10), A3-03 is not (review 07-20)
    judged = alpha.judged
    assert (judged.problems, judged.rectified, judged.overdue) == (7, 2, 1)
    assert judged.rate == Fraction(2, 7)
    fired = {r.rule for r in rules.evaluate(judged, with_carry_over(policy)) if r.fired}
    assert fired == {"democratic-life-meeting", "self-examination"}


def test_no_carry_over_before_the_round_began(loaded):
    ledgers, policy = loaded
    assert figures.carried_over(ledgers["alpha"], 5, policy, on=D("2021-03-09")) == []
    assert [p.id for p in figures.carried_over(ledgers["alpha"], 5, policy, on=D("2021-03-10"))] == [
        "A3-02", "A3-03", "A3-04"]


def test_carry_over_follows_the_policy_on_what_counts_as_rectified(loaded):
    ledgers, policy = loaded
    lenient = policy.model_copy(update={"rectified_statuses": ["closed", "basically-done"]})
    assert [p.id for p in figures.carried_over(ledgers["alpha"], 5, lenient)] == ["A3-02", "A3-03"]


def test_list_unsettled_uses_each_organisations_latest_round(loaded):
    ledgers, policy = loaded
    rows = listing.select(ledgers.values(), policy, AS_OF, unsettled=True)
    assert [(r.organisation, r.state.id, r.carried_into, r.status_then) for r in rows] == [
        ("alpha", "A3-02", 5, "open"), ("alpha", "A3-03", 5, "long-term"), ("alpha", "A3-04", 5, "basically-done")]
    still = listing.select(ledgers.values(), policy, AS_OF, unsettled=True, open_only=True)
    assert [r.state.id for r in still] == ["A3-03", "A3-04"]
    # before round 5 was fed back, alpha's latest round is 3 and nothing is carried
    assert listing.select(ledgers.values(), policy, D("2021-03-01"), unsettled=True) == []


# --- repeats, relapses, clues -------------------------------------------------------------------


def test_repeats_and_relapses_per_organisation_and_round(loaded):
    report = round5(loaded)
    alpha = report.organisation("alpha")
    assert alpha.repeat_pairs == (("A5-01", "A3-01"),)
    assert (alpha.figures.repeats, alpha.figures.relapses) == (1, 1)
    assert (report.totals.repeats, report.totals.reopened) == (1, 1)
    # on 2021-05-31 the relapse of A5-02 (reopened 06-01) had not happened
    assert round5(loaded, D("2021-05-31")).organisation("alpha").figures.reopened == 0


def test_clue_disposal_rate_counts_dated_disposals_only(loaded):
    alpha = round5(loaded).organisation("alpha").figures
    assert (alpha.clues_handed, alpha.clues_disposed) == (3, 1)      # C5-004 handed 08-01; C5-003 disposed 07-20
    assert alpha.clue_disposal_rate == Fraction(1, 3)
    later = round5(loaded, D("2021-08-01")).organisation("alpha").figures
    assert (later.clues_handed, later.clues_disposed) == (4, 2)
    assert round5(loaded).organisation("beta").figures.clue_disposal_rate is None   # no clue: no rate


# --- due-soon warnings --------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "colour"), [
    (-1, "red"), (0, "yellow"), (10, "yellow"), (11, "green"), (20, "green"), (21, None)])
def test_colours_at_the_boundaries(days, colour):
    assert figures.colour(days, Policy()) == colour


def test_warnings_of_the_round_and_its_carry_over_most_urgent_first(loaded):
    report = round5(loaded)
    assert [(i.colour, i.days_left, i.organisation, i.item, i.person) for i in report.due] == [
        ("red", -400, "alpha", "A3-04", "赵四"), ("red", -400, "alpha", "A3-04/M2", "赵四"),
        ("red", -35, "alpha", "A5-02", "钱二"),
        ("red", -5, "gamma", "G5-02/M1", "李二"), ("red", -1, "gamma", "G5-02", "李二"),
        ("yellow", 0, "alpha", "A5-03/M1", "钱三"),
        ("yellow", 5, "alpha", "A3-03", "赵三"), ("yellow", 5, "beta", "B5-03/M1", "孙三"),
        ("yellow", 10, "alpha", "A5-03", "钱三"),
        ("green", 11, "alpha", "A5-04", "钱四"), ("green", 20, "alpha", "A5-04/M1", "钱四"),
    ]
    assert report.due_counts == (5, 4, 2)
    assert report.organisation("alpha").due_counts == (3, 3, 2)
    assert report.organisation("alpha").summary().due == () and report.organisation("alpha").summary().due_counts == (3, 3, 2)


def test_warning_days_come_from_the_policy(loaded):
    ledgers, policy = loaded
    tight = policy.model_copy(update={"warning_days": policy.warning_days.model_copy(update={"green": 11, "yellow": 0})})
    items = figures.round_report(list(ledgers.values()), 5, AS_OF, tight).due
    assert [(i.item, i.colour) for i in items if i.colour != "red"] == [
        ("A5-03/M1", "yellow"), ("A3-03", "green"), ("B5-03/M1", "green"), ("A5-03", "green"), ("A5-04", "green")]


# --- trends -----------------------------------------------------------------------------------


def test_organisation_trend_judges_each_round_at_its_consequence_date(loaded):
    ledgers, policy = loaded
    third, fifth = figures.organisation_rounds(ledgers["alpha"], AS_OF, policy)
    # round 3 on 2020-06-10: A3-01 and A3-05 (closed 05-20, reopened only in 2021) of five
    assert (third.round, third.consequence_date, third.judged.problems, third.judged.rectified) == (
        3, D("2020-06-10"), 5, 2)
    assert (third.judged.reopened, third.carry_over) == (0, ())
    assert (fifth.round, fifth.consequence_date, fifth.judged.rectified, fifth.judged.reopened) == (
        5, D("2021-06-10"), 1, 1)
    assert (len(fifth.carry_over), fifth.judged.repeats, fifth.judged.clue_disposal_rate) == (3, 1, Fraction(1, 3))
    assert {r.rule for r in rules.evaluate(third.judged, policy) if r.fired} == {
        "democratic-life-meeting", "self-examination"}


def test_month_ends_of_a_period():
    assert figures.month_ends(D("2021-03-10"), D("2021-06-10")) == [D("2021-03-31"), D("2021-04-30"), D("2021-05-31")]
    assert figures.month_ends(D("2021-03-31"), D("2021-04-30")) == [D("2021-03-31")]   # the end itself is not one


def test_rate_series_at_month_ends_and_the_ends_of_the_periods(loaded):
    ledgers, policy = loaded
    series = figures.rate_series(list(ledgers.values()), 5, AS_OF, policy)
    assert series.points == tuple(D(d) for d in ("2021-03-31", "2021-04-30", "2021-05-31", "2021-06-10",
                                                 "2021-06-20", "2021-06-30", "2021-07-15"))
    assert series.judged_on == (D("2021-06-10"), D("2021-06-20"), D("2021-07-15"))
    rates = {org_id: [None if f.rate is None else (f.rectified, f.problems) for f in at] for org_id, _, at in series.organisations}
    assert rates == {
        "alpha": [(0, 4), (1, 4), (2, 4), (1, 4), (1, 4), (1, 4), (1, 4)],   # A5-02 reopened 06-01
        "beta": [(0, 3), (0, 3), (1, 3), (1, 3), (2, 3), (2, 3), (2, 3)],
        "gamma": [None, (0, 3), (1, 3), (1, 3), (1, 3), (1, 3), (2, 3)],   # fed back 04-15
    }
    assert [(f.rectified, f.problems) for f in series.totals] == [(0, 7), (1, 10), (4, 10), (3, 10), (4, 10), (4, 10),
                                                                  (5, 10)]


def test_rate_series_stops_at_the_as_of_date(loaded):
    ledgers, policy = loaded
    series = figures.rate_series(list(ledgers.values()), 5, D("2021-06-15"), policy)
    assert series.points == (D("2021-03-31"), D("2021-04-30"), D("2021-05-31"), D("2021-06-10"), D("2021-06-15"))
    assert series.judged_on == (D("2021-06-10"), D("2021-06-15"))   # beta and gamma provisional: judged on as-of


# --- common problems (共性问题) ---------------------------------------------------------------------


def test_common_categories_of_a_round(loaded):
    ledgers, policy = loaded
    considered, found = figures.common_problems(ledgers.values(), AS_OF, policy, round=5, min_orgs=2)
    assert considered == 3                                               # delta did not receive round 5
    assert [(c.category, [o for o, _ in c.organisations], len(c.problems), c.marked_common) for c in found] == [
        ("party-building", ["alpha", "beta", "gamma"], 3, 0),
        ("formalism", ["alpha", "beta", "gamma"], 3, 3),
        ("strict-governance", ["alpha", "gamma"], 2, 0),
    ]
    _, three = figures.common_problems(ledgers.values(), AS_OF, policy, round=5, min_orgs=3)
    assert [c.category for c in three] == ["party-building", "formalism"]


def test_common_categories_of_all_rounds(loaded):
    ledgers, policy = loaded
    considered, found = figures.common_problems(ledgers.values(), AS_OF, policy, min_orgs=3)
    assert considered == 4
    assert [(c.category, len(c.organisations)) for c in found] == [("formalism", 4), ("party-building", 3)]
    assert found[0].marked_by == ("alpha", "beta", "gamma")
