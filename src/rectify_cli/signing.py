"""Signed approvals (签名): the text a signature covers, who may sign what, and checking signatures.

A closure, an extension, a review step's approval or return (and, once it lands, a waiver) may carry
the signature of the person acting, over the signed text of its history entry. The policy lists
the signers (name, public key, roles) and which roles may sign each action, like git's
allowed-signers file; `rectify validate --signatures` (or `signatures.required: true` in the
policy) reports an action that is unsigned, signed by a key not allowed for its role or by
someone other than the entry's `by`, or changed after it was signed.

The scheme is SSH signatures (`ssh-keygen -Y sign`, namespace "rectify"), ed25519 keys as git
signs commits with: everyone with git has the tool and understands the keys, ssh-agent and
hardware keys work, and nothing of the private key ever passes through rectify. Verification is
the maintained `sshsig` library (a port of ssh-keygen's own check, over `cryptography`); signing
is `ssh-keygen` itself. Nothing here implements a primitive. The seam is `Scheme`: the national
algorithms (SM2 signatures over SM3, 国密) used by government PKI can be added as a second scheme
without touching the ledger format (`Signature.scheme`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel

from rectify_cli.errors import RectifyError, UnreadableInput, say
from rectify_cli.model import HistoryEntry, Ledger, Policy, ProblemItem, Signer

NAMESPACE = "rectify"
SIGNED_TEXT_VERSION = "rectify signed entry v1"
ARMOR_BEGIN = "-----BEGIN SSH SIGNATURE-----"
ARMOR_END = "-----END SSH SIGNATURE-----"
# The actions a policy may require a signature for, and the words used for them in messages.
SIGNABLE = {"closed": "closure", "extended": "extension", "approved": "approval", "returned": "return",
            "partial": "decision", "waived": "decision", "dismissed": "decision"}


def signable_word(did: str) -> str:
    """What a signable history entry records, in words: closure, extension, approval, return."""
    if did == "closed":
        return say("closure")
    if did == "extended":
        return say("extension")
    if did == "approved":
        return say("approval")
    if did == "returned":
        return say("return")
    if did in ("partial", "waived", "dismissed"):
        return say("decision")
    return did

Finding = tuple[tuple, str, str, str]  # (path, code, message, hint), as validation.rules yields them


def signed_text(org_id: str, problem_id: str, entry: HistoryEntry, subject: BaseModel | None) -> bytes:
    """The bytes a signature covers: the organisation, the problem, the entry and what it approves.

    The entry includes its chain hash, which covers every entry before it; the subject is the block
    the action wrote (the closure with its evidence hashes, the extension), so changing either after
    signing breaks the signature. Canonical JSON: sorted keys, no spaces, UTF-8.
    """
    def canonical(model: BaseModel | None) -> str:
        if model is None:
            return "null"
        data = model.model_dump(mode="json", exclude_none=True, exclude={"signature"})
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    lines = [SIGNED_TEXT_VERSION, f"organisation: {org_id}", f"problem: {problem_id}",
             f"entry: {canonical(entry)}", f"subject: {canonical(subject)}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def subject_of(problem: ProblemItem, index: int) -> BaseModel | None:
    """The block history entry `index` of `problem` wrote: its closure, its extension record, the return
    record, or for an approval the approval with the evidence it approved (as a closure-shaped record)."""
    entry = problem.history[index]
    earlier = sum(1 for e in problem.history[:index] if e.did == entry.did)
    if entry.did == "approved":
        return _approval_subject(problem, entry)
    if entry.did == "returned":
        return problem.returns[earlier] if earlier < len(problem.returns) else None
    if entry.did == "closed":
        if earlier < len(problem.reopened):  # a closure later undone is kept in its reopening
            return problem.reopened[earlier].closure
        return problem.closed
    if entry.did == "extended" and earlier < len(problem.extensions):
        return problem.extensions[earlier]
    if entry.did in ("partial", "waived", "dismissed"):   # the n-th decision entry wrote the n-th decision
        decided = sum(1 for e in problem.history[:index] if e.did in ("partial", "waived", "dismissed"))
        return problem.decisions[decided] if decided < len(problem.decisions) else None
    return None


def _approval_subject(problem: ProblemItem, entry: HistoryEntry) -> BaseModel | None:
    """The approval an `approved` entry recorded (same step, date and person), wherever it is kept now: the
    submission under review, the closure, a closure later undone, or a submission returned afterwards."""
    from rectify_cli.model import Closure

    places = []
    if problem.review is not None:
        places.append((problem.review.approvals, problem.review.evidence))
    if problem.closed is not None:
        places.append((problem.closed.approvals, problem.closed.evidence))
    places += [(r.closure.approvals, r.closure.evidence) for r in problem.reopened if r.closure is not None]
    places += [(r.submission.approvals, r.submission.evidence) for r in problem.returns]
    for approvals, evidence in places:
        for approval in approvals:
            if approval.step == entry.step and approval.date == entry.date and approval.by == entry.by:
                return Closure(date=approval.date, by=approval.by, evidence=list(evidence), approvals=[approval])
    return None


def armored(sshsig: str) -> str:
    """ssh-keygen's armored form of a signature stored as one line of base64."""
    body = "\n".join(sshsig[start:start + 70] for start in range(0, len(sshsig), 70))
    return f"{ARMOR_BEGIN}\n{body}\n{ARMOR_END}\n"


