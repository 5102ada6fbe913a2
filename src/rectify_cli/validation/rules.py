"""Checks beyond the types: ids, rounds, dates in order, closure gates, history, cross-file ids.

Each check yields (path, code, message, hint); check.py turns paths into file positions. The
rules know nothing of files or terminals, so editing commands run the same rules before writing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field

from rectify_cli.dates import start_date, work_start
from rectify_cli.errors import RectifyError, say
from rectify_cli.model import HistoryEntry, Ledger, Policy, ProblemItem, Progress
from rectify_cli.suggest import did_you_mean, with_suggestion
from rectify_cli.validation.decisions import check_decisions, check_extension_requests
from rectify_cli.validation.records import check_records
from rectify_cli.validation.stages import check_evaluations, check_plan, check_review
from rectify_cli.validation.stages import was_begun as _was

Finding = tuple[tuple, str, str, str]  # (path, code, message, hint)

STATUS_OF_ACTION = {"closed": "closed", "reopened": "open", "long-term": "long-term", "claimed": "claimed",
                    "submitted": "under-review", "partial": "partial", "waived": "waived", "dismissed": "dismissed"}


def history_hash(previous: str, entry: HistoryEntry) -> str:
    """The chain hash of one history entry: sha256 over the previous hash and the entry's content.

    The first entry of a problem chains from the problem id, so entries cannot be moved between
    problems, removed from the middle or reordered without the chain breaking.
    """
    content = entry.model_dump(mode="json", exclude_none=True, exclude={"hash", "signature"})
    payload = previous + "\n" + json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def closure_gaps(problem: ProblemItem, closure_date: dt.date, has_evidence: bool) -> list[tuple[str, int | None]]:
    """The closure gates (对账销号): what stands against closing `problem` on `closure_date`.

    One list for both sides: `rectify close` refuses on the first gap, `validate` reports each.
    Gaps, in order: ("before-reopening", None), ("no-evidence", None), ("no-measure", None), then
    per measure ("unfinished", index) or ("late", index) (done after the closure date).
    """
    gaps: list[tuple[str, int | None]] = []
    if problem.reopened and closure_date < problem.reopened[-1].date:
        gaps.append(("before-reopening", None))
    if not has_evidence:
        gaps.append(("no-evidence", None))
    if not problem.measures:
        gaps.append(("no-measure", None))
    for index, measure in enumerate(problem.measures):
        if measure.done_on is None:
            gaps.append(("unfinished", index))
        elif measure.done_on > closure_date:
            gaps.append(("late", index))
    return gaps


# Names Windows gives to devices, with any extension: `con.yaml` cannot be created, opened or
# checked out from git there (Microsoft: "Naming Files, Paths, and Namespaces").
WINDOWS_RESERVED = frozenset(["con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))])


def reserved_on_windows(org_id: str) -> bool:
    """Whether `org_id`.yaml is a device on Windows (con, nul, aux, com1, lpt1, ... in any case)."""
    return org_id.lower() in WINDOWS_RESERVED


def category_hint(written: str, policy: Policy) -> str:
    """The hint of a category the policy does not list: the nearest one, then all, with their Chinese names."""
    labels = {category_id: names.zh for category_id, names in policy.categories.items()}
    suggestion = did_you_mean(written, policy.categories, policy.category_names(), labels)
    return with_suggestion(suggestion, say("use one of (the id or the Chinese name): {categories}", categories=policy.category_list()))


def category_named(policy: Policy, written: str, option: str, error: type[RectifyError]) -> str:
    """The id of the category `written` names (its id, Chinese name or an alias) for a command's
    `option`; `error` (a refused change, or unreadable input) naming the nearest otherwise."""
    if not policy.categories:
        return written
    found = policy.category_id(written)
    if found is None:
        raise error(say("{option}: {name!r} is not a category of the policy", option=option, name=written),
                    hint=category_hint(written, policy))
    return found


def resolve_categories(ledger: Ledger, policy: Policy) -> None:
    """Read a category written by its Chinese name or an alias as its id, in the model only: the file
    keeps what its writer wrote, and every figure, filter and output counts the category by its id."""
    for problem in ledger.problems:
        found = policy.category_id(problem.category)
        if found is not None and found != problem.category:
            problem.category = found


def check_ledger(ledger: Ledger, policy: Policy, today: dt.date, file_stem: str | None = None) -> Iterator[Finding]:
    """Every rule on one ledger that can be judged from the ledger alone."""
    if file_stem is not None and file_stem != ledger.organisation.id:
        yield (("organisation", "id"), "E-FILE-NAME",
               say("organisation id {id!r} does not match the file name {file_stem!r}", id=ledger.organisation.id, file_stem=file_stem),
               say("rename the file to {id}.yaml or correct the id", id=ledger.organisation.id))
    if reserved_on_windows(ledger.organisation.id):
        yield (("organisation", "id"), "E-ORG-ID-RESERVED",
               say("organisation id {id!r} is a device name on Windows: its file {id}.yaml cannot be created, opened or checked out there", id=ledger.organisation.id),
               say("choose another id, such as {id}-1 or a fuller name, and rename the file", id=ledger.organisation.id))
    yield from _check_inspections(ledger, today)
    yield from check_evaluations(ledger, policy, today)
    yield from check_records(ledger, today)
    ids: dict[str, int] = {}
    for index, problem in enumerate(ledger.problems):
        here = ("problems", index)
        if problem.id in ids:
            yield (here + ("id",), "E-DUPLICATE-ID",
                   say("problem id {id!r} is already used by problems[{ids}]", id=problem.id, ids=ids[problem.id]),
                   say("ids are never reused: give this problem a new id"))
        else:
            ids[problem.id] = index
        yield from _check_problem(ledger, policy, problem, here, today)
    for index, problem in enumerate(ledger.problems):
        if problem.repeat_of is None:
            continue
        earlier = ids.get(problem.repeat_of)
        if earlier is None:
            yield (("problems", index, "repeat_of"), "E-REPEAT-UNKNOWN",
                   say("{id} repeats {repeat_of!r}, which is not a problem in this ledger", id=problem.id, repeat_of=problem.repeat_of),
                   did_you_mean(problem.repeat_of, [p.id for p in ledger.problems if p.round < problem.round]))
        elif ledger.problems[earlier].round >= problem.round or earlier == index:
            yield (("problems", index, "repeat_of"), "E-REPEAT-UNKNOWN",
                   say("{id} (round {round}) can only repeat a problem of an earlier round, not {repeat_of} (round {round2})", id=problem.id, round=problem.round, repeat_of=problem.repeat_of, round2=ledger.problems[earlier].round), "")


def _check_inspections(ledger: Ledger, today: dt.date) -> Iterator[Finding]:
    seen: set[int] = set()
    for index, inspection in enumerate(ledger.inspections):
        here = ("inspections", index)
        if inspection.round in seen:
            yield (here + ("round",), "E-DUPLICATE-ROUND", say("round {round} is recorded twice", round=inspection.round), "")
        seen.add(inspection.round)
        feedback = inspection.feedback_on
        if feedback > today:
            yield (here + ("feedback_on",), "E-FUTURE-DATE", say("feedback date {feedback} is after today ({today})", feedback=feedback, today=today), "")
        if inspection.rectify_by is not None and inspection.rectify_by < feedback:
            yield (here + ("rectify_by",), "E-DATE-ORDER",
                   say("end of the period {rectify_by} is before the feedback date {feedback}", rectify_by=inspection.rectify_by, feedback=feedback), "")
        on_site = inspection.on_site
        if on_site is not None and not on_site.start <= on_site.end <= feedback:
            yield (here + ("on_site", "end"), "E-DATE-ORDER",
                   say("round {round}: on-site period {start}..{end} must end on or before the feedback date {feedback}, and start before it ends", round=inspection.round, start=on_site.start, end=on_site.end, feedback=feedback), "")
        for field_name in ("report_on",):
            value = getattr(inspection, field_name)
            if value is not None and value > today:
                yield (here + (field_name,), "E-FUTURE-DATE", say("{field_name} {value} is after today ({today})", field_name=field_name, value=value, today=today), "")
        if inspection.evaluation is not None and inspection.evaluation.date is not None and inspection.evaluation.date > today:
            yield (here + ("evaluation", "date"), "E-FUTURE-DATE",
                   say("evaluation dated {date}, after today ({today})", date=inspection.evaluation.date, today=today), "")
        if inspection.report_on is not None and inspection.report_on < feedback:
            yield (here + ("report_on",), "E-DATE-ORDER",
                   say("report date {report_on} is before the feedback date {feedback}", report_on=inspection.report_on, feedback=feedback), "")
        survey = inspection.survey
        if survey is not None:
            answered = survey.satisfied + survey.basically_satisfied + survey.dissatisfied
            if answered > survey.participants:
                yield (here + ("survey",), "E-SURVEY-COUNT",
                       say("{answered} answers from {participants} participants", answered=answered, participants=survey.participants),
                       say("satisfied + basically_satisfied + dissatisfied cannot exceed participants"))
            if survey.held_on > today:
                yield (here + ("survey", "held_on"), "E-FUTURE-DATE",
                       say("survey held on {held_on}, after today ({today})", held_on=survey.held_on, today=today), "")
            if survey.held_on < feedback:
                yield (here + ("survey", "held_on"), "E-DATE-ORDER",
                       say("survey date {held_on} is before the feedback date {feedback}", held_on=survey.held_on, feedback=feedback), "")
        clue_ids: set[str] = set()
        for clue_index, clue in enumerate(inspection.clues):
            if clue.id in clue_ids:
                yield (here + ("clues", clue_index, "id"), "E-DUPLICATE-ID", say("clue id {id!r} is used twice", id=clue.id), "")
            clue_ids.add(clue.id)
            for field_name in ("handed_on", "disposed_on"):
                value = getattr(clue, field_name)
                if value is not None and value > today:
                    yield (here + ("clues", clue_index, field_name), "E-FUTURE-DATE",
                           say("clue {id}: {field_name} {value} is after today ({today})", id=clue.id, field_name=field_name, value=value, today=today), "")
            if clue.disposed_on is not None and clue.disposed_on < clue.handed_on:
                yield (here + ("clues", clue_index, "disposed_on"), "E-DATE-ORDER",
                       say("disposed {disposed_on}, before it was handed over {handed_on}", disposed_on=clue.disposed_on, handed_on=clue.handed_on), "")


def _check_problem(ledger: Ledger, policy: Policy, problem: ProblemItem, here: tuple, today: dt.date) -> Iterator[Finding]:
    name = problem.id
    rounds = {inspection.round for inspection in ledger.inspections}
    if problem.round not in rounds:
        known = ", ".join(str(r) for r in sorted(rounds)) or say("none")
        yield (here + ("round",), "E-UNKNOWN-ROUND",
               say("{name}: round {round} is not an inspection this organisation received (recorded: {known})", name=name, round=problem.round, known=known),
               say("add the round under `inspections:` first (rectify add-round)"))
    if policy.categories and policy.category_id(problem.category) is None:
        yield (here + ("category",), "E-UNKNOWN-CATEGORY",
               say("{name}: category {category!r} is not in the policy", name=name, category=problem.category),
               category_hint(problem.category, policy))
    start = start_date(ledger, problem)
    if start is not None and problem.deadline < start:
        yield (here + ("deadline",), "E-DATE-ORDER",
               say("{name}: deadline {deadline} is before the problem {value} ({start})", name=name, deadline=problem.deadline, value=_was(problem), start=start), "")
    earliest = work_start(ledger, problem)
    yield from _check_measures(problem, here, today, earliest)
    yield from _check_status(problem, here, today, start, earliest)
    yield from check_review(problem, policy, here, today, earliest)
    yield from check_decisions(problem, here, today, start)
    yield from check_extension_requests(problem, here, today, start)
    if problem.found_on is not None and problem.found_on > today:
        yield (here + ("found_on",), "E-FUTURE-DATE",
               say("{name}: found on {date}, after today ({today})", name=name, date=problem.found_on, today=today), "")
    deadline = problem.deadline
    for index, extension in enumerate(problem.extensions):
        if extension.to <= deadline:
            yield (here + ("extensions", index, "to"), "E-DATE-ORDER",
                   say("{name}: extension to {to} does not move the deadline past {deadline}", name=name, to=extension.to, deadline=deadline), "")
        deadline = max(deadline, extension.to)
        if extension.date > today:
            yield (here + ("extensions", index, "date"), "E-FUTURE-DATE",
                   say("{name}: extension approved on {date}, after today ({today})", name=name, date=extension.date, today=today), "")
        if start is not None and extension.date < start:
            yield (here + ("extensions", index, "date"), "E-DATE-ORDER",
                   say("{name}: extension approved on {date}, before the problem {value} ({start})", name=name, date=extension.date, value=_was(problem), start=start), "")
    for index, record in enumerate(problem.accountability):
        if record.date > today:
            yield (here + ("accountability", index, "date"), "E-FUTURE-DATE",
                   say("{name}: accountability dated {date}, after today ({today})", name=name, date=record.date, today=today), "")
    for path, evidence in _evidence_items(problem, here):
        if evidence.path is not None and not is_inside_repository(evidence.path):
            yield (path + ("path",), "E-EVIDENCE-PATH",
                   say("{name}: evidence path {path!r} points outside the ledger repository", name=name, path=evidence.path),
                   say("use a path relative to the repository, without '..' or a leading '/'"))
    yield from _check_rechecks(ledger, problem, here, today)
    yield from check_plan(problem, here, today, earliest)
    yield from _check_history(problem, here)


def _check_rechecks(ledger: Ledger, problem: ProblemItem, here: tuple, today: dt.date) -> Iterator[Finding]:
    """回头看: each re-check answers a sample of the problem's round that drew it, once, on or after the draw."""
    samples = {s.seed: s for i in ledger.inspections if i.round == problem.round for s in i.samples}
    seen: set[str] = set()
    for index, recheck in enumerate(problem.rechecks):
        sample = samples.get(recheck.seed)
        if sample is None or problem.id not in sample.drawn:
            yield (here + ("rechecks", index, "seed"), "E-RECHECK",
                   say("{name}: re-checked for sample {seed!r}, which did not draw it in round {round}",
                       name=problem.id, seed=recheck.seed, round=problem.round),
                   say("a re-check answers a sample recorded under the round's `samples:` (rectify sample)"))
        elif recheck.date < sample.date:
            yield (here + ("rechecks", index, "date"), "E-DATE-ORDER",
                   say("{name}: re-checked on {date}, before the sample was drawn ({drawn})", name=problem.id,
                       date=recheck.date, drawn=sample.date), "")
        if recheck.seed in seen:
            yield (here + ("rechecks", index, "seed"), "E-RECHECK",
                   say("{name}: re-checked twice for sample {seed!r}", name=problem.id, seed=recheck.seed), "")
        seen.add(recheck.seed)
        if recheck.date > today:
            yield (here + ("rechecks", index, "date"), "E-FUTURE-DATE",
                   say("{name}: re-checked on {date}, after today ({today})", name=problem.id, date=recheck.date,
                       today=today), "")


