"""整改情况公开: the published text of a round, made from the report's figures, with what it may not carry left out.

The text has the published form (docs/report.md, the seeds): "反馈问题N个，已完成整改X个、正在整改Y个（基本完成Z个、
需长期坚持W个、申请延期V个），整改完成率R；…" — for the round (the totals) and per organisation, each figure the
report's own (`figures.published_figures` of `OrgReport.figures` and `RoundReport.totals`, at the as-of date),
never recomputed. The policy's `disclosure.redact` says what is never published:

- the names of people held accountable under a form of the four forms below `persons_below_form` (only
  their number is published; from that form up: name, post and what was done);
- clue details (问题线索: their summaries; only their number is published), evidence (paths, paper documents, their notes), internal notes
  (problem notes, the reasons of extensions, long-term and reopenings, the evaluators' notes), and `terms`.

`forbidden(ledgers, report, policy)` lists every such text of the organisations published; `leaks(text, ...)`
is the check that none of them is in the text (a test and `rectify disclose` run it). The figures of the text
are read back and compared with the report's JSON by `crosscheck.disclosure_mismatches`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rectify_cli.errors import say
from rectify_cli.figures import Figures, OrgReport, RoundReport, published_figures
from rectify_cli.model import Ledger, Policy

FORMS_ZH = {1: "第一种形态", 2: "第二种形态", 3: "第三种形态", 4: "第四种形态"}
DIGITS_ZH = "零一二三四五六七八九"


def round_words(number: int) -> str:
    """A round number as published: 7 → 七, 12 → 十二, 21 → 二十一 (digits past 99)."""
    if number < 10:
        return DIGITS_ZH[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return ("" if tens == 1 else DIGITS_ZH[tens]) + "十" + (DIGITS_ZH[ones] if ones else "")
    return str(number)


def wan(yuan: Decimal) -> str:
    """Yuan as 万元, exact: 1250000.00 → 125, 1249100 → 124.91, 23600 → 2.36."""
    value = (yuan / Decimal(10000)).normalize()
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent_text(part: int, whole: int) -> str:
    from fractions import Fraction

    from rectify_cli.render.words import percent

    return percent(Fraction(part, whole)) if whole else "—"


@dataclass(frozen=True)
class Person:
    """Someone held accountable whose name may be published."""

    organisation: str
    name: str
    post: str | None
    form: int
    action: str


def _states(org: OrgReport):
    return org.states + org.carry_states if org.carried_in else org.states


def accountable(org: OrgReport) -> list[tuple[str, str | None, int, str]]:
    """Every accountability record in the organisation's figures on as-of: (person, post, form, action)."""
    found = []
    for state in _states(org):
        if not state.counted:
            continue
        for record in state.problem.accountability:
            if record.date <= state.on:
                found.append((record.person, record.post, record.form, record.action))
    return found


def published_people(org: OrgReport, policy: Policy) -> list[Person]:
    line = policy.disclosure.redact.persons_below_form
    return [Person(org.id, name, post, form, action) for name, post, form, action in accountable(org) if form >= line]


def figures_sentence(f: Figures, lead: str, named: str = "") -> str:
    """The published sentence of figures `f`: 反馈问题N个，已完成整改X个、…; `named`: who is named after 问责N人."""
    text = (f"{lead}反馈问题{f.problems}个，已完成整改{f.rectified}个、正在整改{f.in_progress}个"
            f"（基本完成{f.basically_done}个、需长期坚持{f.long_term}个、申请延期{f.extended}个），"
            f"整改完成率{percent_text(f.rectified, f.problems)}；"
            f"制定整改措施{f.measures_total}条，已完成{f.measures_done}条；"
            f"建立完善制度{f.rules_made}项，退缴违规资金{wan(f.funds_returned)}万元，挽回经济损失{wan(f.losses_recovered)}万元；"
            f"问责{f.held_accountable}人{named}")
    if f.clues_handed:
        text += f"；移交问题线索{f.clues_handed}条"
    return text


def organisation_text(org: OrgReport, report: RoundReport, policy: Policy) -> str:
    """One organisation's paragraph."""
    lead = f"{org.name}：截至{report.as_of.year}年{report.as_of.month}月{report.as_of.day}日，第{round_words(report.round)}轮巡察"
    people = published_people(org, policy)
    named = ""
    if people:
        named = "，其中" + "、".join(f"{p.name}（{p.post + '，' if p.post else ''}{p.action}，{FORMS_ZH[p.form]}）"
                                   for p in people)
    return figures_sentence(org.figures, lead, named) + "。"


