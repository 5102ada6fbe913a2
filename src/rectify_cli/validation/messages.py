"""pydantic's errors → findings a person can act on: a code, the field's position, a message and a hint.

One table maps pydantic's error types to rectify's codes; the hints name the fields a model has."""

from __future__ import annotations

import datetime as dt
import difflib

from pydantic import BaseModel, ValidationError

from rectify_cli.errors import Finding
from rectify_cli.yamlio import reader
from rectify_cli.yamlio.positions import Locator, format_path


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
        if isinstance(value, reader.Suspicious) and kind != "extra_forbidden":
            code = "E-DATE" if "date" in value.reason else "E-YAML11"
            message, hint = value.reason, value.hint
        elif kind == "extra_forbidden":
            code, at_key = "E-UNKNOWN-FIELD", True
            name = path[-1]
            message = f"unknown field {name!r}"
            if name in reader.YAML11_WORDS:
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
                                    hint="see docs/format.md for the fields", excerpt=reader.excerpt(locator.text, line)))
            continue
        elif kind == "timezone_aware":
            code = "E-DATE"
            message = f"{describe_value(value)} has no time zone offset"
            hint = "write the offset, e.g. 2026-05-12T09:30:00+08:00"
        elif kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "datetime_type", "date_from_datetime_inexact"):
            code = "E-DATE"
            message = f"expected a date (YYYY-MM-DD), found {describe_value(value)}"
            if kind == "datetime_type":
                message = f"expected a date and time with zone (2026-05-12T09:30:00+08:00), found {describe_value(value)}"
            hint = "write the date unquoted, e.g. 2026-05-12"
        elif kind.endswith("_type") or kind in ("model_type", "model_attributes_type", "dict_type", "list_type"):
            code = "E-TYPE"
            expected = kind.removesuffix("_type").replace("model_attributes", "mapping").replace("model", "mapping")
            expected = {"dict": "mapping", "list": "list", "string": "text", "int": "whole number", "bool": "true/false"}.get(expected, expected)
            message = f"expected {expected}, found {describe_value(value)}"
            if kind == "string_type" and isinstance(value, (bool, int, float, dt.date)):
                hint = "quote the value if it is meant as text"
            elif kind == "int_type" and isinstance(value, (str, float)):
                hint = "write a whole number without quotes"
        elif kind in ("literal_error", "enum"):
            code = "E-VALUE"
            message = f"{describe_value(value)} is not allowed: {message[0].lower() + message[1:]}"
        elif kind == "string_pattern_mismatch":
            code = "E-ID" if path and path[-1] in ("id", "repeat_of", "measure") else "E-VALUE"
            message = f"{describe_value(value)} is not a valid {path[-1] if path else 'value'}"
            hint = _pattern_hint(path)
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            code = "E-RANGE"
            message = f"{describe_value(value)}: {message[0].lower() + message[1:]}"
        else:
            code = "E-VALUE"
            message = message.removeprefix("Value error, ")
            message = f"{describe_value(value)}: {message}" if value is not None and not isinstance(value, (dict, list)) else message
        line, column = locator.find(path, key=at_key)
        problems.append(Finding(display, line, column, code, message, format_path(path), hint=hint,
                                excerpt=reader.excerpt(locator.text, line)))
    return problems


def _is_schema_step(step: object) -> bool:
    # pydantic puts validator names (e.g. 'function-after[...]') into locations of some unions
    return isinstance(step, str) and ("[" in step and "]" in step and "(" in step)


def describe_value(value: object) -> str:
    if isinstance(value, reader.Suspicious):
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