def _check_measures(problem: ProblemItem, here: tuple, today: dt.date, start: dt.date | None) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, measure in enumerate(problem.measures):
        path = here + ("measures", index)
        if measure.id in seen:
            yield (path + ("id",), "E-DUPLICATE-ID", say("{id}: measure id {id2!r} is used twice", id=problem.id, id2=measure.id), "")
        seen.add(measure.id)
        if measure.done_on is not None:
            if measure.done_on > today:
                yield (path + ("done_on",), "E-FUTURE-DATE",
                       say("{id}/{id2}: done on {done_on}, after today ({today})", id=problem.id, id2=measure.id, done_on=measure.done_on, today=today), "")
            if start is not None and measure.done_on < start:
                yield (path + ("done_on",), "E-DATE-ORDER",
                       say("{id}/{id2}: done on {done_on}, before the problem {value} ({start})", id=problem.id, id2=measure.id, done_on=measure.done_on, value=_was(problem), start=start),
                       say("measures done before the feedback are daily work, not rectification; an immediate problem (立行立改) done while the team was on site is 边巡边改: record the round's on-site period (rectify add-round ... --on-site-from DATE --on-site-to DATE)"))


def _check_status(problem: ProblemItem, here: tuple, today: dt.date, start: dt.date | None,
                  earliest: dt.date | None) -> Iterator[Finding]:
    """The status and its blocks agree, and the dates of long-term, claim, reopenings and closure are in order.
    Work (a claim, a closure) may be dated from `earliest`: the start, or the on-site period for 边巡边改."""
    yield from _check_status_blocks(problem, here, today, start)
    yield from _check_claim(problem, here, today, earliest)
    yield from _check_reopenings(problem, here, today, earliest)
    yield from _check_closure(problem, here, today, earliest)


