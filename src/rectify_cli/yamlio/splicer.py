"""Edit hand-written YAML ledgers in place by splicing text, so every byte an edit does not touch survives.

PyYAML's dumper would rewrite the whole file (losing comments, quoting, order of blank lines) and
ruamel.yaml's round-trip mode is too slow for ledgers of a thousand problems, so this module parses
with PyYAML's C composer only to learn *where* things are (node marks), splices new text into those
places, and then re-loads the result once to prove the edit did exactly what was asked.

Mark positions: for ``str`` input both the C parser (libyaml) and the pure-Python parser report
``mark.index`` in characters (code points), not UTF-8 bytes, so they index the Python string
directly, Chinese text and astral characters included. libyaml does not count a leading BOM,
which is why the BOM is kept apart from the text that gets parsed.
"""

from __future__ import annotations

import bisect
import contextlib
import copy
import datetime
import decimal
import functools
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from rectify_cli.errors import say

__all__ = [
    "OneLinePerItem",
    "YamlDocument",
    "YamlEditError",
    "render_block",
    "render_flow",
    "render_scalar",
]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_MERGE_TAG = "tag:yaml.org,2002:merge"

# Characters that may not appear raw in a YAML stream (YAML 1.1 printable set), plus the BOM and
# the Unicode line breaks, which would silently change a scalar if written raw.
# Written as the characters outside that set (the same set, checked over every code point): a
# negated class with the astral range took four times as long to compile, at every start.
_NEEDS_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\ufeff\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED_ESCAPES = {
    "\0": "\\0",
    "\x07": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\x0b": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
_DQ_SPECIAL = re.compile('["\\\\]|' + _NEEDS_ESCAPE.pattern)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_UNSAFE = re.compile(r"[,?\[\]{}:]")
_UNICODE_BREAKS = ("\x85", "\u2028", "\u2029")
_RESOLVER = yaml.resolver.Resolver()
# Words that YAML 1.2 readers or the YAML 1.1 spec (but not PyYAML) take for non-strings; quoting
# them keeps the ledgers unambiguous for other tools (editors, schema checkers).
_OTHER_NON_STR = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[yYnN]"
)


