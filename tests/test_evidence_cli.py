"""Evidence that exists (issue 13): a closure naming a file that is not there is refused with the near
names, paper documents are recorded as such, and plain `rectify validate` notices a deleted file."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import DATA

ORG = "tj-police"
PROOF = "evidence/tj-police/P7-002-退款凭证.md"
PAPER = "〔2026〕12号 整改报告（纸质，存档于办公室）"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with the test ledger, P7-002's measure done, and one evidence file; the working folder in it."""
    (tmp_path / ".git").mkdir()
    shutil.copytree(DATA / "valid", tmp_path / "ledgers")
    (tmp_path / "evidence" / ORG).mkdir(parents=True)
    (tmp_path / PROOF).write_text("清退款项凭证\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RECTIFY_TODAY", "2019-10-08")
    monkeypatch.setenv("RECTIFY_NOW", "2019-10-08T10:00:00+08:00")
    monkeypatch.setenv("RECTIFY_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


@pytest.fixture
def invoke_done(invoke, repo):
    assert invoke("done", ORG, "P7-002", "M1", "--date", "2019-07-09").exit_code == 0
    return invoke


def ledger_bytes(repo) -> bytes:
    return (repo / "ledgers" / f"{ORG}.yaml").read_bytes()


def close(invoke, *evidence: str):
    return invoke("close", ORG, "P7-002", "--date", "2019-07-10", *evidence)


def test_a_docx_typed_for_the_md_is_refused_with_the_near_name_and_nothing_written(invoke_done, repo):
    before = ledger_bytes(repo)
    result = close(invoke_done, "--evidence", "evidence/tj-police/P7-002-退款凭证.docx")
    assert result.exit_code == 1
    assert "evidence file 'evidence/tj-police/P7-002-退款凭证.docx' does not exist" in result.stderr
    assert f"did you mean {PROOF}?" in result.stderr
    assert "--paper" in result.stderr
    assert ledger_bytes(repo) == before


def test_a_file_in_the_wrong_folder_is_refused_with_the_file_where_it_is(invoke_done, repo):
    before = ledger_bytes(repo)
    result = close(invoke_done, "--evidence", "evidence/P7-002-退款凭证.md")
    assert result.exit_code == 1
    assert f"did you mean {PROOF}?" in result.stderr
    assert ledger_bytes(repo) == before


def test_a_path_typed_with_backslashes_is_accepted_and_stored_with_slashes(invoke_done, repo):
    result = close(invoke_done, "--evidence", "evidence\\tj-police\\P7-002-退款凭证.md")
    assert result.exit_code == 0, result.output
    text = ledger_bytes(repo).decode("utf-8")
    assert f"path: {PROOF}\n" in text and "sha256: " in text and "\\" not in text.split("P7-002", 1)[1]
    assert invoke_done("validate", "--evidence").exit_code == 0


def test_a_paper_document_is_recorded_as_paper_without_a_path(invoke_done, repo):
    result = close(invoke_done, "--paper", PAPER)
    assert result.exit_code == 0, result.output
    assert "with 0 evidence file(s) and 1 paper document(s)" in result.stderr
    text = ledger_bytes(repo).decode("utf-8")
    assert f"paper: {PAPER}\n" in text
    assert invoke_done("validate").exit_code == 0
    assert invoke_done("validate", "--evidence").exit_code == 0
    shown = invoke_done("show", ORG, "P7-002")
    assert f"paper: {PAPER}" in shown.stdout


def test_a_blank_paper_document_is_refused(invoke_done, repo):
    before = ledger_bytes(repo)
    result = close(invoke_done, "--paper", "  ")
    assert result.exit_code == 1 and "--paper" in result.stderr
    assert ledger_bytes(repo) == before


def test_files_and_paper_documents_together(invoke_done, repo):
    result = close(invoke_done, "--evidence", PROOF, "--paper", PAPER)
    assert result.exit_code == 0, result.output
    assert "with 1 evidence file(s) and 1 paper document(s)" in result.stderr


def test_an_unknown_problem_is_the_error_not_its_evidence(invoke, repo):
    before = ledger_bytes(repo)
    result = invoke("close", ORG, "P7-099", "--date", "2019-07-10", "--evidence", "evidence/x.md")
    assert result.exit_code == 1
    assert "tj-police has no problem 'P7-099'" in result.stderr
    assert "evidence" not in result.stderr
    assert ledger_bytes(repo) == before


def test_plain_validate_fails_on_a_deleted_evidence_file_even_with_the_cache_warm(invoke_done, repo):
    assert close(invoke_done, "--evidence", PROOF).exit_code == 0
    assert invoke_done("validate").exit_code == 0
    assert list((repo / "cache").iterdir())  # the cache now answers for the unchanged ledger
    (repo / PROOF).unlink()
    for _ in range(2):  # the second run with the cache warm from the first
        result = invoke_done("validate", "--format", "json")
        assert result.exit_code == 1
        [finding] = json.loads(result.stdout)
        assert finding["code"] == "E-EVIDENCE-MISSING"
        assert finding["file"].endswith("tj-police.yaml") and finding["line"] > 0
        assert finding["path"].endswith("closed.evidence[0].path")
        assert PROOF in finding["message"] and "restore it" in finding["hint"]
    text = invoke_done("validate")
    assert f"tj-police.yaml:{finding['line']}:" in text.stdout and "E-EVIDENCE-MISSING" in text.stdout


def test_plain_validate_names_the_file_meant_by_a_hand_written_path(invoke, repo):
    path = repo / "ledgers" / f"{ORG}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{paper: 〔2019〕7号 整改报告（纸质，存档于办公室）}",
                                 "{path: evidence/tj-police/P7-002-退款凭证.docx}"), encoding="utf-8")
    result = invoke("validate", "--format", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)
    assert (finding["code"], finding["path"]) == ("E-EVIDENCE-MISSING", "problems[0].closed.evidence[0].path")
    assert f"did you mean {PROOF}?" in finding["hint"]