def _check_claim(problem: ProblemItem, here: tuple, today: dt.date, earliest: dt.date | None) -> Iterator[Finding]:
    if problem.status == "claimed" and problem.claimed is None:
        yield (here + ("status",), "E-STATUS-MISMATCH",
               say("{id}: status is claimed but there is no `claimed:` block", id=problem.id),
               say("record the unit's report with `rectify claim` (date, by, what the closure awaits)"))
    claim = problem.claimed
    if claim is None:
        return
    if claim.date > today:
        yield (here + ("claimed", "date"), "E-FUTURE-DATE",
               say("{id}: reported finished on {date}, after today ({today})", id=problem.id, date=claim.date, today=today), "")
    if earliest is not None and claim.date < earliest:
        yield (here + ("claimed", "date"), "E-DATE-ORDER",
               say("{id}: reported finished on {date}, before it {value} ({earliest})", id=problem.id, date=claim.date, value=_was(problem), earliest=earliest), "")


def _check_status_blocks(problem: ProblemItem, here: tuple, today: dt.date, start: dt.date | None) -> Iterator[Finding]:
    name = problem.id
    if (problem.status == "closed") != (problem.closed is not None):
        if problem.status == "closed":
            yield (here + ("status",), "E-STATUS-MISMATCH", say("{name}: status is closed but there is no `closed:` block", name=name),
                   say("record the closure with `rectify close` (date, by, evidence)"))
        else:
            yield (here + ("closed",), "E-STATUS-MISMATCH",
                   say("{name}: has a `closed:` block but its status is {status}", name=name, status=problem.status),
                   say("set `status: closed`, or remove the block (rectify reopen keeps the record)"))
    if (problem.status == "under-review") != (problem.review is not None):
        if problem.status == "under-review":
            yield (here + ("status",), "E-STATUS-MISMATCH", say("{name}: status is under-review but there is no `review:` block", name=name),
                   say("submit the closure with `rectify submit` (evidence), which writes both"))
        else:
            yield (here + ("review",), "E-STATUS-MISMATCH",
                   say("{name}: has a `review:` block but its status is {status}", name=name, status=problem.status),
                   say("set `status: under-review`, or let a step return it (rectify return keeps the record)"))
    long_term_kept = problem.status == "under-review" and problem.review is not None and problem.review.was == "long-term"
    if (problem.status == "long-term" or long_term_kept) != (problem.long_term is not None):
        if problem.status == "long-term" or long_term_kept:
            yield (here + ("status",), "E-STATUS-MISMATCH", say("{name}: status is long-term but there is no `long_term:` block", name=name),
                   say("record it with `rectify long-term` (review date and reason)"))
        else:
            yield (here + ("long_term",), "E-STATUS-MISMATCH",
                   say("{name}: has a `long_term:` block but its status is {status}", name=name, status=problem.status), "")
    if problem.long_term is not None and problem.long_term.since > today:
        yield (here + ("long_term", "since"), "E-FUTURE-DATE",
               say("{name}: long-term since {since}, after today ({today})", name=name, since=problem.long_term.since, today=today), "")
    if problem.long_term is not None and start is not None and problem.long_term.since < start:
        yield (here + ("long_term", "since"), "E-DATE-ORDER",
               say("{name}: long-term since {since}, before it {value} ({start})", name=name, since=problem.long_term.since, value=_was(problem), start=start), "")
    if problem.long_term is not None and problem.long_term.review_by < problem.long_term.since:
        yield (here + ("long_term", "review_by"), "E-DATE-ORDER",
               say("{name}: review date {review_by} is before {since}", name=name, review_by=problem.long_term.review_by, since=problem.long_term.since), "")


