"""Tests for rectify_cli.yamlio.splicer: exact splices, byte preservation, rendering round-trips."""

from __future__ import annotations

import datetime
import decimal
import math
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectify_cli.yamlio import splicer as yamledit
from rectify_cli.yamlio.splicer import YamlDocument, YamlEditError, render_flow, render_scalar

DATA = Path(__file__).parent / "data" / "yamledit"
LOADERS = [yaml.CSafeLoader, yaml.SafeLoader]
CST = datetime.timezone(datetime.timedelta(hours=8))


def read(name: str) -> str:
    return (DATA / name).read_bytes().decode("utf-8")


def load(text: str):
    return yaml.load(text, Loader=yaml.CSafeLoader)


def changed_span(old: str, new: str) -> tuple[int, int, str]:
    """(start, end) of the replaced part of ``old`` and the text put there."""
    p = 0
    n = min(len(old), len(new))
    while p < n and old[p] == new[p]:
        p += 1
    q = 0
    while q < n - p and old[len(old) - 1 - q] == new[len(new) - 1 - q]:
        q += 1
    return p, len(old) - q, new[p : len(new) - q]


# ---------------------------------------------------------------------------------------------
# Marks


def test_c_parser_marks_count_characters_not_bytes():
    text = "标题: 中文内容😀\n键: 值\n"
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    (_k1, v1), (k2, v2) = root.value
    assert text[v1.start_mark.index : v1.end_mark.index] == "中文内容😀"
    assert text[k2.start_mark.index : v2.end_mark.index] == "键: 值"


def test_bom_is_kept_and_positions_still_line_up():
    doc = YamlDocument("\ufeffa: 中\nb: 1\n")
    doc.set(("b",), 2)
    assert doc.text == "\ufeffa: 中\nb: 2\n"


# ---------------------------------------------------------------------------------------------
# Scalar rendering


@pytest.mark.parametrize(
    "s",
    ["no", "No", "on", "off", "yes", "y", "010", "0x1F", "1:20", "2019-07-30", "true", "null",
     "~", "", "1.5", ".inf", "1e3", "1_000", "<<", "=", "- x", "a: b", "a #b", "#x", "x:",
     " lead", "trail ", "line\nbreak", "tab\there", "@x", "`x", "!x", "&x", "*x", "|", ">",
     "%x", "'q'", '"q"', "?x", "[x]", "{x}", "...", "---", "\u2028", "\x85", "\ufeff", "\x7f",
     "\x00"],
)
def test_tricky_strings_are_quoted_and_round_trip(s):
    r = render_scalar(s)
    assert r.startswith('"'), r
    for loader in LOADERS:
        assert yaml.load("k: " + r, Loader=loader) == {"k": s}


@pytest.mark.parametrize("s", ["closed", "问题一", "建立台账", "a b c", "P001", "M1", "a#b", "a:b",
                               "x-1", "第二巡察组", "档案整理报告.pdf", "it's", "a\\b", "1.2.3"])
def test_ordinary_strings_stay_plain(s):
    assert render_scalar(s) == s


def test_chinese_is_not_escaped_in_quotes():
    assert render_scalar("整改: 完成") == '"整改: 完成"'
    assert render_scalar("第一行\n第二行") == '"第一行\\n第二行"'


@pytest.mark.parametrize(
    "value,text",
    [
        (True, "true"),
        (False, "false"),
        (None, "null"),
        (42, "42"),
        (-7, "-7"),
        (1.5, "1.5"),
        (1e16, "1.0e+16"),
        (float("inf"), ".inf"),
        (datetime.date(2019, 7, 30), "2019-07-30"),
        (datetime.datetime(2019, 7, 30, 16, 2, tzinfo=CST), "2019-07-30T16:02:00+08:00"),
        (decimal.Decimal("1500.00"), '"1500.00"'),
    ],
)
def test_scalar_types(value, text):
    assert render_scalar(value) == text


def test_unsupported_types_raise():
    with pytest.raises(YamlEditError):
        render_scalar({1, 2})
    with pytest.raises(YamlEditError):
        render_scalar("\ud800")


def test_flow_context_quotes_flow_indicators():
    for s in ["a,b", "a]", "{", "a:b"]:
        r = render_scalar(s, flow=True)
        assert r.startswith('"')
        assert yaml.load(f"[{r}]", Loader=yaml.CSafeLoader) == [s]
    assert render_flow({"id": "M1", "due": datetime.date(2019, 7, 1)}) == "{id: M1, due: 2019-07-01}"


