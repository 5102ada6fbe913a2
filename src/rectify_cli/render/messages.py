"""Messages, errors and hints in the reader's language: a `Say` looked up in the Chinese catalogue.

The core writes every message in English with `errors.say(template, **params)`; it never knows the
language. Here, at the edge, `localised(text, lang)` finds the template in `data/messages.zh.txt`
and fills the Chinese template with the same parameters (a parameter that is itself a `Say` is
said in Chinese too). Text that is not a `Say`, or whose template has no entry, is printed as it
is: English, never a crash. Codes, file names, ids and field names are parameters, so they stay
as they are. `tests/test_messages_zh.py` checks that every template has an entry.
"""

from __future__ import annotations

import dataclasses
import functools
import string
from importlib import resources

from rectify_cli.errors import Finding, Joined, Say

CATALOGUE_FILE = "messages.zh.txt"


@functools.cache
def catalogue() -> dict[str, str]:
    """English template -> Chinese template, from the package's data file (`en: ` and `zh: ` line pairs; `\\n` is a line break)."""
    text = resources.files("rectify_cli").joinpath("data").joinpath(CATALOGUE_FILE).read_text(encoding="utf-8")
    return parse_catalogue(text)


def parse_catalogue(text: str) -> dict[str, str]:
    entries: dict[str, str] = {}
    english: str | None = None
    for line in text.splitlines():
        if line.startswith("en: "):
            english = line[4:].replace("\\n", "\n")
        elif line.startswith("zh: ") and english is not None:
            entries[english] = line[4:].replace("\\n", "\n")
            english = None
    return entries


def fields_of(template: str) -> set[str]:
    """The parameter names a template uses (for the test that both languages use the same)."""
    return {name for _text, name, _spec, _conversion in string.Formatter().parse(template) if name}


def localised(text: object, lang: str) -> str:
    """`text` in `lang`: a `Say` in Chinese when its template is in the catalogue; anything else as written."""
    if not isinstance(text, Say):
        return "" if text is None else str(text)
    if lang != "zh":
        return str.__str__(text)
    if isinstance(text, Joined):
        return text.separator.join(localised(part, lang) for part in text.parts)
    chinese = catalogue().get(text.template)
    if chinese is None:
        return str.__str__(text)
    params = {name: localised(value, lang) if isinstance(value, Say) else value for name, value in text.params.items()}
    try:
        return chinese.format(**params)
    except (KeyError, IndexError, ValueError):  # a catalogue entry that does not fit: English rather than a crash
        return str.__str__(text)


def localised_finding(finding: Finding, lang: str) -> Finding:
    """The finding with its message and hint in `lang` (file, code, path and excerpt as they are)."""
    if lang != "zh":
        return finding
    return dataclasses.replace(finding, message=localised(finding.message, lang), hint=localised(finding.hint, lang))
