"""Every message, error and hint in Chinese under RECTIFY_LANG=zh or --lang zh: no English sentence
is left on the zh path, every template of the source has a Chinese entry, and English stays as it was."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from rectify_cli.errors import Say, say
from rectify_cli.render.messages import catalogue, fields_of, localised

PACKAGE = ROOT / "src" / "rectify_cli"


def templates_in_source() -> dict[str, str]:
    """Every `say("...")` template of the package, with where it is first said."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "say" and node.args:
                argument = node.args[0]
                where = f"{path.relative_to(PACKAGE).as_posix()}:{node.lineno}"
                assert isinstance(argument, ast.Constant) and isinstance(argument.value, str), \
                    f"{where}: say() needs a literal template (the catalogue's key)"
                found.setdefault(argument.value, where)
    return found


def test_every_template_in_the_source_has_a_chinese_entry():
    entries = catalogue()
    missing = [f"{where}: {template}" for template, where in templates_in_source().items() if template not in entries]
    assert not missing, "add these to src/rectify_cli/data/messages.zh.txt:\n" + "\n".join(missing)


def test_every_chinese_entry_uses_the_placeholders_of_its_english():
    wrong = [english for english, chinese in catalogue().items() if fields_of(english) != fields_of(chinese)]
    assert wrong == []


def test_the_catalogue_holds_no_entry_the_source_no_longer_says():
    assert set(catalogue()) - set(templates_in_source()) == set()


def test_a_message_is_its_english_text_and_says_its_parameters_in_chinese():
    message = say("{id}: evidence file {path!r} does not exist", id="P7-001", path="evidence/a.md")
    assert message == "P7-001: evidence file 'evidence/a.md' does not exist"
    assert localised(message, "en") == message
    assert localised(message, "zh") == "P7-001：佐证文件 'evidence/a.md' 不存在"
    nested = say("rectify: error: {message}", message=message)
    assert localised(nested, "zh") == "rectify：错误：P7-001：佐证文件 'evidence/a.md' 不存在"
    assert localised("plain text", "zh") == "plain text"


def test_a_message_survives_the_validation_cache():
    import pickle

    message = say("{name}: closed on {date}, after today ({today})", name="P7-001", date="2026-01-01", today="x")
    again = pickle.loads(pickle.dumps(message))
    assert isinstance(again, Say) and again == message and localised(again, "zh") == localised(message, "zh")


# --- no English sentence on the zh path ---------------------------------------------------------

WORD = re.compile(r"^\(?[A-Za-z][a-z]+[,.;:!?)]*$")


def english_runs(text: str) -> list[str]:
    """Runs of three or more English words, outside commands, quoted values, field paths, codes and options."""
    text = re.sub(r"`[^`]*`|'[^']*'|\"[^\"]*\"|\[[^\]]*\]", " | ", text)
    text = re.sub(r"[^\x00-\x7f]+", " | ", text)
    runs, run = [], []
    for token in text.split():
        if WORD.match(token):
            run.append(token)
            if not token.endswith(","):  # `a, b, c` is a list of names (fields, ids), not a sentence
                continue
            run = run if len(run) >= 3 else []
        if len(run) >= 3:
            runs.append(" ".join(run))
        run = []
    if len(run) >= 3:
        runs.append(" ".join(run))
    return runs


def test_the_detector_finds_an_english_sentence_and_passes_chinese():
    assert english_runs("P7-001: evidence file is missing") == ["evidence file is missing"]
    assert english_runs("此处可用：leader, unit, person") == []
    assert english_runs("name the organisation, or map the sheets") != []
    assert english_runs("P7-001：佐证文件 'evidence/a b c' 不存在 [problems[0].closed]") == []
    assert english_runs("请运行 `rectify validate --evidence now please`") == []


def said_lines(stream: str) -> list[str]:
    """The lines rectify says (not the quoted ledger lines and carets under a finding)."""
    return [line for line in stream.splitlines()
            if not (line.startswith("    ") and not line.startswith("    提示"))]


