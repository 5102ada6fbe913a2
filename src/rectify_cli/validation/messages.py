"""pydantic's errors → findings a person can act on: a code, the field's position, a message and a hint.

One table maps pydantic's error types to rectify's codes; the hints name the fields a model has."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from rectify_cli.errors import Finding, Say, say
from rectify_cli.suggest import fold, half_width, with_suggestion
from rectify_cli.yamlio import fullwidth, reader
from rectify_cli.yamlio.positions import Locator, format_path


@dataclass(frozen=True)
class ErrorAt:
    """One pydantic error with where it is: the path in the file and inside the model."""

    path: tuple
    relative: tuple
    kind: str
    value: object
    message: str
    model: type[BaseModel]
    context: dict = field(default_factory=dict)  # pydantic's ctx: the expected values, the limit, the error raised


@dataclass(frozen=True)
class Described:
    code: str
    message: str
    hint: str = ""
    at_key: bool = False  # point at the key (an unknown field), not its value
    at_parent: bool = False  # point at the mapping (a missing field has no position of its own)
    offset: int = 0  # columns from the key's start to the character at fault (a full-width colon in it)


def _lowered(message: str) -> str:
    return message[0].lower() + message[1:]


# pydantic's own sentences, said again from their context (ctx) so that they can be said in Chinese
# too; a sentence worded otherwise (another pydantic version) is kept as pydantic wrote it.
SENTENCE_CONTEXT = {"literal_error": "expected", "enum": "expected", "greater_than_equal": "ge", "less_than_equal": "le",
                    "greater_than": "gt", "less_than": "lt"}


def _pydantic_sentence(error: ErrorAt) -> str:
    """pydantic's message, lowered, as a `say` when rectify knows the sentence."""
    lowered = _lowered(error.message)
    key = SENTENCE_CONTEXT.get(error.kind)
    if key is None or key not in error.context:
        return lowered
    value = error.context[key]
    said = {
        "expected": lambda: say("input should be {expected}", expected=value),
        "ge": lambda: say("input should be greater than or equal to {limit}", limit=value),
        "le": lambda: say("input should be less than or equal to {limit}", limit=value),
        "gt": lambda: say("input should be greater than {limit}", limit=value),
        "lt": lambda: say("input should be less than {limit}", limit=value),
    }[key]()
    return said if said == lowered else lowered


def _unknown_field(error: ErrorAt) -> Described:
    name = error.path[-1]
    if name in reader.YAML11_WORDS:
        return Described("E-YAML11", say("the key {name!r} is read as a yes/no value by YAML 1.1, not as a field name", name=name),
                         say("ledger fields never use on/off/yes/no as names: see docs/format.md (a date is `date:`)"),
                         at_key=True)
    if isinstance(name, bool) or name in ("True", "False"):
        return Described("E-UNKNOWN-FIELD", say("a key YAML 1.1 reads as the boolean {name} (written `on`, `off`, `yes` or `no`?)", name=name),
                         say("quote the key or use the field names of the format (docs/format.md)"), at_key=True)
    typed = fullwidth.in_key(name)
    if typed:
        index, said, hint = typed
        return Described("E-YAML-FULLWIDTH", say("{said} in the key {name!r}", said=said, name=name), hint, at_key=True,
                         offset=index)
    allowed = _fields_at(error.model, error.relative[:-1])
    close = difflib.get_close_matches(str(name), allowed, n=1)
    hint = (say("did you mean {name!r}?", name=close[0]) if close else
            say("allowed here: {names}", names=", ".join(allowed)) if allowed else "")
    return Described("E-UNKNOWN-FIELD", say("unknown field {name!r}", name=name), hint, at_key=True)


def _missing(error: ErrorAt) -> Described:
    return Described("E-MISSING-FIELD", say("missing required field {path!r}", path=error.path[-1]), say("see docs/format.md for the fields"),
                     at_parent=True)


def _timezone(error: ErrorAt) -> Described:
    return Described("E-DATE", say("{value} has no time zone offset", value=describe_value(error.value)),
                     say("write the offset, e.g. 2026-05-12T09:30:00+08:00"))


def _date(error: ErrorAt) -> Described:
    found = describe_value(error.value)
    message = say("expected a date (YYYY-MM-DD), found {found}", found=found)
    if error.kind == "datetime_type":
        message = say("expected a date and time with zone (2026-05-12T09:30:00+08:00), found {found}", found=found)
    return Described("E-DATE", message, say("write the date unquoted, e.g. 2026-05-12"))


TYPE_WORDS = {"dict": say("mapping"), "list": say("list"), "string": say("text"), "int": say("whole number"),
              "bool": say("true/false"), "mapping": say("mapping")}


def _type(error: ErrorAt) -> Described:
    expected = error.kind.removesuffix("_type").replace("model_attributes", "mapping").replace("model", "mapping")
    expected = TYPE_WORDS.get(expected, expected)
    hint = ""
    if error.kind == "string_type" and isinstance(error.value, (bool, int, float, dt.date)):
        hint = say("quote the value if it is meant as text")
    elif error.kind == "int_type" and isinstance(error.value, (str, float)):
        hint = say("write a whole number without quotes")
    return Described("E-TYPE", say("expected {expected}, found {value}", expected=expected, value=describe_value(error.value)), hint)


