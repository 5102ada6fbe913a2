"""The reading use cases: a request in, data out; nothing printed, no exit codes.

`round_report` is `rectify report`: validate the ledger folder (per-file summaries from the
content-keyed cache for the main view; the models for --open, --due-soon, --explain and --trend),
combine the organisations of the round, apply the consequence rules, and say which rules named by
--fail-on fired for whom and which files were left out as invalid. The CLI renders the result and
maps it to the exit codes (invalid files 1, a gated rule 3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import partial
from pathlib import Path

from rectify_cli import consequences, figures, formalism, listing, load, provenance, schedule
from rectify_cli import disclosure as disclosure_module
from rectify_cli.errors import Finding, RectifyError, RefusedChange, UnreadableInput, say
from rectify_cli.model import Ledger, Policy
from rectify_cli.settings import DEFAULT_LIMITS, Limits
from rectify_cli.validation import pipeline
from rectify_cli.validation.policy_file import load_policy

VIEWS = ("report", "open", "due", "explain", "disclose")


class InvalidPolicy(RectifyError):
    """The policy beside the ledgers is not valid: no figures can be computed (exit 1)."""


class RoundNotRecorded(RectifyError):
    """No valid ledger records the round asked for; `invalid` says which files were left out."""

    def __init__(self, message: str, invalid: list[str], errors: int):
        super().__init__(message=message, exit_code=1 if invalid else 2,
                         hint="" if invalid else say("check --round, or add the round with `rectify add-round`"))
        self.invalid = invalid
        self.errors = errors


@dataclass(frozen=True)
class RoundRequest:
    """What `rectify report` was asked: the folder to read, the round, the date, the filters and the view."""

    folder: Path  # the files to read (the ledger folder, or its copy at --at's commit)
    round: int
    today: dt.date
    as_of: dt.date | None = None
    organisations: tuple[str, ...] = ()  # ids or names, as typed
    categories: tuple[str, ...] = ()
    view: str = "report"
    explain: str | None = None  # an organisation's id or name
    trend: bool = False
    fail_on: frozenset[str] = frozenset()
    git_folder: Path | None = None  # the ledger folder in its repository (for provenance); default `folder`
    commit: str | None = None  # set by --at
    limits: Limits = DEFAULT_LIMITS


@dataclass
class RoundResult:
    report: figures.RoundReport
    results: dict[str, tuple[consequences.RuleResult, ...]]
    provenance: provenance.Provenance
    explained: figures.OrgReport | None = None
    series: figures.RateSeries | None = None
    invalid: list[str] = field(default_factory=list)  # files left out, as the user knows them
    errors: int = 0  # error findings in those files
    fired: dict[str, list[str]] = field(default_factory=dict)  # gated rule → organisation ids, in rule order
    ledgers: list = field(default_factory=list)  # the valid models, when the view loaded them (not the main view)


def fail_on_rules(values: Sequence[str]) -> frozenset[str]:
    """--fail-on's values (repeatable, comma-separated, or `any`) as rule ids; unknown ones refused (exit 2)."""
    from rectify_cli.suggest import did_you_mean, with_suggestion

    wanted: set[str] = set()
    for value in values:
        for name in (part.strip() for part in value.split(",")):
            if name == "any":
                wanted.update(consequences.RULE_IDS)
            elif name in consequences.RULE_IDS:
                wanted.add(name)
            else:
                raise UnreadableInput(say("--fail-on: unknown rule {name!r}", name=name), hint=with_suggestion(
                    did_you_mean(name, (*consequences.RULE_IDS, "any")),
                    say("use one of: {names}, or any", names=", ".join(consequences.RULE_IDS))))
    return frozenset(wanted)


def organisation_id(wanted: str, known: dict[str, str]) -> str | None:
    """The id of the organisation `wanted` names, by id or by its exact name, among `known` {id: name}."""
    for org_id, name in known.items():
        if wanted in (org_id, name):
            return org_id
    return None


def known_list(known: dict[str, str]) -> str:
    """`id (name), …` sorted by id, or `none`: the organisations a lookup could have named."""
    return ", ".join(f"{i} ({n})" for i, n in sorted(known.items())) or say("none")


