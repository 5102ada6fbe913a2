"""`rectify rollup`: one round over the ledger folders of the offices below (county → city → province).

A roll-up file (docs/rollup.md) lists units, each either a ledger folder (a county's repository,
often a git submodule) or a list of units below it. Each ledger folder is reported exactly as
`rectify report` reports it (`reports.round_report`, under that folder's own policy: figures,
consequences, provenance); a unit's figures are the sums of the folders under it
(`figures.merge`, as the report's totals are made). An organisation id is unique within its
folder, so the roll-up names each by its path: `jiangcheng/linjiang/jc-edu`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from rectify_cli import consequences, figures, load, provenance, reports
from rectify_cli.errors import RectifyError, say
from rectify_cli.model import ORG_ID_PATTERN, Strict, Text
from rectify_cli.settings import DEFAULT_LIMITS, Limits

MAX_ROLLUP_CHARACTERS = 1_000_000


class Unit(Strict):
    """An office below: a ledger folder (`ledgers`) or the units below it (`units`)."""

    id: str = Field(pattern=ORG_ID_PATTERN, description="Id of the unit, unique among its siblings; part of every path")
    name: Text = Field(description="Name, e.g. 临江县委巡察办")
    level: Text | None = Field(default=None, description="county, city, province …")
    ledgers: Text | None = Field(default=None, description="The ledger folder, relative to the roll-up file")
    units: list[Unit] = Field(default_factory=list, description="The units below")

    @model_validator(mode="after")
    def _one_of(self) -> Unit:
        if (self.ledgers is None) == (not self.units):
            raise ValueError(say("a unit has either `ledgers` (its ledger folder) or `units` (the units below it)"))
        ids = [unit.id for unit in self.units]
        if len(set(ids)) != len(ids):
            raise ValueError(say("the ids of the units below {id!r} repeat: {ids}", id=self.id, ids=", ".join(sorted(ids))))
        return self


class RollupFile(Strict):
    version: Literal[1] = 1
    name: Text = Field(description="The office that rolls up, e.g. 江城市委巡察办")
    level: Text | None = None
    units: list[Unit] = Field(min_length=1)


class InvalidRollup(RectifyError):
    """The roll-up file cannot be read or is not valid (exit 2)."""


def read_rollup(path: Path) -> RollupFile:
    """The roll-up file, validated; every ledger folder it names must exist."""
    from rectify_cli.validation.messages import pydantic_problems
    from rectify_cli.yamlio import reader
    from rectify_cli.yamlio.positions import Locator

    display = load.display_path(path)
    text, problems = load.read_text(path, display, MAX_ROLLUP_CHARACTERS)
    if text is None or problems:
        raise InvalidRollup(say("cannot read the roll-up file {file}", file=display), exit_code=2, problems=problems)
    data, problems = reader.parse_text(text, display)
    if any(p.severity == "error" for p in problems):
        raise InvalidRollup(say("the roll-up file {file} is not valid YAML", file=display), exit_code=2, problems=problems)
    try:
        spec = RollupFile.model_validate(data if data is not None else {})
    except ValidationError as exc:
        locator = Locator.deferred(text)
        found = locator.place(pydantic_problems(exc, RollupFile, display, locator))
        raise InvalidRollup(say("the roll-up file {file} is not valid", file=display), exit_code=2, problems=found,
                            hint=say("see docs/rollup.md for the format")) from None
    for unit_path, unit in leaves(spec.units):
        folder = path.parent / (unit.ledgers or "")
        if not folder.is_dir():
            raise InvalidRollup(say("{file}: the ledger folder of {unit} ({folder}) does not exist", file=display,
                                    unit=unit_path, folder=unit.ledgers), exit_code=2,
                                hint=say("clone the repository (git submodule update --init) or fix the path"))
    return spec


def leaves(units: list[Unit], above: str = "") -> list[tuple[str, Unit]]:
    """(path, unit) of every ledger folder, depth first, in the file's order."""
    found = []
    for unit in units:
        path = f"{above}/{unit.id}" if above else unit.id
        found.extend([(path, unit)] if unit.ledgers is not None else leaves(unit.units, path))
    return found