def one_line(armored_text: str) -> str:
    """The base64 inside ssh-keygen's armor, on one line, as the ledger stores it."""
    lines = [line.strip() for line in armored_text.strip().splitlines()]
    if not lines or lines[0] != ARMOR_BEGIN or lines[-1] != ARMOR_END:
        raise ValueError(say("not an SSH signature (no BEGIN/END SSH SIGNATURE lines)"))
    return "".join(lines[1:-1])


class Scheme(Protocol):
    """A signature scheme: checks a stored signature over `text`, returning the signing key's fingerprint."""

    name: str

    def check(self, text: bytes, signature: str) -> str: ...

    def fingerprint(self, public_key: str) -> str: ...


class InvalidSignature(Exception):
    pass


class SshScheme:
    """SSH signatures (SSHSIG) checked with the `sshsig` library."""

    name = "ssh"

    def check(self, text: bytes, signature: str) -> str:
        import sshsig

        try:
            key = sshsig.check_signature(text, armored(signature), namespace=NAMESPACE)
        except (sshsig.InvalidSignature, NotImplementedError, ValueError) as exc:
            raise InvalidSignature(str(exc) or type(exc).__name__) from None
        return key.sha256_str()

    def fingerprint(self, public_key: str) -> str:
        import sshsig

        try:
            return sshsig.PublicKey.from_openssh_str(public_key.strip()).sha256_str()
        except (ValueError, NotImplementedError) as exc:
            raise InvalidSignature(f"not an SSH public key ({exc})") from None


SCHEMES: dict[str, Scheme] = {"ssh": SshScheme()}


def signer_fingerprints(policy: Policy) -> dict[str, Signer]:
    """The policy's signers by the fingerprint of their key (a key that cannot be read is left out).

    Worked out once per process for a set of signers: a province's policy may list hundreds."""
    if policy.signatures is None:
        return {}
    signers = tuple((signer.name, signer.key, tuple(signer.roles)) for signer in policy.signatures.signers)
    known = _FINGERPRINTS.get(signers)
    if known is None:
        known = {}
        for signer in policy.signatures.signers:
            try:
                known[SCHEMES["ssh"].fingerprint(signer.key)] = signer
            except InvalidSignature:
                continue
        _FINGERPRINTS.clear()
        _FINGERPRINTS[signers] = known
    return known


_FINGERPRINTS: dict[tuple, dict[str, Signer]] = {}


def signature_findings(ledger: Ledger, policy: Policy) -> Iterator[Finding]:
    """Every signature problem of `ledger` under `policy`: missing, invalid, unknown key, wrong role or person."""
    required: dict[str, list[str]] = {str(k): v for k, v in (policy.signatures.actions if policy.signatures else {}).items()}
    signers = signer_fingerprints(policy)
    org_id = ledger.organisation.id
    for p_index, problem in enumerate(ledger.problems):
        for index, entry in enumerate(problem.history):
            roles = required.get(entry.did)
            if entry.signature is None and roles is None:
                continue
            if entry.did in ("approved", "returned"):
                roles = step_roles(policy, entry, roles)
            where = ("problems", p_index, "history", index)
            yield from _entry_findings(org_id, problem, index, where, roles or [], signers)


def step_roles(policy: Policy, entry: HistoryEntry, listed: list[str] | None) -> list[str]:
    """Who may sign a review step's approval or return: the step's role, else the roles the policy lists."""
    step = policy.review.step(entry.step) if policy.review is not None and entry.step else None
    if step is not None:
        return [step.role]
    return listed or []