def _check_reopenings(problem: ProblemItem, here: tuple, today: dt.date, start: dt.date | None) -> Iterator[Finding]:
    name = problem.id
    last_reopen = None
    for index, reopening in enumerate(problem.reopened):
        if reopening.date < reopening.closed_on:
            yield (here + ("reopened", index, "date"), "E-DATE-ORDER",
                   say("{name}: reopened on {date}, before the closure it undid ({closed_on})", name=name, date=reopening.date, closed_on=reopening.closed_on), "")
        if last_reopen is not None and reopening.closed_on < last_reopen:
            yield (here + ("reopened", index, "closed_on"), "E-DATE-ORDER",
                   say("{name}: reopenings are not in date order", name=name), "")
        if start is not None and reopening.closed_on < start:
            yield (here + ("reopened", index, "closed_on"), "E-DATE-ORDER",
                   say("{name}: a closure on {closed_on} is before the problem {value} ({start})", name=name, closed_on=reopening.closed_on, value=_was(problem), start=start), "")
        if reopening.date > today:
            yield (here + ("reopened", index, "date"), "E-FUTURE-DATE",
                   say("{name}: reopened on {date}, after today ({today})", name=name, date=reopening.date, today=today), "")
        last_reopen = reopening.date


def _check_closure(problem: ProblemItem, here: tuple, today: dt.date, start: dt.date | None) -> Iterator[Finding]:
    name = problem.id
    closure = problem.closed
    if closure is None:
        return
    last_reopen = problem.reopened[-1].date if problem.reopened else None
    path = here + ("closed",)
    if closure.date > today:
        yield (path + ("date",), "E-FUTURE-DATE", say("{name}: closed on {date}, after today ({today})", name=name, date=closure.date, today=today), "")
    if start is not None and closure.date < start:
        yield (path + ("date",), "E-DATE-ORDER", say("{name}: closed on {date}, before it {value} ({start})", name=name, date=closure.date, value=_was(problem), start=start), "")
    for gap, at in closure_gaps(problem, closure.date, bool(closure.evidence)):
        if gap == "before-reopening":
            yield (path + ("date",), "E-DATE-ORDER",
                   say("{name}: closed on {date}, before its last reopening ({last_reopen})", name=name, date=closure.date, last_reopen=last_reopen), "")
        elif gap == "no-evidence":
            yield (path + ("evidence",), "E-CLOSED-NO-EVIDENCE", say("{name}: closed without evidence (佐证材料)", name=name),
                   say("list at least one evidence file (path:) or paper document (paper:) under closed.evidence, or set the status back to open"))
        elif gap == "no-measure":
            yield (here + ("measures",), "E-CLOSED-NO-MEASURE", say("{name}: closed with no measure recorded", name=name),
                   say("a closure needs the measures that did the work (任务清单)"))
        elif gap == "unfinished":
            yield (here + ("measures", at or 0, "done_on"), "E-CLOSED-UNFINISHED",
                   say("{name}: closed while measure {id} is not done", name=name, id=problem.measures[at or 0].id),
                   say("mark the measure done (rectify done) before closing, or reopen the problem"))
        else:  # late
            measure = problem.measures[at or 0]
            yield (here + ("measures", at or 0, "done_on"), "E-DATE-ORDER",
                   say("{name}: measure {id} done on {done_on}, after the closure on {date}", name=name, id=measure.id, done_on=measure.done_on, date=closure.date), "")


