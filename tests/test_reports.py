"""reports.round_report, the core of `rectify report`, called directly: no CLI, no terminal."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from conftest import copy_bundled_ledgers
from rectify_cli import reports
from rectify_cli.errors import UnreadableInput

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def folder(tmp_path):
    copy_bundled_ledgers(tmp_path / "ledgers")
    return tmp_path / "ledgers"


def request(folder, **changes) -> reports.RoundRequest:
    return reports.RoundRequest(folder, 7, TODAY, **changes)


def test_the_round_is_counted_and_the_gate_names_who_must_hold_the_meeting(folder):
    result = reports.round_report(request(folder, fail_on=reports.fail_on_rules(["democratic-life-meeting"])))
    assert (result.report.totals.problems, result.report.totals.rectified) == (83, 66)   # 高新区 P7-011 waived in the count, P7-010 not upheld out of it
    rates = {org.id: org.figures.rate for org in result.report.organisations}
    assert rates["jc-edu"] == Fraction(2, 3) and rates["jc-dongmen"] == Fraction(5, 8)
    assert result.fired == {"democratic-life-meeting": ["jc-dongmen", "jc-edu", "jc-xinhe"]}
    assert result.invalid == [] and result.errors == 0
    assert result.provenance.content_sha256


def test_a_rule_not_named_by_fail_on_never_fails_the_gate(folder):
    assert reports.round_report(request(folder)).fired == {}


def test_an_invalid_ledger_is_left_out_and_named(folder):
    (folder / "jc-edu.yaml").write_text("organisation: [", encoding="utf-8")
    result = reports.round_report(request(folder))
    assert [name.endswith("jc-edu.yaml") for name in result.invalid] == [True]
    assert "jc-edu" not in {org.id for org in result.report.organisations}
    assert result.report.totals.problems == 83 - 9


def test_explain_and_org_take_an_id_or_the_exact_name(folder):
    result = reports.round_report(request(folder, view="explain", explain="中共江城市教育局党组"))
    assert result.explained is not None and result.explained.id == "jc-edu"
    with pytest.raises(UnreadableInput, match="no organisation 'jc-edux' in round 7"):
        reports.round_report(request(folder, organisations=("jc-edux",)))


def test_a_round_no_ledger_records_is_a_usage_error_naming_the_rounds_there_are(folder):
    with pytest.raises(reports.RoundNotRecorded) as raised:
        reports.round_report(reports.RoundRequest(folder, 3, TODAY))
    assert raised.value.exit_code == 2 and "rounds recorded: 4, 7" in raised.value.message


def test_an_unknown_fail_on_rule_is_refused_with_the_rules_there_are():
    with pytest.raises(UnreadableInput, match="unknown rule 'meeting'") as raised:
        reports.fail_on_rules(["meeting"])
    assert "democratic-life-meeting" in raised.value.hint
    assert reports.fail_on_rules(["any"]) == frozenset(reports.consequences.RULE_IDS)


def test_a_broken_policy_gives_no_figures(folder):
    (folder / "policy.yaml").write_text("rate_threshold: lots\n", encoding="utf-8")
    with pytest.raises(reports.InvalidPolicy) as raised:
        reports.round_report(request(folder))
    assert raised.value.problems and raised.value.exit_code == 1


def test_the_list_is_a_core_call_filtered_by_round_and_overdue(folder):
    result = reports.problem_list(reports.ListRequest(folder, TODAY, dt.date(2026, 12, 1), round=7, overdue=True))
    assert result.rows and all(row.state.overdue and row.state.problem.round == 7 for row in result.rows)
    assert result.due is None and result.invalid == []


def test_the_list_refuses_an_organisation_that_is_not_there_exit_1_when_ledgers_were_left_out(folder):
    with pytest.raises(reports.NotThere) as raised:
        reports.problem_list(reports.ListRequest(folder, TODAY, organisations=("jc-adit",)))
    assert raised.value.exit_code == 2 and "jc-audit" not in raised.value.message
    (folder / "jc-edu.yaml").write_text("organisation: [", encoding="utf-8")
    with pytest.raises(reports.NotThere) as raised:
        reports.problem_list(reports.ListRequest(folder, TODAY, organisations=("jc-edu",)))
    assert raised.value.exit_code == 1 and "invalid ledgers were left out" in raised.value.hint
    assert raised.value.findings


def test_show_gives_one_problem_as_it_stood_or_the_ledger_in_brief(folder):
    shown = reports.show(folder, "jc-edu", "P7-003", TODAY, dt.date(2026, 5, 1))
    assert shown.state is not None and shown.state.problem.id == "P7-003" and shown.state.status != "closed"
    brief = reports.show(folder, "jc-edu", None, TODAY)
    assert brief.state is None and {row.state.problem.id for row in brief.rows} >= {"P7-003"}
    with pytest.raises(UnreadableInput, match="P7-999"):
        reports.show(folder, "jc-edu", "P7-999", TODAY)
    with pytest.raises(UnreadableInput, match=r"no ledger jc-edux\.yaml"):
        reports.show(folder, "jc-edux", None, TODAY)