@dataclass(frozen=True)
class RollupRequest:
    file: Path
    round: int
    today: dt.date
    as_of: dt.date | None = None
    fail_on: frozenset[str] = frozenset()
    limits: Limits = DEFAULT_LIMITS
    # What the caller makes of each folder's report where it was made (maybe in a worker process, so a
    # province's JSON is written on every core): its result lands in `Folder.rendered`, and the folder's
    # result then keeps its totals and provenance alone (`_rendered`).
    render: Callable[[Folder], object] | None = None


@dataclass
class Folder:
    """One ledger folder's report (None when no valid ledger there records the round)."""

    path: str
    unit: Unit
    folder: Path
    result: reports.RoundResult | None
    note: str = ""
    invalid: list[str] = field(default_factory=list)   # when result is None: the files left out
    errors: int = 0
    rendered: object = None                            # what RollupRequest.render made of it
    organisations: int = 0                             # organisations reported
    fired: dict[str, list[str]] = field(default_factory=dict)   # rule -> organisation paths, in rule order


@dataclass
class UnitFigures:
    """A unit's figures: the sums over the ledger folders under it."""

    path: str
    name: str
    level: str | None
    depth: int
    figures: figures.Figures
    organisations: int
    fired: dict[str, list[str]]          # rule -> organisation paths, in rule order
    folder: bool                         # a ledger folder (not a sum of units)


@dataclass
class RollupResult:
    spec: RollupFile
    round: int
    as_of: dt.date
    folders: list[Folder]
    units: list[UnitFigures]             # depth first; each unit after the units below it
    totals: UnitFigures
    source: tuple[str, str | None, bool | None, str]   # the roll-up file's sha256, commit, dirty, git state
    file: str = ""                                      # the roll-up file, as the user named it
    invalid: list[str] = field(default_factory=list)
    errors: int = 0
    gated: dict[str, list[str]] = field(default_factory=dict)   # --fail-on rules that fired -> organisation paths


