"""Checks of the outcomes other than rectified (整改认定: partial, waived, dismissed) and of the extensions
asked for (申请延期): each record fits its kind, its dates are in order, and the status agrees with the
decision in force.

Split from rules.py, which calls them; they yield the same (path, code, message, hint) findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from rectify_cli.errors import say
from rectify_cli.model import DECISION_KINDS, Decision, ProblemItem, decision_named

Finding = tuple[tuple, str, str, str]  # (path, code, message, hint)

_COMMANDS = {"partial": "rectify partial", "waived": "rectify waive", "dismissed": "rectify dismiss"}


def check_decisions(problem: ProblemItem, here: tuple, today: dt.date, start: dt.date | None) -> Iterator[Finding]:
    """The status partial, waived or dismissed has its decision last under `decisions:`, and each decision
    carries what its kind needs (a waiver's last day, a dismissal's ground), dated in order."""
    name = problem.id
    if problem.status in DECISION_KINDS and (not problem.decisions or problem.decisions[-1].kind != problem.status):
        yield (here + ("status",), "E-STATUS-MISMATCH",
               say("{name}: status is {status} but the last of its `decisions:` is not a {status} decision",
                   name=name, status=decision_named(problem.status)),
               say("record the decision with `{command}` (reason and approver), which writes both",
                   command=_COMMANDS[problem.status]))
    previous: dt.date | None = None
    for index, decision in enumerate(problem.decisions):
        path = here + ("decisions", index)
        yield from _check_decision(name, decision, path, today, start)
        if previous is not None and decision.date < previous:
            yield (path + ("date",), "E-DATE-ORDER",
                   say("{name}: decision {value} dated {date}, before the one above it ({date2})", name=name,
                       value=index + 1, date=decision.date, date2=previous),
                   say("decisions are kept oldest first; add a new one with its command rather than editing"))
        previous = decision.date
    recorded = [entry for entry in problem.history if entry.did in DECISION_KINDS]
    if any(entry.hash for entry in problem.history) and len(recorded) != len(problem.decisions):
        yield (here + ("decisions",), "E-HISTORY-MISMATCH",
               say("{name}: {count} decision(s) under `decisions:`, but its history recorded {recorded}", name=name,
                   count=len(problem.decisions), recorded=len(recorded)),
               say("decisions are recorded with `rectify partial`, `rectify waive` or `rectify dismiss`, which write "
                   "their history entry"))


def _check_decision(name: str, decision: Decision, path: tuple, today: dt.date,
                    start: dt.date | None) -> Iterator[Finding]:
    if decision.date > today:
        yield (path + ("date",), "E-FUTURE-DATE",
               say("{name}: {kind} decision dated {date}, after today ({today})", name=name, kind=decision_named(decision.kind),
                   date=decision.date, today=today), "")
    if start is not None and decision.date < start:
        yield (path + ("date",), "E-DATE-ORDER",
               say("{name}: {kind} decision dated {date}, before the problem started ({start})", name=name,
                   kind=decision_named(decision.kind), date=decision.date, start=start), "")
    if decision.kind == "waived":
        if decision.expires is None:
            yield (path + ("expires",), "E-DECISION",
                   say("{name}: a waiver needs its last day (`expires:`)", name=name),
                   say("a waiver without an end would take the problem out of the work for good; "
                       "record it with `rectify waive ... --until DATE`"))
        elif decision.expires < decision.date:
            yield (path + ("expires",), "E-DATE-ORDER",
                   say("{name}: waiver expires on {expires}, before it was granted ({date})", name=name,
                       expires=decision.expires, date=decision.date), "")
    elif decision.expires is not None:
        yield (path + ("expires",), "E-DECISION",
               say("{name}: `expires:` belongs to a waiver, not to a {kind} decision", name=name, kind=decision_named(decision.kind)),
               say("remove `expires:`, or record a waiver with `rectify waive`"))
    if decision.kind == "dismissed" and decision.ground is None:
        yield (path + ("ground",), "E-DECISION",
               say("{name}: a dismissal needs its ground (`ground: inaccurate` 反馈不实 or `ground: appeal` 申诉成立)",
                   name=name), "")
    elif decision.kind != "dismissed" and decision.ground is not None:
        yield (path + ("ground",), "E-DECISION",
               say("{name}: `ground:` belongs to a dismissal, not to a {kind} decision", name=name, kind=decision_named(decision.kind)),
               "")
    if decision.kind != "partial" and decision.remaining is not None:
        yield (path + ("remaining",), "E-DECISION",
               say("{name}: `remaining:` belongs to a partial decision, not to a {kind} decision", name=name,
                   kind=decision_named(decision.kind)), "")


def check_extension_requests(problem: ProblemItem, here: tuple, today: dt.date,
                             start: dt.date | None) -> Iterator[Finding]:
    """Each request is dated by today and after the start; a decision has its date, not before the request;
    an approved request has its extension under `extensions:` approved that day."""
    name = problem.id
    approved_on = {extension.date for extension in problem.extensions}
    for index, request in enumerate(problem.extension_requests):
        path = here + ("extension_requests", index)
        if request.date > today:
            yield (path + ("date",), "E-FUTURE-DATE",
                   say("{name}: extension requested on {date}, after today ({today})", name=name, date=request.date,
                       today=today), "")
        if start is not None and request.date < start:
            yield (path + ("date",), "E-DATE-ORDER",
                   say("{name}: extension requested on {date}, before the problem started ({start})", name=name,
                       date=request.date, start=start), "")
        if (request.decision is None) != (request.decided_on is None):
            yield (path + ("decision" if request.decision is None else "decided_on",), "E-EXTENSION-REQUEST",
                   say("{name}: extension request {value} has a decision without its date, or a date without "
                       "its decision", name=name, value=index + 1),
                   say("decide a request with `rectify extend` (approve) or `rectify refuse-extension`"))
            continue
        if request.decided_on is None:
            continue
        if request.decided_on < request.date:
            yield (path + ("decided_on",), "E-DATE-ORDER",
                   say("{name}: extension request decided on {decided}, before it was made ({date})", name=name,
                       decided=request.decided_on, date=request.date), "")
        if request.decided_on > today:
            yield (path + ("decided_on",), "E-FUTURE-DATE",
                   say("{name}: extension request decided on {decided}, after today ({today})", name=name,
                       decided=request.decided_on, today=today), "")
        if request.decision == "approved" and request.decided_on not in approved_on:
            yield (path + ("decision",), "E-EXTENSION-REQUEST",
                   say("{name}: extension request {value} is approved on {decided}, but no extension under "
                       "`extensions:` was approved that day", name=name, value=index + 1, decided=request.decided_on),
                   say("approve a request with `rectify extend`, which writes both"))
