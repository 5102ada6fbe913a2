"""销号审核 (issue 14, item 1): a closure submitted by the unit, approved or returned step by step.

Whole workflows through the CLI on a copy of the example repository, whose policy reviews closures
from 2026-12-01 in two required steps (巡察组初审 → 巡察办复核) and one optional (纪委监委会签).
Signed reviews use keys generated per test with ssh-keygen; no private key is in the repository.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import keygen, needs_ssh

ORG = "jc-edu"
PROBLEM = "P4-005"  # open; M1 done, M2 not done


@pytest.fixture
def repo(example_repo, monkeypatch):
    """The example repository on 2026-12-10, after the policy began reviewing closures (2026-12-01)."""
    monkeypatch.setenv("RECTIFY_TODAY", "2026-12-10")
    (example_repo / "evidence" / "review").mkdir(parents=True)
    (example_repo / "evidence" / "review" / "P4-005.md").write_text("# 整改佐证\n编制核查报告\n", encoding="utf-8")
    return example_repo


def run(invoke, repo: Path, *args: str):
    return invoke(*args, "--ledgers", str(repo / "ledgers"))


def submit(invoke, repo: Path, date: str = "2026-12-02"):
    done = run(invoke, repo, "done", ORG, PROBLEM, "M2", "--date", "2026-12-01", "--by", "何静")
    assert done.exit_code == 0, done.output
    return run(invoke, repo, "submit", ORG, PROBLEM, "--evidence", str(repo / "evidence" / "review" / "P4-005.md"),
               "--note", "借调人员已全部回原单位", "--date", date, "--by", "何静")


def problem_json(invoke, repo: Path) -> dict:
    """The problem as the ledger file now holds it (dates as text)."""
    data = yaml.safe_load((repo / "ledgers" / f"{ORG}.yaml").read_text(encoding="utf-8"))
    problem = next(p for p in data["problems"] if p["id"] == PROBLEM)
    return json.loads(json.dumps(problem, default=str, ensure_ascii=False))


def figures(invoke, repo: Path, as_of: str = "2026-12-10") -> dict:
    result = run(invoke, repo, "report", "--round", "4", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    return next(org for org in json.loads(result.stdout)["organisations"] if org["id"] == ORG)


def test_close_is_refused_where_the_policy_reviews_closures_in_steps(invoke, repo):
    run(invoke, repo, "done", ORG, PROBLEM, "M2", "--date", "2026-12-01", "--by", "何静")
    before = (repo / "ledgers" / f"{ORG}.yaml").read_bytes()
    result = run(invoke, repo, "close", ORG, PROBLEM, "--evidence", str(repo / "evidence" / "review" / "P4-005.md"))
    assert result.exit_code == 1
    assert "the policy reviews closures in steps (巡察组初审 → 巡察办复核 → 纪委监委会签)" in result.stderr
    assert f"rectify submit {ORG} {PROBLEM} --evidence FILE" in result.stderr
    assert (repo / "ledgers" / f"{ORG}.yaml").read_bytes() == before


def test_a_closure_dated_before_the_review_began_still_closes_in_one_step(invoke, repo):
    run(invoke, repo, "done", ORG, PROBLEM, "M2", "--date", "2026-11-20", "--by", "何静")
    result = run(invoke, repo, "close", ORG, PROBLEM, "--evidence", str(repo / "evidence" / "review" / "P4-005.md"),
                 "--date", "2026-11-30")
    assert result.exit_code == 0, result.output


def test_submission_passes_the_closure_gates(invoke, repo):
    result = run(invoke, repo, "submit", ORG, PROBLEM, "--evidence", str(repo / "evidence" / "review" / "P4-005.md"),
                 "--date", "2026-12-02")
    assert result.exit_code == 1
    assert "measure(s) not done: M2" in result.stderr
    run(invoke, repo, "done", ORG, PROBLEM, "M2", "--date", "2026-12-01")
    result = run(invoke, repo, "submit", ORG, PROBLEM, "--evidence", str(repo / "evidence" / "review" / "missing.md"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_two_reviewers_approve_in_order_and_the_last_required_step_closes(invoke, repo):
    assert submit(invoke, repo).exit_code == 0
    shown = problem_json(invoke, repo)
    assert shown["status"] == "under-review"
    assert shown["review"]["was"] == "open"

    early = run(invoke, repo, "approve", ORG, PROBLEM, "--step", "office", "--date", "2026-12-03", "--by", "周宁")
    assert early.exit_code == 1
    assert "P4-005 awaits 巡察组初审 before 巡察办复核" in early.stderr

    typo = run(invoke, repo, "approve", ORG, PROBLEM, "--step", "tema", "--date", "2026-12-03", "--by", "孙立")
    assert typo.exit_code == 1
    assert "did you mean 'team'?" in typo.stderr

    first = run(invoke, repo, "approve", ORG, PROBLEM, "--step", "team", "--date", "2026-12-03", "--by", "孙立")
    assert first.exit_code == 0, first.output
    assert "it now awaits 巡察办复核" in first.stderr
    assert figures(invoke, repo)["under_review"] == 1
    assert figures(invoke, repo)["rectified"] == 4

    last = run(invoke, repo, "approve", ORG, PROBLEM, "--step", "office", "--date", "2026-12-05", "--by", "周宁",
               "--note", "材料齐全，同意销号")
    assert last.exit_code == 0, last.output
    shown = problem_json(invoke, repo)
    assert shown["status"] == "closed"
    assert shown["closed"]["date"] == "2026-12-05"
    assert shown["closed"]["submitted"] == "2026-12-02"
    assert shown["closed"]["by"] == "周宁"
    assert shown["closed"]["verified_by"] == "巡察组、巡察办"
    assert [(a["step"], a["date"], a["by"]) for a in shown["closed"]["approvals"]] == [
        ("team", "2026-12-03", "孙立"), ("office", "2026-12-05", "周宁")]
    assert [entry["did"] for entry in shown["history"]][-4:] == ["submitted", "approved", "approved", "closed"]
    # counted as rectified from the day the last step approved, not from the submission
    assert figures(invoke, repo, "2026-12-04")["rectified"] == 4
    assert figures(invoke, repo, "2026-12-04")["under_review"] == 1
    assert figures(invoke, repo, "2026-12-05")["rectified"] == 5
    assert figures(invoke, repo, "2026-12-05")["under_review"] == 0
    assert run(invoke, repo, "validate", str(repo / "ledgers")).exit_code == 0


def test_a_return_keeps_its_reasons_and_the_resubmission_is_reviewed_again(invoke, repo):
    assert submit(invoke, repo).exit_code == 0
    run(invoke, repo, "approve", ORG, PROBLEM, "--step", "team", "--date", "2026-12-03", "--by", "孙立")
    returned = run(invoke, repo, "return", ORG, PROBLEM, "--step", "office", "--reason", "缺借调人员回原单位的报到证明",
                   "--date", "2026-12-04", "--by", "周宁")
    assert returned.exit_code == 0, returned.output
    shown = problem_json(invoke, repo)
    assert shown["status"] == "open"
    assert "review" not in shown
    assert shown["returns"][0]["reason"] == "缺借调人员回原单位的报到证明"
    assert shown["returns"][0]["submission"]["approvals"][0]["by"] == "孙立"
    assert figures(invoke, repo, "2026-12-04")["returned"] == 1
    assert figures(invoke, repo, "2026-12-04")["under_review"] == 0

    # the unit sees why: in show, and in the explanation of the rate
    text = run(invoke, repo, "show", ORG, PROBLEM)
    assert "缺借调人员回原单位的报到证明" in text.stdout
    explain = run(invoke, repo, "report", "--round", "4", "--explain", ORG, "--as-of", "2026-12-04")
    assert "returned by 巡察办复核 on 2026-12-04: 缺借调人员回原单位的报到证明" in explain.stdout

    again = run(invoke, repo, "submit", ORG, PROBLEM, "--evidence", str(repo / "evidence" / "review" / "P4-005.md"),
                "--paper", "报到证明（纸质）", "--date", "2026-12-06", "--by", "何静")
    assert again.exit_code == 0, again.output
    assert figures(invoke, repo, "2026-12-06")["returned"] == 0
    assert figures(invoke, repo, "2026-12-06")["under_review"] == 1
    explain = run(invoke, repo, "report", "--round", "4", "--explain", ORG, "--as-of", "2026-12-06", "--lang", "zh")
    assert "2026-12-06申请销号，待巡察组初审（第1步，共3步）；已通过：—" in explain.stdout
    for step, date, by in (("team", "2026-12-07", "孙立"), ("office", "2026-12-08", "周宁")):
        assert run(invoke, repo, "approve", ORG, PROBLEM, "--step", step, "--date", date, "--by", by).exit_code == 0
    shown = problem_json(invoke, repo)
    assert shown["closed"]["date"] == "2026-12-08"
    assert len(shown["closed"]["evidence"]) == 2
    assert run(invoke, repo, "validate", str(repo / "ledgers")).exit_code == 0


def test_a_closure_written_by_hand_without_its_approvals_is_a_finding(invoke, repo):
    path = repo / "ledgers" / f"{ORG}.yaml"
    assert submit(invoke, repo).exit_code == 0
    for step, date, by in (("team", "2026-12-03", "孙立"), ("office", "2026-12-05", "周宁")):
        run(invoke, repo, "approve", ORG, PROBLEM, "--step", step, "--date", date, "--by", by)
    text = path.read_text(encoding="utf-8")
    start = text.index("      approvals:\n        - step: team")
    end = text.index("    history:", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run(invoke, repo, "validate", str(path), "--format", "json")
    assert result.exit_code == 1
    codes = {d["code"] for d in json.loads(result.stdout)}
    assert "E-REVIEW-MISSING" in codes


def test_without_review_steps_submit_is_refused_and_close_works_as_before(invoke, repo):
    policy = repo / "ledgers" / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text[:text.index("review:\n")], encoding="utf-8")
    run(invoke, repo, "done", ORG, PROBLEM, "M2", "--date", "2026-12-01")
    result = run(invoke, repo, "submit", ORG, PROBLEM, "--evidence", str(repo / "evidence" / "review" / "P4-005.md"))
    assert result.exit_code == 1
    assert "the policy defines no review steps" in result.stderr
    closed = run(invoke, repo, "close", ORG, PROBLEM, "--evidence", str(repo / "evidence" / "review" / "P4-005.md"))
    assert closed.exit_code == 0, closed.output


def test_a_policy_may_count_submitted_closures_and_the_report_says_so(invoke, repo):
    policy = repo / "ledgers" / "policy.yaml"
    text = policy.read_text(encoding="utf-8").replace("rectified_statuses: [closed]", "rectified_statuses: [closed, under-review]")
    assert "under-review" in text
    policy.write_text(text, encoding="utf-8")
    assert submit(invoke, repo).exit_code == 0
    assert figures(invoke, repo)["rectified"] == 5
    table = run(invoke, repo, "report", "--round", "4", "--as-of", "2026-12-10")
    assert "counted as rectified by the policy" in table.stdout


def test_the_example_round_counts_closures_under_review_and_returned(invoke, example_repo):
    """jc-xinhe's examples: P7-008 resubmitted after a return and awaiting 巡察办复核, P7-009 returned,
    P7-010 closed on 巡察办复核's approval."""
    result = run(invoke, example_repo, "report", "--round", "7", "--format", "json")
    xinhe = next(org for org in json.loads(result.stdout)["organisations"] if org["id"] == "jc-xinhe")
    assert (xinhe["under_review"], xinhe["returned"]) == (1, 1)
    explain = run(invoke, example_repo, "report", "--round", "7", "--explain", "jc-xinhe")
    lines = {line.split()[0]: line for line in explain.stdout.splitlines() if line.strip().startswith("P7-0")}
    assert "awaiting 巡察办复核 (step 2 of 3); approved so far: 巡察组初审 孙立 2026-11-23" in lines["P7-008"]
    assert "returned by 巡察组初审 on 2026-11-23" in lines["P7-009"]
    assert "reviewed: 巡察组初审 孙立 2026-11-14, 巡察办复核 周宁 2026-11-18" in lines["P7-010"]