def _folder_limits(limits: Limits, folder: Path) -> Limits:
    """The limits with a cache of the folder's own: one shared cache file would be read whole once
    per folder (a hundred counties, a hundred reads of every county's entries)."""
    if limits.cache_dir is None:
        return limits
    key = hashlib.sha256(str(folder.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return replace(limits, cache_dir=limits.cache_dir / "rollup" / key)


def _report(request: RollupRequest, path: str, unit: Unit) -> Folder:
    folder = request.file.parent / (unit.ledgers or "")
    round_request = reports.RoundRequest(folder, request.round, request.today, request.as_of,
                                         fail_on=request.fail_on, limits=_folder_limits(request.limits, folder))
    try:
        result = reports.round_report(round_request)
        item = Folder(path, unit, folder, result, organisations=len(result.report.organisations),
                      fired=_fired_paths(path, result))
        if request.render is not None:
            item.rendered = request.render(item)
            item.result = _rendered(result)
        return item
    except reports.RoundNotRecorded as error:
        return Folder(path, unit, folder, None, note=error.message, invalid=error.invalid, errors=error.errors)
    except reports.InvalidPolicy as error:
        raise reports.InvalidPolicy(say("{path}: {message}", path=path, message=error.message), problems=error.problems) from None


def _fired_paths(path: str, result: reports.RoundResult) -> dict[str, list[str]]:
    fired: dict[str, list[str]] = {}
    for org_id, results in result.results.items():
        for one in results:
            if one.fired:
                fired.setdefault(one.rule, []).append(f"{path}/{org_id}")
    return _in_rule_order(fired)


def _rendered(result: reports.RoundResult) -> reports.RoundResult:
    """A folder's result once the caller rendered its organisations: the totals, the provenance and the
    gated rules the roll-up still reads, without the organisations' reports. Sent back from a worker,
    the whole result was twice the bytes of the rendered text, pickled and unpickled once more."""
    return replace(result, report=replace(result.report, organisations=()), results={}, explained=None, series=None,
                   ledgers=[])


def folder_jobs(limits: Limits, folders: int) -> int:
    """Processes for the folders: each folder is checked in one of them (its own cache, its own git
    calls), so a province's warm roll-up uses every core; a few folders are checked in-process."""
    if limits.jobs is not None:
        return max(1, min(limits.jobs, folders))
    return 1 if folders < 4 else max(1, min(os.cpu_count() or 1, 8, folders))


def _reports(request: RollupRequest, places: list[tuple[str, Unit]]) -> list[Folder]:
    jobs = folder_jobs(request.limits, len(places))
    if jobs <= 1:
        return [_report(request, path, unit) for path, unit in places]
    from concurrent.futures import ProcessPoolExecutor

    inner = replace(request, limits=replace(request.limits, jobs=1))   # no pool inside a pool
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(partial(_report_at, inner), places, chunksize=max(1, len(places) // (jobs * 8))))


def _report_at(request: RollupRequest, place: tuple[str, Unit]) -> Folder:
    return _report(request, *place)


def rollup_report(request: RollupRequest) -> RollupResult:
    """Every ledger folder's report of the round, and the sums per unit up to the total."""
    spec = read_rollup(request.file)
    on = request.as_of or request.today
    folders = _reports(request, list(leaves(spec.units)))
    by_path = {item.path: item for item in folders}
    units: list[UnitFigures] = []
    top = _sum_units(spec.units, "", 0, on, by_path, units)
    totals = _sum(on, "", spec.name, spec.level, -1, top, False)
    invalid: list[str] = []
    errors = 0
    gated: dict[str, list[str]] = {}
    for item in folders:
        result = item.result
        invalid += result.invalid if result else item.invalid
        errors += result.errors if result else item.errors
        for rule, org_ids in (result.fired.items() if result else ()):
            gated.setdefault(rule, []).extend(f"{item.path}/{org_id}" for org_id in org_ids)
    if not any(item.result for item in folders):
        raise reports.RoundNotRecorded(say("no ledger folder of {file} records round {round}", file=load.display_path(request.file),
                                           round=request.round), invalid, errors)
    raw = request.file.read_bytes()
    commit, dirty, state = provenance.git_state(request.file.parent)
    return RollupResult(spec, request.round, on, folders, units, totals,
                        (hashlib.sha256(raw).hexdigest(), commit, dirty, state), file=load.display_path(request.file),
                        invalid=invalid, errors=errors, gated=_in_rule_order(gated))


def _sum_units(units: list[Unit], above: str, depth: int, on: dt.date, folders: dict[str, Folder],
               out: list[UnitFigures]) -> list[UnitFigures]:
    """The figures of `units` (appended to `out` after those below them), returned in order."""
    mine = []
    for unit in units:
        path = f"{above}/{unit.id}" if above else unit.id
        if unit.ledgers is not None:
            item = _folder_figures(folders[path], on, depth)
        else:
            below = _sum_units(unit.units, path, depth + 1, on, folders, out)
            item = _sum(on, path, unit.name, unit.level, depth, below, False)
        out.append(item)
        mine.append(item)
    return mine


def _folder_figures(item: Folder, on: dt.date, depth: int) -> UnitFigures:
    if item.result is None:
        empty = figures.merge([], on)
        return UnitFigures(item.path, item.unit.name, item.unit.level, depth, empty, 0, {}, True)
    return UnitFigures(item.path, item.unit.name, item.unit.level, depth, item.result.report.totals,
                       item.organisations, item.fired, True)


def _sum(on: dt.date, path: str, name: str, level: str | None, depth: int, below: list[UnitFigures],
         folder: bool) -> UnitFigures:
    grades = [grade for item in below for grade, count in item.figures.grades for _ in range(count)]
    fired: dict[str, list[str]] = {}
    for item in below:
        for rule, org_paths in item.fired.items():
            fired.setdefault(rule, []).extend(org_paths)
    return UnitFigures(path, name, level, depth, figures.merge([item.figures for item in below], on, grades=grades),
                       sum(item.organisations for item in below), _in_rule_order(fired), folder)


def _in_rule_order(fired: dict[str, list[str]]) -> dict[str, list[str]]:
    order = list(consequences.RULE_IDS)
    return {rule: fired[rule] for rule in sorted(fired, key=order.index)}