def _choice(error: ErrorAt) -> Described:
    return Described("E-VALUE", say("{value} is not allowed: {value2}", value=describe_value(error.value),
                                    value2=_pydantic_sentence(error)))


def _pattern(error: ErrorAt) -> Described:
    path = error.path
    code = "E-ID" if path and path[-1] in ("id", "repeat_of", "measure") else "E-VALUE"
    hint = _pattern_hint(path)
    if isinstance(error.value, str):
        # an id typed in another case or in full-width forms: the form it likely meant, suggested only
        meant = fold(error.value) if path[:2] == ("organisation", "id") else half_width(error.value)
        if meant and meant != error.value:
            hint = with_suggestion(say("did you mean {value}?", value=repr(meant)), hint)
    return Described(code, say("{value} is not a valid {value2}", value=describe_value(error.value),
                               value2=path[-1] if path else 'value'), hint)


def _range(error: ErrorAt) -> Described:
    return Described("E-RANGE", say("{value}: {value2}", value=describe_value(error.value), value2=_pydantic_sentence(error)))


def _other(error: ErrorAt) -> Described:
    raised = error.context.get("error")
    said = raised.args[0] if isinstance(raised, ValueError) and raised.args and isinstance(raised.args[0], Say) else None
    message: str = said if said is not None else error.message.removeprefix("Value error, ")
    if error.kind == "is_instance_of" and "class" in error.context:
        instance = say("Input should be an instance of {kind}", kind=error.context["class"])
        message = instance if instance == message else message
    value = error.value
    if value is not None and not isinstance(value, (dict, list)):
        message = say("{value}: {value2}", value=describe_value(value), value2=message)
    return Described("E-VALUE", message)


# pydantic's error type → how rectify says it. Types ending in _type not listed here are _type.
DESCRIBE: dict[str, Callable[[ErrorAt], Described]] = {
    "extra_forbidden": _unknown_field,
    "missing": _missing,
    "timezone_aware": _timezone,
    **dict.fromkeys(("date_type", "date_parsing", "date_from_datetime_parsing", "datetime_type",
                     "date_from_datetime_inexact"), _date),
    **dict.fromkeys(("literal_error", "enum"), _choice),
    "string_pattern_mismatch": _pattern,
    **dict.fromkeys(("greater_than_equal", "less_than_equal", "greater_than", "less_than"), _range),
}


def describe(error: ErrorAt) -> Described:
    """The finding's code, message and hint for one pydantic error."""
    if isinstance(error.value, reader.Suspicious) and error.kind != "extra_forbidden":
        code = "E-DATE" if "date" in error.value.reason else "E-YAML11"
        return Described(code, error.value.reason, error.value.hint)
    handler = DESCRIBE.get(error.kind) or (_type if error.kind.endswith("_type") else _other)
    return handler(error)


def pydantic_problems(exc: ValidationError, model: type[BaseModel], display: str, locator: Locator,
                      prefix: tuple = (), skip: frozenset = frozenset(), limit: int | None = None) -> list[Finding]:
    """Turn pydantic's errors into findings with positions, codes and hints a clerk can act on.

    `prefix` is where `model`'s data sits in the file; errors under a top key in `skip` are dropped;
    at most `limit` findings are made.
    """
    problems: list[Finding] = []
    for error in exc.errors(include_url=False):
        if limit is not None and len(problems) >= limit:
            break
        relative = tuple(step for step in error["loc"] if not _is_schema_step(step))
        if relative and relative[0] in skip:
            continue
        path = prefix + relative
        said = describe(ErrorAt(path, relative, error["type"], error.get("input"), error["msg"], model,
                                error.get("ctx") or {}))
        line, column = locator.find(path[:-1]) if said.at_parent else locator.find(path, key=said.at_key)
        column += said.offset if column else 0
        problems.append(Finding(display, line, column, said.code, said.message, format_path(path), hint=said.hint,
                                excerpt=reader.excerpt(locator.text, line)))
    return problems


def _is_schema_step(step: object) -> bool:
    # pydantic puts validator names (e.g. 'function-after[...]') into locations of some unions
    return isinstance(step, str) and ("[" in step and "]" in step and "(" in step)


def describe_value(value: object) -> str:
    if isinstance(value, reader.Suspicious):
        return repr(value.text)
    if isinstance(value, bool):
        return say("the yes/no value {value}", value=str(value).lower())
    if isinstance(value, dt.datetime):
        return say("the date-time {value}", value=value.isoformat())
    if isinstance(value, dt.date):
        return say("the date {value}", value=value.isoformat())
    if isinstance(value, (int, float)):
        return say("the number {value}", value=value)
    if value is None:
        return say("nothing (null)")
    if isinstance(value, dict):
        return say("a mapping")
    if isinstance(value, list):
        return say("a list")
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _pattern_hint(path: tuple) -> str:
    if path[:2] == ("organisation", "id"):
        return say("an organisation id is lower-case letters, digits and '-', e.g. tj-police")
    if path and path[-1] == "sha256":
        return say("64 lower-case hex digits, as printed by sha256sum")
    if path and path[-1] == "hash":
        return say("history hashes are written by rectify commands")
    return say("ids are letters, digits, '.', '_' and '-', without spaces, e.g. P7-001 or M1")


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