scalars = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="abc:# -'\"\n\t,[]{}!&*?|>%@`~.0123456789_xXeEoO", max_size=12),
    st.sampled_from(["no", "on", "yes", "010", "1:20", "2019-07-30", "null", "~", ".5", "0o7"]),
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    st.dates(),
    st.datetimes(
        min_value=datetime.datetime(1900, 1, 1),
        max_value=datetime.datetime(2100, 1, 1),
        timezones=st.sampled_from([CST, datetime.timezone.utc, datetime.timezone(datetime.timedelta(hours=-5, minutes=-30))]),
    ),
    st.datetimes(min_value=datetime.datetime(1900, 1, 1), max_value=datetime.datetime(2100, 1, 1)),
)


def same(a, b):
    return yamledit._same(a, b)


@settings(max_examples=600, deadline=None)
@given(scalars)
def test_scalar_rendering_round_trips(value):
    block = render_scalar(value)
    flow = render_scalar(value, flow=True)
    assert "\n" not in block and "\r" not in block
    for loader in LOADERS:
        assert same(yaml.load(block, Loader=loader), value)
        assert same(yaml.load("k: " + block, Loader=loader)["k"], value)
        assert same(yaml.load("- " + block, Loader=loader)[0], value)
        assert same(yaml.load(f"[{flow}, x]", Loader=loader)[0], value)
        assert same(yaml.load(f"{{k: {flow}}}", Loader=loader)["k"], value)
        if not isinstance(value, float) or not math.isnan(value):
            key_doc = yaml.load(f"{block}: 1\n{render_scalar('zz')}: 2", Loader=loader)
            assert list(key_doc) == [value, "zz"] or value == "zz"


@settings(max_examples=200, deadline=None)
@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_decimal_is_written_as_its_exact_text(d):
    assert yaml.load(render_scalar(d), Loader=yaml.CSafeLoader) == str(d)


# ---------------------------------------------------------------------------------------------
# Edits on the ledger fixture


@pytest.fixture
def ledger():
    return YamlDocument(read("ledger.yaml"))


def test_get_and_has(ledger):
    assert ledger.get(("problems", 0, "measures", 1, "id")) == "M2"
    assert ledger.get(("tour", "team")) == "第二巡察组"
    assert ledger.has(("problems", 2, "closed", "by"))
    assert not ledger.has(("problems", 3))
    assert not ledger.has(("problems", 0, "closed"))
    assert ledger.get(("problems", -1, "id")) == "P003"
    got = ledger.get(("problems", 0))
    got["status"] = "x"
    assert ledger.get(("problems", 0, "status")) == "open"


def test_set_existing_scalar_keeps_comment(ledger):
    old = ledger.text
    ledger.set(("problems", 0, "status"), "closed")
    assert ledger.text == old.replace("status: open   # 整改中", "status: closed   # 整改中")


def test_set_missing_key_goes_after_block_scalar_and_blank_line_stays(ledger):
    old = ledger.text
    ledger.set(("problems", 0, "closed"), {"date": datetime.date(2019, 7, 30), "by": "张三"})
    assert ledger.text == old.replace(
        "    history: []\n\n  # 以下",
        "    history: []\n    closed:\n      date: 2019-07-30\n      by: 张三\n\n  # 以下",
    )


def test_set_missing_key_after_nested_block_of_last_entry(ledger):
    old = ledger.text
    ledger.set(("problems", 1, "leader"), "赵六")
    assert ledger.text == old.replace(
        "      - {date: 2019-06-20, event: 建立台账}\n",
        "      - {date: 2019-06-20, event: 建立台账}\n    leader: 赵六\n",
    )


def test_append_to_last_sequence_before_trailing_comment(ledger):
    old = ledger.text
    ledger.append(("problems",), {"id": "P004", "text": "新问题", "measures": [], "status": "open"})
    assert ledger.text == old.replace(
        "      evidence: [档案整理报告.pdf]\n# 台账结束\n",
        "      evidence: [档案整理报告.pdf]\n  - id: P004\n    text: 新问题\n    measures: []\n"
        "    status: open\n# 台账结束\n",
    )


