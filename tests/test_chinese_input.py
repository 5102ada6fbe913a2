"""A clerk's typos and Chinese keyboard, replayed on real files (issue 13, item 3).

A misspelt id, an id in another case or in the input method's full-width forms is refused with
the nearest id suggested ("did you mean …?"), the ledgers byte-identical; a category written by
its Chinese name counts exactly as its id; every date option reads 2026年7月1日 and ２０２６－０７－０１
as it reads 2026-07-01.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ORG = "jc-edu"


@pytest.fixture
def repo(example_repo, monkeypatch):
    monkeypatch.chdir(example_repo)
    monkeypatch.setenv("RECTIFY_NOW", "2026-11-24T10:00:00+08:00")  # the same history entry on every run
    return example_repo


def snapshot(repo: Path) -> dict[str, bytes]:
    """The bytes of every ledger and the policy (the lock file, .rectify.lock, is not a ledger)."""
    return {path.name: path.read_bytes() for path in sorted((repo / "ledgers").iterdir())
            if path.is_file() and not path.name.startswith(".")}


# --- did you mean ---------------------------------------------------------------------------------

MISTAKES = [
    # (command line, exit code by the contract, the suggestion)
    (["done", "jc-eud", "P7-006", "M2", "--date", "2026-11-01"], 2, "did you mean 'jc-edu'?"),
    (["done", "JC-EDU", "P7-006", "M2", "--date", "2026-11-01"], 2, "did you mean 'jc-edu'?"),
    (["done", "ｊｃ－ｅｄｕ", "P7-006", "M2", "--date", "2026-11-01"], 2, "did you mean 'jc-edu'?"),
    (["done", ORG, "P7-06", "M2", "--date", "2026-11-01"], 1, "did you mean 'P7-006'?"),
    (["done", ORG, "Ｐ７－００６", "M2", "--date", "2026-11-01"], 1, "did you mean 'P7-006'?"),
    (["done", ORG, "p7-006", "M2", "--date", "2026-11-01"], 1, "did you mean 'P7-006'?"),
    (["done", ORG, "P7-006", "M22", "--date", "2026-11-01"], 1, "did you mean 'M2'?"),
    (["done", ORG, "P7-006", "Ｍ２", "--date", "2026-11-01"], 1, "did you mean 'M2'?"),
    (["close", ORG, "P7-0066", "--evidence", "evidence/x.md"], 1, "did you mean 'P7-006'?"),
    (["claim", "jc-edu1", "P7-006"], 2, "did you mean 'jc-edu'?"),
    (["dispose-clue", ORG, "C7-01", "--disposal", "了结"], 1, "did you mean 'C7-001'?"),
    (["add-problem", ORG, "--round", "7", "--category", "党的领导弱", "--summary", "s", "--leader", "l",
      "--unit", "u", "--person", "p"], 1, "did you mean 'party-leadership' (党的领导弱化)?"),
    (["add-problem", ORG, "--round", "7", "--category", "Party-Leadership", "--summary", "s", "--leader", "l",
      "--unit", "u", "--person", "p"], 1, "did you mean 'party-leadership' (党的领导弱化)?"),
    (["show", "jc-eud"], 2, "did you mean 'jc-edu'?"),
    (["show", ORG, "P7-06"], 2, "did you mean 'P7-006'?"),  # a reading command: not there is exit 2
    (["list", "--org", "jc-eud"], 2, "did you mean 'jc-edu' (中共江城市教育局党组)?"),
    (["list", "--org", "江城市教育局党组"], 2, "did you mean 'jc-edu' (中共江城市教育局党组)?"),
    (["report", "--round", "7", "--org", "jc-eud"], 2, "did you mean 'jc-edu' (中共江城市教育局党组)?"),
    (["report", "--round", "7", "--explain", "JC-EDU"], 2, "did you mean 'jc-edu' (中共江城市教育局党组)?"),
    (["report", "--round", "7", "--category", "formalsim"], 2, "did you mean 'formalism' (形式主义、官僚主义)?"),
    (["report", "--round", "7", "--fail-on", "democratic-life"], 2, "did you mean 'democratic-life-meeting'?"),
    (["report", "--round", "7", "--fail-on", "self-examination,interveiw"], 2, "did you mean 'interview'?"),
    (["trend", "jc-eud"], 2, "did you mean 'jc-edu' (中共江城市教育局党组)?"),
    (["export", "jc-eud", "-o", "out.xlsx"], 2, "did you mean 'jc-edu'?"),
    (["validate", "ledgers/jc-eud.yaml"], 2, "did you mean 'jc-edu.yaml'?"),
    (["set-status", ORG, "P7-006", "basicaly-done"], 1, "did you mean 'basically-done'?"),
    (["add-round", ORG, "--round", "9", "--kind", "specal", "--feedback-on", "2026-07-01"], 2,
     "did you mean 'special'?"),
    (["evaluate", ORG, "--round", "7", "--grade", "合", "--replace"], 2, "did you mean '合格'?"),
    (["evaluate", ORG, "--round", "7", "--indicator", "leadershp", "--points", "9", "--note", "n", "--evaluator", "e"],
     1, "did you mean 'leadership'?"),
    (["progress-report", "--round", "7", "--period", "2026-11", "--org", "jc-eud"], 2,
     "did you mean 'jc-edu' (中共江城市教育局党组)?"),
    (["disclose", "--round", "7", "--org", "jc-eud"], 2, "did you mean 'jc-edu' (中共江城市教育局党组)?"),
    (["accountability", ORG, "P7-006", "--person", "p", "--form", "1", "--action", "a", "--responsibility",
      "leader"], 2, "did you mean 'leading'?"),
]


@pytest.mark.parametrize(("args", "code", "suggestion"), MISTAKES, ids=[" ".join(m[0][:4]) for m in MISTAKES])
def test_a_mistyped_id_is_refused_with_the_nearest_suggested_and_nothing_written(invoke, repo, args, code, suggestion):
    before = snapshot(repo)
    result = invoke(*args)
    assert result.exit_code == code, result.output
    assert suggestion in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(repo) == before
    assert not (repo / "out.xlsx").exists()


def test_a_misspelt_organisation_is_suggested_before_creating_a_new_one(invoke, repo):
    result = invoke("add-measure", "jc-eud", "P7-006", "--text", "t", "--owner", "o", "--due", "2026-12-01")
    assert result.exit_code == 2
    assert re.search(r"hint: did you mean 'jc-edu'\? — a new organisation: create it with `rectify init jc-eud", result.stderr)


def test_a_new_organisation_typed_in_full_width_is_suggested_in_half_width(invoke, repo):
    before = snapshot(repo)
    result = invoke("init", "ＪＣ－ＡＵＤＩＴ", "--name", "中共江城市审计局党组")
    assert result.exit_code == 2
    assert "did you mean 'jc-audit'?" in result.stderr
    assert snapshot(repo) == before


def test_an_id_far_from_every_id_gets_no_suggestion_only_the_list(invoke, repo):
    result = invoke("done", ORG, "X99", "M2")
    assert result.exit_code == 1
    assert "did you mean" not in result.stderr
    assert "problems: P4-001" in result.stderr


def test_a_category_in_a_ledger_close_to_a_chinese_name_is_suggested_by_validate(invoke, repo):
    path = repo / "ledgers" / f"{ORG}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("category: party-leadership", "category: 党的领导",
                                                             1), encoding="utf-8")
    result = invoke("validate")
    assert result.exit_code == 1
    assert "E-UNKNOWN-CATEGORY" in result.output
    assert "did you mean 'party-leadership' (党的领导弱化)?" in result.output
    assert "party-building (党的建设缺失)" in result.output  # the allowed list names the Chinese names too


def test_the_one_helper_folds_case_width_and_dashes_and_never_returns_a_far_id():
    from rectify_cli.suggest import did_you_mean, nearest

    assert nearest("Ｐ７－００１", ["P7-001", "P7-002"]) == ["P7-001"]
    assert nearest("jc—edu", ["jc-edu"]) == ["jc-edu"]
    assert nearest("党的建设", ["party-building"], {"party-building": ["党的建设缺失"]}) == ["party-building"]
    assert nearest("zzz", ["P7-001"]) == []
    assert did_you_mean("P7-01", ["P7-001", "P7-010"]) == "did you mean 'P7-001' or 'P7-010'?"


# --- a category's Chinese name --------------------------------------------------------------------


def _report_json(invoke, *extra: str) -> dict:
    import json

    result = invoke("report", "--round", "7", "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    data.pop("provenance", None)  # the content hash differs: the file's text does
    return data


def test_a_category_written_by_its_chinese_name_counts_exactly_as_its_id(invoke, repo):
    by_id = _report_json(invoke)
    path = repo / "ledgers" / f"{ORG}.yaml"
    text = path.read_text(encoding="utf-8")
    counted = {category["id"]: category["problems"] for category in by_id["categories"]}
    assert counted["formalism"] >= 1 and counted["corruption-near-people"] >= 1  # round 7 has both
    written = text.replace("category: formalism", "category: 形式主义、官僚主义")
    written = written.replace("category: corruption-near-people", "category: 群众身边腐败问题")  # an alias
    assert written.count("category: 形式主义、官僚主义") == 2
    path.write_text(written, encoding="utf-8")
    assert invoke("validate").exit_code == 0
    assert _report_json(invoke) == by_id
    listed = invoke("list", "--org", ORG, "--format", "json")
    assert listed.exit_code == 0
    assert "形式主义、官僚主义" not in listed.stdout and listed.stdout.count('"formalism"') == 2
    shown = invoke("show", ORG, "P7-003", "--lang", "zh")
    assert shown.exit_code == 0
    assert path.read_text(encoding="utf-8") == written  # read as the id, never rewritten


def test_the_category_filter_by_chinese_name_is_the_filter_by_id(invoke, repo):
    import json

    by_name = invoke("report", "--round", "7", "--format", "json", "--category", "形式主义、官僚主义")
    by_id = invoke("report", "--round", "7", "--format", "json", "--category", "formalism")
    assert by_name.exit_code == by_id.exit_code == 0
    assert json.loads(by_name.stdout) == json.loads(by_id.stdout)


def test_add_problem_takes_the_chinese_name_and_writes_the_id(invoke, repo):
    path = repo / "ledgers" / f"{ORG}.yaml"
    before = path.read_text(encoding="utf-8")
    result = invoke("add-problem", ORG, "--round", "7", "--category", "党的领导弱化", "--summary", "调研不深入",
                    "--leader", "李明", "--unit", "办公室", "--person", "王芳", "--by", "整改办")
    assert result.exit_code == 0, result.output
    new_id = result.stdout.strip()
    added = path.read_text(encoding="utf-8")[len(before):]
    assert f"id: {new_id}" in added and "category: party-leadership" in added
    shown = invoke("show", ORG, new_id, "--lang", "zh")
    assert "党的领导弱化" in shown.stdout


def test_import_takes_the_chinese_name_as_category_default(invoke, repo):
    sheet = repo / "台账.csv"
    sheet.write_text("序号,问题,整改措施,责任领导,责任部门,责任人,完成时限,整改情况\n"
                     "1,调研不深入,制定调研计划,李明,办公室,王芳,2026-12-31,正在推进\n", encoding="utf-8")
    result = invoke("import", sheet.name, ORG, "--round", "7", "--category-default", "党的领导弱化", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "+    category: party-leadership" in result.stdout
    bad = invoke("import", sheet.name, ORG, "--round", "7", "--category-default", "党的领导", "--dry-run")
    assert bad.exit_code == 2
    assert "did you mean 'party-leadership' (党的领导弱化)?" in bad.stderr


# --- every date option -----------------------------------------------------------------------------

SHEET = ("序号,问题类别,问题,整改措施,责任领导,责任部门,责任人,完成时限,整改情况\n"
         "1,党的领导弱化,调研不深入,制定调研计划,李明,办公室,王芳,{date},正在推进\n")

# Every date option of every command, with the rest of a command line that uses it; DATE is the date.
DATE_OPTIONS: dict[tuple[str, str], list[str]] = {
    ("add-round", "--feedback-on"): ["add-round", ORG, "--round", "9", "--feedback-on", "DATE", "--dry-run"],
    ("add-round", "--rectify-by"): ["add-round", ORG, "--round", "9", "--feedback-on", "2026-06-01",
                                    "--rectify-by", "DATE", "--dry-run"],
    ("add-round", "--on-site-from"): ["add-round", ORG, "--round", "9", "--feedback-on", "2026-07-10",
                                      "--on-site-from", "DATE", "--on-site-to", "2026-07-05", "--dry-run"],
    ("add-round", "--on-site-to"): ["add-round", ORG, "--round", "9", "--feedback-on", "2026-07-10",
                                    "--on-site-from", "2026-06-20", "--on-site-to", "DATE", "--dry-run"],
    ("add-problem", "--deadline"): ["add-problem", ORG, "--round", "7", "--category", "personnel", "--summary", "s",
                                    "--leader", "l", "--unit", "u", "--person", "p", "--deadline", "DATE", "--dry-run"],
    ("add-problem", "--found-on"): ["add-problem", ORG, "--round", "7", "--category", "personnel", "--summary", "s",
                                    "--leader", "l", "--unit", "u", "--person", "p", "--found-on", "DATE", "--dry-run"],
    ("add-measure", "--due"): ["add-measure", ORG, "P7-006", "--text", "t", "--owner", "o", "--due", "DATE",
                               "--date", "2026-06-01", "--dry-run"],
    ("add-measure", "--date"): ["add-measure", ORG, "P7-006", "--text", "t", "--owner", "o", "--due", "2026-12-01",
                                "--date", "DATE", "--dry-run"],
    ("done", "--date"): ["done", ORG, "P7-006", "M2", "--date", "DATE", "--dry-run"],
    ("close", "--date"): ["close", ORG, "P7-006", "--evidence", "evidence/x.md", "--date", "DATE", "--dry-run"],
    ("claim", "--date"): ["claim", ORG, "P7-006", "--date", "DATE", "--dry-run"],
    ("submit", "--date"): ["submit", ORG, "P7-006", "--evidence", "evidence/x.md", "--date", "DATE", "--dry-run"],
    ("approve", "--date"): ["approve", ORG, "P7-006", "--step", "team", "--date", "DATE", "--dry-run"],
    ("return", "--date"): ["return", ORG, "P7-006", "--step", "team", "--reason", "材料不全", "--date", "DATE",
                           "--dry-run"],
    ("disclose", "--as-of"): ["disclose", "--round", "7", "--as-of", "DATE"],
    ("close-claims", "--date"): ["close-claims", ORG, "--evidence-dir", "evidence", "--date", "DATE", "--dry-run"],
    ("reopen", "--date"): ["reopen", ORG, "P7-003", "--reason", "r", "--date", "DATE", "--dry-run"],
    ("sample", "--date"): ["sample", "--round", "7", "--seed", "s", "--count", "3", "--date", "DATE", "--dry-run"],
    ("recheck", "--date"): ["recheck", ORG, "P7-003", "--result", "confirmed", "--reason", "r", "--date", "DATE",
                            "--dry-run"],
    ("submit-report", "--date"): ["submit-report", ORG, "--period", "2026-06", "--date", "DATE", "--dry-run"],
    ("supervise", "--date"): ["supervise", ORG, "--kind", "督办单", "--issuer", "i", "--to", "t", "--problems", "P7-006",
                              "--date", "DATE", "--dry-run"],
    ("supervise", "--reply-due"): ["supervise", ORG, "--kind", "督办单", "--issuer", "i", "--to", "t", "--problems",
                                   "P7-006", "--reply-due", "DATE", "--date", "2026-06-01", "--dry-run"],
    ("reply", "--date"): ["reply", "jc-dongmen", "S7-002", "--summary", "s", "--date", "DATE", "--dry-run"],
    ("handover", "--date"): ["handover", ORG, "--role", "secretary", "--from", "周慧敏", "--to", "t", "--date", "DATE",
                             "--dry-run"],
    ("acknowledge", "--date"): ["acknowledge", "jc-dongmen", "--by", "邹宁", "--date", "DATE", "--dry-run"],
    ("notices", "--as-of"): ["notices", "--round", "7", "--as-of", "DATE", "--format", "json"],
    ("progress-report", "--as-of"): ["progress-report", "--round", "7", "--period", "2026-06", "--as-of", "DATE",
                                     "--format", "json"],
    ("long-term", "--review-by"): ["long-term", ORG, "P7-006", "--review-by", "DATE", "--reason", "r",
                                   "--date", "2026-06-20", "--dry-run"],
    ("long-term", "--date"): ["long-term", ORG, "P7-006", "--review-by", "2026-12-31", "--reason", "r",
                              "--date", "DATE", "--dry-run"],
    ("extend", "--to"): ["extend", ORG, "P7-006", "--to", "DATE", "--reason", "r", "--approved-by", "a",
                         "--date", "2026-06-20", "--dry-run"],
    ("extend", "--date"): ["extend", ORG, "P7-006", "--to", "2026-12-31", "--reason", "r", "--approved-by", "a",
                           "--date", "DATE", "--dry-run"],
    ("request-extension", "--to"): ["request-extension", ORG, "P7-006", "--to", "DATE", "--reason", "r",
                                    "--date", "2026-06-20", "--dry-run"],
    ("request-extension", "--date"): ["request-extension", ORG, "P7-006", "--to", "2026-12-31", "--reason", "r",
                                      "--date", "DATE", "--dry-run"],
    ("waive", "--until"): ["waive", ORG, "P7-006", "--until", "DATE", "--reason", "r", "--approved-by", "a",
                           "--date", "2026-06-20", "--dry-run"],
    ("waive", "--date"): ["waive", ORG, "P7-006", "--until", "2026-12-31", "--reason", "r", "--approved-by", "a",
                          "--date", "DATE", "--dry-run"],
    ("partial", "--date"): ["partial", ORG, "P7-006", "--reason", "r", "--approved-by", "a", "--date", "DATE",
                            "--dry-run"],
    ("dismiss", "--date"): ["dismiss", ORG, "P7-006", "--ground", "appeal", "--reason", "r", "--approved-by", "a",
                            "--date", "DATE", "--dry-run"],
    ("refuse-extension", "--date"): ["refuse-extension", ORG, "P4-005", "--reason", "r", "--refused-by", "a",
                                     "--date", "DATE", "--dry-run"],
    ("set-status", "--date"): ["set-status", ORG, "P7-006", "basically-done", "--date", "DATE", "--dry-run"],
    ("accountability", "--date"): ["accountability", ORG, "P7-006", "--person", "p", "--form", "1", "--action", "a",
                                   "--date", "DATE", "--dry-run"],
    ("outcomes", "--date"): ["outcomes", ORG, "P7-006", "--rules-made", "1", "--date", "DATE", "--dry-run"],
    ("survey", "--date"): ["survey", ORG, "--round", "7", "--participants", "10", "--satisfied", "8", "--replace",
                           "--date", "DATE", "--dry-run"],
    ("evaluate", "--date"): ["evaluate", ORG, "--round", "7", "--grade", "合格", "--replace", "--date", "DATE",
                             "--dry-run"],
    ("add-clue", "--handed-on"): ["add-clue", ORG, "--round", "7", "--to", "市纪委监委", "--handed-on", "DATE",
                                  "--dry-run"],
    ("dispose-clue", "--date"): ["dispose-clue", ORG, "C7-002", "--disposal", "了结", "--date", "DATE", "--dry-run"],
    ("list", "--as-of"): ["list", "--as-of", "DATE", "--format", "json"],
    ("show", "--as-of"): ["show", ORG, "P7-006", "--as-of", "DATE"],
    ("report", "--as-of"): ["report", "--round", "7", "--as-of", "DATE", "--format", "json"],
    ("import", "--date"): ["import", "sheet.csv", ORG, "--round", "7", "--date", "DATE", "--dry-run"],
    ("import", "--review-by"): ["import", "sheet.csv", ORG, "--round", "7", "--review-by", "DATE", "--dry-run"],
    ("export", "--as-of"): ["export", "--round", "7", "--as-of", "DATE", "-o", "out.xlsx"],
    ("trend", "--as-of"): ["trend", ORG, "--as-of", "DATE", "--format", "json"],
    ("common", "--as-of"): ["common", "--as-of", "DATE", "--format", "json"],
    ("rollup", "--as-of"): ["rollup", "rollup.yaml", "--round", "7", "--as-of", "DATE", "--format", "json"],
    ("export-tables", "--as-of"): ["export-tables", "--round", "7", "--as-of", "DATE", "--out", "tables"],
    ("progress", "--date"): ["progress", ORG, "P7-006", "--done", "又完成整顿", "--date", "DATE", "--dry-run"],
    ("milestone", "--date"): ["milestone", ORG, "P7-008", "M2", "--text", "印发", "--due", "2026-12-01", "--date", "DATE",
                              "--dry-run"],
    ("milestone", "--due"): ["milestone", ORG, "P7-008", "M2", "--text", "印发", "--due", "DATE", "--date", "2026-06-01",
                             "--dry-run"],
    ("calendar", "--as-of"): ["calendar", "--as-of", "DATE"],
}
# Options whose names look like a date's that are not: people, bodies, rules.
NOT_DATES = {"--by", "--verified-by", "--approved-by", "--refused-by", "--to", "--fail-on"}
TYPED = ["2026年7月1日", "２０２６－０７－０１"]


def _date_like(option) -> bool:
    """A date option by its name: --date, --as-of, --due, --deadline, --…-on, --…-by, --on-site-…, or help saying date."""
    name = option.opts[0]
    if name in NOT_DATES or option.is_flag:
        return False
    return bool(re.fullmatch(r"--(date|as-of|due|deadline|to|until|.+-on|.+-by|on-site-.+)", name)
                or re.search(r"\bdate\b", (option.help or "").split(".")[0], re.IGNORECASE))


def test_the_table_names_every_date_option_of_every_command():
    """A new date option must be added to DATE_OPTIONS, and so is tested with the Chinese forms."""
    import typer

    from rectify_cli.cli import app

    found = {(name, option.opts[0]) for name, command in typer.main.get_command(app).commands.items()
             for option in command.params if option.param_type_name == "option" and _date_like(option)}
    found.add(("extend", "--to"))
    found.add(("request-extension", "--to"))
    # disclose --date dates a --record, which a second run refuses (already published); it is read by the same
    # dates.parse_date as every date option tested here (left out; say so in the session note)
    found.discard(("disclose", "--date"))  # extend's --to is the new deadline (add-clue's is the receiving body)
    assert found == set(DATE_OPTIONS)


@pytest.mark.parametrize("typed", TYPED)
@pytest.mark.parametrize("where", list(DATE_OPTIONS), ids=[" ".join(key) for key in DATE_OPTIONS])
def test_every_date_option_reads_what_a_chinese_keyboard_types_as_it_reads_the_iso_date(invoke, repo, where, typed):
    (repo / "sheet.csv").write_text(SHEET.format(date="2026-12-31"), encoding="utf-8")
    (repo / "rollup.yaml").write_text("name: 江城市委巡察办\nunits:\n  - {id: city, name: 江城, ledgers: ledgers}\n",
                                      encoding="utf-8")
    before = snapshot(repo)

    def run(date: str):
        result = invoke(*[date if part == "DATE" else part for part in DATE_OPTIONS[where]])
        (repo / "out.xlsx").unlink(missing_ok=True)
        shutil.rmtree(repo / "tables", ignore_errors=True)
        return result

    iso, chinese = run("2026-07-01"), run(typed)
    assert "is not a date" not in chinese.stderr
    assert "Traceback" not in chinese.output
    assert (chinese.exit_code, chinese.stdout, chinese.stderr) == (iso.exit_code, iso.stdout, iso.stderr)
    assert iso.exit_code in (0, 1), iso.output  # the date was read; a refusal is the change's own (exit 1)
    assert snapshot(repo) == before


@pytest.mark.parametrize("typed", TYPED)
def test_a_date_cell_of_a_sheet_reads_the_chinese_forms(invoke, repo, typed):
    sheet = repo / "sheet.csv"
    sheet.write_text(SHEET.format(date="2026-07-01"), encoding="utf-8")
    iso = invoke("import", sheet.name, ORG, "--round", "7", "--dry-run")
    sheet.write_text(SHEET.format(date=typed), encoding="utf-8")
    chinese = invoke("import", sheet.name, ORG, "--round", "7", "--dry-run")
    assert iso.exit_code == chinese.exit_code == 0, chinese.output
    assert chinese.stdout == iso.stdout and "deadline: 2026-07-01" in chinese.stdout


def test_a_mistyped_category_cell_of_a_sheet_is_refused_with_the_nearest(invoke, repo):
    sheet = repo / "sheet.csv"
    sheet.write_text(SHEET.format(date="2026-12-31").replace("党的领导弱化", "党的领道弱化"), encoding="utf-8")
    before = snapshot(repo)
    result = invoke("import", sheet.name, ORG, "--round", "7")
    assert result.exit_code == 1, result.output
    assert "'党的领道弱化' is not a category of the policy (did you mean 'party-leadership' (党的领导弱化)?)" in result.output
    assert snapshot(repo) == before


def test_any_typed_id_is_suggested_from_the_ids_there_or_nothing_never_a_crash():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from rectify_cli.suggest import fold, nearest

    ids = st.lists(st.text(min_size=1, max_size=12), max_size=8)

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=16), ids)
    def check(typed, known):
        found = nearest(typed, known)
        assert len(found) <= 3 and set(found) <= set(known)
        if any(fold(typed) == fold(candidate) for candidate in known):
            assert [fold(c) for c in found] == [fold(typed)]

    check()


def test_any_problem_id_typed_in_an_edit_is_refused_or_done_never_a_crash(invoke, repo):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    before = snapshot(repo)
    typed_ids = st.one_of(st.text(min_size=1, max_size=10).filter(lambda t: not t.startswith("-") and "\x00" not in t),
                          st.sampled_from(["Ｐ７－００６", "p7-006", "P7-0O6", "P7—006", "Ｐ7-006"]))

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(typed_ids)
    def check(problem_id):
        result = invoke("done", ORG, problem_id, "M2", "--date", "2026-11-01", "--dry-run")
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
        assert snapshot(repo) == before

    check()


def test_a_mistyped_sheet_file_or_sheet_name_is_suggested(invoke, repo):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "整改台账"
    workbook.save(repo / "台账.xlsx")
    no_file = invoke("import", "台帐.xlsx", ORG, "--round", "7")
    assert no_file.exit_code == 2
    assert "did you mean '台账.xlsx'?" in no_file.stderr
    no_sheet = invoke("import", "台账.xlsx", ORG, "--round", "7", "--sheet", "整改台帐")
    assert no_sheet.exit_code == 2
    assert "did you mean '整改台账'?" in no_sheet.stderr


def test_a_mistyped_repeat_of_in_a_ledger_is_suggested_by_validate(invoke, repo):
    path = repo / "ledgers" / f"{ORG}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("repeat_of: P4-002", "repeat_of: Ｐ４－００２"),
                    encoding="utf-8")
    result = invoke("validate")
    assert result.exit_code == 1
    assert "E-ID" in result.output and "did you mean 'P4-002'?" in result.output  # not even an id: full width
    path.write_text(path.read_text(encoding="utf-8").replace("repeat_of: Ｐ４－００２", "repeat_of: P4-02"),
                    encoding="utf-8")
    result = invoke("validate")
    assert result.exit_code == 1
    assert "E-REPEAT-UNKNOWN" in result.output and "did you mean 'P4-002'?" in result.output
