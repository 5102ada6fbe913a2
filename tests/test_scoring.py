"""The scored evaluation (考核评价得分表) and the public disclosure (整改情况公开), as a user sees them.

The fixture tests/data/scoring/ is tests/data/valid/tj-police.yaml with a small scheme (policy.yaml) and one
evaluator's score. Its score sheet, recomputed by hand from the ledger at the consequence date 2019-08-10
(rectify_by), is the golden file tests/golden/scoring/explain.en.txt:

- leadership (evaluator, 20): scored "12.5" by 市委巡视办检查组 on 2019-09-10 → 12.5
- ledger (rate, 50): P7-001 closed 2019-07-30; P7-002 open; P7-003 long-term since 2019-08-01, not rectified
  (rectified_statuses: closed) → 1/3 → 50 × 1/3 = 16.67 (exactly 50/3)
- overdue (count, 10, 5 each): P7-002's deadline, extended to 2019-07-10, is before 2019-08-10 and it is open;
  P7-003's review date 2019-12-31 is not → 1 overdue → max(0, 10 − 5 × 1) = 5
- satisfaction (share, 20): survey of 2019-09-05, satisfied 98 + basically satisfied 15 = 113 of 120
  → 20 × 113/120 = 18.83 (exactly 113/6)
- total 12.5 + 50/3 + 5 + 113/6 = 25/2 + 100/6 + 30/6 + 113/6 = 75/6 + 243/6 = 318/6 = 53 → 不合格 (below 60),
  which fires re-rectification; the ledger records score 53 and grade 不合格, so it is valid.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import DATA, ROOT

GOLDEN = ROOT / "tests" / "golden" / "scoring"
SCORING = DATA / "scoring"


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("RECTIFY_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8")


@pytest.fixture
def scoring(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("RECTIFY_TODAY", "2019-12-01")
    shutil.copytree(SCORING, tmp_path / "ledgers")
    return tmp_path / "ledgers"


def test_the_score_sheet_is_the_hand_computation_of_the_docstring(invoke, scoring):
    result = invoke("report", "--round", "7", "--ledgers", scoring, "--explain", "tj-police", "--lang", "en",
                    "--format", "plain")
    assert result.exit_code == 0, result.output
    sheet = result.stdout[result.stdout.index("Score sheet"):result.stdout.index("Provenance")]
    golden("explain.en.txt", sheet)
    assert "50 × 1/3 = 16.67" in sheet and "max(0, 10 − 5 × 1) = 5" in sheet and "20 × 113/120 = 18.83" in sheet
    assert "= 53: 不合格" in sheet


def test_the_json_score_sheet_is_exact_and_the_grade_rule_fires_on_the_computed_grade(invoke, scoring):
    data = json.loads(invoke("report", "--round", "7", "--ledgers", scoring, "--format", "json").stdout)
    org = data["organisations"][0]
    sheet = org["score_sheet"]
    assert [line["score_exact"] for line in sheet["lines"]] == ["25/2", "50/3", "5", "113/6"]
    assert (sheet["total_exact"], sheet["grade"], sheet["complete"]) == ("53", "不合格", True)
    assert org["grade"] == "不合格"
    fired = [c["rule"] for c in org["consequences"]]
    assert "re-rectification" in fired
    reason = next(c["reason"] for c in org["consequences"] if c["rule"] == "re-rectification")
    assert "computed by the evaluation scheme (53 points)" in reason


def test_a_recorded_grade_against_the_scheme_is_a_finding_with_file_and_line(invoke, scoring):
    text = (scoring / "tj-police.yaml").read_text(encoding="utf-8").replace("grade: 不合格", "grade: 合格")
    (scoring / "tj-police.yaml").write_text(text, encoding="utf-8")
    result = invoke("validate", scoring)
    assert result.exit_code == 1
    assert "tj-police.yaml:12:14: E-EVALUATION-GRADE grade 合格 recorded, but the evaluation scheme gives 不合格" \
           " (53 points on 2019-08-10)" in result.stdout + result.stderr


def test_evaluate_records_an_evaluators_score_and_refuses_a_computed_indicator(invoke, scoring):
    refused = invoke("evaluate", "tj-police", "--round", "7", "--indicator", "ledger", "--points", "40",
                     "--note", "x", "--ledgers", scoring, "--by", "张三")
    assert refused.exit_code == 1
    assert "ledger is computed from the ledger (rate), not scored by an evaluator" in refused.stderr
    typo = invoke("evaluate", "tj-police", "--round", "7", "--indicator", "leadrship", "--points", "10",
                  "--note", "x", "--ledgers", scoring, "--by", "张三")
    assert typo.exit_code == 1 and "did you mean 'leadership'" in typo.stderr
    # a better score of leadership lifts the total: the recorded 53/不合格 would then disagree and is refused
    lifted = invoke("evaluate", "tj-police", "--round", "7", "--indicator", "leadership", "--points", "20",
                    "--note", "复核后改为满分", "--replace", "--ledgers", scoring, "--by", "张三")
    assert lifted.exit_code == 1 and "E-EVALUATION-GRADE" in lifted.stderr
    kept = invoke("evaluate", "tj-police", "--round", "7", "--grade", "合格", "--score", "82", "--replace",
                  "--ledgers", scoring, "--by", "张三")
    assert kept.exit_code == 1, "the --grade/--score contract still writes, and the scheme still checks it"


def test_the_grade_and_score_options_keep_working_without_a_scheme(invoke, tmp_path, monkeypatch):
    monkeypatch.setenv("RECTIFY_TODAY", "2019-12-01")
    shutil.copytree(DATA / "valid", tmp_path / "ledgers")
    result = invoke("evaluate", "tj-police", "--round", "7", "--grade", "优秀", "--score", "95", "--replace",
                    "--ledgers", tmp_path / "ledgers", "--by", "张三")
    assert result.exit_code == 0, result.output
    assert "grade: 优秀" in (tmp_path / "ledgers" / "tj-police.yaml").read_text(encoding="utf-8")


def test_the_disclosure_carries_nothing_the_redaction_rules_forbid(invoke, scoring):
    from rectify_cli import disclosure, figures
    from rectify_cli.validation.document import validate_text
    from rectify_cli.validation.policy_file import load_policy

    result = invoke("disclose", "--round", "7", "--ledgers", scoring, "--as-of", "2019-08-10")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("截至2019年8月10日，第七轮巡察1个被巡察党组织共反馈问题3个，已完成整改1个、正在整改2个")
    assert "天津市公安局党委：截至2019年8月10日，第七轮巡察反馈问题3个" in text
    # form 2 (below the default form 3): counted, never named; evidence, notes, reasons and the term never published
    for forbidden in ("孙八", "原财务处处长", "〔2019〕7号", "涉及多年账目需审计核实", "需建立长效机制", "王五",
                      "党委书记主持专题会3次"):
        assert forbidden not in text
    assert "问责1人" in text
    policy, _ = load_policy(scoring)
    ledger = validate_text((scoring / "tj-police.yaml").read_text(encoding="utf-8"), "tj-police", policy,
                           figures.dt.date(2019, 12, 1), "tj-police")[0]
    import datetime as dt

    report = figures.round_report([ledger], 7, dt.date(2019, 8, 10), policy)
    listed = disclosure.forbidden([ledger], report, policy)
    assert ("person", "孙八") in listed and ("term", "王五") in listed
    assert not disclosure.leaks(text, listed)
    assert "left out: 1 people held accountable under forms below 3: counted, not named" in result.stderr


def test_a_published_figure_the_ledger_later_contradicts_is_reported(invoke, scoring):
    published = invoke("disclose", "--round", "7", "--ledgers", scoring, "--as-of", "2019-08-10", "--record",
                       "--where", "天津日报", "--date", "2019-08-20", "--by", "宣传处")
    assert published.exit_code == 0, published.output
    assert "every figure of the text is the report's" in published.stderr
    text = (scoring / "tj-police.yaml").read_text(encoding="utf-8")
    assert "sha256: " in text and "where: 天津日报" in text
    clean = json.loads(invoke("report", "--round", "7", "--ledgers", scoring, "--format", "json").stdout)
    assert clean["organisations"][0]["published"][0]["contradicted"] == []
    # a later change: P7-001's outcomes say 3 rules made, not the 2 published
    (scoring / "tj-police.yaml").write_text(text.replace("rules_made: 2,", "rules_made: 3,"), encoding="utf-8")
    after = invoke("report", "--round", "7", "--ledgers", scoring, "--format", "plain")
    assert after.exit_code == 0, after.output
    assert "rules_made: published 2, the ledger now says 3" in after.stdout


def test_the_disclosure_figures_are_read_back_and_a_wrong_one_is_named():
    from rectify_cli import crosscheck

    report = {"organisations": [{"name": "甲局党组", "problems": 3, "rectified": 1, "in_progress": 2,
                                 "basically_done": 0, "long_term": 1, "extended": 1, "rate_percent": "33.33%",
                                 "measures_total": 3, "measures_done": 1, "rules_made": 2,
                                 "funds_returned": "1249100.00", "losses_recovered": "0.00",
                                 "held_accountable": 1, "clues_handed_over": 0}], "totals": {}}
    text = ("甲局党组：截至2019年8月10日，第七轮巡察反馈问题3个，已完成整改2个、正在整改2个（基本完成0个、需长期坚持1个、"
            "申请延期1个），整改完成率33.33%；制定整改措施3条，已完成1条；建立完善制度2项，退缴违规资金124.91万元，"
            "挽回经济损失0万元；问责1人。\n")
    wrong = crosscheck.disclosure_mismatches(text, report)
    assert [str(w) for w in wrong] == ["甲局党组: 已完成整改 is 2 in the text, the report says 1"]