class YamlEditError(Exception):
    """An edit that cannot be made safely; the message says what to do, ``path`` where it happened."""

    def __init__(self, message: str, path: tuple = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = tuple(path)


# --------------------------------------------------------------------------------------------
# Rendering


def _fmt_path(path: tuple) -> str:
    out = ""
    for p in path:
        if isinstance(p, int) and not isinstance(p, bool):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out or "(document root)"


def _escape_char(m: re.Match) -> str:
    ch = m.group()
    named = _NAMED_ESCAPES.get(ch)
    if named is not None:
        return named
    cp = ord(ch)
    if cp <= 0xFF:
        return f"\\x{cp:02X}"
    if cp <= 0xFFFF:
        return f"\\u{cp:04X}"
    return f"\\U{cp:08X}"


def _double_quoted(s: str) -> str:
    if _SURROGATE.search(s):
        raise YamlEditError(
            say("the text contains a lone UTF-16 surrogate, which cannot be written to a UTF-8 file; fix the input text")
        )
    return '"' + _DQ_SPECIAL.sub(_escape_char, s) + '"'


@functools.lru_cache(maxsize=65536)  # pure; keys, names and dates recur thousands of times in one write
def _plain_ok(s: str, flow: bool) -> bool:
    """True if ``s`` written bare reads back as the same str in the given context (YAML 1.1)."""
    if not s or s[0] in _INDICATORS or s[0] == " " or s[-1] == " ":
        return False
    if _NEEDS_ESCAPE.search(s) or _SURROGATE.search(s):
        return False
    if ": " in s or s[-1] == ":" or " #" in s or s.startswith("..."):
        return False
    if flow and _FLOW_UNSAFE.search(s):
        return False
    if _OTHER_NON_STR.fullmatch(s):
        return False
    return _RESOLVER.resolve(ScalarNode, s, (True, False)) == _STR_TAG


def _render_float(v: float) -> str:
    if math.isnan(v):
        return ".nan"
    if math.isinf(v):
        return ".inf" if v > 0 else "-.inf"
    r = repr(v)
    # YAML 1.1 floats need a dot in the mantissa: 1e+16 would read back as a string.
    if "." not in r and "e" in r:
        mant, exp = r.split("e")
        r = f"{mant}.0e{exp}"
    return r


def render_scalar(value: Any, *, flow: bool = False) -> str:
    """One-line YAML text for a scalar that PyYAML's safe loader reads back as ``value``.

    ``flow=True`` renders for a place inside ``[...]``/``{...}``, where ``,[]{}:`` end a plain
    scalar. ``Decimal`` is written as a quoted string of its exact text (money must not become a
    float). Raises YamlEditError for types YAML cannot carry losslessly.
    """
    if value.__class__ is str:  # most of a ledger: the text, tried first
        return value if _plain_ok(value, flow) else _double_quoted(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _render_float(float(value))
    if isinstance(value, decimal.Decimal):
        return _double_quoted(str(value))
    if isinstance(value, datetime.datetime):
        off = value.utcoffset()
        if off is not None and (off.seconds % 60 or off.microseconds):
            raise YamlEditError(
                say("cannot write {value!r}: YAML timestamps carry time-zone offsets in whole minutes only", value=value)
            )
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        s = str.__str__(value)
        return s if _plain_ok(s, flow) else _double_quoted(s)
    raise YamlEditError(say("cannot write a value of type {__name__} into YAML: {value!r}", __name__=type(value).__name__, value=value))


class OneLinePerItem(list):
    """A list to write as a block sequence of one-line entries, `- {id: M1, text: …}`.

    The examples and docs/format.md write measures, history entries, extensions and accountability
    records so: one entry a line, so that a change to one entry changes one line in a diff."""


def _is_block_collection(value: Any) -> bool:
    return isinstance(value, (dict, list, tuple)) and len(value) > 0


def render_flow(value: Any) -> str:
    """One-line flow rendering: ``{k: v, ...}`` / ``[a, b]`` (dict order kept), scalars as in flow."""
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(
                f"{_render_key(k, flow=True)}: {render_flow(v)}" for k, v in value.items()
            )
            + "}"
        )
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(render_flow(v) for v in value) + "]"
    return render_scalar(value, flow=True)


def _render_key(key: Any, *, flow: bool = False) -> str:
    if isinstance(key, (dict, list, tuple)):
        raise YamlEditError(say("a mapping key must be a scalar, got {__name__}", __name__=type(key).__name__))
    return render_scalar(key, flow=flow)


@dataclass(frozen=True)
class _Style:
    step: int = 2  # spaces per nesting level for mappings
    seq_indent: bool = True  # `key:\n  - x` (True) or `key:\n- x` (False)


def _inline(value: Any, flow: bool) -> str:
    if isinstance(value, (dict, list, tuple)):
        if not value:
            return "{}" if isinstance(value, dict) else "[]"
        return render_flow(value)
    return render_scalar(value, flow=flow)


def render_block(value: Any, col: int = 0, step: int = 2, seq_indent: bool = True) -> list[str]:
    """Lines (without line breaks) of a non-empty dict/list as block YAML at column ``col``."""
    return _block_lines(value, col, _Style(step, seq_indent))


def _block_lines(value: Any, col: int, style: _Style) -> list[str]:
    pad = " " * col
    lines: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            head = f"{pad}{_render_key(k)}:"
            if _is_block_collection(v):
                lines.append(head)
                child = col + style.step if isinstance(v, dict) or style.seq_indent else col
                lines.extend(_block_lines(v, child, style))
            else:
                lines.append(f"{head} {_inline(v, False)}")
    elif isinstance(value, (list, tuple)):
        one_line = isinstance(value, OneLinePerItem)
        for item in value:
            lines.extend(_item_lines(item, col, 2, style, flow=one_line))
    else:
        raise YamlEditError(say("internal: block rendering of a {__name__}", __name__=type(value).__name__))
    return lines


def _item_lines(item: Any, dash_col: int, gap: int, style: _Style, flow: bool) -> list[str]:
    """Lines of one block-sequence entry whose dash sits at ``dash_col``, content ``gap`` further."""
    prefix = " " * dash_col + "-" + " " * (gap - 1)
    if _is_block_collection(item) and not flow:
        sub = _block_lines(item, dash_col + gap, style)
        sub[0] = prefix + sub[0][dash_col + gap :]
        return sub
    return [prefix + _inline(item, False)]


def _literal_lines(s: str, col: int) -> list[str] | None:
    """A ``|`` block scalar for ``s`` (header first), or None where one cannot carry it exactly."""
    if "\n" not in s or "\t" in s or _NEEDS_ESCAPE.search(s.replace("\n", "")):
        return None
    body = s.rstrip("\n")
    trailing = len(s) - len(body)
    if not body or trailing > 1:
        # `|+` would also swallow any blank lines that follow the old scalar.
        return None
    lines = body.split("\n")
    first = next((ln for ln in lines if ln), "")
    if first.startswith(" ") or any(ln and not ln.strip(" ") for ln in lines):
        return None
    pad = " " * col
    return ["|" if trailing else "|-"] + [pad + ln if ln else "" for ln in lines]


def _loaded_form(value: Any) -> Any:
    """What ``yaml.load`` gives back for ``value`` once rendered (tuples become lists, etc.)."""
    if value.__class__ is str:
        return value
    if isinstance(value, dict):
        return {_loaded_form(k): _loaded_form(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_loaded_form(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, str):
        return str.__str__(value)
    return value


def _same(a: Any, b: Any) -> bool:
    """Equality that also tells 1 from True from 1.0 and a date from a datetime, and NaN == NaN."""
    if type(a) is not type(b):
        return False
    if a.__class__ is str:
        return a == b
    if isinstance(a, dict):
        return len(a) == len(b) and all(k in b and _same(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def _equal_nan(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal_nan(v, b[k]) for k, v in a.items())
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal_nan(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


# --------------------------------------------------------------------------------------------
# Parsing


def _load(text: str) -> tuple[Node | None, Any]:
    """Nodes (for positions) and data (for the self-check) from one parse of ``text``.

    The ledger reader's fast compose (memoised resolution, direct walk) when the text has no
    merge keys; ledgers never do, and this parse runs twice per edit.
    """
    try:
        if "<<" in text:
            # Constructing flattens merge keys inside the node tree, which would move entries
            # from elsewhere into the mapping; keep a pristine tree for positions.
            node = yaml.compose(text, Loader=_LOADER)
            return node, yaml.load(text, Loader=_LOADER)
        from rectify_cli.yamlio.composer import compose_with_data

        return compose_with_data(text)
    except yaml.YAMLError as exc:
        raise YamlEditError(say("the YAML text cannot be parsed: {exc}", exc=exc)) from exc


@dataclass
class _Step:
    container: MappingNode | SequenceNode  # the mapping or sequence holding the entry
    index: int  # pair index (mapping) or item index (sequence)
    key: Node | None  # key node for mappings
    node: Node  # the value node


_MISSING = object()
_UNCOMPOSED: Any = object()  # the nodes of a text parsed for its data only


class _Stale(Exception):
    """Positions from the last parse no longer describe the text there; re-parse and retry."""


class YamlDocument:
    """A YAML text plus edits that splice only the bytes they change.

    Every edit is checked by re-parsing the new text once and comparing it with the expected
    data; a mismatch raises YamlEditError and leaves the document as it was. Inside
    ``with doc.batch():`` the re-parse is deferred to the end of the block (one parse for many
    edits), and a failure there rolls back the whole batch.

    Pass the text decoded without newline translation (``open(..., newline="")`` or
    ``bytes.decode()``), or CRLF files cannot be written back as they were.
    """

    def __init__(self, text: str, load: Callable[[str], tuple[Node | None, Any]] | None = None,
                 parsed: tuple[Node | None, Any] | None = None,
                 load_data: Callable[[str], Any] | None = None) -> None:
        """``load`` parses a text into (nodes, data), raising YamlEditError (default: PyYAML's
        meaning, for any YAML); ``parsed`` is what it gave for ``text``, when already parsed.
        ``load_data``, when given, gives the same data as ``load`` without composing the nodes: the
        verifying parse at the end of a batch uses it, and the nodes are composed only if another
        edit needs them (composing is most of a parse's cost, and most batches are the last edit)."""
        if not isinstance(text, str):
            raise TypeError("YamlDocument wants the decoded text (str)")
        self._bom = "\ufeff" if text.startswith("\ufeff") else ""
        self._body = text[len(self._bom) :]
        m = re.search(r"\r\n|\n|\r", self._body)
        self._nl = m.group() if m else "\n"
        self._load = load or _load
        self._load_data = load_data
        self._composing = ""  # the text whose nodes `_root` composes when they were left uncomposed
        self._tree: Node | None = None
        self._root, self._data = parsed if parsed is not None else self._load(self._body)
        # Indentation habits once seen stay known, even if an edit deletes the evidence.
        self._step: int | None = None
        self._seq_indent: bool | None = None
        # Edits since the last parse, as (start, end, new length) in the text of their time;
        # node marks are translated through them instead of re-parsing after every edit.
        self._log: list[tuple[int, int, int]] = []
        # Spliced spans in current coordinates: positions touching them are stale.
        self._dirty: list[tuple[int, int]] = []
        # Values each pending edit promised, checked type-strictly at the next verification.
        self._checks: list[tuple[tuple, Any]] = []
        self._verified = self._body
        self._batch_depth = 0

    @property
    def _root(self) -> Node | None:
        """The nodes of the text last parsed, composed now if that parse gave only the data."""
        if self._tree is _UNCOMPOSED:
            self._tree, _ = self._load(self._composing)
        return self._tree

    @_root.setter
    def _root(self, node: Node | None) -> None:
        self._tree = node

    # ---- positions --------------------------------------------------------------------------

    def _tr(self, x: int) -> int:
        for a, b, n in self._log:
            if x < a:
                continue
            if x > b:
                x += n - (b - a)
                continue
            raise _Stale
        return x

    def _s(self, node: Node) -> int:
        x = node.start_mark.index
        return self._tr(x) if self._log else x

    def _e(self, node: Node) -> int:
        x = node.end_mark.index
        return self._tr(x) if self._log else x

    def _fresh(self, pos: int) -> int:
        """``pos`` if it lies clear of every span spliced since the last parse."""
        for a, b in self._dirty:
            if a <= pos <= b:
                raise _Stale
        return pos

    def _retry(self, op: Callable[[], None]) -> None:
        try:
            op()
        except _Stale:
            self._flush()
            op()

    # ---- transactions -------------------------------------------------------------------------

    @contextlib.contextmanager
    def batch(self) -> Iterator[YamlDocument]:
        """Group edits: one verifying parse at the end; all or nothing if anything fails."""
        if self._batch_depth == 0:
            self._verified = self._body
        self._batch_depth += 1
        try:
            yield self
        except BaseException:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                self._rollback()
            raise
        self._batch_depth -= 1
        if self._batch_depth == 0:
            self._flush(last=True)

    def _rollback(self) -> None:
        self._body = self._verified
        self._root, self._data = self._load(self._body)
        self._log, self._dirty, self._checks = [], [], []

    def _flush(self, last: bool = False) -> None:
        """Re-parse the text and prove it holds exactly the data the edits promised (``last``: with
        ``load_data``, leaving the nodes to be composed when an edit next needs them)."""
        if not self._log:
            return
        try:
            if last and self._load_data is not None:
                root, data = _UNCOMPOSED, self._load_data(self._body)
                self._composing = self._body
            else:
                root, data = self._load(self._body)
        except YamlEditError as exc:
            self._rollback()
            raise YamlEditError(
                say("internal error: the edit would produce text that does not parse ({message}); nothing was changed; please make this edit by hand and report it", message=exc.message),
                self._checks[-1][0] if self._checks else (),
            ) from None
        expected = self._data
        ok = data == expected or _equal_nan(data, expected)
        bad_path: tuple = ()
        if ok:
            for path, want in self._checks:
                try:
                    got = data
                    for p in path:
                        got = got[p]
                except (KeyError, IndexError, TypeError):
                    got = _MISSING
                if not _same(got, want):
                    ok, bad_path = False, path
                    break
        if not ok:
            self._rollback()
            raise YamlEditError(
                say("internal error: editing {value} would not give the expected data; nothing was changed; please make this edit by hand and report it", value=_fmt_path(bad_path) if bad_path else 'the document'),
                bad_path,
            )
        self._root, self._data = root, data
        self._log, self._dirty, self._checks = [], [], []
        if self._batch_depth == 0:
            self._verified = self._body

    # ---- reading --------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self._bom + self._body

    @property
    def newline(self) -> str:
        return self._nl

    def _data_at(self, path: tuple) -> Any:
        d = self._data
        for depth, p in enumerate(path):
            if isinstance(d, dict):
                if p not in d:
                    raise YamlEditError(
                        say("{value} does not exist", value=_fmt_path(path[: depth + 1])), path[: depth + 1]
                    )
                d = d[p]
            elif isinstance(d, list):
                if not isinstance(p, int) or isinstance(p, bool):
                    raise YamlEditError(
                        say("{value} is a list; index it with a number, not {p!r}", value=_fmt_path(path[:depth]), p=p),
                        path[: depth + 1],
                    )
                if not -len(d) <= p < len(d):
                    raise YamlEditError(
                        say("{value} does not exist (the list has {countd} entries)", value=_fmt_path(path[: depth + 1]), countd=len(d)),
                        path[: depth + 1],
                    )
                d = d[p]
            else:
                raise YamlEditError(
                    say("{value} is not a mapping or a list", value=_fmt_path(path[:depth])), path[: depth + 1]
                )
        return d

    def get(self, path: tuple = ()) -> Any:
        return copy.deepcopy(self._data_at(tuple(path)))

    def has(self, path: tuple) -> bool:
        try:
            self._data_at(tuple(path))
        except YamlEditError:
            return False
        return True

    # ---- text geometry --------------------------------------------------------------------

    def _line_start(self, pos: int) -> int:
        s = self._body
        ls = max(s.rfind("\n", 0, pos), s.rfind("\r", 0, pos)) + 1
        return self._fresh(ls) if self._dirty else ls

    def _line_end(self, pos: int) -> int:
        le = self._raw_line_end(pos)
        return self._fresh(le) if self._dirty else le

    def _raw_line_end(self, pos: int) -> int:
        s = self._body
        a = s.find("\n", pos)
        b = s.find("\r", pos)
        if a < 0:
            return len(s) if b < 0 else b
        return a if b < 0 else min(a, b)

    def _break_len(self, pos: int) -> int:
        s = self._body
        if s.startswith("\r\n", pos):
            return 2
        return 1 if pos < len(s) and s[pos] in "\r\n" else 0

    def _col(self, pos: int) -> int:
        s = self._body
        return pos - max(s.rfind("\n", 0, pos), s.rfind("\r", 0, pos)) - 1

    def _comment_after(self, pos: int) -> str:
        """The rest of the line from ``pos`` if it is blank-then-comment, '' if blank; else raise."""
        rest = self._body[pos : self._raw_line_end(pos)]
        stripped = rest.lstrip(" \t")
        if not stripped:
            return ""
        if stripped.startswith("#") and rest != stripped:
            return rest
        raise YamlEditError(
            say("unexpected text {stripped!r} after a value on line {value}; edit this place by hand", stripped=stripped[:30], value=self._body.count(chr(10), 0, pos) + 1)
        )

    def _skip_blank(self, pos: int) -> int:
        """Skip spaces, line breaks and comments from ``pos``."""
        s, n = self._body, len(self._body)
        while pos < n:
            c = s[pos]
            if c in " \t\r\n":
                pos += 1
            elif c == "#":
                pos = self._raw_line_end(pos)
            else:
                break
        return self._fresh(pos) if self._dirty else pos

    def _content_end(self, node: Node) -> int:
        """Where the last character of ``node``'s own content is (before trailing comments/blanks).

        Block collections' end marks run up to the next token, past comments and blank lines
        that belong to whatever follows, so the end is found through the last descendant.
        """
        while True:
            if isinstance(node, ScalarNode):
                if node.style in ("|", ">"):
                    return self._block_scalar_end(node)
                return self._e(node)
            if getattr(node, "flow_style", False) or not node.value:
                return self._e(node)
            if isinstance(node, MappingNode):
                k, v = node.value[-1]
                if self._s(v) < self._e(k):
                    return self._line_end(self._e(k))  # an alias: `key: *a` ends on its line
                node = v
            else:
                last = node.value[-1]
                bound = self._e(node.value[-2]) if len(node.value) > 1 else self._s(node)
                if self._s(last) < bound:
                    raise YamlEditError(
                        say("the list ends with an alias (*name); edit this place by hand")
                    )
                node = last

    def _block_scalar_end(self, node: ScalarNode) -> int:
        s = self._body
        start, end = self._s(node), self._e(node)
        header = re.match(r"(?:[!&]\S*\s+)*[|>]([0-9+-]*)", s[start:end])
        if header and "+" in header.group(1):
            # Keep-chomping: trailing blank lines are content; stop only before the final break.
            if end > start and s[end - 1] == "\n":
                end -= 2 if s[end - 2 : end] == "\r\n" else 1
            elif end > start and s[end - 1] == "\r":
                end -= 1
            return end
        p = end
        while p > start:
            q = p
            if s[q - 1] == "\n":
                q -= 2 if q - 2 >= start and s[q - 2] == "\r" else 1
            elif s[q - 1] == "\r":
                q -= 1
            else:
                return p
            ls = self._line_start(q)
            if ls > start and not s[ls:q].strip(" \t"):
                p = ls
                continue
            return q
        return p

    def _block_scalar_indent(self, start: int, end: int) -> int:
        """Indentation of the first content line of the block scalar at ``start``, 0 if none."""
        s = self._body
        for line in s[self._raw_line_end(start) : end].splitlines():
            if line.strip(" "):
                return len(line) - len(line.lstrip(" "))
        return 0

    # ---- locating -------------------------------------------------------------------------

    def _check_props(self, node: Node, path: tuple) -> None:
        s = self._body
        i = self._s(node)
        while i < len(s) and s[i] in "&!":
            if s[i] == "&":
                raise YamlEditError(
                    say("{value} carries an anchor (&name) that aliases elsewhere may share; edit it by hand", value=_fmt_path(path)),
                    path,
                )
            while i < len(s) and s[i] not in " \t\r\n":
                i += 1
            i = self._skip_blank(i)

    def _find_key(self, mapping: MappingNode, key: Any, path: tuple) -> int | None:
        found = None
        constructor = None
        for i, (k, _v) in enumerate(mapping.value):
            if k.tag == _MERGE_TAG:
                raise YamlEditError(
                    say("{value} uses a merge key (<<); edit it by hand", value=_fmt_path(path[:-1])), path
                )
            if not isinstance(k, ScalarNode):
                continue
            if k.tag == _STR_TAG:
                if isinstance(key, str) and k.value == key:
                    found = i
                continue
            if isinstance(key, str):
                continue
            if constructor is None:
                constructor = yaml.constructor.SafeConstructor()
            try:
                kv = constructor.construct_object(k)
            except yaml.YAMLError:
                continue
            if type(kv) is type(key) and kv == key:
                found = i
        return found

    def _locate(self, path: tuple) -> list[_Step]:
        """The nodes along ``path``; raises if any is missing, an alias, or anchored."""
        node = self._root
        if node is None:
            if self._log and self._data is not None:
                raise _Stale
            if path:
                raise YamlEditError(
                    say("{value} does not exist: the document is empty", value=_fmt_path(path[:1])), path[:1]
                )
            return []
        self._check_props(node, ())
        trail: list[_Step] = []
        for depth, p in enumerate(path):
            here = path[: depth + 1]
            if self._log:
                self._match_data(node, path[:depth], p)
            if isinstance(node, MappingNode):
                i = self._find_key(node, p, here)
                if i is None:
                    raise YamlEditError(say("{value} does not exist", value=_fmt_path(here)), here)
                k, v = node.value[i]
                if self._s(v) < self._e(k):
                    raise YamlEditError(
                        say("{value} is an alias (*name) of another node; edit the anchor by hand", value=_fmt_path(here)),
                        here,
                    )
            elif isinstance(node, SequenceNode):
                if not isinstance(p, int) or isinstance(p, bool):
                    raise YamlEditError(
                        say("{value} is a list; index it with a number, not {p!r}", value=_fmt_path(path[:depth]), p=p),
                        here,
                    )
                n = len(node.value)
                i = p + n if p < 0 else p
                if not 0 <= i < n:
                    raise YamlEditError(
                        say("{value} does not exist (the list has {n} entries)", value=_fmt_path(here), n=n), here
                    )
                k, v = None, node.value[i]
                bound = self._e(node.value[i - 1]) if i else self._s(node)
                if self._s(v) < bound:
                    raise YamlEditError(
                        say("{value} is an alias (*name) of another node; edit the anchor by hand", value=_fmt_path(here)),
                        here,
                    )
            else:
                raise YamlEditError(
                    say("{value} is a single value, not a mapping or a list", value=_fmt_path(path[:depth])), here
                )
            self._check_props(v, here)
            trail.append(_Step(node, i, k, v))
            node = v
        return trail

    def _match_data(self, node: Node, path: tuple, key: Any = _MISSING) -> None:
        """Raise _Stale where edits since the last parse added entries the nodes do not show."""
        try:
            d = self._data_at(path)
        except YamlEditError:
            raise _Stale from None
        if isinstance(node, SequenceNode):
            if not isinstance(d, list) or len(d) != len(node.value):
                raise _Stale
        elif isinstance(node, MappingNode):
            # Duplicate or merge keys also make the counts differ: a harmless extra re-parse.
            if not isinstance(d, dict) or len(d) != len(node.value):
                raise _Stale
            if key is not _MISSING and key in d and self._find_key(node, key, path + (key,)) is None:
                raise _Stale
        elif isinstance(d, (dict, list)):
            raise _Stale

    def _node_at(self, path: tuple) -> Node | None:
        trail = self._locate(path)
        return trail[-1].node if trail else self._root

    def _colon_end(self, key: Node, path: tuple) -> int | None:
        s = self._body
        p = self._e(key)
        while p < len(s) and s[p] in " \t":
            p += 1
        if p < len(s) and s[p] == ":":
            return p + 1
        return None

    def _dash(self, seq: SequenceNode, i: int) -> int:
        """Position of the ``-`` of block-sequence entry ``i``."""
        s = self._body
        if i == 0:
            p = self._s(seq)
        else:
            p = self._skip_blank(self._content_end(seq.value[i - 1]))
        if p >= len(s) or s[p] != "-":
            raise YamlEditError(say("cannot find the dash of a list entry; edit this list by hand"))
        return p

    def _style(self) -> _Style:
        """Indentation habits of this file, read from its first nested block collections."""
        step, seq_indent = self._step, self._seq_indent
        queue = [self._root] if isinstance(self._root, MappingNode) else []
        seen = 0
        while queue and seen < 500 and (step is None or seq_indent is None):
            m = queue.pop(0)
            for k, v in m.value:
                seen += 1
                if not isinstance(v, (MappingNode, SequenceNode)) or v.flow_style or not v.value:
                    continue
                if self._s(v) < self._e(k):
                    continue
                kc = self._col(self._s(k))
                if isinstance(v, MappingNode):
                    vc = self._col(self._s(v.value[0][0]))
                    if step is None and vc > kc:
                        step = vc - kc
                    queue.append(v)
                else:
                    dc = self._col(self._s(v))
                    if seq_indent is None:
                        seq_indent = dc > kc
                        if step is None and dc > kc:
                            step = dc - kc
                    queue.extend(x for x in v.value if isinstance(x, MappingNode) and not x.flow_style)
        self._step, self._seq_indent = step, seq_indent
        return _Style(step or 2, True if seq_indent is None else seq_indent)

    # ---- committing -----------------------------------------------------------------------

    def _commit(
        self,
        splice: tuple[int, int, str],
        expect: Callable[[Any], Any],
        path: tuple,
        check_value: Any = _MISSING,
    ) -> None:
        """Apply one splice and the matching change to the expected data, then verify."""
        a, b, new = splice
        s = self._body
        self._body = s[:a] + new + s[b:]
        self._log.append((a, b, len(new)))
        delta = len(new) - (b - a)
        lo, hi = a, a + len(new)
        dirty = []
        for x, y in self._dirty:
            if y < a:
                dirty.append((x, y))
            elif x > b:
                dirty.append((x + delta, y + delta))
            else:
                lo, hi = min(lo, x), max(hi, y + delta if y > b else hi)
        dirty.append((lo, hi))
        self._dirty = dirty
        self._data = expect(self._data)  # mutates in place; a failed check reloads it
        # Promises about this place are superseded; deleting a list entry renumbers its siblings.
        scope = path[:-1] if check_value is _MISSING and isinstance(path[-1], int) else path
        self._checks = [
            (p, v) for p, v in self._checks if p[: len(scope)] != scope and scope[: len(p)] != p
        ]
        if check_value is not _MISSING:
            self._checks.append((path, check_value))
        if self._batch_depth == 0:
            self._flush()

    def _norm_path(self, path: Any) -> tuple:
        """``path`` as a tuple with negative list indices made absolute (as far as it exists)."""
        path = tuple(path)
        if not any(isinstance(p, int) and not isinstance(p, bool) and p < 0 for p in path):
            return path
        out, d = [], self._data
        for p in path:
            if isinstance(d, list) and isinstance(p, int) and not isinstance(p, bool) and p < 0 and p + len(d) >= 0:
                p += len(d)
            out.append(p)
            try:
                d = d[p]
            except (KeyError, IndexError, TypeError):
                d = None
        return tuple(out)

    def _guard(self) -> None:
        """Refuse files where U+0085/U+2028/U+2029 act as line breaks outside quoted text.

        YAML counts them as line breaks but this module measures lines by CR/LF only; inside
        quoted scalars that difference never matters, elsewhere (comments) it could.
        """
        body = self._body
        if not any(ch in body for ch in _UNICODE_BREAKS):
            return
        if self._log:
            raise _Stale
        spans = []
        stack = [self._root] if self._root is not None else []
        while stack:
            n = stack.pop()
            if isinstance(n, ScalarNode):
                if n.style in ('"', "'"):
                    spans.append((n.start_mark.index, n.end_mark.index))
            elif isinstance(n, MappingNode):
                for k, v in n.value:
                    stack.extend((k, v))
            elif isinstance(n, SequenceNode):
                stack.extend(n.value)
        spans.sort()
        starts = [a for a, _ in spans]
        for m in re.finditer("[\x85\u2028\u2029]", body):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i < 0 or not spans[i][0] < m.start() < spans[i][1]:
                raise YamlEditError(
                    say("the file contains a Unicode line separator (U+0085/U+2028/U+2029) outside quoted text, which YAML treats as a line break; replace it before editing")
                )

    # ---- edits ----------------------------------------------------------------------------

    def set(self, path: tuple, value: Any, flow: bool | None = None) -> None:
        """Set the value at ``path``; a missing last key is added as the mapping's last entry.

        ``flow``: for dict/list values, True writes ``{..}``/``[..]`` on one line, False writes
        block style, None keeps the style of the value being replaced (block for new keys).
        """
        path = self._norm_path(path)
        self._retry(lambda: self._set(path, value, flow))

    def _set(self, path: tuple, value: Any, flow: bool | None) -> None:
        if not path:
            raise YamlEditError(say("set() needs a path of at least one key"))
        self._guard()
        norm = _loaded_form(value)
        parent_path, key = path[:-1], path[-1]
        parent = self._node_at(parent_path)
        if parent is None and not parent_path:
            self._add_to_empty(key, value, flow, path, norm)
            return
        if self._log and parent is not None:
            self._match_data(parent, parent_path, key)
        if isinstance(parent, MappingNode):
            i = self._find_key(parent, key, path)
            if i is None:
                self._add_key(parent, key, value, flow, path, norm)
            else:
                self._locate(path)  # alias/anchor checks on the value itself
                self._replace(parent, i, value, flow, path, norm)
            return
        if isinstance(parent, SequenceNode):
            if not isinstance(key, int) or isinstance(key, bool):
                raise YamlEditError(
                    say("{value} is a list; index it with a number, not {key!r}", value=_fmt_path(parent_path), key=key), path
                )
            n = len(parent.value)
            idx = key + n if key < 0 else key
            if idx == n:
                self._append_to(parent, value, flow, path, norm)
                return
            if not 0 <= idx < n:
                raise YamlEditError(say("{value} does not exist (the list has {n} entries)", value=_fmt_path(path), n=n), path)
            self._locate(parent_path + (idx,))  # alias/anchor checks
            self._replace(parent, idx, value, flow, path[:-1] + (idx,), norm)
            return
        if isinstance(parent, ScalarNode) and parent.tag == _NULL_TAG and parent_path:
            # `closed:` with nothing after it: give it its first key.
            self.set(parent_path, {key: value}, flow=flow)
            return
        raise YamlEditError(
            say("cannot set {value}: {value2} is not a mapping", value=_fmt_path(path), value2=_fmt_path(parent_path)), path
        )

    def append(self, path: tuple, value: Any, flow: bool | None = None) -> None:
        """Append ``value`` to the list at ``path`` (created if the key is missing or empty).

        ``flow``: how a dict/list item is written. None matches the last existing item
        (``- {id: M1, ...}`` stays one-line), else block. True writes it on one line: a new or empty
        (``[]``) list becomes a block list of one-line entries (``- {id: M1, ...}``). False on an
        empty ``[]`` turns it into a block list; otherwise flow lists stay flow.
        """
        path = self._norm_path(path)
        self._retry(lambda: self._append(path, value, flow))

    def _append(self, path: tuple, value: Any, flow: bool | None) -> None:
        if not path:
            raise YamlEditError(say("append() needs the path of a list"))
        self._guard()
        norm = _loaded_form(value)
        parent = self._node_at(path[:-1])
        if self._log and parent is not None:
            self._match_data(parent, path[:-1], path[-1])
        # a new list of one-line entries is a block list of them (`- {…}`), never `[{…}]` on one line
        one_line = bool(flow) and _is_block_collection(value)
        first, style = (OneLinePerItem([value]), False) if one_line else ([value], False if flow is None else flow)
        if (parent is None and len(path) == 1) or (
            isinstance(parent, MappingNode) and self._find_key(parent, path[-1], path) is None
        ):
            self.set(path, first, flow=style)
            return
        node = self._node_at(path)
        if isinstance(node, ScalarNode) and node.tag == _NULL_TAG:
            self.set(path, first, flow=style)
            return
        if not isinstance(node, SequenceNode):
            raise YamlEditError(say("cannot append to {value}: it is not a list", value=_fmt_path(path)), path)
        if self._log:
            self._match_data(node, path)
        if node.flow_style and not node.value and (flow is False or one_line):
            self.set(path, first, flow=False)
            return
        self._append_to(node, value, flow, path + (len(node.value),), norm)

    def delete(self, path: tuple) -> None:
        """Remove a mapping key (with its whole value) or a list entry."""
        path = self._norm_path(path)
        self._retry(lambda: self._delete(path))

    def _delete(self, path: tuple) -> None:
        if not path:
            raise YamlEditError(say("delete() needs a path of at least one key"))
        self._guard()
        trail = self._locate(path)
        step = trail[-1]
        c, i, s = step.container, step.index, self._body
        n = len(c.value)

        def expect(data: Any) -> Any:
            holder = data
            for p in path[:-1]:
                holder = holder[p]
            del holder[path[-1]]
            return data

        start_of, end_of = self._entry_bounds(c)
        first_pos = start_of(i)
        if n == 1:
            empty: dict | list = {} if isinstance(c, MappingNode) else []
            if c.flow_style:
                self._commit((first_pos, end_of(0), ""), expect, path)
            elif len(trail) == 1:
                self._commit((first_pos, self._line_end(end_of(0)), render_flow(empty)), expect, path)
            else:
                self.set(path[:-1], empty)
            return
        if c.flow_style:
            if i == 0:
                self._commit((first_pos, start_of(1), ""), expect, path)
            else:
                self._commit((end_of(i - 1), end_of(i), ""), expect, path)
            return
        ls = self._line_start(first_pos)
        if s[ls:first_pos].strip(" "):
            # The entry shares its line with a parent's dash (`- id: 1`): the next entry moves up.
            if i != 0:
                raise YamlEditError(say("unexpected layout around {value}; edit it by hand", value=_fmt_path(path)), path)
            self._commit((first_pos, start_of(1), ""), expect, path)
            return
        le = self._line_end(end_of(i))
        br = self._break_len(le)
        if br:
            region = (ls, le + br)
        else:
            # Last line of a file without a final newline: take the break before it instead.
            back = 2 if s[ls - 2 : ls] == "\r\n" else 1
            region = (ls - back, le)
        self._commit((region[0], region[1], ""), expect, path)

    def _entry_bounds(self, c: MappingNode | SequenceNode) -> tuple[Callable[[int], int], Callable[[int], int]]:
        """Where entry j of a mapping or sequence starts (its key or dash) and where its content ends."""
        if isinstance(c, MappingNode):
            def start_of(j: int) -> int:
                return self._s(c.value[j][0])

            def end_of(j: int) -> int:
                k, v = c.value[j]
                return max(self._content_end(k), self._content_end(v))

            return start_of, end_of

        seq = c

        def item_start(j: int) -> int:
            return self._s(seq.value[j]) if seq.flow_style else self._dash(seq, j)

        def item_end(j: int) -> int:
            return self._content_end(c.value[j])

        return item_start, item_end

    # ---- edit helpers ---------------------------------------------------------------------

    def _expect_set(self, path: tuple, norm: Any) -> Callable[[Any], Any]:
        def expect(data: Any) -> Any:
            if len(path) == 1 and data is None:
                return {path[0]: norm}
            holder = data
            for p in path[:-1]:
                holder = holder[p]
            if isinstance(holder, list) and path[-1] == len(holder):
                holder.append(norm)
            else:
                holder[path[-1]] = norm
            return data

        return expect

    def _add_to_empty(self, key: Any, value: Any, flow: bool | None, path: tuple, norm: Any) -> None:
        lines = self._entry_lines(key, value, 0, flow)
        s, nl = self._body, self._nl
        if not s or s.endswith(("\n", "\r")):
            new = nl.join(lines) + nl
        else:
            new = nl + nl.join(lines)
        self._commit((len(s), len(s), new), self._expect_set(path, norm), path, norm)

    def _entry_lines(self, key: Any, value: Any, col: int, flow: bool | None) -> list[str]:
        style = self._style()
        head = f"{' ' * col}{_render_key(key)}:"
        if _is_block_collection(value) and not flow:
            child = col + style.step if isinstance(value, dict) or style.seq_indent else col
            return [head] + _block_lines(value, child, style)
        return [f"{head} {_inline(value, False)}"]

    def _add_key(
        self, mapping: MappingNode, key: Any, value: Any, flow: bool | None, path: tuple, norm: Any
    ) -> None:
        self._check_props(mapping, path[:-1])
        s = self._body
        if mapping.flow_style:
            entry = f"{_render_key(key, flow=True)}: {render_flow(value)}"
            if not mapping.value:
                pos = self._s(mapping)
                if s[pos] != "{":
                    raise YamlEditError(say("unexpected text at {value}; edit it by hand", value=_fmt_path(path[:-1])), path)
                splice = (pos + 1, pos + 1, entry)
            else:
                k, v = mapping.value[-1]
                pos = max(self._content_end(k), self._content_end(v))
                splice = (pos, pos, ", " + entry)
            self._commit(splice, self._expect_set(path, norm), path, norm)
            return
        col = self._col(self._s(mapping.value[0][0]))
        lines = self._entry_lines(key, value, col, flow)
        pos = self._line_end(self._content_end(mapping))
        self._commit((pos, pos, self._nl + self._nl.join(lines)), self._expect_set(path, norm), path, norm)

    def _append_to(
        self, seq: SequenceNode, value: Any, flow: bool | None, path: tuple, norm: Any
    ) -> None:
        self._check_props(seq, path[:-1])
        s = self._body
        if seq.flow_style:
            text = render_flow(value)
            if not seq.value:
                pos = self._s(seq)
                if s[pos] != "[":
                    raise YamlEditError(say("unexpected text at {value}; edit it by hand", value=_fmt_path(path[:-1])), path)
                splice = (pos + 1, pos + 1, text)
            else:
                pos = self._content_end(seq.value[-1])
                splice = (pos, pos, ", " + text)
            self._commit(splice, self._expect_set(path, norm), path, norm)
            return
        last = seq.value[-1]
        dash = self._dash(seq, len(seq.value) - 1)
        dash_col = self._col(dash)
        gap = 2
        between = s[dash : self._s(last)]
        if "\n" not in between and "\r" not in between and self._s(last) - dash >= 2:
            gap = self._s(last) - dash
        if flow is None:
            flow = (isinstance(value, dict) and isinstance(last, MappingNode) and bool(last.flow_style)) or (
                isinstance(value, (list, tuple)) and isinstance(last, SequenceNode) and bool(last.flow_style)
            )
        lines = _item_lines(value, dash_col, gap, self._style(), flow)
        pos = self._line_end(self._content_end(seq))
        self._commit((pos, pos, self._nl + self._nl.join(lines)), self._expect_set(path, norm), path, norm)

    def _replace(
        self, container: MappingNode | SequenceNode, index: int, value: Any, flow: bool | None, path: tuple, norm: Any
    ) -> None:
        s, nl = self._body, self._nl
        is_map = isinstance(container, MappingNode)
        if is_map:
            knode, v = container.value[index]
        else:
            knode, v = None, container.value[index]
        if _same(self._data_at(path), norm):
            return  # already so: leave the user's spelling alone
        expect = self._expect_set(path, norm)
        a = self._s(v)
        old_is_flow_coll = isinstance(v, (MappingNode, SequenceNode)) and bool(v.flow_style)
        if flow is None:
            flow = old_is_flow_coll

        if container.flow_style:
            self._replace_in_flow(is_map, knode, v, value, path, norm, expect)
            return

        if knode is not None:
            anchor_end = self._colon_end(knode, path)
            if anchor_end is None:
                raise YamlEditError(say("cannot find the ':' after {value}; edit it by hand", value=_fmt_path(path)), path)
            parent_col = self._col(self._s(knode))
        else:
            assert isinstance(container, SequenceNode)
            dash = self._dash(container, index)
            anchor_end = dash + 1
            parent_col = self._col(dash)
        ce = self._content_end(v)
        between = s[anchor_end:a]
        inline_old = "\n" not in between and "\r" not in between
        style = self._style()

        # A multi-line string replacing a `|` block scalar stays a `|` block scalar.
        if (
            isinstance(value, str)
            and isinstance(v, ScalarNode)
            and v.style == "|"
            and inline_old
            and self._break_len(self._line_end(ce))
        ):
            indent = self._block_scalar_indent(a, ce) or parent_col + (style.step if is_map else 2)
            lit = _literal_lines(str.__str__(value), indent)
            if lit is not None:
                self._commit((a, ce, nl.join(lit)), expect, path, norm)
                return

        if not (_is_block_collection(value) and not flow):
            text = _inline(value, False)
            if inline_old:
                self._commit((a, ce, text if a > anchor_end else " " + text), expect, path, norm)
            else:
                rest = s[anchor_end : self._line_end(anchor_end)]
                keep = rest if rest[:1] in (" ", "\t") and rest.lstrip(" \t").startswith("#") else ""
                self._commit((anchor_end, self._line_end(ce), " " + text + keep), expect, path, norm)
            return

        self._replace_with_block(value, v, a, ce, anchor_end, parent_col, is_map, inline_old, path, norm, expect)

    def _replace_in_flow(self, is_map: bool, knode: Node | None, v: Node, value: Any, path: tuple, norm: Any,
                         expect: Callable[[Any], Any]) -> None:
        """A value inside a flow collection (`{a: 1, b: 2}`) is replaced by its flow rendering."""
        a = self._s(v)
        text = render_flow(value)
        if is_map and knode is not None and isinstance(v, ScalarNode) and v.tag == _NULL_TAG and a == self._e(v):
            colon = self._colon_end(knode, path)
            if colon is None:
                pos = self._e(knode)
                self._commit((pos, pos, ": " + text), expect, path, norm)
            else:
                self._commit((colon, colon, " " + text), expect, path, norm)
            return
        self._commit((a, self._content_end(v), text), expect, path, norm)

    def _replace_with_block(self, value: Any, v: Node, a: int, ce: int, anchor_end: int, parent_col: int,
                            is_map: bool, inline_old: bool, path: tuple, norm: Any,
                            expect: Callable[[Any], Any]) -> None:
        """A block mapping or sequence replaces the value at `a`..`ce`, indented under its key or dash."""
        nl, style = self._nl, self._style()
        if not inline_old:
            col = self._col(a)
            if col <= parent_col and (isinstance(value, dict) or not is_map):
                col = parent_col + style.step
            lines = _block_lines(value, col, style)
            self._commit((self._line_start(a), self._line_end(ce), nl.join(lines)), expect, path, norm)
            return
        comment = self._comment_after(ce)
        if is_map:
            if isinstance(value, dict) or style.seq_indent:
                col = parent_col + style.step
            else:
                col = parent_col
            lines = _block_lines(value, col, style)
            new = comment + nl + nl.join(lines)
            self._commit((anchor_end, self._line_end(ce), new), expect, path, norm)
            return
        col = self._col(a) if a > anchor_end else parent_col + 2
        if col <= parent_col:
            col = parent_col + 2
        lines = _block_lines(value, col, style)
        first = lines[0][col:] + comment
        new = (first if a > anchor_end else " " + first)
        if len(lines) > 1:
            new += nl + nl.join(lines[1:])
        start = a if a > anchor_end else anchor_end
        self._commit((start, self._line_end(ce), new), expect, path, norm)