def test_append_to_flow_items_uses_flow_style(ledger):
    old = ledger.text
    ledger.append(("problems", 0, "measures"), {"id": "M3", "text": "建立台账", "due": datetime.date(2019, 10, 1)})
    assert ledger.text == old.replace(
        '      - {id: M2, text: "每月开展一次专题研讨: 形成记录", due: 2019-09-30}\n',
        '      - {id: M2, text: "每月开展一次专题研讨: 形成记录", due: 2019-09-30}\n'
        "      - {id: M3, text: 建立台账, due: 2019-10-01}\n",
    )


def test_append_block_item_when_asked(ledger):
    ledger.append(("problems", 0, "measures"), {"id": "M3", "text": "x"}, flow=False)
    assert "      - id: M3\n        text: x\n    notes: |" in ledger.text


def test_append_to_block_items_matches_block(ledger):
    ledger.append(("problems", 1, "measures"), {"id": "M2", "text": "追责问责"})
    assert "        due: 2019-08-15\n      - id: M2\n        text: 追责问责\n    history:" in ledger.text


def test_append_to_empty_flow_list(ledger):
    ledger.append(("problems", 0, "history"), {"date": datetime.date(2019, 7, 1), "event": "召开会议"})
    assert "    history: [{date: 2019-07-01, event: 召开会议}]\n" in ledger.text
    ledger.append(("problems", 0, "history"), "第二条")
    assert "    history: [{date: 2019-07-01, event: 召开会议}, 第二条]\n" in ledger.text


def test_append_false_turns_empty_flow_list_into_block(ledger):
    ledger.append(("problems", 0, "history"), {"date": datetime.date(2019, 7, 1)}, flow=False)
    assert "    history:\n      - date: 2019-07-01\n\n  # 以下" in ledger.text


def test_append_to_missing_key_creates_block_list(ledger):
    ledger.append(("problems", 2, "history"), {"date": datetime.date(2019, 8, 1), "event": "销号"})
    assert ledger.text.endswith(
        "      evidence: [档案整理报告.pdf]\n    history:\n      - date: 2019-08-01\n        event: 销号\n# 台账结束\n"
    )


def test_set_inside_flow_mapping(ledger):
    old = ledger.text
    ledger.set(("problems", 0, "measures", 0, "done_on"), datetime.date(2019, 6, 30))
    ledger.set(("problems", 0, "measures", 0, "due"), datetime.date(2019, 7, 15))
    assert ledger.text == old.replace(
        "{id: M1, text: 制定中心组学习计划, due: 2019-07-01}",
        "{id: M1, text: 制定中心组学习计划, due: 2019-07-15, done_on: 2019-06-30}",
    )


def test_set_in_flow_mapping_at_top(ledger):
    ledger.set(("tour", "team"), "第三巡察组")
    ledger.set(("tour", "leader"), "周七")
    assert 'tour: {round: 3, year: 2019, team: 第三巡察组, leader: 周七}\n' in ledger.text


def test_nested_path_in_block_measures(ledger):
    ledger.set(("problems", 1, "measures", 0, "done_on"), datetime.date(2019, 8, 1))
    assert "        due: 2019-08-15\n        done_on: 2019-08-01\n    history:" in ledger.text


def test_replace_block_scalar_with_block_scalar(ledger):
    old = ledger.text
    ledger.set(("problems", 0, "notes"), "第一行\n第二行\n")
    assert ledger.text == old.replace(
        "      已召开专题会议研究部署。\n      下一步：建立长效机制。\n", "      第一行\n      第二行\n"
    )
    ledger.set(("problems", 0, "notes"), "单行")
    assert "    notes: 单行\n\n    history: []" in ledger.text


def test_replace_block_collection_with_scalar_and_back(ledger):
    old = ledger.text
    ledger.set(("problems", 2, "closed"), "pending")
    assert "    status: closed\n    closed: pending\n# 台账结束\n" in ledger.text
    ledger.set(("problems", 2, "closed"), {"date": datetime.date(2019, 7, 30), "by": "李四",
                                           "evidence": ["档案整理报告.pdf"]}, flow=False)
    assert ledger.text == old.replace("evidence: [档案整理报告.pdf]", "evidence:\n        - 档案整理报告.pdf")


def test_set_no_change_keeps_spelling(ledger):
    old = ledger.text
    ledger.set(("problems", 1, "text"), "执行中央八项规定精神有松懈现象，公务用车管理不规范。")
    assert ledger.text == old


