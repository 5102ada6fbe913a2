"""A user's own Word template filled from the report (docxtpl: Jinja2 placeholders in a .docx).

The template sees exactly the data of `rectify report --format json` (the same values, so the same
numbers as every other format): `{{ round }}`, `{{ totals.rate_percent }}`, and repeating table
rows with `{%tr for org in organisations %}…{{ org.name }}…{%tr endfor %}`. One filter is added:
`{{ as_of | zh_date }}` writes 2026-12-01 as 2026年12月1日. A placeholder the data does not have
is an error naming it (no silent blank), as is a template Jinja2 cannot read.
`docs/placeholders.md` lists every placeholder (`placeholders()` makes the list from the JSON).
"""

from __future__ import annotations

import io
import re
from typing import Any

from rectify_cli.errors import say
from rectify_cli.render.docx import chinese_dates


class TemplateProblem(Exception):
    """The template cannot be filled: the message names the placeholder or the tag and the file."""


def _zh_date(value: object) -> str:
    return chinese_dates(str(value)) if value is not None else "—"


def fill(template: bytes, name: str, data: dict[str, Any]) -> bytes:
    """The template `name` (its bytes) filled from the report's JSON data, as .docx bytes."""
    import jinja2
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]

    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    environment.filters["zh_date"] = _zh_date
    try:
        document = DocxTemplate(io.BytesIO(template))
        unknown = sorted(document.get_undeclared_template_variables(environment, data))
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(say("{name}: the template has a broken tag: {reason} (in the text around line {line} "
                                  "of its XML)", name=name, reason=error.message, line=error.lineno)) from None
    except Exception as error:   # not a .docx: a zip without word/document.xml, or no zip at all
        raise TemplateProblem(say("{name}: not a Word template (.docx): {error}", name=name, error=error)) from None
    if unknown:
        raise TemplateProblem(say("{name}: placeholder {placeholders} is not in the report's data (see "
                                  "docs/placeholders.md for the names)", name=name,
                                  placeholders=", ".join("{{ " + u + " }}" for u in unknown)))
    try:
        document.render(data, jinja_env=environment)
    except jinja2.UndefinedError as error:
        raise TemplateProblem(say("{name}: {reason} (see docs/placeholders.md for the names)", name=name,
                                  reason=_undefined(error))) from None
    except jinja2.TemplateError as error:
        raise TemplateProblem(say("{name}: the template cannot be filled: {error}", name=name, error=error)) from None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _undefined(error: Exception) -> str:
    """"'dict object' has no attribute 'rate_pct'" → "placeholder field 'rate_pct' is not in the data"."""
    text = str(error)
    found = re.search(r"has no attribute '([^']+)'", text)
    if found:
        return say("placeholder field {field!r} is not in the report's data ({text})", field=found[1], text=text)
    return say("a placeholder is not in the report's data ({text})", text=text)


def placeholders(data: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Every placeholder path of the JSON data with an example value: ("totals.rate_percent", "80.49%"),
    ("organisations[].name", ...). A list is shown once, by its first item."""
    found: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(placeholders(value, f"{prefix}.{key}" if prefix else key))
    elif isinstance(data, list):
        if data and isinstance(data[0], (dict, list)):
            found.extend(placeholders(data[0], prefix + "[]"))
        else:
            found.append((prefix, ", ".join(str(v) for v in data[:3]) + (" …" if len(data) > 3 else "")))
    else:
        found.append((prefix, "null" if data is None else str(data)))
    return found
