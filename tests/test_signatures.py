"""Signed approvals (issue 14, item 2): closures and extensions signed with SSH keys, checked by validate.

Keys are generated per test with ssh-keygen (the tool that signs); no private key is in the repository.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import keygen, needs_ssh

pytestmark = needs_ssh

ORG = "jc-edu"
PROBLEM = "P4-005"  # open, M1 done, M2 not done, one extension recorded by 何静


@pytest.fixture
def signed_repo(example_repo):
    """The example repository with two signers: 李明 of 巡察办 (may close) and 王芳 of 巡察组 (may extend)."""
    li, li_pub = keygen(example_repo, "li")
    wang, wang_pub = keygen(example_repo, "wang")
    policy = example_repo / "ledgers" / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8") + (
        "signatures:\n"
        "  signers:\n"
        f"    - {{name: 李明, key: {li_pub}, roles: [巡察办]}}\n"
        f"    - {{name: 王芳, key: {wang_pub}, roles: [巡察组]}}\n"
        "  actions:\n"
        "    closed: [巡察办]\n"
        "    extended: [巡察办, 巡察组]\n"), encoding="utf-8")
    (example_repo / "evidence" / "sig").mkdir(parents=True)
    (example_repo / "evidence" / "sig" / "closure.md").write_text("整改佐证\n", encoding="utf-8")
    return example_repo, {"li": li, "wang": wang}


def ledgers(repo: Path) -> str:
    return str(repo / "ledgers")


def findings(invoke, repo: Path, *extra: str) -> list[tuple[str, str]]:
    result = invoke("validate", ledgers(repo) + f"/{ORG}.yaml", "--ledgers", ledgers(repo), "--format", "json", *extra)
    return [(d["code"], d["path"]) for d in json.loads(result.stdout) if d["code"].startswith("E-SIG")]


def close_signed(invoke, repo: Path, key: Path, by: str = "李明"):
    done = invoke("done", ORG, PROBLEM, "M2", "--by", "何静", "--date", "2026-11-20", "--ledgers", ledgers(repo))
    assert done.exit_code == 0, done.output
    return invoke("close", ORG, PROBLEM, "--evidence", str(repo / "evidence" / "sig" / "closure.md"),
                  "--by", by, "--sign-with", str(key), "--ledgers", ledgers(repo))


def problem_findings(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [item for item in found if item[1].startswith("problems[4].")]


def test_a_closure_signed_by_the_closing_role_passes_and_the_unsigned_ones_are_listed(invoke, signed_repo):
    repo, keys = signed_repo
    closed = close_signed(invoke, repo, keys["li"])
    assert closed.exit_code == 0, closed.output
    # The new closure is signed; the extension 何静 recorded long ago is not, and neither are older closures.
    assert problem_findings(findings(invoke, repo, "--signatures")) == [("E-SIG-MISSING", "problems[4].history[2]")]
    # Without --signatures (and with signatures.required off) nothing about signatures is checked.
    assert findings(invoke, repo) == []


def test_the_signature_is_one_ssh_keygen_verifies(invoke, signed_repo):
    """The stored signature is a standard SSHSIG: ssh-keygen itself accepts it over the signed text."""
    from rectify_cli.signing import armored, signed_text, subject_of
    from rectify_cli.validation.pipeline import check_paths
    from rectify_cli.validation.policy_file import load_policy

    repo, keys = signed_repo
    assert close_signed(invoke, repo, keys["li"]).exit_code == 0
    policy, _ = load_policy(repo / "ledgers")
    import datetime as dt

    [loaded] = check_paths([repo / "ledgers" / f"{ORG}.yaml"], policy, dt.date(2026, 11, 24)).ledgers
    problem = loaded.ledger.problems[4]
    entry = problem.history[-1]
    (repo / "entry.sig").write_text(armored(entry.signature.sshsig), encoding="ascii")
    (repo / "allowed").write_text(f"李明 {' '.join(keys['li'].with_suffix('.pub').read_text().split()[:2])}\n",
                                  encoding="utf-8")
    check = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(repo / "allowed"), "-I", "李明", "-n", "rectify",
                            "-s", str(repo / "entry.sig")],
                           input=signed_text(ORG, PROBLEM, entry, subject_of(problem, len(problem.history) - 1)),
                           capture_output=True, check=False)
    assert check.returncode == 0, check.stderr


def test_an_entry_changed_after_signing_is_caught(invoke, signed_repo):
    repo, keys = signed_repo
    assert close_signed(invoke, repo, keys["li"]).exit_code == 0
    path = repo / "ledgers" / f"{ORG}.yaml"
    text = path.read_text(encoding="utf-8")
    # Change what the closure approved (its evidence hash), keeping the file otherwise valid.
    start = text.index("evidence/sig/closure.md")
    sha = text.index("sha256: ", start) + len("sha256: ")
    changed = text[:sha] + ("0" if text[sha] != "0" else "1") + text[sha + 1:]
    path.write_text(changed, encoding="utf-8")
    assert ("E-SIG-INVALID", "problems[4].history[4].signature") in findings(invoke, repo, "--signatures")


def test_a_closure_signed_by_someone_without_the_role_is_caught(invoke, signed_repo):
    repo, keys = signed_repo
    closed = close_signed(invoke, repo, keys["wang"], by="王芳")  # 王芳 is 巡察组: may extend, may not close
    assert closed.exit_code == 0, closed.output
    assert ("E-SIG-ROLE", "problems[4].history[4].signature") in findings(invoke, repo, "--signatures")


def test_a_key_the_policy_does_not_list_is_refused_and_nothing_is_written(invoke, signed_repo):
    repo, _ = signed_repo
    stranger, _ = keygen(repo, "stranger")
    assert invoke("done", ORG, PROBLEM, "M2", "--by", "何静", "--date", "2026-11-20",
                  "--ledgers", ledgers(repo)).exit_code == 0
    path = repo / "ledgers" / f"{ORG}.yaml"
    before = path.read_bytes()
    result = invoke("close", ORG, PROBLEM, "--evidence", str(repo / "evidence" / "sig" / "closure.md"),
                    "--by", "李明", "--sign-with", str(stranger), "--ledgers", ledgers(repo))
    assert result.exit_code == 1
    assert "is not among the policy's signers; nothing was written" in result.output
    assert path.read_bytes() == before


def test_signing_as_someone_else_is_refused(invoke, signed_repo):
    repo, keys = signed_repo
    result = close_signed(invoke, repo, keys["li"], by="王芳")
    assert result.exit_code == 1 and "is 李明's, but you act as 王芳" in result.output


def test_a_forged_signature_copied_from_another_entry_is_caught(invoke, signed_repo):
    """Copying a valid signature onto another closure (or forging one) does not make it signed."""
    repo, keys = signed_repo
    assert close_signed(invoke, repo, keys["li"]).exit_code == 0
    path = repo / "ledgers" / f"{ORG}.yaml"
    text = path.read_text(encoding="utf-8")
    signature = text[text.index(", signature: {"):text.index("}}", text.index(", signature: {")) + 1]
    target = "hash: fedd4c39be807358}"  # P7-005's closure, recorded unsigned by 何静
    path.write_text(text.replace(target, target[:-1] + signature + "}"), encoding="utf-8")
    assert ("E-SIG-INVALID", "problems[9].history[4].signature") in findings(invoke, repo, "--signatures")


def test_an_unsigned_closure_is_signed_later_by_the_person_who_recorded_it(invoke, signed_repo):
    repo, keys = signed_repo
    assert invoke("done", ORG, PROBLEM, "M2", "--by", "何静", "--date", "2026-11-20",
                  "--ledgers", ledgers(repo)).exit_code == 0
    assert invoke("close", ORG, PROBLEM, "--evidence", str(repo / "evidence" / "sig" / "closure.md"), "--by", "李明",
                  "--ledgers", ledgers(repo)).exit_code == 0
    assert ("E-SIG-MISSING", "problems[4].history[4]") in findings(invoke, repo, "--signatures")
    other = invoke("sign", ORG, PROBLEM, "--key", str(keys["wang"]), "--by", "王芳", "--ledgers", ledgers(repo))
    assert other.exit_code == 1 and "recorded by 李明; only 李明 signs it" in other.output
    signed = invoke("sign", ORG, PROBLEM, "--key", str(keys["li"]), "--by", "李明", "--ledgers", ledgers(repo))
    assert signed.exit_code == 0, signed.output
    assert problem_findings(findings(invoke, repo, "--signatures")) == [("E-SIG-MISSING", "problems[4].history[2]")]


def test_the_policy_can_make_every_validate_check_signatures(invoke, signed_repo):
    repo, keys = signed_repo
    assert close_signed(invoke, repo, keys["wang"], by="王芳").exit_code == 0
    policy = repo / "ledgers" / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("signatures:\n", "signatures:\n  required: true\n"),
                      encoding="utf-8")
    result = invoke("validate", "--ledgers", ledgers(repo))
    assert result.exit_code == 1 and "E-SIG-ROLE" in result.stdout and "E-SIG-MISSING" in result.stdout


def test_a_signer_key_that_is_not_an_ssh_public_key_is_a_policy_finding(invoke, example_repo):
    policy = example_repo / "ledgers" / "policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8") + (
        "signatures:\n  signers:\n    - {name: 李明, key: ssh-ed25519 AAAAnotakey, roles: [巡察办]}\n"), encoding="utf-8")
    result = invoke("validate", "--ledgers", str(example_repo / "ledgers"))
    assert result.exit_code == 1
    assert "policy.yaml" in result.stdout and "not an SSH public key" in result.stdout
    assert "[signatures.signers[0].key]" in result.stdout