def test_delete_keys_and_items(ledger):
    old = ledger.text
    ledger.delete(("problems", 0, "notes"))
    assert ledger.text == old.replace("    notes: |\n      已召开专题会议研究部署。\n      下一步：建立长效机制。\n", "")
    ledger.delete(("problems", 1))
    assert "P002" not in ledger.text and "  # 以下问题由第二次反馈会补充\n" in ledger.text
    ledger.delete(("problems", 0, "measures", 0))
    assert "      - {id: M2," in ledger.text and "M1" not in ledger.text.split("P003")[0]
    ledger.delete(("tour", "team"))
    assert "tour: {round: 3, year: 2019}\n" in ledger.text
    ledger.delete(("problems", 0, "id"))
    assert "  - category: 党的政治建设\n" in ledger.text
    ledger.delete(("problems", 1, "closed", "evidence", 0))
    assert "      evidence: []\n" in ledger.text


def test_delete_only_key_leaves_empty_mapping():
    doc = YamlDocument("a:\n  b: 1\nc: 2\n")
    doc.delete(("a", "b"))
    assert doc.text == "a: {}\nc: 2\n"
    doc.delete(("a",))
    doc.delete(("c",))
    assert doc.text == "{}\n" and doc.get(()) == {}


def test_block_value_replaced_by_scalar_keeps_key_comment():
    doc = YamlDocument("a:   # 说明\n  b: 1\n  # inner\n  c: 2   # c\nz: 1\n")
    doc.set(("a",), "x")
    assert doc.text == "a: x   # 说明\nz: 1\n"


def test_scalar_replaced_by_block_moves_line_comment_to_key_line():
    doc = YamlDocument("a: 1   # 说明\nz: 1\n")
    doc.set(("a",), {"b": 1, "c": [1, 2]})
    assert doc.text == "a:   # 说明\n  b: 1\n  c:\n    - 1\n    - 2\nz: 1\n"
    doc.set(("a",), {"b": 2}, flow=True)
    assert doc.text == "a: {b: 2}   # 说明\nz: 1\n"


def test_sequence_items_replaced():
    doc = YamlDocument("- a   # first\n- b\n-\n")
    doc.set((0,), {"id": "P1", "text": "x"})
    doc.set((2,), "c")
    doc.set((1,), ["x", "y"])
    assert doc.text == "- id: P1   # first\n  text: x\n- - x\n  - \"y\"\n- c\n"
    assert doc.get(()) == [{"id": "P1", "text": "x"}, ["x", "y"], "c"]
    doc.delete((1, 0))
    assert doc.text == "- id: P1   # first\n  text: x\n- - \"y\"\n- c\n"
    doc.set((3,), "d")
    assert doc.get((-1,)) == "d"


def test_literal_keeps_its_indentation():
    doc = YamlDocument("a:\n  text: |\n      deep\n  b: 1\n")
    doc.set(("a", "text"), "x\ny\n")
    assert doc.text == "a:\n  text: |\n      x\n      y\n  b: 1\n"
    doc.set(("a", "text"), "x\ny")
    assert doc.text == "a:\n  text: |-\n      x\n      y\n  b: 1\n"


def test_render_block_helper():
    lines = yamledit.render_block({"a": [1, {"b": None}], "c": {}}, col=2)
    assert lines == ["  a:", "    - 1", "    - b: null", "  c: {}"]
    assert yamledit.render_block(["x"], col=0, seq_indent=False) == ["- x"]


def test_keys_that_need_quotes():
    doc = YamlDocument("a: 1\n")
    doc.set(("on",), 1)
    doc.set(("a: b",), 2)
    doc.set((2019,), 3)
    assert doc.text == 'a: 1\n"on": 1\n"a: b": 2\n2019: 3\n'
    doc.set((2019,), 4)
    assert doc.get((2019,)) == 4


# ---------------------------------------------------------------------------------------------
# Line endings and the end of the file


