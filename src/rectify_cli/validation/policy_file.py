"""policy.yaml beside the ledgers: read, size-limited, validated; the defaults when there is none."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from rectify_cli import load
from rectify_cli.errors import Finding, say
from rectify_cli.model import Policy
from rectify_cli.validation.document import MAX_FINDINGS, capped
from rectify_cli.validation.messages import pydantic_problems
from rectify_cli.yamlio import reader
from rectify_cli.yamlio.positions import Locator, format_path

POLICY_NAMES = ("policy.yaml", "policy.yml")


def load_policy(folder: Path) -> tuple[Policy, list[Finding]]:
    """The policy beside the ledgers, or the defaults when there is none."""
    for name in POLICY_NAMES:
        path = folder / name
        if path.exists():
            display = load.display_path(path)
            text, problems = load.read_text(path, display)
            if text is not None and len(text) > MAX_POLICY_CHARACTERS:
                # A policy is a page of settings; a big one is only a way to make millions of errors.
                problems = [Finding(display, 0, 0, "E-TOO-LARGE",
                                    say("the policy has {counttext:,} characters, over the limit of {MAX_POLICY_CHARACTERS:,}", counttext=len(text), MAX_POLICY_CHARACTERS=MAX_POLICY_CHARACTERS),
                                    hint=say("a policy holds settings, categories and rules: see docs/format.md"))]
            if text is None or problems:
                return Policy(), problems
            data, problems = reader.parse_text(text, display)
            if any(p.severity == "error" for p in problems):
                return Policy(), problems
            data = data if data is not None else {}
            if not isinstance(data, dict):
                return Policy(), [Finding(display, 1, 1, "E-NOT-MAPPING", say("the policy must be a mapping of settings"))]
            try:
                policy = Policy.model_validate(data)
            except ValidationError as exc:
                locator = Locator.deferred(text)
                found = pydantic_problems(exc, Policy, display, locator, limit=MAX_FINDINGS + 1)
                return Policy(), locator.place(capped(found, display, exc.error_count()))
            clashes = category_clashes(policy, text, display)
            return (Policy(), clashes) if clashes else (policy, [])
    return Policy(), []


def category_clashes(policy: Policy, text: str, display: str) -> list[Finding]:
    """A Chinese name or alias that is also another category's id, name or alias: a ledger writing it
    would be counted in one of them by the order of the file, so the policy is refused."""
    owner: dict[str, str] = {category_id: category_id for category_id in policy.categories}
    found: list[Finding] = []
    locator = Locator(text)
    for category_id, names in policy.categories.items():
        for path, name in [(("zh",), names.zh), *((("aliases", i), a) for i, a in enumerate(names.aliases))]:
            other = owner.setdefault(name, category_id)
            if other == category_id:
                continue
            where = ("categories", category_id, *path)
            line, column = locator.find(where)
            found.append(Finding(display, line, column, "E-CATEGORY-NAME",
                                 say("category {category_id}: {name!r} already names the category {other}", category_id=category_id, name=name, other=other),
                                 format_path(where), hint=say("a name or alias may name one category only: remove it from one of them"),
                                 excerpt=reader.excerpt(text, line)))
    return found


MAX_POLICY_CHARACTERS = 1024 * 1024