def round_text(report: RoundReport) -> str:
    """The round's paragraph, over every organisation published."""
    lead = (f"截至{report.as_of.year}年{report.as_of.month}月{report.as_of.day}日，第{round_words(report.round)}轮巡察"
            f"{len(report.organisations)}个被巡察党组织共")
    return figures_sentence(report.totals, lead) + "。"


@dataclass(frozen=True)
class Disclosure:
    """A text to publish, its hash, the figures it states (per organisation) and what was left out."""

    text: str
    scope: str                                        # "round" or "organisation"
    figures: dict[str, dict[str, int | Decimal]]      # organisation id -> its published figures
    totals: dict[str, int | Decimal] | None           # the round's, when the text has the round's paragraph
    redacted: tuple[tuple[str, str], ...]             # (kind, what was left out, in words)
    leaks: tuple[tuple[str, str], ...]                # (kind, text) forbidden and found in the text: must be ()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def forbidden(ledgers: Iterable[Ledger], report: RoundReport, policy: Policy) -> list[tuple[str, str]]:
    """Every text the rules forbid, of the organisations published: (kind, text)."""
    rules = policy.disclosure.redact
    ids = {org.id for org in report.organisations}
    allowed = {p.name for org in report.organisations for p in published_people(org, policy)}
    found: list[tuple[str, str]] = []
    for ledger in ledgers:
        if ledger.organisation.id not in ids:
            continue
        for inspection in ledger.inspections:
            if rules.clues:
                for clue in inspection.clues:
                    found += [("clue", text) for text in (clue.summary,) if text]
            if rules.notes and inspection.evaluation is not None:
                found += [("note", score.note) for score in inspection.evaluation.scores]
        for problem in ledger.problems:
            for record in problem.accountability:
                if record.form < rules.persons_below_form and record.person not in allowed:
                    found.append(("person", record.person))
            if rules.evidence:
                evidence = [e for m in problem.measures for e in m.evidence]
                evidence += problem.closed.evidence if problem.closed else []
                for item in evidence:
                    found += [("evidence", text) for text in (item.path, item.paper, item.note) if text]
            if rules.notes:
                notes = [problem.notes] + [e.reason for e in problem.extensions] + [r.reason for r in problem.reopened]
                notes += [problem.long_term.reason] if problem.long_term else []
                found += [("note", text) for text in notes if text]
    found += [("term", term) for term in rules.terms]
    return list(dict.fromkeys(found))


def leaks(text: str, forbidden_texts: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The forbidden texts found in `text` (a single character is not looked for: too short to mean anything)."""
    return tuple((kind, item) for kind, item in forbidden_texts if len(item) >= 2 and item in text)


def _redacted(report: RoundReport, policy: Policy, forbidden_texts: Sequence[tuple[str, str]]) -> tuple:
    rules = policy.disclosure.redact
    kinds: dict[str, int] = {}
    for kind, _ in forbidden_texts:
        kinds[kind] = kinds.get(kind, 0) + 1
    unnamed = sum(1 for org in report.organisations for _, _, form, _ in accountable(org)
                  if form < rules.persons_below_form)
    listed = []
    if unnamed:
        listed.append(("person", say("{count} people held accountable under forms below {form}: counted, not named",
                                     count=unnamed, form=rules.persons_below_form)))
    words = {"clue": say("clue details (summaries): only the number of clues"),
             "evidence": say("evidence (paths, paper documents, their notes)"),
             "note": say("internal notes (problem notes, reasons, the evaluators' notes)"),
             "term": say("the policy's terms")}
    for kind in ("clue", "evidence", "note", "term"):
        if kinds.get(kind):
            listed.append((kind, say("{what}: {count} left out", what=words[kind], count=kinds[kind])))
    return tuple(listed)


def disclose(report: RoundReport, ledgers: Iterable[Ledger], policy: Policy, scope: str = "round") -> Disclosure:
    """The text of the round (its paragraph and each organisation's) or, with scope "organisation", of the
    organisations of `report` alone; what it left out, and any forbidden text found in it (none, by construction)."""
    paragraphs = [round_text(report)] if scope == "round" else []
    paragraphs += [organisation_text(org, report, policy) for org in report.organisations]
    text = "\n\n".join(paragraphs) + "\n"
    forbidden_texts = forbidden(ledgers, report, policy)
    return Disclosure(
        text=text, scope=scope,
        figures={org.id: published_figures(org.figures) for org in report.organisations},
        totals=published_figures(report.totals) if scope == "round" else None,
        redacted=_redacted(report, policy, forbidden_texts), leaks=leaks(text, forbidden_texts))
