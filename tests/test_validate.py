"""`rectify validate`: every kind of broken ledger gives its exact error lines; formats and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DATA, ROOT, with_file_evidence

BROKEN = sorted(p for p in (DATA / "broken").glob("*.yaml") if p.name != "policy.yaml")


def test_the_broken_corpus_covers_at_least_twenty_kinds_of_error():
    codes = {line.split()[1] for p in BROKEN for line in p.with_suffix(".expected").read_text().splitlines()}
    assert len(BROKEN) >= 20
    assert len(codes) >= 20, codes


@pytest.mark.parametrize("ledger", BROKEN, ids=lambda p: p.stem)
def test_broken_ledger_reports_its_expected_errors(invoke, ledger):
    result = invoke("validate", ledger, "--format", "json")
    assert result.exit_code == 1
    found = [f"{d['line']}:{d['column']}: {d['code']} {d['path']}".rstrip() for d in json.loads(result.stdout)]
    assert found == ledger.with_suffix(".expected").read_text().splitlines()


def test_valid_ledger_passes_with_exit_0(invoke):
    result = invoke("validate", DATA / "valid")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "1 ledger file(s) checked: all valid" in result.stderr


def test_all_errors_of_all_files_are_reported_in_one_run(invoke):
    result = invoke("validate", DATA / "broken", "--format", "json")
    assert result.exit_code == 1
    files = {Path(d["file"]).name for d in json.loads(result.stdout)}
    assert files == {p.name for p in BROKEN}


def test_text_format_names_file_line_column_code_path_with_excerpt_and_hint(invoke):
    result = invoke("validate", DATA / "broken" / "unknown-field.yaml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[4].endswith("unknown-field.yaml:54:5: E-UNKNOWN-FIELD unknown field 'dealine' [problems[2].dealine]")
    assert lines[5] == "        dealine: 2019-08-10"
    assert lines[6] == "        ^"
    assert lines[7] == "    hint: did you mean 'deadline'?"


def test_caret_is_placed_by_display_width_under_chinese_text(invoke):
    result = invoke("validate", DATA / "broken" / "empty-text.yaml")
    lines = result.stdout.splitlines()
    excerpt, caret = lines[1], lines[2]
    assert caret.index("^") - 4 == sum(2 if ord(c) > 0x2E7F else 1 for c in excerpt[4:4 + 43])


def test_github_format_prints_annotations(invoke):
    result = invoke("validate", DATA / "broken" / "wrong-type.yaml", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=")
    assert ",line=50,col=12,title=E-TYPE::expected whole number, found '7' [problems[2].round]" in result.stdout


def test_github_format_is_chosen_in_github_actions(invoke, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = invoke("validate", DATA / "broken" / "wrong-type.yaml")
    assert result.stdout.startswith("::error ")


def test_missing_path_is_exit_2(invoke, tmp_path):
    result = invoke("validate", tmp_path / "nowhere.yaml")
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    assert result.stdout == ""


def test_missing_ledger_folder_is_exit_2(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("validate")
    assert result.exit_code == 2
    assert "ledger folder 'ledgers' does not exist" in result.stderr


def test_ledger_folder_from_environment(invoke, tmp_path, monkeypatch):
    shutil.copytree(DATA / "valid", tmp_path / "mine")
    monkeypatch.setenv("RECTIFY_LEDGERS", str(tmp_path / "mine"))
    result = invoke("validate")
    assert result.exit_code == 0, result.output


def test_unknown_format_is_a_usage_error(invoke):
    result = invoke("validate", DATA / "valid", "--format", "xml")
    assert result.exit_code == 2


def test_duplicate_organisation_ids_across_files(invoke, tmp_path):
    folder = tmp_path / "ledgers"
    folder.mkdir()
    text = (DATA / "valid" / "tj-police.yaml").read_text()
    (folder / "tj-police.yaml").write_text(text)
    (folder / "tj-police-copy.yaml").write_text(text)
    result = invoke("validate", folder, "--format", "json")
    codes = {d["code"] for d in json.loads(result.stdout)}
    assert codes == {"E-FILE-NAME", "E-DUPLICATE-ORG"}


def test_crlf_and_bom_files_are_read(invoke, tmp_path):
    text = (DATA / "valid" / "tj-police.yaml").read_text()
    target = tmp_path / "tj-police.yaml"
    target.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    result = invoke("validate", target)
    assert result.exit_code == 0, result.output


def test_bad_policy_is_reported_with_its_position(invoke, tmp_path):
    shutil.copytree(DATA / "valid", tmp_path / "ledgers")
    (tmp_path / "ledgers" / "policy.yaml").write_text("rules:\n  democratic-life-meeting: {rate_at_or_below: lots}\n")
    result = invoke("validate", tmp_path / "ledgers", "--format", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)
    assert (finding["line"], finding["code"], finding["path"]) == (
        2, "E-VALUE", "rules.democratic-life-meeting.rate_at_or_below")


def test_evidence_option_reports_changed_and_missing_files(invoke, tmp_path):
    (tmp_path / ".git").mkdir()
    shutil.copytree(DATA / "valid", tmp_path / "ledgers")
    evidence = with_file_evidence(tmp_path / "ledgers" / "tj-police.yaml").parent
    assert invoke("validate", tmp_path / "ledgers", "--evidence").exit_code == 0
    (evidence / "p7-001.md").write_text("改过的会议纪要\n")
    result = invoke("validate", tmp_path / "ledgers", "--evidence", "--format", "json")
    assert [d["code"] for d in json.loads(result.stdout)] == ["E-EVIDENCE-CHANGED"]
    (evidence / "p7-001.md").unlink()
    result = invoke("validate", tmp_path / "ledgers", "--evidence", "--format", "json")
    assert [d["code"] for d in json.loads(result.stdout)] == ["E-EVIDENCE-MISSING"]


def test_committed_schemas_match_the_models():
    from rectify_cli.schemas import schema_texts

    for name, text in schema_texts().items():
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == text, f"run `rectify schema` ({name})"


def test_a_folder_without_ledgers_is_exit_2_so_a_misconfigured_ci_fails(invoke, tmp_path):
    (tmp_path / "empty").mkdir()
    result = invoke("validate", tmp_path / "empty")
    assert result.exit_code == 2
    assert "no ledger files" in result.stderr


def test_example_ledgers_and_policy_pass_check_jsonschema_against_the_committed_schemas():
    import shutil as sh
    import subprocess

    tool = sh.which("check-jsonschema")
    if tool is None:
        pytest.skip("check-jsonschema is not installed (it comes with the test extra)")
    ledgers = sorted(str(p) for p in (ROOT / "ledgers").glob("*.yaml") if p.name != "policy.yaml")
    for schema, files in (("ledger.schema.json", ledgers), ("policy.schema.json", [str(ROOT / "ledgers" / "policy.yaml")])):
        done = subprocess.run([tool, "--schemafile", str(ROOT / "schemas" / schema), *files],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_check_jsonschema_also_rejects_an_unknown_field(tmp_path):
    import shutil as sh
    import subprocess

    tool = sh.which("check-jsonschema")
    if tool is None:
        pytest.skip("check-jsonschema is not installed")
    done = subprocess.run([tool, "--schemafile", str(ROOT / "schemas" / "ledger.schema.json"),
                           str(DATA / "broken" / "unknown-field.yaml")], capture_output=True, text=True)
    assert done.returncode == 1


@pytest.mark.parametrize("share", ['"1e-99999999"', '".nan"', ".nan", '"50%%"', '"1/0"'])
def test_a_policy_share_that_is_not_a_plain_number_is_refused_at_once(invoke, tmp_path, share):
    shutil.copytree(DATA / "valid", tmp_path / "ledgers")
    (tmp_path / "ledgers" / "policy.yaml").write_text(
        f"rules:\n  democratic-life-meeting: {{rate_at_or_below: {share}}}\n", encoding="utf-8")
    result = invoke("validate", tmp_path / "ledgers", "--format", "json")
    assert result.exit_code == 1
    assert [d["path"] for d in json.loads(result.stdout)] == ["rules.democratic-life-meeting.rate_at_or_below"]


def test_money_with_a_trailing_newline_is_refused():
    from pydantic import ValidationError

    from rectify_cli.model import Outcomes

    with pytest.raises(ValidationError):
        Outcomes.model_validate({"funds_returned": "1500\n"})


def test_an_excerpt_of_a_huge_line_is_cut_around_the_error(invoke, tmp_path):
    text = (DATA / "valid" / "tj-police.yaml").read_text(encoding="utf-8")
    path = tmp_path / "tj-police.yaml"
    path.write_text(text.replace("summary: 违规发放津补贴", "summary: " + "长" * 100_000 + " [x: y"), encoding="utf-8")
    result = invoke("validate", path)
    assert result.exit_code == 1
    assert max(len(line) for line in result.stdout.splitlines()) < 400


def test_full_width_punctuation_inside_values_is_text_and_stays_valid(invoke, tmp_path):
    # ：，“”、 and U+3000 inside a summary, a measure's text and a flow mapping are what clerks write
    text = (DATA / "valid" / "tj-police.yaml").read_text(encoding="utf-8")
    text = text.replace("summary: 违规发放津补贴", "summary: 存在问题：违规发放津补贴，“三会一课”不规范、\u3000流于形式", 1)
    text = text.replace("text: 清退违规发放款项", "text: 清退违规发放款项：逐笔核对，“应退尽退”", 1)
    ledger = tmp_path / "tj-police.yaml"
    ledger.write_text(text, encoding="utf-8")
    result = invoke("validate", ledger)
    assert result.exit_code == 0, result.output


def test_a_full_width_colon_after_a_key_is_named_on_its_own_line_with_the_fix(invoke):
    result = invoke("validate", DATA / "broken" / "fullwidth-colon.yaml")
    assert result.exit_code == 1
    assert "fullwidth-colon.yaml:16:12: E-YAML-FULLWIDTH not valid YAML: a full-width colon ： after `summary`" in result.stdout
    assert "type the ASCII colon `:`" in result.stdout
    assert "indentation" not in result.stdout
