"""The validation pipeline: files -> parse -> models -> rules -> findings with file positions.

One bad file never stops the others: each file's failures become Problems in the result.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from rectify_cli import load
from rectify_cli.errors import Problem, UnreadableInput
from rectify_cli.model import Ledger, Policy
from rectify_cli.rules import check_ledger

POLICY_NAMES = ("policy.yaml", "policy.yml")


def today() -> dt.date:
    """Today, or RECTIFY_TODAY (YYYY-MM-DD) so that runs can be reproduced."""
    fixed = os.environ.get("RECTIFY_TODAY")
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise UnreadableInput(f"RECTIFY_TODAY={fixed!r} is not a date", hint="use YYYY-MM-DD") from None
    return dt.date.today()


def format_path(path: tuple) -> str:
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += ("." if text else "") + str(step)
    return text


class Locator:
    """Positions of nodes in one text, composed once and only when an error needs them."""

    def __init__(self, text: str | None):
        self.text = text
        self._root: yaml.Node | None = None
        self._composed = False

    def _compose(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=yaml.CSafeLoader) if self.text else None
            except yaml.YAMLError:
                self._root = None
        return self._root

    def find(self, path: tuple, key: bool = False) -> tuple[int, int]:
        node = self._compose()
        if node is None:
            return (1, 1) if self.text else (0, 0)
        for position, step in enumerate(path):
            last = position == len(path) - 1
            if isinstance(node, yaml.MappingNode):
                match = None
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and _key_matches(key_node, step):
                        match = key_node if (key and last) else value_node
                if match is None:
                    break
                node = match
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
            else:
                break
        return node.start_mark.line + 1, node.start_mark.column + 1


def _key_matches(key_node: yaml.ScalarNode, step: object) -> bool:
    if key_node.value == str(step):
        return True
    # A key YAML 1.1 read as a boolean (`on:`) arrives in pydantic's error as True/False.
    if isinstance(step, bool) or (isinstance(step, str) and step in ("True", "False")):
        return key_node.value.lower() in ("on", "off", "yes", "no", "y", "n", "true", "false")
    return False


@dataclass
class LoadedLedger:
    """A ledger file that parsed and passed the type checks (rules may still have findings)."""

    path: Path
    display: str
    ledger: Ledger
    text: str


@dataclass
class CheckResult:
    ledgers: list[LoadedLedger] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    policy: Policy = field(default_factory=Policy)
    summaries: dict[str, object] = field(default_factory=dict)

    @property
    def invalid_files(self) -> list[str]:
        seen: dict[str, None] = {}
        for problem in self.problems:
            if problem.severity == "error":
                seen[problem.file] = None
        return list(seen)

    @property
    def ok(self) -> bool:
        return not self.invalid_files

    def valid_ledgers(self) -> list[LoadedLedger]:
        bad = set(self.invalid_files)
        return [item for item in self.ledgers if item.display not in bad]


def pydantic_problems(exc: ValidationError, model: type[BaseModel], display: str, locator: Locator) -> list[Problem]:
    """Turn pydantic's errors into findings with positions, codes and hints a clerk can act on."""
    problems = []
    for error in exc.errors(include_url=False):
        path = tuple(step for step in error["loc"] if not _is_schema_step(step))
        kind = error["type"]
        value = error.get("input")
        message = error["msg"]
        hint = ""
        at_key = False
        if isinstance(value, load.Suspicious) and kind != "extra_forbidden":
            code = "E-DATE" if "date" in value.reason else "E-YAML11"
            message, hint = value.reason, value.hint
        elif kind == "extra_forbidden":
            code, at_key = "E-UNKNOWN-FIELD", True
            name = path[-1]
            message = f"unknown field {name!r}"
            if name in load.YAML11_WORDS:
                code = "E-YAML11"
                message = f"the key {name!r} is read as a yes/no value by YAML 1.1, not as a field name"
                hint = "ledger fields never use on/off/yes/no as names: see docs/format.md (a date is `date:`)"
            elif isinstance(name, bool) or name in ("True", "False"):
                message = f"a key YAML 1.1 reads as the boolean {name} (written `on`, `off`, `yes` or `no`?)"
                hint = "quote the key or use the field names of the format (docs/format.md)"
            else:
                allowed = _fields_at(model, path[:-1])
                close = difflib.get_close_matches(str(name), allowed, n=1)
                hint = f"did you mean {close[0]!r}?" if close else ("allowed here: " + ", ".join(allowed) if allowed else "")
        elif kind == "missing":
            code = "E-MISSING-FIELD"
            message = f"missing required field {path[-1]!r}"
            path_for_position = path[:-1]
            line, column = locator.find(path_for_position)
            problems.append(Problem(display, line, column, code, message, format_path(path),
                                    hint="see docs/format.md for the fields", excerpt=load.excerpt(locator.text, line)))
            continue
        elif kind == "timezone_aware":
            code = "E-DATE"
            message = f"{_describe(value)} has no time zone offset"
            hint = "write the offset, e.g. 2026-05-12T09:30:00+08:00"
        elif kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "datetime_type", "date_from_datetime_inexact"):
            code = "E-DATE"
            message = f"expected a date (YYYY-MM-DD), found {_describe(value)}"
            if kind == "datetime_type":
                message = f"expected a date and time with zone (2026-05-12T09:30:00+08:00), found {_describe(value)}"
            hint = "write the date unquoted, e.g. 2026-05-12"
        elif kind.endswith("_type") or kind in ("model_type", "model_attributes_type", "dict_type", "list_type"):
            code = "E-TYPE"
            expected = kind.removesuffix("_type").replace("model_attributes", "mapping").replace("model", "mapping")
            expected = {"dict": "mapping", "list": "list", "string": "text", "int": "whole number", "bool": "true/false"}.get(expected, expected)
            message = f"expected {expected}, found {_describe(value)}"
            if kind == "string_type" and isinstance(value, (bool, int, float, dt.date)):
                hint = "quote the value if it is meant as text"
            elif kind == "int_type" and isinstance(value, (str, float)):
                hint = "write a whole number without quotes"
        elif kind in ("literal_error", "enum"):
            code = "E-VALUE"
            message = f"{_describe(value)} is not allowed: {message[0].lower() + message[1:]}"
        elif kind == "string_pattern_mismatch":
            code = "E-ID" if path and path[-1] in ("id", "repeat_of", "measure") else "E-VALUE"
            message = f"{_describe(value)} is not a valid {path[-1] if path else 'value'}"
            hint = _pattern_hint(path)
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            code = "E-RANGE"
            message = f"{_describe(value)}: {message[0].lower() + message[1:]}"
        else:
            code = "E-VALUE"
            message = message.removeprefix("Value error, ")
            message = f"{_describe(value)}: {message}" if value is not None and not isinstance(value, (dict, list)) else message
        line, column = locator.find(path, key=at_key)
        problems.append(Problem(display, line, column, code, message, format_path(path), hint=hint,
                                excerpt=load.excerpt(locator.text, line)))
    return problems