def organisation_hint(wanted: str, known: dict[str, str], listed: str) -> str:
    """The hint of an organisation not found: the nearest by id or name (a typo, another case or width), then `listed`."""
    from rectify_cli.suggest import did_you_mean, with_suggestion

    return with_suggestion(did_you_mean(wanted, known, {i: [n] for i, n in known.items()}, known), listed)


def find_organisation(round_number: int, wanted: str, option: str, known: dict[str, str],
                      invalid: Sequence[str] = ()) -> str:
    """An organisation of the round by id or by its exact name; exit 2 naming the nearest and the ones there are,
    or exit 1 when its ledger is there but invalid (left out, not missing)."""
    found = organisation_id(wanted, known)
    if found is not None:
        return found
    left_out = [name for name in invalid if Path(name.split(" (at ")[0]).stem == wanted]
    if left_out:
        raise RectifyError(say("{option}: the ledger of {wanted!r} is not valid, so it was left out of the report",
                               option=option, wanted=wanted), exit_code=1,
                           hint=say("see what is wrong with `rectify validate {file}`", file=left_out[0]))
    raise UnreadableInput(say("{option}: no organisation {wanted!r} in round {round_number}", option=option, wanted=wanted, round_number=round_number),
                          hint=organisation_hint(wanted, known, say("organisations of this round: {names}",
                                                 names=", ".join(f"{i} ({n})" for i, n in known.items()))))


def round_report(request: RoundRequest) -> RoundResult:
    """The round's figures, consequences and provenance, from the valid ledgers of `request.folder`."""
    policy, categories = _policy(request.folder, request.categories)
    request = replace(request, categories=tuple(categories))  # a Chinese name filters as its id
    on = request.as_of or request.today
    content = provenance.ContentHash(request.folder, provenance.files_read(request.folder))
    checked, parts, valid, rounds_of = _organisations(request, policy, on, content.feed)
    if checked.index is not None:
        content.known(_keys_by_path(checked, content), checked.index)
    invalid = [f"{request.git_folder / Path(name).name} (at {request.commit[:12]})"
               if request.commit and request.git_folder else name for name in checked.invalid_files]
    errors = sum(1 for finding in checked.problems if finding.severity == "error")
    in_round = {part.id: part.name for part in sorted(parts, key=lambda part: part.id)}
    if not in_round:
        recorded = ", ".join(str(r) for r in sorted(set(rounds_of))) or say("none")
        raise RoundNotRecorded(say("no valid ledger in {folder} records round {round} (rounds recorded: {recorded})", folder=request.folder, round=request.round, recorded=recorded), invalid, errors)
    wanted = [find_organisation(request.round, name, "--org", in_round, invalid) for name in request.organisations]
    explain_id = (find_organisation(request.round, request.explain, "--explain", in_round, invalid)
                  if request.explain else None)
    if explain_id and wanted and explain_id not in wanted:
        wanted.append(explain_id)
    categories = list(request.categories)
    data = figures.combine(parts, round=request.round, as_of=on, policy=policy, organisations=wanted,
                           categories=categories)
    results = consequences.apply(data)
    series = (figures.rate_series(valid, request.round, on, policy, wanted, categories) if request.trend else None)
    parameters = provenance.parameters(policy, round=request.round, as_of=on.isoformat(), organisations=wanted,
                                       categories=categories)
    source = provenance.describe(request.folder, parameters, git_folder=request.git_folder or request.folder,
                                 at_commit=request.commit, content=content)
    return RoundResult(data, results, source, explained=data.organisation(explain_id) if explain_id else None,
                       series=series, invalid=invalid, errors=errors, fired=_fired(results, request.fail_on),
                       ledgers=valid)


def disclose(request: RoundRequest) -> tuple[disclosure_module.Disclosure, RoundResult]:
    """The round's published text (整改情况公开) from the report's figures and its redactions, with the report it was
    made from (the CLI checks the text against that report's JSON, crosscheck.disclosure_mismatches)."""
    result = round_report(replace(request, view="disclose"))
    scope = "organisation" if request.organisations else "round"
    return disclosure_module.disclose(result.report, result.ledgers, result.report.policy, scope), result