def leftovers(stream: str) -> list[str]:
    return [line for line in said_lines(stream) if english_runs(line)]


CORPORA = [DATA / "broken", DATA / "hostile"]


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.name)
def test_every_finding_of_the_broken_and_hostile_corpus_is_chinese(invoke, monkeypatch, corpus):
    monkeypatch.setenv("RECTIFY_LANG", "zh")
    result = invoke("validate", corpus, "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert findings
    english = [f"{f['file']}:{f['line']} {f['code']}: {text}" for f in findings for text in (f["message"], f["hint"])
               if english_runs(text)]
    assert english == []
    assert leftovers(result.stderr) == []


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.name)
def test_the_text_and_github_formats_are_chinese_too(invoke, monkeypatch, corpus):
    monkeypatch.setenv("RECTIFY_LANG", "zh")
    for output_format in ("text", "github"):
        result = invoke("validate", corpus, "--format", output_format)
        assert leftovers(result.stdout.replace("%0A", "\n")) == []


def test_the_english_findings_are_unchanged_by_the_catalogue(invoke):
    result = invoke("validate", DATA / "broken" / "closed-no-evidence.yaml")
    assert "E-CLOSED-NO-EVIDENCE P7-001: closed without evidence (佐证材料)" in result.stdout
    assert ("hint: list at least one evidence file (path:) or paper document (paper:) under closed.evidence, "
            "or set the status back to open") in result.stdout


def test_evidence_findings_are_chinese(invoke, monkeypatch):
    monkeypatch.setenv("RECTIFY_LANG", "zh")
    for folder in ("evidence-missing", "evidence-changed"):
        result = invoke("validate", DATA / "broken" / folder, "--evidence")
        assert result.exit_code == 1
        assert leftovers(result.stdout + result.stderr) == []


@pytest.fixture
def repo(tmp_path) -> Path:
    shutil.copytree(DATA / "valid", tmp_path / "ledgers")
    shutil.copy(ROOT / "ledgers" / "jc-edu.yaml", tmp_path / "ledgers" / "jc-edu.yaml")
    shutil.copy(ROOT / "ledgers" / "policy.yaml", tmp_path / "ledgers" / "policy.yaml")
    shutil.copytree(ROOT / "evidence" / "jc-edu", tmp_path / "evidence" / "jc-edu")
    (tmp_path / ".git").mkdir()
    # a ledger folder whose policy wants every closure signed (none of jc-edu's is)
    shutil.copytree(tmp_path / "ledgers", tmp_path / "signed")
    with (tmp_path / "signed" / "policy.yaml").open("a", encoding="utf-8") as policy:
        policy.write("signatures:\n  required: true\n  actions:\n    closed: [巡察办]\n")
    # a ledger repository whose evidence files are not there
    shutil.copytree(tmp_path / "ledgers", tmp_path / "no-evidence" / "ledgers")
    (tmp_path / "no-evidence" / ".git").mkdir()
    (tmp_path / "fullwidth.yaml").write_text("organisation: {id: fw, name: 某局}\ninspections: []\nproblems：[]\n",
                                             encoding="utf-8")
    (tmp_path / "rollup.yaml").write_text("name: 江城市\nlevel: city\nunits:\n  - {id: a, level: county}\n",
                                          encoding="utf-8")
    (tmp_path / "rollup-nowhere.yaml").write_text(
        "name: 江城市\nlevel: city\nunits:\n  - {id: a, name: 甲县, level: county, ledgers: nowhere}\n", encoding="utf-8")
    (tmp_path / "not-a-template.docx").write_text("not a Word document", encoding="utf-8")
    return tmp_path