def test_crlf_file_keeps_crlf_everywhere():
    text = read("ledger_crlf.yaml")
    doc = YamlDocument(text)
    doc.set(("problems", 0, "closed"), {"date": datetime.date(2019, 7, 30), "by": "张三"})
    doc.append(("problems",), {"id": "P004", "text": "x"})
    doc.append(("problems", 1, "history"), {"date": datetime.date(2019, 7, 1), "event": "y"})
    doc.delete(("problems", 2, "closed", "by"))
    out = doc.text
    assert "\n" not in out.replace("\r\n", "")
    assert out.endswith("# 台账结束\r\n")
    lf = YamlDocument(read("ledger.yaml"))
    lf.set(("problems", 0, "closed"), {"date": datetime.date(2019, 7, 30), "by": "张三"})
    lf.append(("problems",), {"id": "P004", "text": "x"})
    lf.append(("problems", 1, "history"), {"date": datetime.date(2019, 7, 1), "event": "y"})
    lf.delete(("problems", 2, "closed", "by"))
    assert out == lf.text.replace("\n", "\r\n")


def test_no_trailing_newline_is_kept():
    doc = YamlDocument(read("ledger_noeol.yaml"))
    doc.append(("problems",), {"id": "P004"})
    assert doc.text.endswith("evidence: [档案整理报告.pdf]\n  - id: P004\n# 台账结束")
    doc = YamlDocument("a: 1\nb: [x]")
    doc.set(("c",), 3)
    assert doc.text == "a: 1\nb: [x]\nc: 3"
    doc.delete(("c",))
    assert doc.text == "a: 1\nb: [x]"
    doc.append(("b",), "z")
    assert doc.text == "a: 1\nb: [x, z]"


def test_trailing_blank_lines_and_comments_stay_after_insert():
    doc = YamlDocument("items:\n  - a\n  - b\n\n\n# end\n\n")
    doc.append(("items",), "c")
    assert doc.text == "items:\n  - a\n  - b\n  - c\n\n\n# end\n\n"


def test_comment_between_items_stays_put():
    doc = YamlDocument("items:\n  - a\n  # about b\n  - b\n")
    doc.append(("items",), "c")
    doc.delete(("items", 0))
    assert doc.text == "items:\n  # about b\n  - b\n  - c\n"


def test_indentless_sequences_are_matched():
    doc = YamlDocument("tags:\n- 党建\n- 作风\nother: 1\n")
    doc.append(("tags",), "纪律")
    doc.set(("new",), ["x", "z"])
    assert doc.text == "tags:\n- 党建\n- 作风\n- 纪律\nother: 1\nnew:\n- x\n- z\n"


def test_four_space_indentation_is_matched():
    doc = YamlDocument("a:\n    b: 1\n")
    doc.set(("c",), {"d": {"e": 1}})
    assert doc.text == "a:\n    b: 1\nc:\n    d:\n        e: 1\n"


def test_empty_and_comment_only_documents():
    doc = YamlDocument("")
    doc.set(("a",), 1)
    assert doc.text == "a: 1\n"
    doc = YamlDocument("# yaml-language-server: $schema=x\n")
    doc.append(("problems",), {"id": "P1"})
    assert doc.text == "# yaml-language-server: $schema=x\nproblems:\n  - id: P1\n"


def test_null_value_gets_first_key_or_item():
    doc = YamlDocument("closed:\nlist:   # 待填\nz: 1\n")
    doc.set(("closed", "by"), "李四")
    doc.append(("list",), "a")
    assert doc.text == "closed:\n  by: 李四\nlist:   # 待填\n  - a\nz: 1\n"


def test_keep_chomped_block_scalar_keeps_its_blank_line():
    doc = YamlDocument(read("edge.yaml"))
    doc.set(("text",), "新\n内容")
    assert doc.get(("text",)) == "新\n内容"
    assert doc.get(("last",)) == 1
    doc = YamlDocument("m:\n  text: |+\n    a\n\n  other: 1\n")
    doc.delete(("m", "other"))
    doc.set(("m", "new"), 2)
    assert doc.get(("m",)) == {"text": "a\n\n", "new": 2}


def test_multibyte_text_before_splice_point():
    doc = YamlDocument("说明: 这是一段很长的中文说明😀😀😀\n状态: 未完成\n")
    doc.set(("状态",), "已完成")
    assert doc.text == "说明: 这是一段很长的中文说明😀😀😀\n状态: 已完成\n"


# ---------------------------------------------------------------------------------------------
# Refusals


