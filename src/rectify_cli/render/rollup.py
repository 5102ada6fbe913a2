"""A roll-up as JSON (the report's keys, organisations named by their path) or as a document of tables."""

from __future__ import annotations

from collections.abc import Iterator

from rectify_cli import consequences as rules
from rectify_cli.figures import Figures
from rectify_cli.render.data import figures_json, json_nested, json_text, organisations_json
from rectify_cli.render.document import Document, Section, invalid_lines, provenance_lines
from rectify_cli.render.messages import localised
from rectify_cli.render.words import percent, ratio, word
from rectify_cli.rollup import Folder, RollupResult, UnitFigures


def _organisations(item: Folder, lang: str) -> Iterator[dict]:
    """The folder's organisations exactly as `rectify report --format json` has them, named by path."""
    assert item.result is not None
    for org in organisations_json(item.result.report, item.result.results, lang):
        org["local_id"] = org["id"]
        org["id"] = f"{item.path}/{org['id']}"
        org["unit"] = item.path
        yield org


def folder_json(item: Folder, lang: str) -> str:
    """The folder's organisations as they stand in the roll-up's JSON, joined ("" for none). Given to
    RollupRequest.render, it runs where each folder was reported, on every core."""
    return ",\n    ".join(json_nested(org, "    ") for org in _organisations(item, lang))


def _unit_json(unit: UnitFigures) -> dict:
    return {"id": unit.path, "name": unit.name, "level": unit.level, "depth": unit.depth,
            "ledger_folder": unit.folder, "organisations": unit.organisations, **figures_json(unit.figures),
            "grades": dict(unit.figures.grades), "consequences": unit.fired}


def rollup_json_parts(result: RollupResult, lang: str) -> Iterator[str]:
    """The roll-up's JSON in pieces, each organisation rendered and let go: a province's organisations
    are most of the document (134 MB for 10,000), and holding them all, then their text, then its bytes
    took over a gigabyte."""
    sha, commit, dirty, state = result.source
    totals = _unit_json(result.totals)
    for key in ("id", "name", "level", "depth", "ledger_folder"):
        del totals[key]
    data = {
        "format": "rectify-rollup", "version": 1, "name": result.spec.name, "level": result.spec.level,
        "round": result.round, "as_of": result.as_of.isoformat(), "lang": lang,
        "invalid_files": list(result.invalid),
        "not_recorded": [{"unit": item.path, "note": item.note} for item in result.folders if item.result is None],
        "organisations": [],   # written below, one organisation at a time
        "units": [_unit_json(unit) for unit in result.units],
        "totals": totals,
        "provenance": {
            "rollup_file": {"file": result.file, "sha256": sha, "git": state, "commit": commit, "dirty": dirty},
            "folders": [{"unit": item.path, "ledgers": item.unit.ledgers,
                         **(item.result.provenance.as_json() if item.result else {})} for item in result.folders],
        },
    }
    head, tail = json_text(data).split(_ORGANISATIONS, 1)   # the top-level key: only it stands two spaces in
    lead = '\n  "organisations": [\n    '
    for item in result.folders:
        if item.result is None:
            continue
        # Rendered where it was reported (by folder_json in `lang`; the result then holds no organisations).
        text = folder_json(item, lang) if item.rendered is None else item.rendered
        assert isinstance(text, str)
        if text:
            yield head + lead + text
            head, lead = "", ",\n    "
    yield (head + _ORGANISATIONS if head else "\n  ],\n") + tail   # head still unwritten: no organisation


def rollup_json(result: RollupResult, lang: str) -> str:
    return "".join(rollup_json_parts(result, lang))


_ORGANISATIONS = '\n  "organisations": [],\n'


def _cells(f: Figures) -> list[str]:
    return [str(f.problems), str(f.rectified), str(f.in_progress), str(f.overdue), str(f.hanging), str(f.partial),
            str(f.waived), str(f.dismissed), percent(f.rate), ratio(f.measures_done, f.measures_total),
            percent(f.measure_rate)]


_FIGURE_HEADERS = ("problems", "rectified", "in_progress", "overdue_count", "hanging", "partial_count", "waived_count",
                   "dismissed_count", "rate", "measures", "measure_rate")


def _fired_names(results: tuple[rules.RuleResult, ...], lang: str) -> str:
    names = {rule.id: (rule.zh if lang == "zh" else rule.en) for rule in rules.RULES}
    fired = [names[result.rule] for result in results if result.fired]
    return ("、" if lang == "zh" else ", ").join(fired) or "—"


def rollup_document(result: RollupResult, lang: str) -> Document:
    units = Section(word("rollup_units", lang), [word("rollup_unit", lang), word("rollup_level", lang), word("rollup_organisations_count", lang),
                                        *(word(k, lang) for k in _FIGURE_HEADERS)], [],
                    set(range(2, 3 + len(_FIGURE_HEADERS))))
    styles: list[str | None] = []
    for unit in [*result.units, result.totals]:
        label = word("total", lang) if unit is result.totals else "  " * unit.depth + f"{unit.name} ({unit.path})"
        units.rows.append([label, unit.level or "", str(unit.organisations), *_cells(unit.figures)])
        styles.append(None if unit.folder else "bold")
    units.styles = styles
    orgs = Section(word("rollup_organisations", lang), [word("rollup_path", lang), word("organisation", lang),
                                                *(word(k, lang) for k in _FIGURE_HEADERS), word("rollup_fired", lang)], [],
                   set(range(2, 2 + len(_FIGURE_HEADERS))))
    for item in result.folders:
        if item.result is None:
            continue
        for org in item.result.report.organisations:
            orgs.rows.append([f"{item.path}/{org.id}", org.name, *_cells(org.figures),
                              _fired_names(item.result.results.get(org.id, ()), lang)])
    sha, commit, dirty, state = result.source
    git = state if commit is None else f"{commit[:12]}{' (uncommitted changes)' if dirty else ''}"
    footer = [word("rollup_file", lang, file=result.file, sha=sha, git=git)]
    for item in result.folders:
        footer.append(f"{item.path} ({item.unit.ledgers}):")
        footer += ["  " + line for line in provenance_lines(item.result.provenance, lang)] if item.result else [
            "  " + word("rollup_not_recorded", lang, path=item.path, note=localised(item.note, lang))]
    header = [word("rollup_office", lang, name=result.spec.name, folders=len(result.folders),
                 organisations=result.totals.organisations), word("rollup_rules_note", lang)]
    header += [word("rollup_not_recorded", lang, path=item.path, note=localised(item.note, lang)) for item in result.folders if item.result is None]
    return Document(word("rollup_title", lang, round=result.round, as_of=result.as_of.isoformat()), header, [units, orgs],
                    footer_title=word("rollup_sources", lang), footer=footer, alerts=invalid_lines(result.invalid, lang))