def _keys_by_path(checked: pipeline.CheckResult, content: provenance.ContentHash) -> dict[Path, str]:
    by_display = checked.digests
    return {path: by_display[shown] for _, path in content.named if (shown := load.display_path(path)) in by_display}


def valid_policy(folder: Path, error: type[RectifyError] = RefusedChange, after: str = "") -> Policy:
    """The folder's policy; an invalid one raises `error` (exit 1) with its findings: nothing is computed from it."""
    policy, problems = load_policy(folder)
    if problems:
        raise error(say("the policy in {folder} is not valid{after}", folder=folder, after=after), problems=list(problems))
    return policy


def _policy(folder: Path, categories: Sequence[str]) -> tuple[Policy, list[str]]:
    """The valid policy, and the --category filters as ids (each by its id, Chinese name or alias)."""
    policy = valid_policy(folder, InvalidPolicy, "; no report")
    return policy, category_ids(policy, categories, "--category")


def category_ids(policy: Policy, written: Sequence[str], option: str) -> list[str]:
    """Categories named by id, Chinese name or alias, as ids; one the policy does not list is exit 2."""
    from rectify_cli.validation.rules import category_named

    return list(dict.fromkeys(category_named(policy, name, option, UnreadableInput) for name in written))


def _organisations(request: RoundRequest, policy: Policy, on: dt.date, seen: Callable[[Path, bytes], None]
                   ) -> tuple[pipeline.CheckResult, list[figures.OrgReport], list, list[int]]:
    """(the check, the round's organisations, the valid models if loaded, the rounds recorded)."""
    categories = list(request.categories)
    if request.view == "report" and not request.trend:
        # Each file is summarised where it is validated (maybe in a worker process); unchanged files
        # come from the content-keyed cache, so a large ledger folder is not parsed again.
        checked, parts, rounds_of = _summaries(request, policy, on, categories, seen)
        return checked, parts, [], rounds_of
    checked = pipeline.check_paths([request.folder], policy, request.today, limits=request.limits)
    valid = [item.ledger for item in checked.valid_ledgers()]
    parts = [part for ledger in valid
             if (part := figures.organisation_round(ledger, request.round, on, policy, categories))]
    return checked, parts, valid, [i.round for ledger in valid for i in ledger.inspections]


def _summaries(request: RoundRequest, policy: Policy, on: dt.date, categories: list[str],
               seen: Callable[[Path, bytes], None]) -> tuple[pipeline.CheckResult, list[figures.OrgReport], list[int]]:
    """Validate every file and summarise the valid ones for the round: (result, parts, rounds recorded)."""
    from rectify_cli.validation import cache

    kinds = (figures.LedgerSummary, figures.OrgReport, figures.Figures, formalism.Sign, figures.RecheckFigures)
    for kind in kinds:
        cache.allow(kind.__module__, kind.__name__)
    # the shape of what is cached is part of its key: a summary of another shape is never read back
    shape = ";".join(f"{kind.__name__}:{','.join(f.name for f in fields(kind))}" for kind in kinds)
    round_number = request.round
    summarise = partial(figures.summarise_ledger, round=round_number, as_of=on, policy=policy,
                        categories=tuple(categories))
    result = pipeline.check_paths(
        [request.folder], policy, request.today, summarise=summarise, keep_ledgers=False, limits=request.limits, seen=seen,
        summary_key=f"report\n{figures.RULES_VERSION}\n{shape}\n{round_number}\n{on}\n{sorted(categories)}")
    bad = set(result.invalid_files)
    summaries = [summary for display, summary in result.summaries.items() if display not in bad]
    parts = [summary.report for summary in summaries if summary.report is not None]  # type: ignore[attr-defined]
    return result, parts, [r for summary in summaries for r in summary.rounds]  # type: ignore[attr-defined]


def _fired(results: dict[str, tuple[consequences.RuleResult, ...]], gate: frozenset[str]) -> dict[str, list[str]]:
    """The gated rules that fired, in the policy's order of rules, each with its organisations sorted."""
    fired: dict[str, list[str]] = {}
    for org_id, results_of in results.items():
        for result in results_of:
            if result.fired and result.rule in gate:
                fired.setdefault(result.rule, []).append(org_id)
    return {rule: sorted(fired[rule]) for rule in consequences.RULE_IDS if rule in fired}