def test_errors_name_the_path():
    doc = YamlDocument(read("ledger.yaml"))
    with pytest.raises(YamlEditError) as e:
        doc.set(("problems", 9, "status"), "closed")
    assert e.value.path == ("problems", 9)
    with pytest.raises(YamlEditError) as e:
        doc.set(("nope", "x"), 1)
    assert e.value.path == ("nope",)
    with pytest.raises(YamlEditError):
        doc.set(("title", "x"), 1)
    with pytest.raises(YamlEditError):
        doc.append(("title",), 1)
    with pytest.raises(YamlEditError):
        doc.set(("problems", "x"), 1)
    with pytest.raises(YamlEditError):
        doc.delete(("problems", 0, "nope"))
    with pytest.raises(YamlEditError):
        doc.set(("title",), object())
    assert doc.text == read("ledger.yaml")


def test_anchors_aliases_and_merges_are_refused():
    text = read("edge.yaml")
    doc = YamlDocument(text)
    for op in [
        lambda: doc.set(("defaults", "owner"), "x"),
        lambda: doc.set(("shared", "owner"), "x"),
        lambda: doc.set(("special", "owner"), "x"),
        lambda: doc.set(("special", "new"), "x"),
        lambda: doc.delete(("defaults",)),
    ]:
        with pytest.raises(YamlEditError):
            op()
    assert doc.text == text
    doc.append(("empty_list",), "x")
    doc.set(("empty_map", "k"), "v")
    doc.append(("tags",), "纪律")
    assert "empty_list: [x]\nempty_map: {k: v}\n" in doc.text
    assert "- 作风\n- 纪律\ntext:" in doc.text


def test_unicode_line_separators_only_inside_quotes():
    doc = YamlDocument('a: "x\u2028y"\nb: [1]\n')
    doc.append(("b",), "\u2028")
    assert doc.text == 'a: "x\u2028y"\nb: [1, "\\L"]\n'
    doc = YamlDocument("a: 1  # x\u2028\nb: [1]\n")
    with pytest.raises(YamlEditError, match="line separator"):
        doc.append(("b",), 2)


def test_unparsable_text_is_refused():
    with pytest.raises(YamlEditError):
        YamlDocument("a: [1, 2\n")
    with pytest.raises(YamlEditError):
        YamlDocument("a: 1\n---\nb: 2\n")


def test_self_check_catches_a_bad_splice(monkeypatch):
    text = read("ledger.yaml")
    doc = YamlDocument(text)
    monkeypatch.setattr(yamledit, "_inline", lambda value, flow: "wrong")
    with pytest.raises(YamlEditError, match="internal error"):
        doc.set(("problems", 0, "status"), "closed")
    assert doc.text == text
    assert doc.get(("problems", 0, "status")) == "open"


def test_self_check_is_type_strict(monkeypatch):
    doc = YamlDocument("a: 1\n")
    monkeypatch.setattr(yamledit, "_inline", lambda value, flow: "1")
    with pytest.raises(YamlEditError):
        doc.set(("a",), True)
    assert doc.text == "a: 1\n"


# ---------------------------------------------------------------------------------------------
# Batches


def close_problem(doc):
    doc.set(("problems", 0, "status"), "closed")
    doc.set(("problems", 0, "closed"), {"date": datetime.date(2019, 7, 30), "by": "张三"})
    doc.set(("problems", 0, "closed", "evidence"), ["会议记录.pdf"])
    doc.append(("problems", 0, "history"), {"date": datetime.date(2019, 7, 30), "event": "销号"})
    doc.append(("problems", 0, "history"), {"date": datetime.date(2019, 7, 31), "event": "复核"})
    doc.delete(("problems", 1, "measures", 0, "due"))
    doc.append(("problems",), {"id": "P004"})
    doc.set(("problems", 3, "text"), "补充")


def test_batch_gives_the_same_text_as_single_edits():
    a = YamlDocument(read("ledger.yaml"))
    close_problem(a)
    b = YamlDocument(read("ledger.yaml"))
    with b.batch():
        close_problem(b)
        assert b.get(("problems", 0, "closed", "by")) == "张三"
    assert a.text == b.text
    assert load(b.text) == a.get(())


def test_batch_rolls_back_on_error():
    text = read("ledger.yaml")
    doc = YamlDocument(text)
    with pytest.raises(YamlEditError), doc.batch():
        doc.set(("problems", 0, "status"), "closed")
        doc.set(("problems", 9, "status"), "closed")
    assert doc.text == text
    assert doc.get(("problems", 0, "status")) == "open"