# --- signed reviews -------------------------------------------------------------------------------



@pytest.fixture
def signed(repo):
    """Two reviewers with generated keys: 孙立 of 巡察组 and 周宁 of 巡察办; approvals must be signed."""
    sun, sun_pub = keygen(repo, "sun")
    zhou, zhou_pub = keygen(repo, "zhou")
    policy = repo / "ledgers" / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8") + (
        "signatures:\n"
        "  signers:\n"
        f"    - {{name: 孙立, key: {sun_pub}, roles: [巡察组]}}\n"
        f"    - {{name: 周宁, key: {zhou_pub}, roles: [巡察办]}}\n"
        "  actions:\n"
        "    approved: []\n"
        "    returned: []\n"), encoding="utf-8")
    return repo, {"sun": sun, "zhou": zhou}


def signature_findings(invoke, repo: Path) -> list[str]:
    result = run(invoke, repo, "validate", str(repo / "ledgers" / f"{ORG}.yaml"), "--signatures", "--format", "json")
    return [d["code"] for d in json.loads(result.stdout) if d["code"].startswith("E-SIG")]


@needs_ssh
def test_signed_approvals_by_the_reviewers_of_each_step_pass(invoke, signed):
    repo, keys = signed
    assert submit(invoke, repo).exit_code == 0
    for step, date, by, key in (("team", "2026-12-03", "孙立", "sun"), ("office", "2026-12-05", "周宁", "zhou")):
        result = run(invoke, repo, "approve", ORG, PROBLEM, "--step", step, "--date", date, "--by", by,
                     "--sign-with", str(keys[key]))
        assert result.exit_code == 0, result.output
    assert signature_findings(invoke, repo) == []


