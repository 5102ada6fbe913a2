"""How `--help` reads: placeholders a person understands (ORG, DATE, N, PATH, [en|zh]) instead of
typer's raw `{org}`, `<str>` and `<list[Path]>`, and each command's summary whole in `rectify --help`.

Every command is registered with `cls=Command` (cli/__init__.py); an option or argument that names
its own `metavar` keeps it.
"""

from __future__ import annotations

import re

from typer.core import TyperArgument, TyperCommand, TyperOption

# Options whose text is a date, whatever their type says (they are parsed by dates.parse_date_option).
DATE_OPTIONS = frozenset({"date", "deadline", "due", "found_on", "feedback_on", "rectify_by", "handed_on",
                          "review_by", "as_of", "on_site_from", "on_site_to"})
DATE_OPTIONS_OF = {"extend": {"to"}}  # `--to` is a date in extend, a body in add-clue
NAMED = {"by": "NAME", "leader": "NAME", "person": "NAME", "owner": "NAME", "secretary": "NAME",
         "evaluator": "NAME", "approved_by": "NAME", "verified_by": "NAME", "org": "ORG", "parent": "ORG",
         "category": "CATEGORY", "funds_returned": "YUAN", "losses_recovered": "YUAN", "clue": "CLUE",
         "problem": "PROBLEM", "measure": "MEASURE", "lang": "LANG"}
_TYPES = {"str": "TEXT", "int": "N", "int range": "N", "float": "NUMBER", "Path": "PATH", "path": "PATH",
          "file": "FILE", "dir": "DIR"}
_SENTENCE_END = re.compile(r"(?<!e\.g)(?<!i\.e)\.(?=\s|$)")


def metavar(param: TyperArgument | TyperOption, command: str, shown_type: str) -> str:
    """The placeholder shown for a value: the name of what is typed, never a Python type."""
    name = param.name or ""
    if name in DATE_OPTIONS or name in DATE_OPTIONS_OF.get(command, ()):
        return "DATE"
    bare = shown_type.strip("<>")
    if "|" in bare and not bare.startswith("list["):
        return f"[{bare}]"  # a closed choice, as click shows it
    if name in NAMED:
        return NAMED[name]
    if isinstance(param, TyperArgument):
        return {"paths": "PATH", "directory": "DIR"}.get(name, name.upper())
    bare = bare.removeprefix("list[").removesuffix("]")
    return _TYPES.get(bare, "TEXT")


class _Argument(TyperArgument):
    """An argument shown as its placeholder alone: `ORG` (typer prints `{org}` and `org <str>`)."""

    def display_type_rich(self, ctx):
        return ""

    def get_usage_pieces(self, ctx) -> list[str]:
        name = self.metavar or (self.name or "").upper()
        shown = name if self.required else f"[{name}]"
        return [shown + ("..." if self.nargs != 1 else "")]


def summary(help_text: str | None) -> str:
    """A command's line in `rectify --help`: the first sentence of its help, whole."""
    paragraph = " ".join((help_text or "").split("\n\n")[0].split())
    end = _SENTENCE_END.search(paragraph)
    return paragraph[: end.end()] if end else paragraph


class Command(TyperCommand):
    """A typer command whose help names values as a person would and whose summary is never cut."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.short_help:
            self.short_help = summary(self.help)
        for param in self.params:
            if isinstance(param, TyperArgument) and not isinstance(param, _Argument):
                param.__class__ = _Argument  # same fields; only how it is shown differs
            if isinstance(param, (TyperArgument, TyperOption)) and param.metavar is None \
                    and not getattr(param, "is_flag", False):
                param.metavar = metavar(param, self.name or "", _shown_type(param))


def _shown_type(param: TyperArgument | TyperOption) -> str:
    import typer

    context = typer.Context(TyperCommand("rectify"))
    try:
        return str(TyperArgument.display_type(param, context))
    except (AttributeError, TypeError, ValueError):
        return "<str>"