def _is_schema_step(step: object) -> bool:
    # pydantic puts validator names (e.g. 'function-after[...]') into locations of some unions
    return isinstance(step, str) and ("[" in step and "]" in step and "(" in step)


def _describe(value: object) -> str:
    if isinstance(value, load.Suspicious):
        return repr(value.text)
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, dt.datetime):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _pattern_hint(path: tuple) -> str:
    if path[:2] == ("organisation", "id"):
        return "an organisation id is lower-case letters, digits and '-', e.g. tj-police"
    if path and path[-1] == "sha256":
        return "64 lower-case hex digits, as printed by sha256sum"
    if path and path[-1] == "hash":
        return "history hashes are written by rectify commands"
    return "ids are letters, digits, '.', '_' and '-', without spaces, e.g. P7-001 or M1"


def _fields_at(model: type[BaseModel], path: tuple) -> list[str]:
    """Field names allowed at `path` inside `model` (for 'did you mean' hints)."""
    current: object = model
    for step in path:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(step) or next(
            (f for f in current.model_fields.values() if f.alias == step), None)
        if info is None:
            return []
        current = _model_in(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _model_in(annotation: object) -> object:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()) or ():
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def load_policy(folder: Path) -> tuple[Policy, list[Problem]]:
    """The policy beside the ledgers, or the defaults when there is none."""
    for name in POLICY_NAMES:
        path = folder / name
        if path.exists():
            parsed = load.parse_file(path)
            if not parsed.ok:
                return Policy(), parsed.problems
            data = parsed.data if parsed.data is not None else {}
            if not isinstance(data, dict):
                return Policy(), [Problem(parsed.display, 1, 1, "E-NOT-MAPPING", "the policy must be a mapping of settings")]
            try:
                return Policy.model_validate(data), []
            except ValidationError as exc:
                return Policy(), pydantic_problems(exc, Policy, parsed.display, Locator(parsed.text))
    return Policy(), []


