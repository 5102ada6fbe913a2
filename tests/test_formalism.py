"""Signs of formalism (issue 14, item 5): warnings in the report, its JSON and --explain, never consequences.

A ledger is built through the commands, as a clerk would: four problems closed in the last days of
the period, two of them on one evidence file, one recorded weeks after its closure date, one whose
three measures were all done on the closure day.
"""

from __future__ import annotations

import json

import pytest

ORG = "jc-rush"


@pytest.fixture
def rushed(example_repo, invoke, monkeypatch):
    ledgers = str(example_repo / "ledgers")
    evidence = example_repo / "evidence" / ORG
    evidence.mkdir(parents=True)
    (evidence / "总结.md").write_text("整改总结（四个问题共用）\n", encoding="utf-8")
    for n in range(1, 5):
        (evidence / f"P7-00{n}.md").write_text(f"问题{n}的佐证\n", encoding="utf-8")

    def run(*args: str) -> str:
        result = invoke(*args, "--ledgers", ledgers)
        assert result.exit_code == 0, result.output
        return result.stdout.strip()

    monkeypatch.setenv("RECTIFY_NOW", "2026-06-01T10:00:00+08:00")
    run("init", ORG, "--name", "中共江城市突击局党组")
    run("add-round", ORG, "--round", "7", "--feedback-on", "2026-05-15")  # the period ends 2026-08-15
    for n in range(1, 5):
        run("add-problem", ORG, "--round", "7", "--category", "party-building", "--summary", f"问题{n}",
            "--leader", "陈明", "--unit", "办公室", "--person", "刘洋", "--deadline", "2026-08-15")
        for m in range(3 if n == 4 else 1):
            run("add-measure", ORG, f"P7-00{n}", "--text", f"措施{m + 1}", "--owner", "刘洋", "--due", "2026-08-15")
    for n, day in ((1, "2026-08-10"), (2, "2026-08-12"), (3, "2026-08-13"), (4, "2026-08-14")):
        monkeypatch.setenv("RECTIFY_NOW", f"{day}T17:00:00+08:00" if n != 3 else "2026-09-20T09:00:00+08:00")
        for m in range(3 if n == 4 else 1):
            run("done", ORG, f"P7-00{n}", f"M{m + 1}", "--date", day if n == 4 else "2026-07-01")
        files = [evidence / "总结.md"] if n in (1, 2) else [evidence / f"P7-00{n}.md"]
        run("close", ORG, f"P7-00{n}", "--date", day, *[a for f in files for a in ("--evidence", str(f))])
    return example_repo


def report_json(invoke, repo, *extra):
    result = invoke("report", "--round", "7", "--ledgers", str(repo / "ledgers"), "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_each_sign_is_found_with_its_numbers_in_the_json(invoke, rushed):
    data = report_json(invoke, rushed)
    [org] = [o for o in data["organisations"] if o["id"] == ORG]
    signs = {sign["kind"]: sign for sign in org["formalism"]}
    assert signs["closures-at-the-end"] == {"kind": "closures-at-the-end", "problems": ["P7-001", "P7-002", "P7-003",
                                            "P7-004"], "count": 4, "of": 4, "days": 7, "sha256": None}
    assert signs["shared-evidence"]["problems"] == ["P7-001", "P7-002"] and len(signs["shared-evidence"]["sha256"]) == 64
    assert signs["evidence-after-closure"]["problems"] == ["P7-003"] and signs["evidence-after-closure"]["count"] == 38
    assert signs["measures-on-closure-day"]["problems"] == ["P7-004"] and signs["measures-on-closure-day"]["count"] == 3
    assert data["totals"]["formalism_counts"] == {"closures-at-the-end": 1, "shared-evidence": 1,
                                                  "evidence-after-closure": 1, "measures-on-closure-day": 1}
    # Warnings, not consequences: the organisation closed everything, and nothing fires for it.
    assert org["rate"] == 1.0 and org["consequences"] == []
    others = [o for o in data["organisations"] if o["id"] != ORG]
    assert all(o["formalism"] == [] for o in others)


def test_the_report_and_explain_show_the_signs_in_both_languages(invoke, rushed):
    ledgers = str(rushed / "ledgers")
    text = invoke("report", "--round", "7", "--ledgers", ledgers, "--lang", "zh").stdout
    assert "形式主义迹象提示" in text and "期末突击销号" in text and "4个销号中有4个集中在整改期最后7天" in text
    english = invoke("report", "--round", "7", "--ledgers", ledgers, "--lang", "en", "--format", "markdown").stdout
    assert "Signs of formalism" in english and "recorded 38 days after the closure date (more than 7)" in english
    explained = invoke("report", "--round", "7", "--ledgers", ledgers, "--lang", "zh", "--explain", ORG).stdout
    assert "形式主义迹象：" in explained and "全部3项措施均在销号当日完成" in explained


def test_the_policy_sets_the_thresholds_or_turns_the_signs_off(invoke, rushed):
    policy = rushed / "ledgers" / "policy.yaml"
    original = policy.read_text(encoding="utf-8")
    policy.write_text(original + "formalism:\n  last_days: 3\n  last_days_at_least: 2\n  recorded_within_days: 60\n"
                      "  same_day_measures_at_least: 4\n", encoding="utf-8")
    [org] = [o for o in report_json(invoke, rushed)["organisations"] if o["id"] == ORG]
    assert [(s["kind"], s["problems"]) for s in org["formalism"]] == [
        ("closures-at-the-end", ["P7-003", "P7-004"]), ("shared-evidence", ["P7-001", "P7-002"])]
    policy.write_text(original + "formalism:\n  enabled: false\n", encoding="utf-8")
    [org] = [o for o in report_json(invoke, rushed)["organisations"] if o["id"] == ORG]
    assert org["formalism"] == []
    text = invoke("report", "--round", "7", "--ledgers", str(rushed / "ledgers")).stdout
    assert "Signs of formalism" not in text and "形式主义" not in text