def _evidence_items(problem: ProblemItem, here: tuple):
    if problem.closed is not None:
        for index, evidence in enumerate(problem.closed.evidence):
            yield here + ("closed", "evidence", index), evidence
    if problem.review is not None:
        for index, evidence in enumerate(problem.review.evidence):
            yield here + ("review", "evidence", index), evidence
    for m_index, measure in enumerate(problem.measures):
        for index, evidence in enumerate(measure.evidence):
            yield here + ("measures", m_index, "evidence", index), evidence


def evidence_items(problem: ProblemItem, here: tuple = ()):
    """Every evidence record of a problem with its path in the document."""
    return _evidence_items(problem, here)


def is_inside_repository(path: str) -> bool:
    """A relative path that stays under the repository: not absolute, no drive letter, no NUL, no climbing out by ..."""
    if path.startswith(("/", "\\")) or "\x00" in path or (len(path) > 1 and path[1] == ":"):
        return False
    normal = posixpath.normpath(path.replace("\\", "/"))
    return normal != ".." and not normal.startswith("../")


def _check_history(problem: ProblemItem, here: tuple) -> Iterator[Finding]:
    name = problem.id
    previous_hash = problem.id
    hashed_before = False
    previous_at = None
    implied_status = None
    for index, entry in enumerate(problem.history):
        path = here + ("history", index)
        if previous_at is not None and entry.at < previous_at:
            yield (path + ("at",), "E-HISTORY-ORDER",
                   say("{name}: history entry {value} ({at}) is earlier than the one before it", name=name, value=index + 1, at=entry.at), "")
        previous_at = entry.at
        if entry.hash is None:
            if hashed_before:
                yield (path, "E-HISTORY-CHAIN",
                       say("{name}: history entry {value} has no hash although earlier entries do", name=name, value=index + 1),
                       say("history is appended by rectify commands; an entry written by hand breaks the chain"))
            previous_hash = entry.hash or previous_hash
        else:
            expected = history_hash(previous_hash, entry)
            if entry.hash != expected:
                yield (path + ("hash",), "E-HISTORY-CHAIN",
                       say("{name}: history entry {value} does not match its hash chain (an entry was edited, removed or reordered)", name=name, value=index + 1),
                       say("restore the history from git (git log -p) rather than editing it by hand"))
            hashed_before = True
            previous_hash = entry.hash
        if entry.did == "added" and entry.deadline is not None and entry.deadline != problem.deadline:
            yield (here + ("deadline",), "E-DEADLINE-MOVED",
                   say("{name}: deadline is {deadline} but was {deadline2} when added, with no extension record", name=name, deadline=problem.deadline, deadline2=entry.deadline),
                   say("move a deadline only with `rectify extend` (reason and approver)"))
        if entry.did in ("added", "imported") and implied_status is None:
            implied_status = "open" if entry.did == "added" else None
        if entry.did in STATUS_OF_ACTION:
            implied_status = STATUS_OF_ACTION[entry.did]
        elif entry.did in ("status", "returned") and entry.status is not None:
            implied_status = entry.status
    if implied_status is not None and implied_status != problem.status:
        yield (here + ("status",), "E-HISTORY-STATUS",
               say("{name}: status is {status} but its history says {implied_status}", name=name, status=problem.status, implied_status=implied_status),
               say("change a status with the commands (close, reopen, long-term, set-status) so the history records it"))
    yield from _check_history_dates(problem, here)


