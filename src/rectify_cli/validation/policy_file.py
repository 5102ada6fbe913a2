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
from rectify_cli.yamlio.positions import Locator

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
                return Policy.model_validate(data), []
            except ValidationError as exc:
                locator = Locator.deferred(text)
                found = pydantic_problems(exc, Policy, display, locator, limit=MAX_FINDINGS + 1)
                return Policy(), locator.place(capped(found, display, exc.error_count()))
    return Policy(), []


MAX_POLICY_CHARACTERS = 1024 * 1024