class NotThere(RectifyError):
    """An organisation or round asked for that no valid ledger has: exit 2, or 1 when invalid ledgers
    were left out (they may hold it). `findings` are those of the invalid ledgers, shown first."""

    def __init__(self, message: str, hint: str, invalid: list[str], findings: list[Finding]):
        if invalid:
            hint = say("{hint}\n  (invalid ledgers were left out: {names})", hint=hint, names=", ".join(invalid))
        super().__init__(message=message, exit_code=1 if invalid else 2, hint=hint)
        self.findings = findings


@dataclass(frozen=True)
class ListRequest:
    """What `rectify list` was asked: the folder, the date and the filters."""

    folder: Path
    today: dt.date
    as_of: dt.date | None = None
    round: int | None = None
    organisations: tuple[str, ...] = ()  # ids or exact names
    open_only: bool = False
    overdue: bool = False
    unsettled: bool = False
    due_soon: bool = False
    limits: Limits = DEFAULT_LIMITS


@dataclass
class ListResult:
    rows: list[listing.Row]
    due: list[figures.DueItem] | None  # with due_soon: the warnings, most urgent first
    policy: Policy
    on: dt.date
    findings: list[Finding]  # of the invalid ledgers, left out
    invalid: list[str]


def valid_ledgers(folder: Path, today: dt.date, limits: Limits = DEFAULT_LIMITS) -> tuple[pipeline.CheckResult, Policy]:
    """Every ledger of the folder checked under its policy; a broken policy refuses (exit 1)."""
    policy = valid_policy(folder)
    return pipeline.check_paths([folder], policy, today, limits=limits), policy


def problem_list(request: ListRequest) -> ListResult:
    """The problems of `rectify list` as they stood on the as-of date, filtered, or their warnings."""
    checked, policy = valid_ledgers(request.folder, request.today, request.limits)
    valid = [item.ledger for item in checked.valid_ledgers()]
    invalid, findings = checked.invalid_files, list(checked.problems)
    wanted = _wanted(valid, request.organisations, request.round, invalid, findings)
    on = request.as_of or request.today
    rows = listing.select(valid, policy, on, request.round, wanted, request.open_only,
                          request.overdue and not request.due_soon, request.unsettled)
    due = listing.due_soon(rows, policy, red_only=request.overdue) if request.due_soon else None
    return ListResult(rows, due, policy, on, findings, invalid)


def _wanted(valid: list[Ledger], organisations: Sequence[str], round_number: int | None, invalid: list[str],
            findings: list[Finding]) -> list[str]:
    """The ids of `--org` (ids or exact names), after checking that `--round` is recorded somewhere."""
    known = {ledger.organisation.id: ledger.organisation.name for ledger in valid}
    wanted = []
    for name in organisations:
        found = organisation_id(name, known)
        if found is None:
            raise NotThere(say("--org: no organisation {name!r}", name=name),
                           organisation_hint(name, known, say("organisations: {names}", names=known_list(known))),
                           invalid, findings)
        wanted.append(found)
    if round_number is not None:
        rounds = sorted({i.round for ledger in valid for i in ledger.inspections})
        if round_number not in rounds:
            raise NotThere(say("--round: no ledger records round {round}", round=round_number),
                           say("rounds recorded: {rounds}", rounds=", ".join(map(str, rounds)) or say("none")), invalid, findings)
    return wanted


@dataclass
class CalendarResult:
    """`rectify calendar`: the events of the organisations and round asked for, and their one DTSTAMP."""

    events: list[schedule.Event]
    stamp: dt.datetime
    on: dt.date
    names: list[str]           # the organisations' names, when --org named them
    findings: list[Finding]    # of the invalid ledgers, left out
    invalid: list[str]


def calendar(request: ListRequest) -> CalendarResult:
    """The deadlines, milestones, review and reporting dates still ahead (or missed) on the as-of date (schedule.py)."""
    checked, policy = valid_ledgers(request.folder, request.today, request.limits)
    valid = [item.ledger for item in checked.valid_ledgers()]
    invalid, findings = checked.invalid_files, list(checked.problems)
    wanted = _wanted(valid, request.organisations, request.round, invalid, findings)
    chosen = [ledger for ledger in valid if not wanted or ledger.organisation.id in wanted]
    on = request.as_of or request.today
    events = schedule.events(chosen, on, request.round, policy.period_months, policy=policy)
    names = [ledger.organisation.name for ledger in chosen] if wanted else []
    return CalendarResult(events, schedule.stamp(chosen, request.as_of, request.today), on, names, findings, invalid)


