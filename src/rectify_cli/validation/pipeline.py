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

from rectify_cli.errors import Finding, UnreadableInput
from rectify_cli.model import Ledger, Policy
from rectify_cli.validation.rules import check_ledger
from rectify_cli.yamlio import reader as load

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
    """Positions of nodes in one text, composed once and only when an error needs them.

    For a big text, composing every node to place a few findings costs gigabytes (5 million
    nodes: 3.4 GB), so `deferred()` locators answer later: findings are made with a placeholder
    position and `place()` gives them their lines from one pass over libyaml's events.
    """

    def __init__(self, text: str | None):
        self.text = text
        self._root: yaml.Node | None = None
        self._composed = False
        self._requests: list[tuple[tuple, bool]] | None = None
        self._index: dict[int, dict] = {}

    @classmethod
    def deferred(cls, text: str | None) -> Locator:
        locator = cls(text)
        if text is not None and len(text) > DEFER_POSITIONS_ABOVE:
            locator._requests = []
        return locator

    def place(self, problems: list[Finding]) -> list[Finding]:
        """The findings with the positions asked for while deferred (line -N is request N-1)."""
        if not self._requests:
            return problems
        from dataclasses import replace

        requests = {path for path, _ in self._requests}
        keys = {path for path, key in self._requests if key}
        values, key_marks = _event_positions(self.text or "", requests, keys)
        placed = []
        for problem in problems:
            if problem.line < 0:
                path, key = self._requests[-problem.line - 1]
                line, column = key_marks.get(path) if key and path in key_marks else next(
                    (values[path[:depth]] for depth in range(len(path), -1, -1) if path[:depth] in values), (1, 1))
                problem = replace(problem, line=line, column=column, excerpt=load.excerpt(self.text, line))
            placed.append(problem)
        return placed

    def _compose(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=yaml.CSafeLoader) if self.text else None
            except yaml.YAMLError:
                self._root = None
        return self._root

    def _keys(self, node: yaml.MappingNode) -> dict:
        # Indexed once per mapping: 1,000 findings in a mapping of 70,000 keys scanned it 70 million times.
        index = self._index.get(id(node))
        if index is None:
            index = {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}  # the last wins
            self._index[id(node)] = index
        return index

    def find(self, path: tuple, key: bool = False) -> tuple[int, int]:
        if self._requests is not None:
            self._requests.append((tuple(path), key))
            return -len(self._requests), 0
        node = self._compose()
        if node is None:
            return (1, 1) if self.text else (0, 0)
        for position, step in enumerate(path):
            last = position == len(path) - 1
            if isinstance(node, yaml.MappingNode):
                match = None
                if isinstance(step, bool) or step in ("True", "False"):
                    for key_node, value_node in node.value:
                        if isinstance(key_node, yaml.ScalarNode) and _key_matches(key_node, step):
                            match = key_node if (key and last) else value_node
                else:
                    entry = self._keys(node).get(str(step))
                    if entry is not None:
                        match = entry[0] if (key and last) else entry[1]
                if match is None:
                    break
                node = match
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
            else:
                break
        return node.start_mark.line + 1, node.start_mark.column + 1


DEFER_POSITIONS_ABOVE = 1024 * 1024  # characters