@needs_ssh
def test_a_reviewer_acting_outside_their_step_is_refused(invoke, signed):
    repo, keys = signed
    assert submit(invoke, repo).exit_code == 0
    result = run(invoke, repo, "approve", ORG, PROBLEM, "--step", "team", "--date", "2026-12-03", "--by", "周宁",
                 "--sign-with", str(keys["zhou"]))
    assert result.exit_code == 1
    assert "周宁 does not hold the role 巡察组 that acts in 巡察组初审" in result.stderr


@needs_ssh
def test_an_unsigned_approval_and_an_approval_edited_after_signing_fail_validation(invoke, signed):
    repo, keys = signed
    assert submit(invoke, repo).exit_code == 0
    run(invoke, repo, "approve", ORG, PROBLEM, "--step", "team", "--date", "2026-12-03", "--by", "孙立")
    assert signature_findings(invoke, repo) == ["E-SIG-MISSING"]
    assert run(invoke, repo, "sign", ORG, PROBLEM, "--key", str(keys["sun"]), "--by", "孙立").exit_code == 0
    assert signature_findings(invoke, repo) == []
    path = repo / "ledgers" / f"{ORG}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("借调人员已全部回原单位\n", "借调人员已全部回原单位\n", 1).replace(
        "evidence/review/P4-005.md", "evidence/jc-edu/P7-001.md", 1), encoding="utf-8")
    assert "E-SIG-INVALID" in signature_findings(invoke, repo)


@needs_ssh
def test_a_return_signed_with_a_key_outside_its_steps_role_fails(invoke, signed):
    repo, keys = signed
    assert submit(invoke, repo).exit_code == 0
    # 孙立 (巡察组) returns at the office step, signing with his own key: not his step's role
    policy = repo / "ledgers" / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("roles: [巡察组]}", "roles: [巡察组, 巡察办]}"),
                      encoding="utf-8")
    run(invoke, repo, "approve", ORG, PROBLEM, "--step", "team", "--date", "2026-12-03", "--by", "孙立",
        "--sign-with", str(keys["sun"]))
    result = run(invoke, repo, "return", ORG, PROBLEM, "--step", "office", "--reason", "材料不全", "--date", "2026-12-04",
                 "--by", "孙立", "--sign-with", str(keys["sun"]))
    assert result.exit_code == 0, result.output
    policy.write_text(policy.read_text(encoding="utf-8").replace("roles: [巡察组, 巡察办]}", "roles: [巡察组]}"),
                      encoding="utf-8")
    assert signature_findings(invoke, repo) == ["E-SIG-ROLE"]