def _entry_findings(org_id: str, problem: ProblemItem, index: int, where: tuple, roles: list[str],
                    signers: dict[str, Signer]) -> Iterator[Finding]:
    entry = problem.history[index]
    what = say("{id}: the {what} of history entry {entry}", id=problem.id, what=signable_word(entry.did), entry=index + 1)
    if entry.signature is None:
        yield (where, "E-SIG-MISSING", say("{what} is not signed; the policy wants a signature by {roles}", what=what, roles=" or ".join(roles)),
               say("the person who acted signs it: rectify sign {org} {id} --entry {entry} --key KEY", org=org_id, id=problem.id, entry=index + 1))
        return
    scheme = SCHEMES.get(entry.signature.scheme)
    if scheme is None:
        yield (where + ("signature", "scheme"), "E-SIG-SCHEME",
               say("{what} is signed with the unknown scheme {scheme!r}", what=what, scheme=entry.signature.scheme), say("known: {schemes}", schemes=", ".join(SCHEMES)))
        return
    try:
        fingerprint = scheme.check(signed_text(org_id, problem.id, entry, subject_of(problem, index)),
                                   entry.signature.sshsig)
    except InvalidSignature:
        yield (where + ("signature",), "E-SIG-INVALID",
               say("{what} does not match its signature: the entry or what it approves was changed after signing", what=what),
               say("restore the signed text from git (git log -p), or have the person who acted sign again"))
        return
    signer = signers.get(fingerprint)
    if fingerprint != entry.signature.key:
        yield (where + ("signature", "key"), "E-SIG-INVALID",
               say("{what} names the key {key} but was signed with {fingerprint}", what=what, key=entry.signature.key, fingerprint=fingerprint), "")
    elif signer is None:
        yield (where + ("signature",), "E-SIG-UNKNOWN-KEY",
               say("{what} is signed with {fingerprint}, a key the policy does not list", what=what, fingerprint=fingerprint),
               say("add the signer's public key under signatures.signers in policy.yaml (a reviewed change)"))
    elif signer.name != entry.by:
        yield (where + ("signature",), "E-SIG-PERSON",
               say("{what} was done by {by} but signed with the key of {name}", what=what, by=entry.by, name=signer.name),
               say("each person signs what they do with their own key"))
    elif roles and not set(roles) & set(signer.roles):
        yield (where + ("signature",), "E-SIG-ROLE",
               say("{what} is signed by {name} ({roles}), not allowed to sign it (allowed: {allowed})", what=what,
                   name=signer.name, roles=", ".join(signer.roles) or say("no role"), allowed=", ".join(roles)),
               say("give the signer the role in policy.yaml, or have someone in that role act"))


@dataclass(frozen=True)
class SshKeygenSigner:
    """Signs with `ssh-keygen -Y sign` and the user's key (a private key file, or a public key held by ssh-agent)."""

    key: Path

    def __call__(self, text: bytes) -> dict[str, str]:
        program = shutil.which("ssh-keygen")
        if program is None:
            raise UnreadableInput(say("cannot sign: ssh-keygen is not installed"),
                                  hint=say("install OpenSSH (Windows: the OpenSSH client feature; Debian: openssh-client)"))
        if not self.key.is_file():
            raise UnreadableInput(say("cannot sign: no key file {key}", key=self.key),
                                  hint=say("make one with `ssh-keygen -t ed25519 -f ~/.ssh/rectify_ed25519`"))
        done = subprocess.run([program, "-Y", "sign", "-n", NAMESPACE, "-f", str(self.key)], input=text,
                              capture_output=True, check=False)
        if done.returncode != 0:
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RectifyError(say("ssh-keygen could not sign with {key}: {reason}", key=self.key,
                                   reason=reason[-1] if reason else done.returncode),
                               exit_code=2, hint=say("check the key and its passphrase; nothing was written"))
        signature = one_line(done.stdout.decode("ascii", "replace"))
        return {"scheme": "ssh", "key": SCHEMES["ssh"].check(text, signature), "sshsig": signature}


def checked_signer(sign, policy: Policy, acting_as: str):
    """`sign`, refusing (before anything is written) a key the policy does not list for the person acting."""
    from rectify_cli.errors import RefusedChange

    def signed(text: bytes) -> dict[str, str]:
        signature = sign(text)
        if policy.signatures is None or not policy.signatures.signers:
            return signature
        signer = signer_fingerprints(policy).get(signature["key"])
        if signer is None:
            raise RefusedChange(say("the key {signature} is not among the policy's signers; nothing was written", signature=signature['key']),
                                hint=say("add your public key under signatures.signers in policy.yaml (a reviewed change)"))
        if signer.name != acting_as:
            raise RefusedChange(say("the key {signature} is {name}'s, but you act as {acting_as} (--by); nothing was written", signature=signature['key'], name=signer.name, acting_as=acting_as), hint=say("sign with your own key, or act under your own name"))
        return signature

    return signed