def _event_positions(text: str, requests: set[tuple], keys: set[tuple]) -> tuple[dict, dict]:
    """(line, column) of the value at each prefix of the `requests` paths, and of the key at each
    path in `keys`, from one pass over the events that stops once every request is settled: found,
    or its deepest existing prefix is behind us."""
    values: dict[tuple, tuple[int, int]] = {}
    key_marks: dict[tuple, tuple[int, int]] = {}
    wanted = {path[:depth] for path in requests for depth in range(len(path) + 1)}
    pending = set(requests)
    under: dict[tuple, set[tuple]] = {}
    for path in requests:
        for depth in range(len(path) + 1):
            under.setdefault(path[:depth], set()).add(path)
    no_key = object()
    stack: list[list] = []  # [path, is_mapping, next index, pending key]

    def settle(path: tuple) -> None:  # nothing deeper than `path` is left to find
        for request in under.pop(path, ()):
            pending.discard(request)

    loader = yaml.CSafeLoader(text)
    try:
        while pending:
            event = loader.get_event()
            cls = event.__class__
            if event is None or cls is yaml.StreamEndEvent or cls is yaml.DocumentEndEvent:
                break
            if cls is yaml.StreamStartEvent or cls is yaml.DocumentStartEvent:
                continue
            if cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                closed = stack.pop()[0]
                if closed is not None:
                    settle(closed)
                continue
            path = ()
            if stack:
                top = stack[-1]
                if top[0] is None:
                    path = None
                elif not top[1]:
                    path = top[0] + (top[2],)
                    top[2] += 1
                elif top[3] is no_key:  # this node is a key
                    top[3] = event.value if cls is yaml.ScalarEvent else None
                    if top[3] is not None and top[0] + (top[3],) in keys:
                        key_marks[top[0] + (top[3],)] = (event.start_mark.line + 1, event.start_mark.column + 1)
                    if cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                        stack.append([None, cls is yaml.MappingStartEvent, 0, no_key])
                    continue
                else:
                    path = top[0] + (top[3],) if top[3] is not None else None
                    top[3] = no_key
            if path is not None and path in wanted:
                values[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
                pending.discard(path)  # its start is all that is needed
                if cls is not yaml.MappingStartEvent and cls is not yaml.SequenceStartEvent:
                    settle(path)
            if cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                # Below a path nobody asked for, nothing is wanted (`wanted` holds every prefix).
                stack.append([path if path is not None and path in wanted else None,
                              cls is yaml.MappingStartEvent, 0, no_key])
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return values, key_marks


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
    problems: list[Finding] = field(default_factory=list)
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


def pydantic_problems(exc: ValidationError, model: type[BaseModel], display: str, locator: Locator,
                      prefix: tuple = (), skip: frozenset = frozenset(), limit: int | None = None) -> list[Finding]:
    """Turn pydantic's errors into findings with positions, codes and hints a clerk can act on.

    `prefix` is where `model`'s data sits in the file; errors under a top key in `skip` are dropped;
    at most `limit` findings are made.
    """
    problems = []
    for error in exc.errors(include_url=False):
        if limit is not None and len(problems) >= limit:
            break
        relative = tuple(step for step in error["loc"] if not _is_schema_step(step))
        if relative and relative[0] in skip:
            continue
        path = prefix + relative
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
                allowed = _fields_at(model, relative[:-1])
                close = difflib.get_close_matches(str(name), allowed, n=1)
                hint = f"did you mean {close[0]!r}?" if close else ("allowed here: " + ", ".join(allowed) if allowed else "")
        elif kind == "missing":
            code = "E-MISSING-FIELD"
            message = f"missing required field {path[-1]!r}"
            path_for_position = path[:-1]
            line, column = locator.find(path_for_position)
            problems.append(Finding(display, line, column, code, message, format_path(path),
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
        problems.append(Finding(display, line, column, code, message, format_path(path), hint=hint,
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


def load_policy(folder: Path) -> tuple[Policy, list[Finding]]:
    """The policy beside the ledgers, or the defaults when there is none."""
    for name in POLICY_NAMES:
        path = folder / name
        if path.exists():
            display = load.display_path(path)
            text, problems = load.read_text(path, display)
            if text is not None and len(text) > MAX_POLICY_CHARACTERS:
                # A policy is a page of settings; a big one is only a way to make millions of errors.
                problems = [Finding(display, 0, 0, "E-TOO-LARGE",
                                    f"the policy has {len(text):,} characters, over the limit of {MAX_POLICY_CHARACTERS:,}",
                                    hint="a policy holds settings, categories and rules: see docs/format.md")]
            if text is None or problems:
                return Policy(), problems
            data, problems = load.parse_text(text, display)
            if any(p.severity == "error" for p in problems):
                return Policy(), problems
            data = data if data is not None else {}
            if not isinstance(data, dict):
                return Policy(), [Finding(display, 1, 1, "E-NOT-MAPPING", "the policy must be a mapping of settings")]
            try:
                return Policy.model_validate(data), []
            except ValidationError as exc:
                locator = Locator.deferred(text)
                found = pydantic_problems(exc, Policy, display, locator, limit=MAX_FINDINGS + 1)
                return Policy(), locator.place(_capped(found, display, exc.error_count()))
    return Policy(), []


MAX_POLICY_CHARACTERS = 1024 * 1024


def validate_text(text: str, display: str, policy: Policy, on: dt.date, stem: str | None) -> tuple[Ledger | None, list[Finding]]:
    """Validate one ledger's text: YAML, types and rules. Used by `validate` and before every write."""
    data, problems = load.parse_text(text, display)
    if data is None and problems:
        return None, problems
    return validate_data(data, text, display, policy, on, stem, problems)


def validate_data(data: object, text: str, display: str, policy: Policy, on: dt.date, stem: str | None,
                  problems: list[Finding] | None = None) -> tuple[Ledger | None, list[Finding]]:
    problems = list(problems or [])
    locator = Locator.deferred(text)
    ledger, found = _validate_data(data, text, display, policy, on, stem, locator)
    return ledger, problems + locator.place(found)


def _validate_data(data: object, text: str, display: str, policy: Policy, on: dt.date, stem: str | None,
                   locator: Locator) -> tuple[Ledger | None, list[Finding]]:
    problems: list[Finding] = []
    if data is None:
        problems.append(Finding(display, 0, 0, "E-EMPTY", "the file is empty",
                                hint="start from `rectify init` or a copy of an example ledger"))
        return None, problems
    if not isinstance(data, dict):
        problems.append(Finding(display, 1, 1, "E-NOT-MAPPING",
                                f"a ledger is a mapping with organisation, inspections and problems; found {_describe(data)}",
                                excerpt=load.excerpt(text, 1)))
        return None, problems
    if _error_bound(data) > PIECEWISE_ABOVE:
        found: list[Finding] = []
        _validate_piecewise(Ledger, data, (), display, locator, found)
        if found:
            return None, problems + _capped(found, display)
    try:
        ledger = Ledger.model_validate(data)
    except ValidationError as exc:
        found = pydantic_problems(exc, Ledger, display, locator, limit=MAX_FINDINGS + 1)
        return None, problems + _capped(found, display, exc.error_count())
    found = []
    for path, code, message, hint in check_ledger(ledger, policy, on, stem):
        if len(found) > MAX_FINDINGS:
            break
        line, column = locator.find(path)
        found.append(Finding(display, line, column, code, message, format_path(path), hint=hint,
                             excerpt=load.excerpt(text, line)))
    return ledger, problems + _capped(found, display)


# pydantic holds every error of a validation at once: a 3.8 MB file with an error in each of
# 100,000 problems made 600,000 of them (640 MB before any finding was built, 6.5 GB and 190 s for
# 16 MB). Past PIECEWISE_ABOVE possible errors, a ledger is validated one list item at a time and
# stops after MAX_FINDINGS findings; a file reports at most MAX_FINDINGS findings either way.
MAX_FINDINGS = 1000
PIECEWISE_ABOVE = 200_000
_UNKNOWN_KEYS_KEPT = 20


def _error_bound(data: object) -> int:
    """At most how many errors pydantic can report for `data`: one per value or key, 8 per mapping."""
    bound = 0
    stack = [data]
    while stack:
        item = stack.pop()
        cls = type(item)
        if cls is dict:
            bound += 8 + 2 * len(item)
            stack.extend(item.values())
        elif cls is list:
            bound += 1
            stack.extend(item)
        else:
            bound += 1
    return bound


def _capped(found: list[Finding], display: str, total: int | None = None) -> list[Finding]:
    if len(found) <= MAX_FINDINGS:
        return found
    more = f"{total - MAX_FINDINGS:,} more" if total is not None else "more"
    return found[:MAX_FINDINGS] + [Finding(display, 0, 0, "E-TOO-MANY-ERRORS",
                                           f"{more} errors in this file are not shown",
                                           hint="fix the errors above (often one cause) and validate again")]


def _validate_piecewise(model: type[BaseModel], data: object, prefix: tuple, display: str, locator: Locator,
                        found: list[Finding]) -> None:
    """Validate `data` against `model` one nested mapping and list item at a time, so that pydantic
    holds only the errors of one item at once; stop once more than MAX_FINDINGS are found."""
    if not isinstance(data, dict):
        try:
            model.model_validate(data)
        except ValidationError as exc:
            found.extend(pydantic_problems(exc, model, display, locator, prefix, limit=MAX_FINDINGS + 1))
        return
    fields = {info.alias or name: info for name, info in model.model_fields.items()}
    shell: dict = {}
    deeper: list[tuple[str, type[BaseModel], object]] = []
    unknown = 0
    for key, value in data.items():
        info = fields.get(key) if isinstance(key, str) else None
        inner, many = _inner_model(info.annotation) if info is not None else (None, False)
        if inner is not None and isinstance(value, list if many else dict):
            deeper.append((key, inner, value))
            continue
        if info is None:
            unknown += 1
            if unknown > _UNKNOWN_KEYS_KEPT:  # enough to show; millions of keys would be millions of errors
                continue
        shell[key] = value
    try:
        model.model_validate(shell)
    except ValidationError as exc:
        skip = frozenset(key for key, _, _ in deeper)
        found.extend(pydantic_problems(exc, model, display, locator, prefix, skip, limit=MAX_FINDINGS + 1))
    for key, inner, value in deeper:
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            if len(found) > MAX_FINDINGS:
                return
            _validate_piecewise(inner, item, prefix + ((key, index) if index is not None else (key,)),
                                display, locator, found)


def _inner_model(annotation: object) -> tuple[type[BaseModel] | None, bool]:
    """(M, False) for a field of type M or M | None, (M, True) for list[M]; (None, False) otherwise."""
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is list and arguments and isinstance(arguments[0], type) and issubclass(arguments[0], BaseModel):
        return arguments[0], True
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        models = [a for a in arguments if isinstance(a, type) and issubclass(a, BaseModel)]
        if len(models) == 1 and all(a is type(None) or a is models[0] for a in arguments):
            return models[0], False
    return None, False


@dataclass
class FileResult:
    """What checking one file produced; small enough to send back from a worker process."""

    display: str
    problems: list[Finding]
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
    from rectify_cli.validation.cache import file_key

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


def _evidence_problems(ledger: Ledger, text: str, display: str, path: Path) -> list[Finding]:
    from rectify_cli.validation.evidence import evidence_findings, repository_root

    locator = Locator(text)
    found = []
    for where, code, message, hint in evidence_findings(ledger, repository_root(path.parent)):
        line, column = locator.find(where)
        found.append(Finding(display, line, column, code, message, format_path(where), hint=hint,
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
    from rectify_cli.validation.cache import Cache

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
                from rectify_cli.validation.cache import file_key

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
        if cache is not None and key is not None and cache.get(key) is None:
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


def _relocated(problem: Finding, display: str) -> Finding:
    from dataclasses import replace

    return replace(problem, file=display)


def _duplicate_org(path: Path, display: str, org_id: str, owners: dict[str, str]) -> Finding:
    text, _ = load.read_text(path, display)
    line, column = Locator(text).find(("organisation", "id"))
    return Finding(display, line, column, "E-DUPLICATE-ORG", f"organisation id {org_id!r} is also used by {owners[org_id]}",
                   "organisation.id", hint="each organisation has exactly one ledger", excerpt=load.excerpt(text, line))


def ledger_folder(option: Path | None) -> Path:
    """--ledgers, else RECTIFY_LEDGERS, else ./ledgers."""
    folder = option or Path(os.environ.get("RECTIFY_LEDGERS") or "ledgers")
    if not folder.is_dir():
        raise UnreadableInput(f"ledger folder {str(folder)!r} does not exist",
                              hint="run in the repository that holds ledgers/, or pass --ledgers DIR (or set RECTIFY_LEDGERS)")
    return folder