@dataclass
class _Recorded:
    """The business dates the history recorded, corrections (`did: corrected`) included: what the blocks must say."""

    found_on: dt.date | None = None
    found_corrected: bool = False
    closed_on: dt.date | None = None
    done_on: dict[str, dt.date] = field(default_factory=dict)
    extended: list[HistoryEntry] = field(default_factory=list)
    hashed: bool = False                                   # the problem has a hash-chained history
    progress: dict[str | None, list[HistoryEntry]] = field(default_factory=dict)   # by measure (None: the problem)
    planned: dict[tuple[str, str], dt.date] = field(default_factory=dict)          # (measure, milestone) -> date
    milestones_done: dict[tuple[str, str], dt.date] = field(default_factory=dict)


def _recorded_dates(problem: ProblemItem) -> _Recorded:
    recorded = _Recorded()
    for entry in problem.history:
        recorded.hashed = recorded.hashed or entry.hash is not None
        if entry.did == "progress":
            recorded.progress.setdefault(entry.measure, []).append(entry)
        elif entry.did == "milestone-added" and entry.measure and entry.milestone and entry.to is not None:
            recorded.planned[(entry.measure, entry.milestone)] = entry.to
        elif entry.did == "milestone-done" and entry.measure and entry.milestone and entry.date is not None:
            recorded.milestones_done[(entry.measure, entry.milestone)] = entry.date
        if entry.did == "corrected":
            _apply_correction(recorded, entry)
        elif entry.date is None:
            continue
        elif entry.did == "added":
            recorded.found_on = entry.date
        elif entry.did == "closed":
            recorded.closed_on = entry.date
        elif entry.did == "reopened":
            recorded.closed_on = None
        elif entry.did == "measure-done" and entry.measure is not None:
            recorded.done_on[entry.measure] = entry.date
        elif entry.did == "extended":
            recorded.extended.append(entry)
    return recorded