@dataclass
class ShowResult:
    ledger: Ledger | None  # None when the organisation's ledger is invalid (its findings say why)
    policy: Policy
    on: dt.date
    rows: list[listing.Row]  # the whole ledger in brief, when no problem was named
    state: figures.ProblemState | None  # the problem named, as it stood on the as-of date
    findings: list[Finding]


def show(folder: Path, org: str, problem: str | None, today: dt.date, as_of: dt.date | None = None,
         limits: Limits = DEFAULT_LIMITS) -> ShowResult:
    """One organisation's ledger in brief, or one of its problems, as it stood on the as-of date."""
    from rectify_cli.edit.operations import find_problem
    from rectify_cli.edit.transaction import ledger_path, missing_ledger

    policy = valid_policy(folder)
    path = ledger_path(folder, org)
    if not path.exists():
        raise missing_ledger(path, create=False)
    checked = pipeline.check_paths([path], policy, today, limits=limits)
    on = as_of or today
    valid = checked.valid_ledgers()
    if not valid:
        return ShowResult(None, policy, on, [], None, list(checked.problems))
    ledger = valid[0].ledger
    if problem is None:
        return ShowResult(ledger, policy, on, listing.select([ledger], policy, on), None, list(checked.problems))
    try:
        _, item = find_problem(ledger, problem)
    except RefusedChange as exc:  # naming a problem that is not there is a usage error here: nothing was refused
        raise UnreadableInput(exc.message, exc.hint) from None
    return ShowResult(ledger, policy, on, [], figures.problem_state(ledger, item, on, policy), list(checked.problems))


@dataclass(frozen=True)
class AcrossRequest:
    """What `rectify trend` or `rectify common` was asked: the folder, the date, and what to look across."""

    folder: Path
    today: dt.date
    as_of: dt.date | None = None
    organisation: str | None = None  # trend ORG: an id or exact name
    round: int | None = None
    min_orgs: int = 2  # common: a category found in at least this many organisations
    limits: Limits = DEFAULT_LIMITS


@dataclass
class AcrossResult:
    policy: Policy
    on: dt.date
    provenance: provenance.Provenance
    invalid: list[str]
    org_id: str | None = None
    rounds: list[figures.OrgReport] | None = None  # trend ORG: its part of each round it received
    series: figures.RateSeries | None = None  # trend --round N: the rate at each month-end
    considered: int = 0  # common: organisations looked at
    common: list[figures.CommonCategory] = field(default_factory=list)


def _across(request: AcrossRequest) -> tuple[Policy, dt.date, list[Ledger], list[str]]:
    """(policy, as-of date, valid ledgers, invalid files) of the folder; an invalid policy refuses (exit 1)."""
    policy = valid_policy(request.folder, InvalidPolicy)
    checked = pipeline.check_paths([request.folder], policy, request.today, limits=request.limits)
    return (policy, request.as_of or request.today, [item.ledger for item in checked.valid_ledgers()],
            checked.invalid_files)


def _round_recorded(request: AcrossRequest, valid: list[Ledger]) -> None:
    if request.round is not None and not any(i.round == request.round for ledger in valid for i in ledger.inspections):
        recorded = ", ".join(str(r) for r in figures.rounds_in(valid)) or say("none")
        raise UnreadableInput(say("no valid ledger in {folder} records round {round} (rounds recorded: {recorded})", folder=request.folder, round=request.round, recorded=recorded))


