"""Outcomes other than rectified (issue 14, item 4): partial (部分整改), waived until a date (暂缓整改),
dismissed (不予认定); extensions requested and approved counted apart; the self-examination rule's
statuses; no consequence due before the feedback.

Whole workflows through the CLI on a copy of the example repository (jc-edu, round 7 on 2026-12-10:
9 problems, 6 closed; P7-006 open and overdue, P7-008 open, P7-009 long-term).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import keygen, needs_ssh

ORG = "jc-edu"


@pytest.fixture
def repo(example_repo, monkeypatch):
    monkeypatch.setenv("RECTIFY_TODAY", "2026-12-10")
    monkeypatch.setenv("RECTIFY_BY", "何静")
    return example_repo


def run(invoke, repo: Path, *args: str):
    return invoke(*args, "--ledgers", str(repo / "ledgers"))


def edu(invoke, repo: Path, as_of: str = "2026-12-10", round_number: str = "7") -> dict:
    result = run(invoke, repo, "report", "--round", round_number, "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    return next(org for org in json.loads(result.stdout)["organisations"] if org["id"] == ORG)


def problem(repo: Path, problem_id: str) -> dict:
    data = yaml.safe_load((repo / "ledgers" / f"{ORG}.yaml").read_text(encoding="utf-8"))
    return next(p for p in data["problems"] if p["id"] == problem_id)


def valid(invoke, repo: Path) -> None:
    result = run(invoke, repo, "validate", str(repo / "ledgers" / f"{ORG}.yaml"))
    assert result.exit_code == 0, result.output


def test_the_example_figures_these_tests_start_from(invoke, repo):
    before = edu(invoke, repo)
    assert (before["problems"], before["rectified"], before["unfinished"]) == (9, 6, 3)
    assert (before["partial"], before["waived"], before["dismissed"], before["excluded"]) == (0, 0, 0, 0)


def test_a_waiver_takes_the_problem_out_of_the_work_until_its_day_then_it_is_open_again(invoke, repo):
    before, later = edu(invoke, repo), edu(invoke, repo, "2027-01-05")
    result = run(invoke, repo, "waive", ORG, "P7-006", "--until", "2026-12-31", "--reason", "涉及编制调整，需省级审批",
                 "--approved-by", "市委巡察办", "--date", "2026-12-05")
    assert result.exit_code == 0, result.output
    assert "until 2026-12-31" in result.stderr
    valid(invoke, repo)
    during = edu(invoke, repo)
    assert (during["waived"], during["problems"], during["rectified"], during["waivers_expired"]) == (1, 9, 6, 0)
    assert during["overdue"] == before["overdue"] - 1   # a waived problem is not overdue while its waiver holds
    after = edu(invoke, repo, "2027-01-05")
    assert (after["waived"], after["waivers_expired"]) == (0, 1)
    assert after["overdue"] == later["overdue"]         # open again, and its deadline long passed
    text = run(invoke, repo, "report", "--round", "7", "--as-of", "2027-01-05")
    assert "1 problem(s) open again: their waiver expired (暂缓期满): 中共江城市教育局党组 1" in text.stdout
    show = run(invoke, repo, "show", ORG, "P7-006", "--as-of", "2027-01-05")
    assert "(expired: open again)" in show.stdout
    # renewed before it expired: the first decision is kept, the second is in force
    renew = run(invoke, repo, "waive", ORG, "P7-006", "--until", "2027-03-31", "--reason", "省级审批未完成",
                "--approved-by", "市委巡察办", "--date", "2026-12-09")
    assert renew.exit_code == 0, renew.output
    assert [str(d["expires"]) for d in problem(repo, "P7-006")["decisions"]] == ["2026-12-31", "2027-03-31"]
    assert edu(invoke, repo, "2027-01-05")["waived"] == 1


def test_a_dismissed_problem_leaves_the_count_and_keeps_its_record_and_text(invoke, repo):
    summary = problem(repo, "P7-008")["summary"]
    result = run(invoke, repo, "dismiss", ORG, "P7-008", "--ground", "appeal", "--reason", "经核实，借调人员已于反馈前返岗",
                 "--approved-by", "市委巡察办", "--date", "2026-12-05")
    assert result.exit_code == 0, result.output
    valid(invoke, repo)
    after = edu(invoke, repo)
    assert (after["problems"], after["rectified"], after["excluded"], after["dismissed"]) == (8, 6, 1, 1)
    assert after["rate_exact"] == "6/8"
    record = problem(repo, "P7-008")
    assert record["summary"] == summary
    assert record["status"] == "dismissed"
    assert record["decisions"][0]["ground"] == "appeal"
    explain = run(invoke, repo, "report", "--round", "7", "--explain", ORG, "--format", "json")
    state = next(p for p in json.loads(explain.stdout)["explain"]["problems"] if p["id"] == "P7-008")
    assert state["in_denominator"] is False


def test_the_policy_says_how_partial_and_dismissed_enter_the_rate(invoke, repo):
    run(invoke, repo, "partial", ORG, "P7-009", "--reason", "已配备3名，尚缺2名", "--approved-by", "市委巡察办",
        "--remaining", "再配备2名专职心理健康教师", "--date", "2026-12-05")
    assert edu(invoke, repo)["rectified"] == 6          # default: partial is not rectified
    policy = repo / "ledgers" / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace(
        "rectified_statuses: [closed]", "rectified_statuses: [closed, partial]"), encoding="utf-8")
    assert "rectified_statuses: [closed, partial]" in policy.read_text(encoding="utf-8")
    counted = edu(invoke, repo)
    assert (counted["rectified"], counted["partial"]) == (7, 1)
    text = run(invoke, repo, "report", "--round", "7", "--lang", "zh")
    assert "1个问题经批准认定为部分整改，计入已完成整改：中共江城市教育局党组 1" in text.stdout


def test_extensions_requested_and_approved_are_counted_apart_with_their_share(invoke, repo):
    before = edu(invoke, repo)
    request = run(invoke, repo, "request-extension", ORG, "P7-006", "--to", "2027-03-31", "--reason", "整顿需待换届后完成",
                  "--date", "2026-12-03")
    assert request.exit_code == 0, request.output
    pending = edu(invoke, repo)
    assert pending["extensions_requested"] == 1
    assert pending["extensions_approved"] == before["extensions_approved"]
    again = run(invoke, repo, "request-extension", ORG, "P7-006", "--to", "2027-04-30", "--reason", "再次申请")
    assert again.exit_code == 1 and "already has an extension request pending" in again.stderr
    approve = run(invoke, repo, "extend", ORG, "P7-006", "--to", "2027-02-28", "--reason", "同意延期",
                  "--approved-by", "市委巡察办", "--date", "2026-12-04")
    assert approve.exit_code == 0 and "the request of 2026-12-03 is approved" in approve.stderr
    valid(invoke, repo)
    approved = edu(invoke, repo)
    assert approved["extensions_requested"] == 0
    assert approved["extensions_approved"] == before["extensions_approved"] + 1
    assert approved["extension_share"] == pytest.approx(approved["extensions_approved"] / approved["problems"])
    assert problem(repo, "P7-006")["extension_requests"][0]["decision"] == "approved"
    text = run(invoke, repo, "report", "--round", "7", "--org", ORG).stdout
    n = approved["extensions_approved"]
    assert f"{n} of 9 problems extended = {n}/9 = " in text


def test_a_refused_extension_keeps_the_deadline_and_its_reasons(invoke, repo):
    run(invoke, repo, "request-extension", ORG, "P7-006", "--to", "2027-03-31", "--reason", "整顿周期长", "--date", "2026-12-03")
    deadline = problem(repo, "P7-006")["deadline"]
    result = run(invoke, repo, "refuse-extension", ORG, "P7-006", "--reason", "理由不充分，须按期完成",
                 "--refused-by", "市委巡察办", "--date", "2026-12-04")
    assert result.exit_code == 0, result.output
    record = problem(repo, "P7-006")
    assert record["deadline"] == deadline
    assert record["extension_requests"][0]["decision"] == "refused"
    assert record["extension_requests"][0]["note"] == "理由不充分，须按期完成"
    assert record["history"][-1]["did"] == "extension-refused"
    valid(invoke, repo)
    none = run(invoke, repo, "refuse-extension", ORG, "P7-006", "--reason", "x", "--refused-by", "y")
    assert none.exit_code == 1 and "has no extension request pending" in none.stderr


def test_the_self_examination_rule_counts_only_the_statuses_the_policy_names(invoke, repo, tmp_path):
    # as-of 2026-08-15, the end of the period: judged on the problems unfinished then
    fired = edu(invoke, repo, "2026-08-15")
    check = next(c for c in fired["checks"] if c["rule"] == "self-examination")
    assert check["fired"] is True
    policy = repo / "ledgers" / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    assert "  self-examination:\n" in text
    policy.write_text(text.replace("  self-examination:\n", "  self-examination:\n    statuses: [claimed]\n", 1),
                      encoding="utf-8")
    quiet = edu(invoke, repo, "2026-08-15")
    check = next(c for c in quiet["checks"] if c["rule"] == "self-examination")
    assert (check["fired"], quiet["unfinished"], quiet["in_progress"]) == (False, 0, fired["in_progress"])


def test_items_handed_over_on_site_make_no_consequence_due_before_the_feedback(invoke, repo, monkeypatch):
    monkeypatch.setenv("RECTIFY_TODAY", "2026-12-25")
    for other in (repo / "ledgers").glob("jc-*.yaml"):   # their recorded scores are judged at as-of below
        if other.stem != ORG:
            other.unlink()
    policy = repo / "ledgers" / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    assert "consequence_date: end-of-period" in text
    policy.write_text(text.replace("consequence_date: end-of-period", "consequence_date: as-of"), encoding="utf-8")
    ledger = repo / "ledgers" / f"{ORG}.yaml"
    add = run(invoke, repo, "add-round", ORG, "--round", "8", "--kind", "regular", "--feedback-on", "2026-12-20",
              "--on-site-from", "2026-11-01", "--on-site-to", "2026-11-30")
    assert add.exit_code == 0, add.output
    handed = run(invoke, repo, "add-problem", ORG, "--round", "8", "--category", "formalism",
                 "--summary", "巡察期间发现：违规公车私用", "--leader", "何静", "--unit", "办公室", "--person", "曹阳",
                 "--deadline", "2026-12-05", "--found-on", "2026-11-10", "--immediate")
    assert handed.exit_code == 0, handed.output
    assert "P8-001" in ledger.read_text(encoding="utf-8")
    before = edu(invoke, repo, "2026-12-10", round_number="8")
    assert before["problems"] == 1 and before["overdue"] == 1 and before["before_feedback"] is True
    assert before["consequences"] == []
    after = edu(invoke, repo, "2026-12-21", round_number="8")
    assert after["before_feedback"] is False
    assert {c["rule"] for c in after["consequences"]} >= {"self-examination"}


def test_decisions_are_refused_where_they_do_not_apply(invoke, repo):
    closed = run(invoke, repo, "waive", ORG, "P7-001", "--until", "2027-01-31", "--reason", "x", "--approved-by", "y")
    assert closed.exit_code == 1 and "reopen it before recording a waived (暂缓整改) decision" in closed.stderr
    assert f"rectify reopen {ORG} P7-001 --reason" in closed.stderr
    ground = run(invoke, repo, "dismiss", ORG, "P7-008", "--ground", "apeal", "--reason", "x", "--approved-by", "y")
    assert ground.exit_code == 2 and "appeal" in ground.stderr
    typo = run(invoke, repo, "dismiss", ORG, "P7-008", "--ground", "申述成立", "--reason", "x", "--approved-by", "y")
    assert typo.exit_code == 2 and "申述成立" in typo.stderr   # a near word is refused, never taken for a ground
    early = run(invoke, repo, "waive", ORG, "P7-008", "--until", "2026-12-01", "--reason", "x", "--approved-by", "y",
                "--date", "2026-12-05")
    assert early.exit_code == 1 and "before its date" in early.stderr
    missing = run(invoke, repo, "partial", ORG, "P7-008")
    assert missing.exit_code == 2
    assert "--reason" in missing.stderr and "--approved-by" in missing.stderr
    assert "decisions" not in problem(repo, "P7-008")


def test_the_grounds_chinese_names_are_read_as_the_ground(invoke, repo):
    result = run(invoke, repo, "dismiss", ORG, "P7-008", "--ground", "申诉成立", "--reason", "经复核申诉成立",
                 "--approved-by", "市委巡察办", "--date", "2026-12-05")
    assert result.exit_code == 0, result.output
    assert problem(repo, "P7-008")["decisions"][0]["ground"] == "appeal"


def test_a_decision_removed_by_hand_is_caught(invoke, repo):
    run(invoke, repo, "dismiss", ORG, "P7-008", "--ground", "inaccurate", "--reason", "反馈不实", "--approved-by", "市委巡察办",
        "--date", "2026-12-05")
    ledger = repo / "ledgers" / f"{ORG}.yaml"
    text = ledger.read_text(encoding="utf-8")
    start = text.index("    decisions:\n")
    end = text.index("\n    history:", start)
    ledger.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    result = run(invoke, repo, "validate", str(ledger), "--format", "json")
    assert result.exit_code == 1
    codes = {d["code"] for d in json.loads(result.stdout)}
    assert {"E-STATUS-MISMATCH", "E-HISTORY-MISMATCH"} <= codes


@needs_ssh
def test_a_signed_waiver_edited_after_signing_is_caught(invoke, repo):
    key, public = keygen(repo, "zhou")
    policy = repo / "ledgers" / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8") + (
        "signatures:\n  signers:\n"
        f"    - {{name: 周宁, key: {public}, roles: [巡察办]}}\n"
        "  actions:\n    waived: [巡察办]\n"), encoding="utf-8")
    result = run(invoke, repo, "waive", ORG, "P7-006", "--until", "2027-03-31", "--reason", "需省级审批",
                 "--approved-by", "市委巡察办", "--date", "2026-12-05", "--by", "周宁", "--sign-with", str(key))
    assert result.exit_code == 0, result.output
    ledger = repo / "ledgers" / f"{ORG}.yaml"
    checked = run(invoke, repo, "validate", str(ledger), "--signatures", "--format", "json")
    assert checked.exit_code == 0, checked.output
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("expires: 2027-03-31", "expires: 2027-12-31"),
                      encoding="utf-8")
    forged = run(invoke, repo, "validate", str(ledger), "--signatures", "--format", "json")
    assert forged.exit_code == 1
    assert "E-SIG-INVALID" in {d["code"] for d in json.loads(forged.stdout)}


def test_list_open_leaves_out_dismissed_problems_and_keeps_waived_ones(invoke, repo):
    listed = run(invoke, repo, "list", "--org", "jc-hitech", "--open", "--format", "json")
    assert listed.exit_code == 0, listed.output
    ids = {row["id"] for row in json.loads(listed.stdout)["problems"]}
    assert "P7-011" in ids          # waived: still owed, once the waiver runs out
    assert "P7-010" not in ids      # dismissed on appeal: nothing is owed on it
    everything = run(invoke, repo, "list", "--org", "jc-hitech", "--format", "json")
    assert "P7-010" in {row["id"] for row in json.loads(everything.stdout)["problems"]}