# Refused edits, usage errors and unreadable input a clerk meets, each run in Chinese.
MISTAKES = [
    ["progress", "jc-edu", "P7-001", "--done", "又开展检查", "--date", "2026-09-01"],
    ["progress", "jc-edu", "P7-006", "--done", "补报", "--date", "2026-10-01"],
    ["progress", "jc-edu", "P7-006", "--measure", "M1", "--done", "补报", "--date", "2026-09-01"],
    ["milestone", "jc-edu", "P7-008", "M2", "--text", "印发办法", "--due", "2027-01-31", "--date", "2026-11-20"],
    ["milestone", "jc-edu", "P7-008", "M2", "--done", "N9"],
    ["milestone", "jc-edu", "P7-008", "M2"],
    ["calendar", "--org", "jc-nowhere"],
    ["close", "jc-edu", "P7-006", "--evidence", "evidence/none.md", "--date", "2026-08-01"],
    ["close", "jc-edu", "P7-006", "--date", "2026-08-01"],
    ["close", "jc-edu", "P9-999", "--evidence", "x.md"],
    ["close", "jc-adit", "P7-006", "--evidence", "x.md"],
    ["close", "jc-edu", "P4-001", "--evidence", "x.md"],
    ["done", "jc-edu", "P7-006", "M9"],
    ["done", "jc-edu", "P7-006", "M1"],
    ["done", "jc-edu", "P7-006", "M2", "--date", "2099-01-01"],
    ["done", "jc-edu", "P7-006", "M2", "--date", "2026-13-45"],
    ["reopen", "jc-edu", "P7-006", "--reason", "x"],
    ["extend", "jc-edu", "P7-006", "--to", "2020-01-01", "--reason", "x", "--approved-by", "y"],
    ["extend", "jc-edu", "P4-001", "--to", "2027-01-01", "--reason", "x", "--approved-by", "y"],
    ["long-term", "jc-edu", "P4-001", "--review-by", "2027-01-01", "--reason", "x"],
    ["set-status", "jc-edu", "P7-006", "closed"],
    ["set-status", "jc-edu", "P7-006", "nonsense"],
    ["add-round", "jc-edu", "--round", "7", "--feedback-on", "2026-05-01", "--kind", "regular"],
    ["add-round", "jc-edu", "--round", "9", "--feedback-on", "2099-05-01", "--kind", "regular"],
    ["add-problem", "jc-edu", "--round", "99", "--category", "party-building", "--summary", "s", "--leader", "l",
     "--unit", "u", "--person", "p", "--deadline", "2027-01-01"],
    ["add-measure", "jc-edu", "P4-001", "--text", "t", "--owner", "o", "--due", "2027-01-01"],
    ["init", "con", "--name", "x"],
    ["init", "jc-edu", "--name", "x"],
    ["init", "Bad Id", "--name", "x"],
    ["accountability", "jc-edu", "P7-006", "--person", "p", "--form", "7", "--action", "a"],
    ["outcomes", "jc-edu", "P7-006"],
    ["dispose-clue", "jc-edu", "C7-001", "--disposal", "x"],
    ["show", "jc-edu", "P9-999"],
    ["show", "jc-nobody"],
    ["report", "--round", "42"],
    ["report", "--round", "7", "--category", "nonsense"],
    ["report", "--round", "7", "--fail-on", "nonsense"],
    ["report", "--round", "7", "--open", "--explain"],
    ["export", "--output", "x.xlsx"],
    ["export", "jc-edu"],
    ["trend"],
    ["list", "--due-soon", "notanumber"],
    ["validate", "no/such/file.yaml"],
    ["import", "no-such.xlsx", "jc-edu", "--round", "7"],
    ["new-repo", "ledgers/jc-edu.yaml"],
    # corrections (更正)
    ["correct", "jc-edu", "P7-006", "--field", "deadline", "--to", "2027-01-01", "--reason", "x"],
    ["correct", "jc-edu", "P7-006", "M2", "--field", "due", "--to", "2027-01-01", "--reason", "x"],
    ["correct", "jc-edu", "P7-006", "--field", "status", "--to", "closed", "--reason", "x"],
    ["correct", "jc-edu", "P7-006", "--field", "closed.date", "--to", "2026-07-01", "--reason", "x"],
    ["correct", "jc-edu", "P7-006", "--field", "nonsense", "--to", "x", "--reason", "x"],
    ["correct", "jc-edu", "P7-006", "--field", "text", "--to", "x", "--reason", "x"],
    ["correct", "jc-edu", "P7-006", "M9", "--field", "text", "--to", "x", "--reason", "x"],
    ["correct", "jc-edu", "P7-007", "--field", "closed.date", "--to", "2099-01-01", "--reason", "x"],
    ["correct", "jc-edu", "P7-007", "--field", "closed.evidence", "--to", "evidence/none.md", "--reason", "x"],
    # evidence that exists
    ["close", "jc-edu", "P7-006", "--evidence", "evidence/jc-edu/P7-06.md"],
    ["close", "jc-edu", "P7-006", "--evidence", "evidence/jc-edu"],
    ["close", "jc-edu", "P7-006", "--paper", " "],
    ["validate", "--ledgers", "no-evidence/ledgers"],
    # signed approvals
    ["validate", "--signatures", "--ledgers", "signed"],
    ["sign", "jc-edu", "P7-007", "--key", "no-such-key", "--by", "何静"],
    # roll-up and tables
    ["rollup", "no-such-rollup.yaml", "--round", "7"],
    ["rollup", "rollup.yaml", "--round", "7"],
    ["rollup", "rollup-nowhere.yaml", "--round", "7"],
    ["export-tables", "--out", "tables", "--round", "42"],
    ["export-tables", "--out", "ledgers/jc-edu.yaml"],
    # Word documents
    ["report", "--round", "7", "--format", "docx"],
    ["report", "--round", "7", "--format", "docx", "--template", "not-a-template.docx", "-o", "x.docx"],
    # full-width punctuation in YAML
    ["validate", "fullwidth.yaml"],
    # reporting duties, supervision, handovers (issue 15)
    ["submit-report", "jc-edu", "--period", "2026-13", "--date", "2026-08-01"],
    ["submit-report", "jc-edu", "--period", "2026-06", "--file", "evidence/none.md", "--date", "2026-08-01"],
    ["supervise", "jc-edu", "--kind", "督办", "--issuer", "市委巡察办", "--to", "何静", "--problems", "P7-006"],
    ["supervise", "jc-edu", "--kind", "督办单", "--issuer", "市委巡察办", "--to", "何静", "--problems", "P7-06"],
    ["supervise", "jc-edu", "--kind", "督办单", "--issuer", "市委巡察办", "--to", "何静", "--problems", "P7-006",
     "--reply-due", "2020-01-01", "--date", "2026-08-01"],
    ["reply", "jc-edu", "S7-009", "--summary", "已整改"],
    ["handover", "jc-edu", "--role", "leader", "--from", "无此人", "--to", "某某"],
    ["handover", "jc-edu", "--role", "chief", "--from", "甲", "--to", "乙"],
    ["acknowledge", "jc-edu"],
    ["notices", "--round", "42"],
]