def trend(request: AcrossRequest) -> AcrossResult:
    """An organisation round after round (each at its consequence date), or a round month by month."""
    if request.organisation is None and request.round is None:
        raise UnreadableInput(say("name an organisation (rectify trend ORG) or a round (rectify trend --round N)"))
    policy, on, valid, invalid = _across(request)
    org_id = None
    if request.organisation is not None:
        known = {ledger.organisation.id: ledger.organisation.name for ledger in valid}
        org_id = organisation_id(request.organisation, known)
        if org_id is None:
            raise UnreadableInput(say("no valid ledger of an organisation {organisation!r} in {folder}", organisation=request.organisation, folder=request.folder),
                                  hint=organisation_hint(request.organisation, known,
                                                         say("organisations: {names}", names=known_list(known))))
    if request.round is None:
        assert org_id is not None  # without a round an organisation is named (checked above)
        ledger = next(item for item in valid if item.organisation.id == org_id)
        source = provenance.describe(request.folder, provenance.parameters(
            policy, organisation=org_id, as_of=on.isoformat()))
        return AcrossResult(policy, on, source, invalid, org_id, rounds=figures.organisation_rounds(ledger, on, policy))
    _round_recorded(request, valid)
    chosen = [org_id] if org_id else []
    series = figures.rate_series(valid, request.round, on, policy, chosen)
    if not series.organisations:
        raise UnreadableInput(say("{org_id} has not received round {round}", org_id=org_id, round=request.round))
    source = provenance.describe(request.folder, provenance.parameters(
        policy, round=request.round, as_of=on.isoformat(), organisations=chosen))
    return AcrossResult(policy, on, source, invalid, org_id, series=series)


def common(request: AcrossRequest) -> AcrossResult:
    """Problems recurring across organisations (共性问题): categories found in at least `min_orgs` of them."""
    policy, on, valid, invalid = _across(request)
    _round_recorded(request, valid)
    considered, found = figures.common_problems(valid, on, policy, request.round, request.min_orgs)
    source = provenance.describe(request.folder, provenance.parameters(
        policy, round=request.round, as_of=on.isoformat(), min_orgs=request.min_orgs))
    return AcrossResult(policy, on, source, invalid, considered=considered, common=found)


@dataclass
class ExportData:
    """What `rectify export` writes: one organisation's ledger, or a round's figures and consequences."""

    policy: Policy
    ledger: Ledger | None = None
    report: figures.RoundReport | None = None
    results: dict[str, tuple[consequences.RuleResult, ...]] = field(default_factory=dict)
    invalid: list[str] = field(default_factory=list)
    provenance: provenance.Provenance | None = None   # what the workbook was made from (its 说明 sheet)


def export_data(folder: Path, today: dt.date, org: str | None, round_number: int | None,
                as_of: dt.date | None = None, limits: Limits = DEFAULT_LIMITS) -> ExportData:
    """The valid ledger of `org` (maybe only one round's problems are exported), or round `round_number`."""
    from rectify_cli.edit.transaction import ledger_path, missing_ledger
    from rectify_cli.load import display_path

    policy = valid_policy(folder)
    if org is not None:
        path = ledger_path(folder, org)
        if not path.exists():
            raise missing_ledger(path, create=False)
        checked = pipeline.check_paths([path], policy, today, limits=limits)
        if not checked.ok or not checked.ledgers:
            raise RefusedChange(say("{value} is not valid; nothing was exported", value=display_path(path)),
                                problems=[p for p in checked.problems if p.severity == "error"],
                                hint=say("rectify validate {value}", value=display_path(path)))
        ledger = checked.ledgers[0].ledger
        if round_number is not None and not any(i.round == round_number for i in ledger.inspections):
            raise UnreadableInput(say("{org} has not received round {round_number}", org=org, round_number=round_number))
        source = provenance.describe(folder, provenance.parameters(policy, organisation=org, round=round_number))
        return ExportData(policy, ledger=ledger, provenance=source)
    if round_number is None:
        raise UnreadableInput(say("name an organisation (rectify export ORG ...) or a round (rectify export --round N ...)"))
    checked = pipeline.check_paths([folder], policy, today, limits=limits)
    valid = [item.ledger for item in checked.valid_ledgers()]
    if not any(i.round == round_number for ledger in valid for i in ledger.inspections):
        recorded = ", ".join(str(r) for r in figures.rounds_in(valid)) or say("none")
        raise NotThere(say("no valid ledger in {folder} records round {round_number} (rounds recorded: {recorded})", folder=folder, round_number=round_number, recorded=recorded),
                       "", [], [p for p in checked.problems if p.severity == "error"])
    on = as_of or today
    report = figures.round_report(valid, round=round_number, as_of=on, policy=policy)
    source = provenance.describe(folder, provenance.parameters(policy, round=round_number, as_of=on.isoformat()))
    return ExportData(policy, report=report, results=consequences.apply(report), invalid=checked.invalid_files,
                      provenance=source)


