"""Between feedback and closure through the CLI on real files: the reporting duty (submit-report, late and
missing reports, the missing-reports rule), supervision instruments (supervise, reply, notices) and
handovers (handover, acknowledge); lossless edits and hand edits caught."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
from pathlib import Path

from rectify_cli import duties
from rectify_cli.model import Cadence, Inspection, Ledger, Reporting
from rectify_cli.yamlio import reader


def read_ledger(path: Path) -> Ledger:
    return Ledger.model_validate(reader.parse_text(path.read_text(encoding="utf-8"), str(path))[0])


def report(invoke, repo, *extra: str) -> dict:
    result = invoke("report", "--round", "7", "--format", "json", "--as-of", "2026-11-24",
                    "--ledgers", repo / "ledgers", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def organisation(data: dict, org_id: str) -> dict:
    return next(org for org in data["organisations"] if org["id"] == org_id)


def only_added_lines(before: str, after: str) -> bool:
    """The edit kept every line it did not mean to change: the diff only inserts lines (or replaces `old`)."""
    ops = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False).get_opcodes()
    return all(tag in ("equal", "insert") for tag, *_ in ops)


# --- the examples --------------------------------------------------------------------------------


def test_the_examples_show_late_and_missing_reports_per_organisation(invoke, example_repo):
    data = report(invoke, example_repo)
    dongmen = organisation(data, "jc-dongmen")["reporting"]
    assert dongmen["duty"] is True and dongmen["owed"] == 5 and dongmen["submitted"] == 3
    assert dongmen["late"] == [{"period": "2026-06", "due": "2026-07-05", "submitted_on": "2026-07-10", "days_late": 5}]
    assert dongmen["missing"] == [{"period": "2026-07", "due": "2026-08-05"}, {"period": "2026-Q3", "due": "2026-10-05"}]
    qingshi = organisation(data, "jc-qingshi")["reporting"]
    assert [item["period"] for item in qingshi["late"]] == ["2026-Q3"] and qingshi["missing"] == []
    transport = organisation(data, "jc-transport")["reporting"]
    assert transport == {"duty": True, "owed": 4, "submitted": 4, "late": [], "missing": []}  # all closed: no Q3
    assert organisation(data, "jc-edu")["reporting"]["duty"] is False  # the duty names three organisations
    assert data["totals"]["reporting"]["owed"] == 14


def test_the_examples_count_instruments_per_organisation_in_json_and_tables(invoke, example_repo):
    data = report(invoke, example_repo)
    dongmen = organisation(data, "jc-dongmen")["supervision"]
    assert dongmen == {"total": 3, "by_kind": {"督办单": 2, "约谈": 1}, "replies_awaited": ["S7-002"],
                       "replies_overdue": ["S7-002"]}
    assert data["totals"]["supervision"]["by_kind"] == {"督办单": 2, "提醒函": 2, "约谈": 1}
    table = invoke("report", "--round", "7", "--as-of", "2026-11-24", "--lang", "zh", "--format", "markdown",
                   "--ledgers", example_repo / "ledgers")
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.stdout.splitlines()
            if line.startswith("|")]
    assert ["中共江城市新河区东门街道工作委员会", "3", "督办单2次，约谈1次", "S7-002", "S7-002"] in rows
    assert "## 定期报送情况（截至2026-11-24）" in table.stdout
    assert "督办：督办单2次，提醒函2次，约谈1次" in table.stdout


def test_the_examples_flag_a_handover_not_acknowledged_and_an_item_of_a_secretary_who_left(invoke, example_repo):
    data = report(invoke, example_repo)
    handovers = organisation(data, "jc-dongmen")["handovers"]
    assert handovers["handovers"] == 2
    assert handovers["unacknowledged"] == [{"date": "2026-11-02", "role": "secretary", "predecessor": "许文静",
                                            "successor": "邹宁"}]
    # P7-004 and P7-006 were re-pointed from 高建 to 孔亮; P7-007's leader is still the secretary who left
    assert handovers["responsible_left"] == [{"problem": "P7-007", "person": "许文静"}]
    assert organisation(data, "jc-qingshi")["handovers"]["unacknowledged"] == []
    explained = invoke("report", "--round", "7", "--as-of", "2026-11-24", "--explain", "jc-dongmen",
                       "--ledgers", example_repo / "ledgers")
    assert "Reports: 5 due, 3 submitted, late: 2026-06 (5 days late), missing: 2026-07 (2026-08-05), 2026-Q3" \
           in explained.stdout
    assert "Handovers: 2; not acknowledged: 2026-11-02 secretary 许文静 → 邹宁; items of someone who left: " \
           "P7-007 (许文静)" in explained.stdout


def test_missing_reports_fires_under_fail_on_for_the_organisation_that_did_not_report(invoke, example_repo):
    result = invoke("report", "--round", "7", "--as-of", "2026-11-24", "--fail-on", "missing-reports",
                    "--ledgers", example_repo / "ledgers")
    assert result.exit_code == 3
    assert "missing-reports fired for jc-dongmen (--fail-on)" in result.stderr
    data = report(invoke, example_repo)
    fired = [c for c in organisation(data, "jc-dongmen")["consequences"] if c["rule"] == "missing-reports"]
    assert fired and "1 report missing on 2026-08-15" in fired[0]["reason"]   # July's, at the end of the period
    assert not any(c["rule"] == "missing-reports" for c in organisation(data, "jc-edu")["checks"])


# --- submit-report ---------------------------------------------------------------------------------


def test_submit_report_records_the_period_and_the_file_sha256_losslessly(invoke, example_repo):
    path = example_repo / "ledgers" / "jc-dongmen.yaml"
    before = path.read_text(encoding="utf-8")
    (example_repo / "evidence" / "jc-dongmen" / "2026-07月报.md").write_text("七月整改进展\n", encoding="utf-8")
    result = invoke("submit-report", "jc-dongmen", "--period", "2026-07", "--date", "2026-11-20",
                    "--file", "evidence/jc-dongmen/2026-07月报.md", "--by", "谢涛", "--ledgers", example_repo / "ledgers")
    assert result.exit_code == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    assert only_added_lines(before, after)
    record = read_ledger(path).inspections[0].submissions[-1]
    assert record.period == "2026-07" and record.file is not None
    assert record.file.path == "evidence/jc-dongmen/2026-07月报.md"
    assert record.file.sha256 == hashlib.sha256("七月整改进展\n".encode()).hexdigest()
    assert invoke("validate", example_repo / "ledgers").exit_code == 0
    data = report(invoke, example_repo)
    assert [m["period"] for m in organisation(data, "jc-dongmen")["reporting"]["missing"]] == ["2026-Q3"]
    assert [m["period"] for m in organisation(data, "jc-dongmen")["reporting"]["late"]] == ["2026-06", "2026-07"]


def test_submit_report_refuses_a_second_report_a_bad_period_and_a_missing_file(invoke, example_repo):
    path = example_repo / "ledgers" / "jc-dongmen.yaml"
    before = path.read_bytes()
    folder = example_repo / "ledgers"
    again = invoke("submit-report", "jc-dongmen", "--period", "2026-05", "--date", "2026-11-20", "--ledgers", folder)
    assert again.exit_code == 1 and "already records the report for 2026-05" in again.stderr
    bad = invoke("submit-report", "jc-dongmen", "--period", "2026-5", "--date", "2026-11-20", "--ledgers", folder)
    assert bad.exit_code == 1 and "is not a month such as 2026-05" in bad.stderr
    missing = invoke("submit-report", "jc-dongmen", "--period", "2026-07", "--date", "2026-11-20",
                     "--file", "evidence/jc-dongmen/none.md", "--ledgers", folder)
    assert missing.exit_code == 1 and "does not exist" in missing.stderr
    future = invoke("submit-report", "jc-dongmen", "--period", "2026-07", "--date", "2026-12-20", "--ledgers", folder)
    assert future.exit_code == 1 and "in the future" in future.stderr
    assert path.read_bytes() == before


def test_a_hand_edited_submission_is_caught_by_its_chain(invoke, example_repo):
    path = example_repo / "ledgers" / "jc-qingshi.yaml"
    text = path.read_text(encoding="utf-8")
    assert "{period: 2026-Q3, date: 2026-10-09" in text
    path.write_text(text.replace("{period: 2026-Q3, date: 2026-10-09", "{period: 2026-Q3, date: 2026-10-05"),
                    encoding="utf-8")
    result = invoke("validate", path, "--format", "json")
    assert result.exit_code == 1
    assert [(f["code"], f["path"]) for f in json.loads(result.stdout)] == [
        ("E-RECORD-CHAIN", "inspections[1].submissions[4].hash")]


def test_a_removed_instrument_breaks_the_chain_of_those_after_it(invoke, example_repo):
    path = example_repo / "ledgers" / "jc-dongmen.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == "- id: S7-001")
    end = next(i for i, line in enumerate(lines) if line.strip() == "- id: S7-002")
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    result = invoke("validate", path, "--format", "json")
    assert result.exit_code == 1
    codes = {f["code"] for f in json.loads(result.stdout)}
    assert "E-RECORD-CHAIN" in codes


# --- supervise, reply, notices -------------------------------------------------------------------------


def test_supervise_records_the_instrument_and_a_history_entry_on_each_problem(invoke, example_repo):
    path = example_repo / "ledgers" / "jc-dongmen.yaml"
    before = path.read_text(encoding="utf-8")
    result = invoke("supervise", "jc-dongmen", "--kind", "告诫函", "--issuer", "市委巡察办", "--to", "孔亮",
                    "--problems", "P7-004、P7-006", "--reply-due", "2026-12-01", "--date", "2026-11-22",
                    "--by", "林静", "--ledgers", example_repo / "ledgers")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "S7-004\n"
    assert only_added_lines(before, path.read_text(encoding="utf-8"))
    ledger = read_ledger(path)
    instrument = ledger.inspections[0].supervision[-1]
    assert (instrument.kind, instrument.to, instrument.problems) == ("告诫函", "孔亮", ["P7-004", "P7-006"])
    for problem in ledger.problems:
        if problem.id in ("P7-004", "P7-006"):
            assert problem.history[-1].did == "supervised"
            assert problem.history[-1].reason == "告诫函 S7-004: 市委巡察办 → 孔亮"
    replied = invoke("reply", "jc-dongmen", "S7-004", "--summary", "已加快推进", "--date", "2026-11-23",
                     "--ledgers", example_repo / "ledgers")
    assert replied.exit_code == 0, replied.stderr
    assert invoke("validate", example_repo / "ledgers").exit_code == 0
    data = report(invoke, example_repo)
    assert organisation(data, "jc-dongmen")["supervision"]["by_kind"] == {"督办单": 2, "告诫函": 1, "约谈": 1}
    twice = invoke("reply", "jc-dongmen", "S7-004", "--summary", "再次回复", "--ledgers", example_repo / "ledgers")
    assert twice.exit_code == 1 and "already has a reply" in twice.stderr


def test_supervise_refuses_an_unknown_kind_and_problem_with_suggestions(invoke, example_repo):
    folder = example_repo / "ledgers"
    kind = invoke("supervise", "jc-dongmen", "--kind", "督办", "--issuer", "x", "--to", "y", "--problems", "P7-004",
                  "--ledgers", folder)
    assert kind.exit_code == 1 and "did you mean '督办单'" in kind.stderr
    problem = invoke("supervise", "jc-dongmen", "--kind", "督办单", "--issuer", "x", "--to", "y", "--problems",
                     "P7-04", "--ledgers", folder)
    assert problem.exit_code == 1 and "did you mean 'P7-004'" in problem.stderr


def test_notices_lists_and_drafts_what_the_ladder_makes_due_and_recording_one_clears_it(invoke, example_repo, tmp_path):
    folder = example_repo / "ledgers"
    listed = invoke("notices", "--round", "7", "--as-of", "2026-11-24", "--format", "json", "--ledgers", folder)
    assert listed.exit_code == 0, listed.stderr
    notices = json.loads(listed.stdout)["notices"]
    qingshi = next(n for n in notices if n["organisation"] == "jc-qingshi")
    # P7-008 is 24 days overdue: red → 督办单 to its leader (the 提醒函 of October is a milder step)
    assert (qingshi["kind"], qingshi["to"], qingshi["recipient"]) == ("督办单", "leader", "邓志华")
    assert [p["id"] for p in qingshi["problems"]] == ["P7-008"] and qingshi["reply_due"] == "2026-12-01"
    assert not any(n["organisation"] == "jc-dongmen" for n in notices)   # 督办单 and 约谈 already sent
    out = tmp_path / "notices"
    written = invoke("notices", "--round", "7", "--as-of", "2026-11-24", "--out", out, "--lang", "zh",
                     "--ledgers", folder)
    assert written.exit_code == 0
    draft = (out / "2026-11-24-jc-qingshi-01-督办单.md").read_text(encoding="utf-8")
    assert "中共临江县青石镇委员会邓志华（责任领导）：" in draft
    assert "| P7-008 | 第四轮巡察指出的土地确权遗留问题未整改到位，群众反复信访 | 2026-10-31 | 超期24天 |" in draft
    assert len(list(out.iterdir())) == len(notices)
    word = invoke("notices", "--round", "7", "--as-of", "2026-11-24", "--org", "jc-qingshi", "--out", tmp_path / "word",
                  "--word", "--lang", "zh", "--ledgers", folder)
    assert word.exit_code == 0, word.stderr
    import docx

    document = docx.Document(str(tmp_path / "word" / "2026-11-24-jc-qingshi-01-督办单.docx"))
    assert "中共临江县青石镇委员会邓志华（责任领导）：" in [p.text for p in document.paragraphs]
    assert [c.text for c in document.tables[0].rows[1].cells] == [
        "P7-008", "第四轮巡察指出的土地确权遗留问题未整改到位，群众反复信访", "2026年10月31日", "超期24天"]
    sent = invoke("supervise", "jc-qingshi", "--kind", "督办单", "--issuer", "市委巡察办", "--to", "邓志华",
                  "--problems", "P7-008", "--date", "2026-11-24", "--ledgers", folder)
    assert sent.exit_code == 0, sent.stderr
    again = json.loads(invoke("notices", "--round", "7", "--as-of", "2026-11-24", "--format", "json",
                              "--ledgers", folder).stdout)["notices"]
    assert not any(n["organisation"] == "jc-qingshi" for n in again)


# --- handover, acknowledge ------------------------------------------------------------------------------


def test_handover_writes_the_list_re_points_responsible_and_is_acknowledged(invoke, example_repo, tmp_path):
    path = example_repo / "ledgers" / "jc-dongmen.yaml"
    annex = tmp_path / "交接清单.md"
    result = invoke("handover", "jc-dongmen", "--role", "leader", "--from", "许文静", "--to", "邹宁", "--repoint",
                    "--list", annex, "--date", "2026-11-20", "--lang", "zh", "--ledgers", example_repo / "ledgers")
    assert result.exit_code == 0, result.stderr
    assert "2026-11-20 责任领导由许文静交接给邹宁，移交事项1项" in result.stderr   # said in --lang
    text = annex.read_text(encoding="utf-8")
    assert "2026-11-20，责任领导由许文静交接给邹宁。以下1项整改事项尚未完成或需长期坚持，一并移交。" in text
    assert "| P7-007 |" in text and "| P7-001 |" not in text   # closed items are not handed over
    ledger = read_ledger(path)
    problem = next(p for p in ledger.problems if p.id == "P7-007")
    assert problem.responsible.leader == "邹宁"
    entry = problem.history[-1]
    assert (entry.did, entry.field, entry.old, entry.new) == ("handed-over", "responsible.leader", "许文静", "邹宁")
    assert ledger.handovers[-1].repointed and ledger.handovers[-1].items == ["P7-007"]
    assert invoke("validate", example_repo / "ledgers").exit_code == 0
    data = report(invoke, example_repo)
    assert organisation(data, "jc-dongmen")["handovers"]["responsible_left"] == []   # re-pointed
    assert len(organisation(data, "jc-dongmen")["handovers"]["unacknowledged"]) == 2
    acknowledged = invoke("acknowledge", "jc-dongmen", "--by", "邹宁", "--date", "2026-11-21",
                          "--ledgers", example_repo / "ledgers")
    assert acknowledged.exit_code == 0, acknowledged.stderr
    assert read_ledger(path).handovers[-1].acknowledged is not None
    data = report(invoke, example_repo)
    assert [h["successor"] for h in organisation(data, "jc-dongmen")["handovers"]["unacknowledged"]] == ["邹宁"]
    assert invoke("validate", example_repo / "ledgers").exit_code == 0


def test_a_secretary_handover_changes_the_secretary_and_refuses_an_existing_list_file(invoke, example_repo, tmp_path):
    folder = example_repo / "ledgers"
    existing = tmp_path / "exists.md"
    existing.write_text("keep\n", encoding="utf-8")
    refused = invoke("handover", "jc-qingshi", "--role", "secretary", "--from", "陆明", "--to", "宋涛", "--list",
                     existing, "--ledgers", folder)
    assert refused.exit_code == 2 and existing.read_text(encoding="utf-8") == "keep\n"
    wrong = invoke("handover", "jc-qingshi", "--role", "secretary", "--from", "唐国平", "--to", "宋涛",
                   "--ledgers", folder)
    assert wrong.exit_code == 1 and "the ledger's secretary is 陆明" in wrong.stderr
    done = invoke("handover", "jc-qingshi", "--role", "secretary", "--from", "陆明", "--to", "宋涛",
                  "--date", "2026-11-23", "--ledgers", folder)
    assert done.exit_code == 0, done.stderr
    assert read_ledger(folder / "jc-qingshi.yaml").organisation.secretary == "宋涛"


def test_a_hand_edited_acknowledgement_is_caught(invoke, example_repo):
    path = example_repo / "ledgers" / "jc-qingshi.yaml"
    text = path.read_text(encoding="utf-8")
    assert "acknowledged: {date: 2026-10-16, by: 陆明" in text
    path.write_text(text.replace("acknowledged: {date: 2026-10-16, by: 陆明", "acknowledged: {date: 2026-10-16, by: 唐国平"),
                    encoding="utf-8")
    result = invoke("validate", path, "--format", "json")
    assert [(f["code"], f["path"]) for f in json.loads(result.stdout)] == [
        ("E-RECORD-CHAIN", "handovers[0].acknowledged.hash")]


# --- the duty's periods, without the CLI ------------------------------------------------------------------


def test_periods_are_monthly_in_the_period_then_quarterly_while_unsettled():
    inspection = Inspection(round=7, kind="regular", feedback_on=dt.date(2026, 5, 15), rectify_by=dt.date(2026, 8, 15))
    policy = Reporting()
    end = dt.date(2026, 8, 15)
    owed = duties.periods(inspection, end, policy, dt.date(2027, 1, 5), lambda day: True)
    assert [(p.name, p.due.isoformat()) for p in owed] == [
        ("2026-05", "2026-06-05"), ("2026-06", "2026-07-05"), ("2026-07", "2026-08-05"), ("2026-08", "2026-09-05"),
        ("2026-Q3", "2026-10-05"), ("2026-Q4", "2027-01-05")]
    settled_in_october = duties.periods(inspection, end, policy, dt.date(2027, 1, 5),
                                        lambda day: day < dt.date(2026, 10, 1))
    assert [p.name for p in settled_in_october][-1] == "2026-Q3"
    quarterly = Reporting(during_period=Cadence(every="quarter", by_day=10), long_term=None)
    assert [(p.name, p.due.day) for p in duties.periods(inspection, end, quarterly, dt.date(2027, 1, 5),
                                                        lambda day: True)] == [("2026-Q2", 10), ("2026-Q3", 10)]
    year_end = Inspection(round=1, kind="regular", feedback_on=dt.date(2026, 10, 1), rectify_by=dt.date(2026, 12, 31))
    assert [p.name for p in duties.periods(year_end, dt.date(2026, 12, 31), policy, dt.date(2027, 4, 30),
                                           lambda day: True)] == ["2026-10", "2026-11", "2026-12", "2027-Q1"]


def test_a_report_file_changed_or_removed_after_submission_is_caught(invoke, example_repo):
    ledgers = example_repo / "ledgers"
    filed = example_repo / "evidence" / "jc-dongmen" / "report-2026-08.md"
    assert invoke("validate", "--evidence", "--ledgers", ledgers).exit_code == 0
    filed.write_text(filed.read_text(encoding="utf-8") + "（事后补充）\n", encoding="utf-8")
    changed = invoke("validate", "--evidence", "--ledgers", ledgers, "--format", "json")
    assert changed.exit_code == 1
    findings = json.loads(changed.stdout)
    assert [(f["file"].endswith("ledgers/jc-dongmen.yaml"), f["line"], f["code"], f["path"]) for f in findings] == [
        (True, 35, "E-EVIDENCE-CHANGED", "inspections[0].submissions[2].file.sha256")]
    assert "report 2026-08 of round 7" in findings[0]["message"] and "git log" in findings[0]["hint"]
    filed.unlink()
    missing = invoke("validate", "--ledgers", ledgers)             # without --evidence: a named file must exist
    assert missing.exit_code == 1 and "E-EVIDENCE-MISSING" in missing.output and "report-2026-08.md" in missing.output


def test_the_ledger_workbook_carries_submissions_supervision_and_handovers(invoke, example_repo, tmp_path):
    import openpyxl

    output = tmp_path / "东门街道台账.xlsx"
    result = invoke("export", "jc-dongmen", "--output", output, "--ledgers", example_repo / "ledgers")
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(output)
    assert {"报送情况", "督办情况", "工作交接"} <= set(book.sheetnames)
    rows = lambda name: [list(r) for r in book[name].iter_rows(values_only=True)]  # noqa: E731
    submissions = rows("报送情况")
    assert submissions[0] == ["轮次", "报送期次", "报送日期", "登记人", "报送材料", "备注"]
    assert [(r[1], r[2].date()) for r in submissions[1:]] == [
        ("2026-05", dt.date(2026, 6, 5)), ("2026-06", dt.date(2026, 7, 10)), ("2026-08", dt.date(2026, 9, 4))]
    assert submissions[3][4] == "evidence/jc-dongmen/report-2026-08.md"
    instruments = rows("督办情况")
    assert instruments[1][1:7] == ["S7-001", "督办单", dt.datetime(2026, 8, 20), "市委巡察工作领导小组办公室", "许文静",
                                   "P7-004、P7-006、P7-007"]
    assert instruments[1][9] and instruments[2][8] is None   # S7-001 replied, S7-002 awaited
    handovers = rows("工作交接")
    assert [(r[1], r[2], r[3], r[4]) for r in handovers[1:]] == [
        ("责任领导", "高建", "孔亮", "P7-004、P7-006"), ("党组织书记", "许文静", "邹宁", "P7-004、P7-006、P7-007")]
    assert handovers[2][5] is None   # not acknowledged
    plain = tmp_path / "医院台账.xlsx"   # a ledger with none of them has none of the sheets
    assert invoke("export", "jc-hospital", "--output", plain, "--ledgers", example_repo / "ledgers").exit_code == 0
    assert not {"报送情况", "督办情况", "工作交接"} & set(openpyxl.load_workbook(plain).sheetnames)