def _apply_correction(recorded: _Recorded, entry: HistoryEntry) -> None:
    """A corrected date becomes the recorded one (a correction entry that is not a date changes nothing)."""
    try:
        new = dt.date.fromisoformat(entry.new or "")
    except ValueError:
        return
    if entry.field == "found_on" and entry.measure is None:
        recorded.found_on, recorded.found_corrected = new, True
    elif entry.field == "closed.date" and entry.measure is None:
        recorded.closed_on = new  # also for a closure that was imported: from now on its date is pinned
    elif entry.field == "done_on" and entry.measure is not None:
        recorded.done_on[entry.measure] = new


def _check_history_dates(problem: ProblemItem, here: tuple) -> Iterator[Finding]:
    """The business dates in the blocks must be the ones the history recorded (no back-dating by hand):
    the date of `rectify add-problem --found-on`, `close --date`, `done --date`, or of `rectify correct`."""
    name = problem.id
    recorded = _recorded_dates(problem)
    if recorded.found_on is not None and (problem.found_on is not None or recorded.found_corrected) \
            and problem.found_on != recorded.found_on:
        yield (here + ("found_on",), "E-HISTORY-MISMATCH",
               say("{name}: found on {found_on}, but its history recorded {recorded}", name=name,
                   found_on=problem.found_on or say("(not set)"), recorded=recorded.found_on),
               correct_hint(say("the date a problem counts from"), name, "found_on"))
    closed_on = recorded.closed_on
    if problem.closed is not None and closed_on is not None and problem.closed.date != closed_on:
        yield (here + ("closed", "date"), "E-HISTORY-MISMATCH",
               say("{name}: closed on {date}, but its history recorded the closure on {closed_on}", name=name, date=problem.closed.date, closed_on=closed_on),
               correct_hint(say("a closure date"), name, "closed.date"))
    for index, measure in enumerate(problem.measures):
        done = recorded.done_on.get(measure.id)
        if done is not None and measure.done_on != done:
            yield (here + ("measures", index, "done_on"), "E-HISTORY-MISMATCH",
                   say("{name}: measure {id} done on {done_on}, but its history recorded {recorded}", name=name, id=measure.id, done_on=measure.done_on, recorded=done),
                   correct_hint(say("a completion date"), f"{name} {measure.id}", "done_on"))
    yield from _check_recorded_plan(problem, here, recorded)
    extended = recorded.extended
    if extended and len(extended) != len(problem.extensions):
        yield (here + ("extensions",), "E-HISTORY-MISMATCH",
               say("{name}: {countextensions} extension record(s), but its history recorded {countextended}", name=name, countextensions=len(problem.extensions), countextended=len(extended)), "")
    else:
        for index, (entry, extension) in enumerate(zip(extended, problem.extensions)):
            if entry.to is not None and (entry.to != extension.to or entry.date != extension.date):
                yield (here + ("extensions", index), "E-HISTORY-MISMATCH",
                       say("{name}: extension to {to} approved {date}, but its history recorded {to2} approved {date2}", name=name, to=extension.to, date=extension.date, to2=entry.to, date2=entry.date), "")