@dataclass
class NoticesResult:
    """`rectify notices`: the notices due on a date, and the ledgers left out as invalid."""

    notices: list
    on: dt.date
    round: int
    invalid: list[str]


def _round_on(folder: Path, round_number: int, today: dt.date, on: dt.date, organisations: Sequence[str],
              limits: Limits) -> tuple[figures.RoundReport, list[Ledger], Policy, list[str]]:
    """The round report on `on` over the valid ledgers of the round, the ledgers, the policy and the invalid files."""
    checked, policy = valid_ledgers(folder, today, limits)
    valid = [item.ledger for item in checked.valid_ledgers() if any(i.round == round_number
                                                                     for i in item.ledger.inspections)]
    if not valid:
        raise RoundNotRecorded(say("no valid ledger in {folder} records round {round} (rounds recorded: {recorded})",
                                   folder=folder, round=round_number,
                                   recorded=", ".join(str(r) for r in figures.rounds_in(
                                       item.ledger for item in checked.valid_ledgers())) or say("none")),
                               checked.invalid_files, sum(1 for f in checked.problems if f.severity == "error"))
    known = {ledger.organisation.id: ledger.organisation.name for ledger in valid}
    wanted = [find_organisation(round_number, name, "--org", known, checked.invalid_files) for name in organisations]
    return figures.round_report(valid, round_number, on, policy, wanted), valid, policy, checked.invalid_files


def notices(folder: Path, round_number: int, today: dt.date, as_of: dt.date | None = None,
            organisations: Sequence[str] = (), limits: Limits = DEFAULT_LIMITS) -> NoticesResult:
    """The notices the policy's escalation ladder makes due on `as_of` (default today) for round `round_number`."""
    from rectify_cli import notices as ladder

    on = as_of or today
    report, valid, policy, invalid = _round_on(folder, round_number, today, on, organisations, limits)
    return NoticesResult(ladder.notices_due(report, valid, policy), on, round_number, invalid)


@dataclass
class PeriodicResult:
    """`rectify progress-report`: each organisation's report for the period, and the ledgers left out as invalid."""

    reports: list
    invalid: list[str]
    not_begun: list[str] = field(default_factory=list)   # organisations whose feedback came after the period


def progress_reports(folder: Path, round_number: int, period: str, today: dt.date, as_of: dt.date | None = None,
                     organisations: Sequence[str] = (), limits: Limits = DEFAULT_LIMITS) -> PeriodicResult:
    """The periodic progress report (月报, 季报) of each organisation of the round for `period` (2026-11, 2026-Q4),
    with the figures on the period's last day, or on `as_of` (default today) when that is earlier."""
    from rectify_cli import periodic

    try:
        start, end, on = periodic.report_date(period, as_of or today)
    except ValueError:
        raise UnreadableInput(say("--period {period!r} is not a month such as 2026-05 or a quarter such as 2026-Q3 "
                                  "that has begun by {date}", period=period, date=(as_of or today).isoformat()),
                              hint=say("e.g. --period 2026-11, or --period 2026-Q4")) from None
    report, valid, _, invalid = _round_on(folder, round_number, today, on, organisations, limits)
    begun = tuple(org for org in report.organisations if org.feedback_on <= end)
    if not begun:
        # a period before the feedback has nothing to report: most often a mistyped year (2025-11 for 2026-11)
        first = min(org.feedback_on for org in report.organisations)
        raise UnreadableInput(
            say("--period {period}: round {round} was fed back on {date}, after the period ended ({end}); there is "
                "nothing to report for it", period=period, round=round_number, date=first.isoformat(), end=end.isoformat()),
            hint=say("give a period from {month} on, e.g. --period {month}", month=first.strftime("%Y-%m")))
    not_begun = [org.name for org in report.organisations if org.feedback_on > end]
    reports = periodic.periodic_reports(replace(report, organisations=begun), valid, period, start, end, as_of or today)
    return PeriodicResult(reports, invalid, not_begun)