@pytest.mark.parametrize("record, words", [
    ("{path: evidence/tj-police/P7-002-退款凭证.md, paper: 纸质}", "exactly one of them"),
    ("{note: 会议纪要}", "exactly one of them"),
    ("{paper: 纸质, sha256: 3d1bb5014dee2e0de19447d1e100555c3c77fd9d0e46fad21f0a1df85295a5fc}", "has no sha256"),
])
def test_an_evidence_record_is_a_file_or_a_paper_document(invoke, repo, record, words):
    path = repo / "ledgers" / f"{ORG}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{paper: 〔2019〕7号 整改报告（纸质，存档于办公室）}", record), encoding="utf-8")
    result = invoke("validate", "--format", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)
    assert finding["code"] == "E-VALUE" and finding["path"] == "problems[0].closed.evidence[0]"
    assert words in finding["message"]


def test_near_names_look_at_a_bounded_number_of_files(tmp_path, monkeypatch):
    from rectify_cli.validation import evidence

    folder = tmp_path / "evidence" / "jc-edu"
    folder.mkdir(parents=True)
    for number in range(30):
        (folder / f"P7-{number:03d}.md").write_text("x\n", encoding="utf-8")
    assert evidence.near_names(tmp_path, "evidence/jc-edu/P7-001.docx")[0] == "evidence/jc-edu/P7-001.md"
    assert evidence.near_names(tmp_path, "evidence\\jc-edu\\P7-002.md") == ["evidence/jc-edu/P7-002.md"]
    assert evidence.near_names(tmp_path, "会议纪要.pdf") == []
    monkeypatch.setattr(evidence, "NEAR_LIMIT", 5)
    assert len(evidence.candidate_files(tmp_path, "evidence/jc-edu/P7-001.docx")) == 5


def test_missing_files_are_found_by_stat_alone(tmp_path):
    from rectify_cli.validation.evidence import missing_files

    (tmp_path / "there.md").write_text("x\n", encoding="utf-8")
    references = [(("problems", 0, "closed", "evidence", 0, "path"), "P7-001", "there.md"),
                  (("problems", 1, "closed", "evidence", 0, "path"), "P7-002", "gone.md"),
                  (("problems", 2, "closed", "evidence", 0, "path"), "P7-003", "../outside.md")]
    found = list(missing_files(references, tmp_path))
    assert [(where[1], code) for where, code, _, _ in found] == [(1, "E-EVIDENCE-MISSING")]