def validate_text(text: str, display: str, policy: Policy, on: dt.date, stem: str | None) -> tuple[Ledger | None, list[Problem]]:
    """Validate one ledger's text: YAML, types and rules. Used by `validate` and before every write."""
    data, problems = load.parse_text(text, display)
    if data is None and problems:
        return None, problems
    return validate_data(data, text, display, policy, on, stem, problems)


def validate_data(data: object, text: str, display: str, policy: Policy, on: dt.date, stem: str | None,
                  problems: list[Problem] | None = None) -> tuple[Ledger | None, list[Problem]]:
    problems = list(problems or [])
    locator = Locator(text)
    if data is None:
        problems.append(Problem(display, 0, 0, "E-EMPTY", "the file is empty",
                                hint="start from `rectify init` or a copy of an example ledger"))
        return None, problems
    if not isinstance(data, dict):
        problems.append(Problem(display, 1, 1, "E-NOT-MAPPING",
                                f"a ledger is a mapping with organisation, inspections and problems; found {_describe(data)}",
                                excerpt=load.excerpt(text, 1)))
        return None, problems
    try:
        ledger = Ledger.model_validate(data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, Ledger, display, locator))
        return None, problems
    for path, code, message, hint in check_ledger(ledger, policy, on, stem):
        line, column = locator.find(path)
        problems.append(Problem(display, line, column, code, message, format_path(path), hint=hint,
                                excerpt=load.excerpt(text, line)))
    return ledger, problems


@dataclass
class FileResult:
    """What checking one file produced; small enough to send back from a worker process."""

    display: str
    problems: list[Problem]
    org_id: str | None = None
    summary: object = None
    loaded: LoadedLedger | None = None


_WORKER: dict = {}


def _set_worker(policy: Policy, on: dt.date, evidence: bool, summarise, keep: bool) -> None:
    _WORKER.update(policy=policy, on=on, evidence=evidence, summarise=summarise, keep=keep)


def _check_file(path: Path, display: str) -> tuple[str | None, FileResult]:
    """Read, parse, validate and summarise one file; returns the sha256 of the bytes it read."""
    import gc

    policy, on = _WORKER["policy"], _WORKER["on"]
    raw, problems = load.read_bytes(path, display)
    if raw is None:
        return None, FileResult(display, problems)
    from rectify_cli.cache import file_key

    key = file_key(raw, path.name)
    text, problems = load.decode(raw, display)
    if text is None:
        return key, FileResult(display, problems)
    enabled = gc.isenabled()
    gc.disable()  # parsing builds many objects and no cycles: a collector pass would only rescan them
    try:
        ledger, problems = validate_text(text, display, policy, on, path.stem)
        result = FileResult(display, problems, ledger.organisation.id if ledger else None)
        if ledger is not None:
            if _WORKER["evidence"]:
                result.problems.extend(_evidence_problems(ledger, text, display, path))
            if _WORKER["summarise"] is not None:
                result.summary = _WORKER["summarise"](ledger)
            if _WORKER["keep"]:
                result.loaded = LoadedLedger(path, display, ledger, text)
    finally:
        if enabled:
            gc.enable()
    return key, result


def _evidence_problems(ledger: Ledger, text: str, display: str, path: Path) -> list[Problem]:
    from rectify_cli.evidence import evidence_findings, repository_root

    locator = Locator(text)
    found = []
    for where, code, message, hint in evidence_findings(ledger, repository_root(path.parent)):
        line, column = locator.find(where)
        found.append(Problem(display, line, column, code, message, format_path(where), hint=hint,
                             excerpt=load.excerpt(text, line)))
    return found


