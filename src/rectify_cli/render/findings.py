"""The rendering of findings.

Findings are printed as `FILE:LINE:COL: CODE message [path]`, the offending line, and a hint,
in the manner of hledger and yamllint; as a JSON list; or as GitHub Actions annotations.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from rectify_cli.errors import Finding, say
from rectify_cli.render.messages import localised, localised_finding


def position(problem: Finding) -> str:
    if problem.line:
        return f"{problem.file}:{problem.line}:{problem.column}"
    return problem.file


def findings_text(problems: Iterable[Finding], lang: str = "en") -> str:
    """Plain text, one finding per block; safe to grep and to read. Messages and hints in `lang`."""
    lines = []
    for problem in problems:
        problem = localised_finding(problem, lang)
        where = f" [{problem.path}]" if problem.path else ""
        lines.append(f"{position(problem)}: {problem.code} {problem.message}{where}")
        if problem.excerpt:
            shown, column = _shown_excerpt(problem.excerpt.rstrip(), problem.column)
            lines.append(f"    {shown}")
            if column:
                caret_at = _display_width(shown[: column - 1])
                lines.append("    " + " " * caret_at + "^")
        if problem.hint:
            lines.append("    " + localised(say("hint: {hint}", hint=problem.hint), lang))
    return "\n".join(lines)


EXCERPT_WIDTH = 160


def _shown_excerpt(line: str, column: int) -> tuple[str, int]:
    """The line around `column`, at most EXCERPT_WIDTH characters, control characters made visible."""
    start = 0
    if len(line) > EXCERPT_WIDTH:
        start = max(0, min(column - 1 - EXCERPT_WIDTH // 2, len(line) - EXCERPT_WIDTH))
        line = ("…" if start else "") + line[start:start + EXCERPT_WIDTH] + ("…" if start + EXCERPT_WIDTH < len(line) else "")
        column = column - start + (1 if start else 0)
    visible = "".join(c if c == "\t" or (c.isprintable() or (ord(c) > 0x7F and c not in "\x85\u2028\u2029"))
                      else f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" for c in line)
    return visible, column if column and len(visible) == len(line) else (column if column else 0)


def _display_width(text: str) -> int:
    from wcwidth import wcswidth

    width = wcswidth(text.replace("\t", " "))
    return width if width >= 0 else len(text)


def findings_json(problems: Iterable[Finding], lang: str = "en") -> str:
    """The findings as a JSON list; the keys are the contract, `message` and `hint` are in `lang`."""
    return json.dumps([localised_finding(p, lang).as_json() for p in problems], ensure_ascii=False, indent=2)


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def findings_github(problems: Iterable[Finding], lang: str = "en") -> str:
    lines = []
    for problem in problems:
        problem = localised_finding(problem, lang)
        props = [f"file={_github_escape(problem.file, True)}"]
        if problem.line:
            props += [f"line={problem.line}", f"col={problem.column}"]
        props.append(f"title={_github_escape(problem.code, True)}")
        message = problem.message + (f" [{problem.path}]" if problem.path else "")
        if problem.hint:
            message += " (" + localised(say("hint: {hint}", hint=problem.hint), lang) + ")"
        lines.append(f"::{problem.severity} {','.join(props)}::{_github_escape(message)}")
    return "\n".join(lines)