def _check_recorded_plan(problem: ProblemItem, here: tuple, recorded: _Recorded) -> Iterator[Finding]:
    """Progress reports and milestones as the history recorded them (`rectify progress`, `rectify milestone`):
    once a problem's history is hash-chained, a report or a planned date added or changed by hand is caught."""
    if not recorded.hashed:
        return
    name = problem.id
    targets: list[tuple[tuple, str | None, list[Progress]]] = [(here + ("progress",), None, problem.progress)]
    targets += [(here + ("measures", index, "progress"), measure.id, measure.progress)
                for index, measure in enumerate(problem.measures)]
    for path, measure_id, reports in targets:
        entries = recorded.progress.get(measure_id, [])
        target = name if measure_id is None else f"{name}/{measure_id}"
        if len(entries) != len(reports):
            yield (path, "E-HISTORY-MISMATCH",
                   say("{target}: {count} progress report(s), but its history recorded {recorded}", target=target,
                       count=len(reports), recorded=len(entries)),
                   say("progress is recorded with `rectify progress`, which writes its history entry"))
            continue
        for index, (entry, report) in enumerate(zip(entries, reports)):
            if entry.date != report.date or entry.percent != report.percent or entry.reason != report.done:
                yield (path + (index,), "E-HISTORY-MISMATCH",
                       say("{target}: progress report {value} ({date}) is not the one its history recorded ({recorded})",
                           target=target, value=index + 1, date=report.date, recorded=entry.date), "")
    for index, measure in enumerate(problem.measures):
        for n_index, milestone in enumerate(measure.milestones):
            path = here + ("measures", index, "milestones", n_index)
            key = (measure.id, milestone.id)
            target = f"{name}/{measure.id}/{milestone.id}"
            planned = recorded.planned.get(key)
            if planned is None:
                yield (path, "E-HISTORY-MISMATCH", say("{target}: a milestone its history did not record", target=target),
                       say("plan milestones with `rectify milestone`, which writes its history entry"))
            elif planned != milestone.due:
                yield (path + ("due",), "E-HISTORY-MISMATCH",
                       say("{target}: planned for {due}, but its history recorded {recorded}", target=target,
                           due=milestone.due, recorded=planned),
                       say("a planned date is not moved by hand: the plan as made is what the measure is judged by"))
            done = recorded.milestones_done.get(key)
            if milestone.done_on != done and (done is not None or milestone.done_on is not None):
                yield (path + ("done_on",), "E-HISTORY-MISMATCH",
                       say("{target}: done on {done_on}, but its history recorded {recorded}", target=target,
                           done_on=milestone.done_on or say("(not set)"), recorded=done or say("(not set)")),
                       say("mark a milestone done with `rectify milestone ... --done`"))


def correct_hint(what: str, target: str, field: str) -> str:
    """How a mistyped date recorded in the history is put right (a hand edit is refused)."""
    return say("restore the recorded date; if it was mistyped, {what} is put right with "
               "`rectify correct ORG {target} --field {field} --to DATE --reason ...`, which records why",
               what=what, target=target, field=field)