@pytest.mark.parametrize("args", MISTAKES, ids=lambda a: " ".join(a[:3]))
def test_a_refused_edit_or_usage_error_is_said_in_chinese(invoke, monkeypatch, repo, args):
    monkeypatch.setenv("RECTIFY_LANG", "zh")
    monkeypatch.chdir(repo)
    before = (repo / "ledgers" / "jc-edu.yaml").read_bytes()
    result = invoke(*args)
    assert result.exit_code in (1, 2), result.output
    assert result.stderr.strip()
    assert leftovers(result.stderr) == []
    assert (repo / "ledgers" / "jc-edu.yaml").read_bytes() == before


TYPER_MISTAKES = [
    ["validate", "--bogus"],
    ["nosuch"],
    ["close"],
    ["close", "jc-edu"],
    ["report", "--format", "xx"],
    ["report", "--round"],
    ["--bogus"],
]


@pytest.mark.parametrize("args", TYPER_MISTAKES, ids=" ".join)
def test_the_parsers_own_usage_errors_are_said_in_chinese(invoke, monkeypatch, repo, args):
    monkeypatch.setenv("RECTIFY_LANG", "zh")
    monkeypatch.chdir(repo)
    result = invoke(*args)
    assert result.exit_code == 2
    assert "错误" in result.stderr
    assert leftovers(result.stderr) == []