def test_batch_check_failure_rolls_back(monkeypatch):
    text = read("ledger.yaml")
    doc = YamlDocument(text)
    real = yamledit._inline
    with pytest.raises(YamlEditError, match="internal error"), doc.batch():
        doc.set(("problems", 0, "status"), "closed")
        monkeypatch.setattr(yamledit, "_inline", lambda value, flow: "wrong")
        doc.set(("problems", 1, "status"), "closed")
        monkeypatch.setattr(yamledit, "_inline", real)
    assert doc.text == text


# ---------------------------------------------------------------------------------------------
# Random edit sequences

keys = st.text(alphabet="abcxyz_整改问题措施", min_size=1, max_size=6)
leaf_values = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["no", "on", "1:20", "2019-07-30", "", "a: b", "第一行\n第二行\n"]),
    st.integers(-10**6, 10**6),
    st.booleans(),
    st.none(),
    st.dates(),
)
values = st.recursive(
    leaf_values,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(keys, inner, max_size=3),
    ),
    max_leaves=6,
)


def walk(data, path=()):
    yield path, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from walk(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from walk(v, path + (i,))


def at(data, path):
    for p in path:
        data = data[p]
    return data


def node_span(text, path):
    """Bounds an edit of ``path`` may touch in ``text``: from the line before its key or dash
    (or the end of the previous entry, for deletes) to the end of its value (for sets) or to
    where the next entry starts (for deletes)."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    start = nxt = prev_end = None
    for p in path:
        parent = node
        if isinstance(node, yaml.MappingNode):
            i = next(i for i, (k, _) in enumerate(node.value) if k.value == p)
            k, node = node.value[i]
            start = k.start_mark.index
            nxt = parent.value[i + 1][0] if i + 1 < len(parent.value) else None
            prev_end = parent.value[i - 1][1].end_mark.index if i else None
        else:
            node = node.value[p]
            start = node.start_mark.index
            nxt = parent.value[p + 1] if p + 1 < len(parent.value) else None
            prev_end = parent.value[p - 1].end_mark.index if p else None
    lo = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    lo = max(lo - 2, 0)
    if prev_end is not None and parent.flow_style:
        lo_delete = min(lo, prev_end)
    else:
        lo_delete = lo
    hi_delete = nxt.start_mark.index if nxt is not None else parent.end_mark.index
    return lo, lo_delete, node.end_mark.index, max(hi_delete, node.end_mark.index)


FULL_LINE_COMMENTS = ("# yaml-language-server", "# 某市委", "  # 以下问题", "# 台账结束")


def ordered(x):
    """Data with mapping order made significant."""
    if isinstance(x, dict):
        return [(k, ordered(v)) for k, v in x.items()]
    if isinstance(x, list):
        return [ordered(v) for v in x]
    return x


def random_edits(data, original):
    """Apply random edits; each must change only bytes inside the edited entry, and the same
    edits in a batch must give the same text. Returns the final text and the expected data."""
    doc = YamlDocument(original)
    batched = YamlDocument(original)
    model = load(original)

    def one_edit():
        old = doc.text
        paths = list(walk(model))
        kind = data.draw(st.sampled_from(["set_leaf", "add_key", "append", "delete", "replace"]))
        lo = hi = None
        if kind == "set_leaf":
            cands = [p for p, v in paths if p and not isinstance(v, (dict, list))]
        elif kind == "add_key":
            cands = [p for p, v in paths if isinstance(v, dict)]
        elif kind == "append":
            cands = [p for p, v in paths if isinstance(v, list) and p]
        elif kind == "delete":
            cands = [p for p, v in paths if len(p) >= 2]
        else:
            cands = [p for p, v in paths if len(p) >= 2 and isinstance(v, (dict, list))]
        if not cands:
            return
        path = data.draw(st.sampled_from(cands))
        if kind == "set_leaf":
            value = data.draw(leaf_values)
            lo, _, hi, _ = node_span(old, path)
            edit = ("set", path, value)
            at(model, path[:-1])[path[-1]] = value
        elif kind == "add_key":
            key = data.draw(keys.filter(lambda k: k not in at(model, path)))
            value = data.draw(values)
            edit = ("set", path + (key,), value)
            at(model, path)[key] = value
        elif kind == "append":
            value = data.draw(values)
            edit = ("append", path, value)
            at(model, path).append(value)
        elif kind == "delete":
            _, lo, _, hi = node_span(old, path)
            edit = ("delete", path)
            del at(model, path[:-1])[path[-1]]
        else:
            value = data.draw(values)
            lo, _, hi, _ = node_span(old, path)
            edit = ("set", path, value)
            at(model, path[:-1])[path[-1]] = value
        for d in (doc, batched):
            getattr(d, edit[0])(*edit[1:])
        new = doc.text
        assert ordered(load(new)) == ordered(model)
        if new == old:
            return
        if lo is None:
            a, b, _ = changed_span(old, new)
            assert a == b, "an insertion must not change existing bytes"
        else:
            assert new.startswith(old[:lo]) and new.endswith(old[hi:]), (kind, path)

    with batched.batch():
        for _ in range(data.draw(st.integers(1, 6))):
            one_edit()

    out = doc.text
    assert batched.text == out
    assert ordered(load(out)) == ordered(model)
    assert ordered(doc.get(())) == ordered(model)
    if "\r\n" in original:
        assert "\n" not in out.replace("\r\n", "")
    else:
        assert "\r" not in out
    assert out.endswith("\n") == original.endswith("\n")
    return out, model


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), name=st.sampled_from(["ledger.yaml", "ledger_crlf.yaml", "ledger_noeol.yaml"]))
def test_random_edits_on_the_ledger(data, name):
    out, _ = random_edits(data, read(name))
    for c in FULL_LINE_COMMENTS:
        assert c in out
    assert out.startswith("# yaml-language-server: $schema=../../../schema/ledger.schema.json")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    doc=st.dictionaries(keys, values, min_size=1, max_size=4),
    indent=st.sampled_from([2, 4]),
    flow=st.sampled_from([False, None]),
    width=st.sampled_from([20, 80]),
    crlf=st.booleans(),
)
def test_random_edits_on_dumped_documents(data, doc, indent, flow, width, crlf):
    """Layouts PyYAML's dumper makes: indentless lists, wrapped plain scalars, single quotes."""
    text = yaml.dump(doc, allow_unicode=True, sort_keys=False, indent=indent,
                     default_flow_style=flow, width=width)
    if crlf:
        text = text.replace("\n", "\r\n")
    random_edits(data, text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_replacing_a_block_scalar_with_any_text(s):
    doc = YamlDocument(read("ledger.yaml"))
    doc.set(("problems", 0, "notes"), s)
    assert load(doc.text)["problems"][0]["notes"] == s
    assert load(doc.text)["problems"][0]["history"] == []


def test_the_characters_written_escaped_are_those_outside_yamls_printable_set():
    import re

    from rectify_cli.yamlio import splicer

    outside = re.compile("[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\ufeff\u2028\u2029]")
    text = "".join(map(chr, range(0x110000)))
    assert splicer._NEEDS_ESCAPE.findall(text) == outside.findall(text)


# ---------------------------------------------------------------------------------------------
# A batch verified by the data alone (the transaction's `load_data`)


def test_a_batch_verified_by_its_data_alone_composes_the_nodes_only_when_the_next_edit_needs_them():
    composed: list[str] = []

    def load(text):
        composed.append(text)
        return yamledit.YamlDocument(text)._root, yaml.safe_load(text)

    plain, lazy = YamlDocument(read("ledger.yaml")), YamlDocument(read("ledger.yaml"), load=load,
                                                                   load_data=yaml.safe_load)
    composed.clear()
    for document in (plain, lazy):
        with document.batch():
            document.set(("problems", 0, "status"), "closed")
            document.append(("problems", 0, "measures"), {"id": "M9", "text": "新增措施", "done": False})
    assert composed == []  # verified, and no node composed
    assert lazy.text == plain.text
    after_batch = lazy.text
    for document in (plain, lazy):
        document.set(("problems", 1, "status"), "closed")  # needs the nodes: of the text the batch left
    assert composed[0] == after_batch
    assert lazy.text == plain.text
    assert lazy.get(("problems", 0, "measures", -1, "id")) == "M9"


def test_a_batch_whose_data_does_not_read_back_is_refused_and_rolled_back():
    original = read("ledger.yaml")

    def lying(text):
        data = yaml.safe_load(text)
        data["problems"][0]["status"] = "open"
        return data

    document = YamlDocument(original, load_data=lying)
    with pytest.raises(YamlEditError, match="would not give the expected data"), document.batch():
        document.set(("problems", 0, "status"), "closed")
    assert document.text == original
