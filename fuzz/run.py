"""The long fuzz run: mutated ledgers and policies, random bytes and random edits; never a crash.

    python fuzz/run.py [--cases 10000] [--seed 1] [--out /tmp/rectify-fuzz] [--slow 2.0] [--no-outputs]

Not part of CI (tests/test_reliability.py runs the same properties with a small budget). Each case
is one of:
  bytes     random bytes, or a valid ledger with random bytes flipped, inserted or cut
  mutate    a valid ledger with lines deleted, duplicated, swapped, re-indented, or a scalar
            replaced by a nasty token (on, 010, ~, 2024-13-01, [, &a, *a, !!str, a tab, ...), given
            a YAML tag with a value that fits it or not (!!int '', !!timestamp x), quoted with an
            escape inside (\\0, \\x1b[31m, \\a), or replaced by a number of 20 to 4,300 digits;
            every mutant (and bytes case) that validates then goes through every reading output:
            report in every format, export, list and show, through the CLI
  policy    the same mutations applied to ledgers/policy.yaml
  edit      a random sequence of editing operations (add-round, add-problem, add-measure, done,
            close, reopen, long-term, extend, set-status, accountability, outcomes, survey,
            evaluate) on a temp copy, through the same write.edit as the commands
The outcome must be "valid" or findings with a code; an exception, a case slower than --slow
seconds, or (for edits) a written ledger that does not validate or lost an untouched line is a
failure. Failing inputs are written to --out with the traceback; the summary is printed as the
lines docs/reliability.md records.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NASTY = [
    "on", "off", "yes", "no", "y", "n", "~", "null", "010", "0x1F", "0b101", "1_000", "12:30:45",
    "2024-13-01", "2024-02-30", "0000-01-01", "9999-12-31", "10000-01-01", "2019-05-12T25:00:00",
    "2019-05-12T09:30:00+24:00", "[", "]", "{", "}", "[]", "{}", "&a", "*a", "&a x", "!!str", "!!python/object:os.system",
    "!foo", '"unterminated', "'unterminated", "\t", "a\tb", "-", "- x", "? x", ": x", "|", ">", "#", "%YAML 1.1",
    "---", "...", "@", "`", "1e999", "-1", "-0.01", ".nan", ".inf", "9" * 5000, "x" * 100_000, "\u202e",
    "\ufeff", "\u2028", "\x85", "\\", '"\\ud800"', '"\\x00"', "'it''s'", "< <", "<<: {}", "=",
    "P7-001 ", " P7-001", "P 7", "../../etc/passwd", "/etc/passwd", "C:\\x", "true", "True", "1.5",
    "'0'", '"-5"', '"1,000"', '"1500.505"', "2019-05-12T09:30:00", "2019-05-12 09:30:00+08:00",
]
# YAML's own tags, with values that fit them and values that do not (`!!int ''` crashed PyYAML's constructor)
TAGS = ["!!timestamp", "!!int", "!!float", "!!bool", "!!null", "!!str", "!!binary", "!!map", "!!seq", "!!set", "!",
        "!<tag:yaml.org,2002:int>", "!!omap", "!!python/none"]
TAG_VALUES = ["", "''", '""', "x", "+", "-", ".", "maybe", "yes", "1", "-0", "1.5", "1e5", ".inf", ".nan", "2019-05-10",
              "2019-13-45", "2019-05-10T25:00:00", "???", "AAAA", "~", "null", "true", "1" + "0" * 400, "[1]", "{}"]
# Escapes inside double quotes: every control character reaches the value (NUL, ESC, BEL, DEL, C1, CSI, ...)
ESCAPES = ["\\0", "\\x1b[31m", "\\x1b[2J", "\\x1b]0;title\\x07", "\\a", "\\b", "\\x7f", "\\x85", "\\x9b", "\\e", "\\r",
           "\\v", "\\f", "\\u2028", "\\u202e", "\\U0001F600", "\\ud800", "\\x00\\x01\\x02", "\\N", "\\_", "\\L"]
BIG_NUMBERS = ["1" + "0" * 400, "-" + "9" * 400, "9" * 4300, "1" + "0" * 20, "0." + "0" * 400 + "1"]
WORDS = ["id", "round", "status", "closed", "history", "hash", "measures", "evidence", "deadline",
         "problems", "inspections", "organisation", "at", "by", "did", "date", "to", "reason"]


def seeds() -> tuple[list[tuple[str, str]], list[str]]:
    """(stem, text) of every valid ledger we ship, and the policy texts."""
    ledgers = []
    accepted = [p for p in sorted((ROOT / "tests/data/hostile").glob("*.yaml"))
                if not p.with_suffix(".expected").read_text(encoding="utf-8").strip()]
    for path in sorted((ROOT / "ledgers").glob("*.yaml")) + [ROOT / "tests/data/valid/tj-police.yaml"] + accepted:
        if path.name != "policy.yaml" and path.exists():
            ledgers.append((path.stem, path.read_bytes().decode("utf-8").lstrip("\ufeff")))
    policies = [p.read_text(encoding="utf-8") for p in (ROOT / "ledgers/policy.yaml", ROOT / "tests/data/broken/policy.yaml")
                if p.exists()]
    return ledgers, policies


def mutate_text(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.choice((1, 1, 1, 2, 3, 5))):
        if not lines:
            lines = [""]
        kind = rng.randrange(12)
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        if kind == 0:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[j])
        elif kind == 2:
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == 3:  # change the indentation
            stripped = lines[i].lstrip(" ")
            lines[i] = " " * max(0, len(lines[i]) - len(stripped) + rng.choice((-4, -2, -1, 1, 2, 4))) + stripped
        elif kind in (4, 5):  # replace a value (after ': ' or '- ' or in a flow mapping) by a nasty token
            line = lines[i]
            cuts = [k + 2 for k in range(len(line) - 1) if line[k:k + 2] in (": ", "- ", ", ", "{ ")]
            if cuts:
                start = rng.choice(cuts)
                end = start
                while end < len(line) and line[end] not in ",}]#":
                    end += 1
                if rng.random() < 0.5:
                    end = len(line)
                lines[i] = line[:start] + rng.choice(NASTY) + line[end:]
        elif kind == 6:  # replace a key
            line = lines[i]
            colon = line.find(":")
            if colon > 0:
                indent = len(line) - len(line.lstrip(" -"))
                lines[i] = line[:indent] + rng.choice(WORDS + NASTY[:20]) + line[colon:]
        elif kind == 7:  # insert a nasty token anywhere
            line = lines[i]
            k = rng.randrange(len(line) + 1)
            lines[i] = line[:k] + rng.choice(NASTY) + line[k:]
        elif kind in (9, 10, 11):  # a tag before a value, escapes inside a quoted value, a huge number
            line = lines[i]
            cuts = [k + 2 for k in range(len(line) - 1) if line[k:k + 2] in (": ", "- ")]
            if cuts:
                start = rng.choice(cuts)
                end = start
                while end < len(line) and line[end] not in ",}]#":
                    end += 1
                old = line[start:end].strip().strip("'\"")
                if kind == 9:
                    new = f"{rng.choice(TAGS)} {rng.choice(TAG_VALUES + [old])}"
                elif kind == 10:
                    k = rng.randrange(len(old) + 1)
                    new = '"' + old[:k].replace("\\", "\\\\").replace('"', '\\"') + rng.choice(ESCAPES) + \
                          old[k:].replace("\\", "\\\\").replace('"', '\\"') + '"'
                else:
                    new = rng.choice(BIG_NUMBERS)
                lines[i] = line[:start] + new + line[end:]
        else:  # edit a character of a hash, a date or an id: tampering
            line = lines[i]
            if line:
                k = rng.randrange(len(line))
                lines[i] = line[:k] + rng.choice("0123456789abcdef-: ") + line[k + 1:]
    return "\n".join(lines)


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    choice = rng.randrange(5)
    if choice == 0 or not data:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 400)))
    buffer = bytearray(data)
    for _ in range(rng.randrange(1, 8)):
        k = rng.randrange(len(buffer) + 1)
        if choice == 1 and buffer:
            buffer[min(k, len(buffer) - 1)] = rng.randrange(256)
        elif choice == 2:
            buffer[k:k] = rng.choice([b"\x00", b"\xff", b"\xed\xa0\x80", b"\xc3", b"\xef\xbb\xbf", b"\r", b"\t",
                                      b"\xe4\xb8", bytes([rng.randrange(256)])])
        elif choice == 3:
            del buffer[k:k + rng.randrange(1, 200)]
        else:
            buffer = buffer[:k]
    return bytes(buffer)


def validate_bytes(raw: bytes, stem: str, policy, today: dt.date):
    from rectify_cli import load

    text, problems = load.decode(raw, f"{stem}.yaml")
    if text is None:
        assert problems and all(p.code for p in problems), "undecodable file without a finding"
        return "findings", None
    return validate_one(text, stem, policy, today)


def validate_one(text: str, stem: str, policy, today: dt.date):
    """("valid" or "findings", the ledger when valid)."""
    from rectify_cli.validation.document import validate_text

    ledger, problems = validate_text(text, f"{stem}.yaml", policy, today, stem)
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        assert problem.code.startswith(("E-", "W-")), problem
        assert problem.message, problem
        assert isinstance(problem.line, int) and problem.line >= 0, problem
    if ledger is None:
        assert errors, "no ledger and no error"
    return ("findings", None) if errors else ("valid", ledger)


# --- every output of a mutant that validates ---------------------------------------------------

REPORT_FORMATS = ("table", "markdown", "plain", "csv", "json", "html")
LIST_FORMATS = ("table", "markdown", "csv", "json")


def output_commands(stem: str, ledger, workdir: Path) -> list[list[str]]:
    """Every reading command a user has, on this ledger: report in every format, export, list, show."""
    rounds = [i.round for i in ledger.inspections] or [p.round for p in ledger.problems] or [1]
    number = str(rounds[0])
    commands = [["report", "--round", number, "--format", fmt] for fmt in REPORT_FORMATS]
    commands += [["report", "--round", number, "--open"], ["report", "--round", number, "--explain", stem],
                 ["export", stem, "--output", str(workdir / "ledger.xlsx")],
                 ["export", "--round", number, "--output", str(workdir / "round.xlsx")]]
    commands += [["list", "--format", fmt] for fmt in LIST_FORMATS] + [["list", "--due-soon"], ["show", stem]]
    commands += [["show", stem, problem.id] for problem in ledger.problems[:2]]
    return commands


def raw_controls(text: str) -> set[str]:
    return {c for c in text.replace("\r\n", "\n") if (ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f}


def outputs_case(text: str, stem: str, ledger, workdir: Path) -> str:
    """Run every output on a ledger that validates: no exception, exit 0 or 1, no raw control character printed."""
    from typer.testing import CliRunner

    from rectify_cli.cli import app

    repo = workdir / "outputs"
    shutil.rmtree(repo, ignore_errors=True)
    (repo / ".git").mkdir(parents=True)
    folder = repo / "ledgers"
    folder.mkdir()
    if stem.startswith("jc-"):
        shutil.copy(ROOT / "ledgers" / "policy.yaml", folder / "policy.yaml")
    (folder / f"{stem}.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
    runner = CliRunner()
    commands = output_commands(stem, ledger, repo)
    steps_taken[0] = len(commands)
    for command in commands:
        result = runner.invoke(app, [*command, "--ledgers", str(folder)], catch_exceptions=False)
        # 2 is a usage error, such as a round the ledger does not record: said in words, not a traceback
        assert result.exit_code in (0, 1) or (result.exit_code == 2 and result.stderr.startswith("rectify: error:")), \
            f"{' '.join(command)}: exit {result.exit_code}: {result.output[-400:]}"
        if "json" not in command and command[0] != "export":
            assert not raw_controls(result.stdout), f"{' '.join(command)} printed {raw_controls(result.stdout)}"
    return "valid"


def policy_case(rng: random.Random, text: str, workdir: Path):
    from rectify_cli.validation.policy_file import load_policy

    folder = workdir / "policy"
    folder.mkdir(exist_ok=True)
    (folder / "policy.yaml").write_text(mutate_text(rng, text), encoding="utf-8", errors="surrogatepass")
    _policy, problems = load_policy(folder)
    for problem in problems:
        assert problem.code.startswith("E-") and problem.message, problem
    return "findings" if problems else "valid"


steps_taken = [1]  # of the last edit case, for the per-command time bound

# --- edits ------------------------------------------------------------------------------------


def edit_case(rng: random.Random, stem: str, text: str, policy, today: dt.date, workdir: Path):
    """Random editing operations; each is refused (file untouched) or leaves a valid ledger."""
    from rectify_cli.edit import transaction as write
    from rectify_cli.edit.operations import Actor
    from rectify_cli.errors import RectifyError
    from rectify_cli.validation.document import validate_text

    repo = workdir / "repo"
    shutil.rmtree(repo, ignore_errors=True)
    (repo / "ledgers").mkdir(parents=True)
    (repo / ".git").mkdir()
    (repo / "evidence").mkdir()
    evidence = repo / "evidence" / "proof.md"
    evidence.write_text("证明材料\n", encoding="utf-8")
    path = repo / "ledgers" / f"{stem}.yaml"
    path.write_text(text, encoding="utf-8")
    outcome = "refused"
    steps = rng.randrange(1, 8)
    steps_taken[0] = steps
    for step in range(steps):
        before = path.read_bytes().decode("utf-8")
        ledger, _ = validate_text(before, stem, policy, today, stem)
        assert ledger is not None, "the ledger became invalid"
        target, operation = random_operation(rng, ledger, evidence, repo, today)
        actor = Actor(by=rng.choice(["王五", "钱七", "on", "a: b", "#x", "'q'"]),
                      at=dt.datetime(2026, 11, 24, 10, 0, step, tzinfo=dt.timezone(dt.timedelta(hours=8))),
                      date=rng.choice([today, today - dt.timedelta(days=rng.randrange(0, 900))]), today=today)
        try:
            write.edit(repo / "ledgers", stem, lambda lg, doc, operation=operation, actor=actor: operation(lg, doc, actor), policy, today)
        except RectifyError:
            assert path.read_bytes().decode("utf-8") == before, "a refused edit changed the file"
            continue
        after = path.read_bytes().decode("utf-8")
        ledger, problems = validate_text(after, stem, policy, today, stem)
        assert ledger is not None and not [p for p in problems if p.severity == "error"], problems
        outside = lines_changed_outside(before, after, target)
        assert not outside, f"an edit of {target} changed untouched lines: {outside[:3]}"
        outcome = "edited"
    return outcome


def lines_changed_outside(before: str, after: str, target: tuple) -> list[str]:
    """Lines of `before` removed or changed by the edit that lie outside the node at `target`."""
    import difflib

    import yaml

    node = yaml.compose(before, Loader=yaml.CSafeLoader)
    for step in target:
        if isinstance(node, yaml.MappingNode):
            node = next(value for key, value in node.value if key.value == step)
        else:
            node = node.value[step]
    first, last = node.start_mark.line, node.end_mark.line
    old, new = before.splitlines(), after.splitlines()
    changed = []
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            changed.extend(old[i] for i in range(i1, i2) if not first <= i <= last)
    return changed


def random_operation(rng: random.Random, ledger, evidence: Path, repo: Path, today: dt.date):
    """(the path of the item the operation may change, the operation)."""
    from decimal import Decimal

    from rectify_cli.edit import operations as edits
    from rectify_cli.validation.evidence import sha256_of

    problems = ledger.problems
    index = rng.randrange(len(problems)) if problems else None
    problem = problems[index] if problems else None
    pid = problem.id if problem else "P7-001"
    here = ("problems", index) if problem else ("problems",)
    rounds = [i.round for i in ledger.inspections] or [7]
    number = rng.choice(rounds)
    round_here = ("inspections", next((k for k, i in enumerate(ledger.inspections) if i.round == number), 0))
    if not ledger.inspections:
        round_here = ("inspections",)
    text = rng.choice(["核查整改", "on", "a: b # c", "[x]", "line\nbreak", "  padded  ", "'quote\"", "x" * 300, "—", "010"])
    day = today - dt.timedelta(days=rng.randrange(0, 400))
    kind = rng.randrange(13)
    if kind == 0:
        return ("inspections",), lambda lg, doc, a: edits.add_round(
            lg, doc, rng.randrange(1, 12), "regular", day, None, 3, None, None, a)
    if kind == 1:
        return ("problems",), lambda lg, doc, a: edits.add_problem(
            lg, doc, number, "party-building", text, "李四", "办公室", "王五", None, rng.random() < .5,
            rng.random() < .5, None, None, None, a, 3)
    if kind == 2:
        return here, lambda lg, doc, a: edits.add_measure(lg, doc, pid, text, "王五", day, a)
    if kind == 3:
        measure = rng.choice(problem.measures).id if problem and problem.measures else "M1"
        return here, lambda lg, doc, a: edits.measure_done(lg, doc, pid, measure, a)
    if kind == 4:
        record = {"path": evidence.relative_to(repo).as_posix(), "sha256": sha256_of(evidence)}
        return here, lambda lg, doc, a: edits.close(lg, doc, pid, rng.choice([None, "市纪委监委"]), [record], a)
    if kind == 5:
        return here, lambda lg, doc, a: edits.reopen(lg, doc, pid, text, a)
    if kind == 6:
        return here, lambda lg, doc, a: edits.long_term(lg, doc, pid, today + dt.timedelta(days=90), text, a)
    if kind == 7:
        return here, lambda lg, doc, a: edits.extend(
            lg, doc, pid, today + dt.timedelta(days=rng.randrange(1, 400)), text, "巡察办", a)
    if kind == 8:
        return here, lambda lg, doc, a: edits.set_status(
            lg, doc, pid, rng.choice(["open", "basically-done"]), text, rng.choice([None, "基本完成"]), a)
    if kind == 9:
        return here, lambda lg, doc, a: edits.hold_accountable(
            lg, doc, pid, "孙八", None, rng.randrange(1, 5), "诫勉谈话", None, a)
    if kind == 10:
        return here, lambda lg, doc, a: edits.set_outcomes(
            lg, doc, pid, rng.randrange(0, 5), Decimal("1500.50"), None, a)
    if kind == 11:
        return round_here, lambda lg, doc, a: edits.record_survey(
            lg, doc, number, 100, 60, 30, rng.randrange(0, 11), a)
    return round_here, lambda lg, doc, a: edits.record_evaluation(lg, doc, number, "合格", rng.randrange(0, 101), None, a)


# --- the run ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "rectify-fuzz")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds after which a case counts as a hang")
    parser.add_argument("--kinds", default="bytes,mutate,policy,edit")
    parser.add_argument("--no-outputs", action="store_true",
                        help="only validate the mutants (skip report, export, list and show on those that validate)")
    options = parser.parse_args(argv)

    os.environ.setdefault("RECTIFY_TODAY", "2026-11-24")
    outputs = not options.no_outputs
    from rectify_cli import settings
    from rectify_cli.model import Policy
    from rectify_cli.validation.policy_file import load_policy

    today = settings.today()
    ledgers, policies = seeds()
    shipped_policy, _ = load_policy(ROOT / "ledgers") if (ROOT / "ledgers").is_dir() else (Policy(), [])
    options.out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="rectify-fuzz-"))
    os.environ.setdefault("RECTIFY_CACHE_DIR", str(workdir / "cache"))  # not the user's cache
    kinds = options.kinds.split(",")
    weights = {"bytes": 2, "mutate": 5, "policy": 1, "edit": 2}
    rng = random.Random(options.seed)
    counts: Counter = Counter()
    failures: list[str] = []
    slowest = 0.0
    started = time.perf_counter()
    for case in range(options.cases):
        kind = rng.choices(kinds, [weights[k] for k in kinds])[0]
        stem, text = rng.choice(ledgers)
        policy = shipped_policy if stem.startswith("jc-") else Policy()
        case_rng = random.Random(rng.getrandbits(64))
        begin = time.perf_counter()
        payload: bytes | str = b""
        try:
            steps_taken[0] = 1
            if kind == "bytes":
                payload = mutate_bytes(case_rng, text.encode("utf-8"))
                result, ledger = validate_bytes(payload, stem, policy, today)
                if ledger is not None and outputs:
                    result = outputs_case(payload.decode("utf-8-sig"), stem, ledger, workdir)
            elif kind == "mutate":
                payload = mutate_text(case_rng, text)
                result, ledger = validate_one(payload, stem, policy, today)
                if ledger is not None and outputs:
                    result = outputs_case(payload, stem, ledger, workdir)
            elif kind == "policy":
                payload = rng.choice(policies)
                result = policy_case(case_rng, payload, workdir)
            else:
                payload = text
                result = edit_case(case_rng, stem, text, policy, today, workdir)
        except Exception:
            result = "FAILED"
            failures.append(f"case {case} ({kind}, seed {options.seed})")
            target = options.out / f"case-{options.seed}-{case}-{kind}"
            target.with_suffix(".input").write_bytes(payload if isinstance(payload, bytes)
                                                     else payload.encode("utf-8", "surrogatepass"))
            target.with_suffix(".traceback").write_text(traceback.format_exc(), encoding="utf-8")
        elapsed = time.perf_counter() - begin
        elapsed /= max(1, steps_taken[0])  # the bound is per command (an edit, an output)
        slowest = max(slowest, elapsed)
        if elapsed > options.slow and result != "FAILED":
            result = "SLOW"
            failures.append(f"case {case} ({kind}) took {elapsed:.1f} s")
            (options.out / f"case-{options.seed}-{case}-{kind}.slow").write_bytes(
                payload if isinstance(payload, bytes) else payload.encode("utf-8", "surrogatepass"))
        counts[(kind, result)] += 1
        if (case + 1) % 1000 == 0:
            print(f"{case + 1} cases, {len(failures)} failure(s), {time.perf_counter() - started:.0f} s", file=sys.stderr)
    shutil.rmtree(workdir, ignore_errors=True)
    total = time.perf_counter() - started
    print(f"cases: {options.cases} (seed {options.seed}) in {total:.0f} s; slowest case {slowest:.2f} s")
    for kind in kinds:
        parts = ", ".join(f"{result} {counts[(kind, result)]}" for result in ("valid", "findings", "edited", "refused",
                                                                              "FAILED", "SLOW") if counts[(kind, result)])
        print(f"  {kind}: {parts}")
    print(f"failures: {len(failures)}" + (f" (inputs and tracebacks in {options.out})" if failures else ""))
    for failure in failures[:20]:
        print(f"  {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