def _pool_check(paths: list[tuple[Path, str]], jobs: int, initargs: tuple, progress=None) -> list[tuple[str | None, FileResult]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_set_worker,
                             initargs=initargs) as pool:
        chunk = max(1, min(16, len(paths) // (jobs * 8) or 1))
        results = []
        for outcome in pool.map(_check_file, [p for p, _ in paths], [d for _, d in paths], chunksize=chunk):
            results.append(outcome)
            if progress is not None:
                progress()
        return results


def jobs_wanted(count: int, size: int) -> int:
    """Worker processes for `count` files of `size` bytes: 1 unless the work pays for the start-up."""
    configured = os.environ.get("RECTIFY_JOBS")
    if configured and configured.isdigit():
        return max(1, int(configured))
    if count < 8 or size < 4 * 1024 * 1024:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def check_paths(paths: list[Path], policy: Policy, on: dt.date, evidence: bool = False,
                summarise=None, summary_key: str = "", keep_ledgers: bool = True,
                progress=None) -> CheckResult:
    """Validate every ledger file under `paths`; collect all findings, never stop at the first.

    With `evidence`, also check each evidence file exists inside the repository and still matches
    the sha256 recorded at closure. `summarise(ledger)` runs where the ledger was validated (maybe
    in a worker process) and its small result lands in `result.summaries`; with `keep_ledgers`
    the models themselves are kept in `result.ledgers`. Unchanged files are answered from the
    content-keyed cache when neither models nor evidence are wanted.
    """
    from rectify_cli.cache import Cache

    result = CheckResult(policy=policy)
    files = load.ledger_files(paths)
    result.files = len(files)
    use_cache = not evidence and not keep_ledgers
    cache = Cache(f"{policy.model_dump_json()}\n{on}\n{summary_key}") if use_cache else None
    initargs = (policy, on, evidence, summarise, keep_ledgers)
    _set_worker(*initargs)
    outcomes: dict[int, tuple[str | None, FileResult]] = {}
    misses: list[tuple[int, Path, str]] = []
    size = 0
    for index, path in enumerate(files):
        display = load.display_path(path)
        if cache is not None and cache.entries:
            raw, problems = load.read_bytes(path, display)
            if raw is not None:
                from rectify_cli.cache import file_key

                key = file_key(raw, path.name)
                hit = cache.get(key)
                if hit is not None:
                    problems, org_id, summary = hit
                    outcomes[index] = (key, FileResult(display, [_relocated(p, display) for p in problems],
                                                       org_id, summary))
                    if progress is not None:
                        progress()
                    continue
        misses.append((index, path, display))
        try:
            size += path.stat().st_size
        except OSError:
            pass
    jobs = jobs_wanted(len(misses), size)
    if jobs > 1:
        done = _pool_check([(p, d) for _, p, d in misses], jobs, initargs, progress)
        for (index, _, _), outcome in zip(misses, done):
            outcomes[index] = outcome
    else:
        for index, path, display in misses:
            outcomes[index] = _check_file(path, display)
            if progress is not None:
                progress()
    owners: dict[str, str] = {}
    for index in range(len(files)):
        key, outcome = outcomes[index]
        if cache is not None and key is not None:
            cache.put(key, ([_relocated(p, "") for p in outcome.problems], outcome.org_id, outcome.summary))
        result.problems.extend(outcome.problems)
        if outcome.summary is not None:
            result.summaries[outcome.display] = outcome.summary
        if outcome.loaded is not None:
            result.ledgers.append(outcome.loaded)
        if outcome.org_id is not None:
            if outcome.org_id in owners:
                result.problems.append(_duplicate_org(files[index], outcome.display, outcome.org_id, owners))
            else:
                owners[outcome.org_id] = outcome.display
    if cache is not None:
        cache.save()
    return result


def _relocated(problem: Problem, display: str) -> Problem:
    from dataclasses import replace

    return replace(problem, file=display)


def _duplicate_org(path: Path, display: str, org_id: str, owners: dict[str, str]) -> Problem:
    text, _ = load.read_text(path, display)
    line, column = Locator(text).find(("organisation", "id"))
    return Problem(display, line, column, "E-DUPLICATE-ORG", f"organisation id {org_id!r} is also used by {owners[org_id]}",
                   "organisation.id", hint="each organisation has exactly one ledger", excerpt=load.excerpt(text, line))


def ledger_folder(option: Path | None) -> Path:
    """--ledgers, else RECTIFY_LEDGERS, else ./ledgers."""
    folder = option or Path(os.environ.get("RECTIFY_LEDGERS") or "ledgers")
    if not folder.is_dir():
        raise UnreadableInput(f"ledger folder {str(folder)!r} does not exist",
                              hint="run in the repository that holds ledgers/, or pass --ledgers DIR (or set RECTIFY_LEDGERS)")
    return folder
