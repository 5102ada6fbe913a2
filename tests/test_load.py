"""The fast parser means exactly what PyYAML's own constructor (with our rules) means."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BUNDLED_LEDGER_PATHS, DATA, ROOT
from rectify_cli.yamlio.reader import parse_text, parse_text_reference

FILES = sorted(p for p in list(DATA.rglob("*.yaml")) + list(BUNDLED_LEDGER_PATHS) if p.is_file())
# PyYAML's constructor (the reference) builds nested block mappings lazily, so its depth counter
# never sees deep block nesting; the fast parser's limit is checked against the broken case itself.
REFERENCE_BLIND = {"yaml-depth.yaml"}


def summary(result):
    data, problems = result
    return data, [(p.line, p.code) for p in problems if p.code != "E-YAML"] or bool(problems)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_parse_agrees_with_the_reference_on_every_fixture(path):
    if path.name in REFERENCE_BLIND:
        pytest.skip("the reference constructor does not limit block nesting")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: rejected before parsing")
    assert summary(parse_text(text, "x")) == summary(parse_text_reference(text, "x"))


SCALARS = st.one_of(
    st.sampled_from(["on", "off", "yes", "No", "y", "~", "null", "true", "False", "010", "0x1f", "0b11", "1_000",
                     "1:20", "12", "-3", "+4", "1.5", ".inf", "-.Inf", ".NaN", "1e3", "2019-07-30", "2019-7-3",
                     "2019-02-30", "2019-07-30T16:02:00+08:00", "2019-07-30 16:02:00", "2001-12-14t21:59:43.10-05:00",
                     "2019-07-30T16:02:00Z", "2019-07-30T16:02:00.5+08:00", "0", "00", "-0", "<<", "=", "P7-001",
                     "王五", "“带病提拔”", "a: b", "'q'", '"d"']),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(SCALARS, min_size=1, max_size=6))
def test_fast_parse_agrees_with_the_reference_on_random_scalars(values):
    text = "".join(f"k{i}: {v}\n" for i, v in enumerate(values)) + "list: [" + ", ".join(values) + "]\n"
    fast, reference = parse_text(text, "x"), parse_text_reference(text, "x")
    if reference[0] is None or fast[0] is None:
        assert (reference[0] is None) == (fast[0] is None)
    else:
        assert summary(fast) == summary(reference)


def _marks(node):
    import yaml

    found = [(type(node).__name__, node.tag, node.start_mark.index, node.end_mark.index,
              getattr(node, "style", None), getattr(node, "flow_style", None))]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found += _marks(key) + _marks(value)
    elif isinstance(node, yaml.SequenceNode):
        for value in node.value:
            found += _marks(value)
    return found


EDITOR_FILES = [p for p in FILES if p.parent.name in ("ledgers", "yamledit", "valid")]


@pytest.mark.parametrize("path", EDITOR_FILES, ids=lambda p: p.name)
def test_editor_compose_gives_libyamls_nodes_and_pyyamls_values(path):
    import yaml

    from rectify_cli.yamlio.reader import compose_with_data

    text = path.read_text(encoding="utf-8")
    if "<<" in text:
        pytest.skip("merge keys take the editor's other path")
    node, data = compose_with_data(text)
    assert _marks(node) == _marks(yaml.compose(text, Loader=yaml.CSafeLoader))
    assert data == yaml.safe_load(text)


@pytest.mark.parametrize("path", sorted(BUNDLED_LEDGER_PATHS), ids=lambda p: p.name)
def test_read_and_write_paths_agree_on_every_example_ledger(path):
    from rectify_cli.yamlio.splicer import YamlDocument

    text = path.read_text(encoding="utf-8")
    data, problems = parse_text(text, path.name)
    assert problems == []
    assert YamlDocument(text).get(()) == data


def _findings(result):
    return [(p.line, p.column, p.code, p.message, p.hint, p.excerpt) for p in result]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_edits_composing_parse_reads_every_fixture_as_validation_does(path):
    from rectify_cli.yamlio.reader import compose_text

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: rejected before parsing")
    node, data, problems = compose_text(text, "x")
    expected, expected_problems = parse_text(text, "x")
    assert data == expected
    assert _findings(problems) == _findings(expected_problems)
    assert (node is None) == (data is None)


@settings(max_examples=300, deadline=None)
@given(st.lists(SCALARS, min_size=1, max_size=6))
def test_the_edits_composing_parse_reads_random_scalars_as_validation_does(values):
    from rectify_cli.yamlio.reader import compose_text

    text = "".join(f"k{i}: {v}\n" for i, v in enumerate(values)) + "list: [" + ", ".join(values) + "]\n"
    _node, data, problems = compose_text(text, "x")
    expected, expected_problems = parse_text(text, "x")
    assert data == expected
    assert _findings(problems) == _findings(expected_problems)


@pytest.mark.parametrize("path", EDITOR_FILES, ids=lambda p: p.name)
def test_the_edits_composing_parse_gives_libyamls_node_positions(path):
    import yaml

    from rectify_cli.yamlio.reader import compose_text

    text = path.read_text(encoding="utf-8")
    node, data, _problems = compose_text(text, "x")
    if data is None:
        pytest.skip("not a document the strict reader accepts")

    def positions(marks):
        return [(kind, start, end, style, flow) for kind, _tag, start, end, style, flow in marks]

    assert positions(_marks(node)) == positions(_marks(yaml.compose(text, Loader=yaml.CSafeLoader)))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="：，“”、\u3000存在问题ab", min_size=1, max_size=30))
def test_full_width_punctuation_inside_a_value_is_text_never_a_finding(value):
    data, problems = parse_text(f"a: 1\nsummary: 存在{value}\nmeasures: [{{id: M1, text: 建立{value}}}]\nc: 2\n", "x")
    assert problems == []
    assert data["summary"] == f"存在{value}" and data["measures"][0]["text"] == f"建立{value}"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="：，“”、\u3000ab: -\n{}[]#'\"|>", max_size=80), st.integers(-2, 12), st.integers(-2, 12))
def test_the_search_for_a_full_width_culprit_never_fails(text, line, context):
    from rectify_cli.yamlio import fullwidth

    found = fullwidth.culprit(text, line, context)
    assert found is None or (1 <= found.line <= len(text.splitlines()) and found.column >= 1)
    parse_text(text, "x")  # and the reader, which asks it on every parse error, returns findings