def test_the_parsers_own_usage_errors_stay_english_in_english(invoke):
    result = invoke("validate", "--bogus")
    assert result.exit_code == 2
    assert "Error: No such option: --bogus" in result.stderr
    assert "Try 'rectify validate -h' for help." in result.stderr


def test_lang_zh_on_the_command_line_says_errors_in_chinese(invoke, monkeypatch, repo):
    monkeypatch.chdir(repo)
    result = invoke("show", "jc-edu", "P9-999", "--lang", "zh")
    assert result.exit_code in (1, 2)
    assert "错误" in result.stderr and leftovers(result.stderr) == []
    english = invoke("show", "jc-edu", "P9-999", "--lang", "en")
    assert "error" in english.stderr


def test_a_bad_environment_variable_is_said_in_chinese(invoke, monkeypatch):
    monkeypatch.setenv("RECTIFY_LANG", "zh")
    monkeypatch.setenv("RECTIFY_TODAY", "tomorrow")
    result = invoke("validate")
    assert result.exit_code == 2
    assert leftovers(result.stderr) == []


def test_success_messages_of_edits_are_chinese(invoke, monkeypatch, repo):
    monkeypatch.setenv("RECTIFY_LANG", "zh")
    monkeypatch.chdir(repo)
    for args in (["done", "jc-edu", "P7-006", "M2", "--date", "2026-08-01"],
                 ["validate"], ["add-measure", "jc-edu", "P7-006", "--text", "t", "--owner", "o", "--due", "2026-12-01"]):
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        assert leftovers(result.stderr) == []


@pytest.fixture
def sheet_repo(tmp_path, monkeypatch, invoke):
    from test_excel import ORG

    (tmp_path / ".git").mkdir()
    (tmp_path / "ledgers").mkdir()
    shutil.copy(ROOT / "ledgers" / "policy.yaml", tmp_path / "ledgers" / "policy.yaml")
    monkeypatch.chdir(tmp_path)
    assert invoke("init", ORG, "--name", "江城市某局党委").exit_code == 0
    assert invoke("add-round", ORG, "--round", "7", "--feedback-on", "2026-05-15", "--rectify-by", "2026-08-15").exit_code == 0
    return tmp_path


def test_a_refused_sheet_lists_its_errors_in_chinese(invoke, monkeypatch, sheet_repo):
    from test_excel import ORG, STANDARD_MERGES, standard_rows, workbook

    rows = standard_rows(deadline_of_third="尽快")
    rows[5][1] = "后勤保障"
    rows[3][6] = None
    workbook(sheet_repo / "台账.xlsx", rows, STANDARD_MERGES)
    monkeypatch.setenv("RECTIFY_LANG", "zh")
    result = invoke("import", "台账.xlsx", ORG, "--round", "7")
    assert result.exit_code == 1
    assert "3 个错误" in result.stderr and "台账.xlsx:整改台账!G7" in result.stderr
    assert leftovers(result.stderr) == []


def test_what_an_import_read_is_said_in_chinese(invoke, monkeypatch, sheet_repo):
    from test_excel import ORG, STANDARD_MERGES, standard_rows, workbook

    workbook(sheet_repo / "台账.xlsx", standard_rows(), STANDARD_MERGES)
    monkeypatch.setenv("RECTIFY_LANG", "zh")
    for extra in (["--dry-run"], []):
        result = invoke("import", "台账.xlsx", ORG, "--round", "7", *extra)
        assert result.exit_code == 0, result.output
        assert leftovers(result.stderr) == []


def test_validate_takes_lang_zh_on_the_command_line(invoke):
    result = invoke("validate", DATA / "broken", "--lang", "zh", "--format", "json")
    assert result.exit_code == 1
    assert all(not english_runs(f["message"]) for f in json.loads(result.stdout))
    assert "已检查" in result.stderr
    assert "ledger file(s) checked" in invoke("validate", DATA / "broken", "--lang", "en").stderr
