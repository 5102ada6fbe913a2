"""One ledger text → its model and findings: types, then the rules, with positions.

Big texts are validated piece by piece (one problem at a time) so that a broken 50 MB file reports
its first 1,000 findings in bounded memory."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ValidationError

from rectify_cli.errors import Finding, say
from rectify_cli.model import Ledger, Policy
from rectify_cli.validation.messages import describe_value, pydantic_problems
from rectify_cli.validation.rules import check_ledger, resolve_categories
from rectify_cli.yamlio import reader
from rectify_cli.yamlio.positions import Locator, format_path


def validate_text(text: str, display: str, policy: Policy, on: dt.date, stem: str | None,
                  parsed: tuple[object, list[Finding]] | None = None) -> tuple[Ledger | None, list[Finding]]:
    """Validate one ledger's text: YAML, types and rules. Used by `validate` and before every write.

    `parsed` is what `reader.parse_text` (or `reader.compose_text`) gave for this text, if it was
    already read."""
    data, problems = parsed if parsed is not None else reader.parse_text(text, display)
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
        problems.append(Finding(display, 0, 0, "E-EMPTY", say("the file is empty"),
                                hint=say("start from `rectify init` or a copy of an example ledger")))
        return None, problems
    if not isinstance(data, dict):
        problems.append(Finding(display, 1, 1, "E-NOT-MAPPING",
                                say("a ledger is a mapping with organisation, inspections and problems; found {value}", value=describe_value(data)),
                                excerpt=reader.excerpt(text, 1)))
        return None, problems
    if _error_bound(data) > PIECEWISE_ABOVE:
        found: list[Finding] = []
        _validate_piecewise(Ledger, data, (), display, locator, found)
        if found:
            return None, problems + capped(found, display)
    try:
        ledger = Ledger.model_validate(data)
    except ValidationError as exc:
        found = pydantic_problems(exc, Ledger, display, locator, limit=MAX_FINDINGS + 1)
        return None, problems + capped(found, display, exc.error_count())
    found = []
    for path, code, message, hint in check_ledger(ledger, policy, on, stem):
        if len(found) > MAX_FINDINGS:
            break
        line, column = locator.find(path)
        found.append(Finding(display, line, column, code, message, format_path(path), hint=hint,
                             excerpt=reader.excerpt(text, line)))
    resolve_categories(ledger, policy)
    return ledger, problems + capped(found, display)


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
        if isinstance(item, dict):
            bound += 8 + 2 * len(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            bound += 1
            stack.extend(item)
        else:
            bound += 1
    return bound


def capped(found: list[Finding], display: str, total: int | None = None) -> list[Finding]:
    if len(found) <= MAX_FINDINGS:
        return found
    more = f"{total - MAX_FINDINGS:,} more" if total is not None else "more"
    return found[:MAX_FINDINGS] + [Finding(display, 0, 0, "E-TOO-MANY-ERRORS",
                                           say("{more} errors in this file are not shown", more=more),
                                           hint=say("fix the errors above (often one cause) and validate again"))]


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
