"""Find ledger files and parse their YAML strictly and fast, mapping positions for errors.

The read path is PyYAML's libyaml C parser with a resolver and constructor of our own, so that
YAML 1.1 surprises (``on`` read as true, ``010`` read as 8, duplicate keys, impossible dates) are
reported with their line instead of being silently coerced. Positions are looked up only when an
error needs them: the fast path builds plain Python values and nothing else.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any, ClassVar

import yaml

from rectify_cli.errors import Finding, say
from rectify_cli.yamlio import fullwidth
from rectify_cli.yamlio.scalars import misfit
from rectify_cli.yamlio.words import parser_sentence

MAX_DEPTH = 64

YAML11_WORDS = frozenset(["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"])
YAML11_BOOL_TAG = "tag:rectify.local,2026:yaml11-bool"
AMBIGUOUS_NUMBER_TAG = "tag:rectify.local,2026:ambiguous-number"


class Suspicious:
    """A plain scalar YAML reads in a way its writer rarely means (``on``, ``010``, ``2024-13-05``).

    Kept as a value so that validation reports it against the field, with its own explanation,
    instead of accepting a coerced value.
    """

    __slots__ = ("hint", "reason", "text")

    def __init__(self, text: str, reason: str, hint: str):
        self.text = text
        self.reason = reason
        self.hint = hint

    def __repr__(self) -> str:
        return f"Suspicious({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Suspicious) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.1 resolution, with the surprising plain scalars routed to tags of our own."""


_Resolver.yaml_implicit_resolvers = {}
for _first, _resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
    _Resolver.yaml_implicit_resolvers[_first] = [
        (tag, regexp)
        for tag, regexp in _resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:merge")
    ]
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    YAML11_BOOL_TAG,
    re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$"),
    list("yYnNoO"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*))$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    AMBIGUOUS_NUMBER_TAG,
    re.compile(
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0[0-7_]+
        |[-+]?0x[0-9a-fA-F_]+
        |[-+]?[0-9][0-9_]*_[0-9_]*
        |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
        re.X,
    ),
    list("-+0123456789"),
)


class DuplicateKey(Exception):
    pass


class LedgerLoader(yaml.CSafeLoader):
    """The C parser with strict construction: no aliases, no merge keys, no duplicate keys."""

    yaml_implicit_resolvers = _Resolver.yaml_implicit_resolvers

    def __init__(self, stream):
        super().__init__(stream)
        self.findings: list[tuple[yaml.Mark, str, str, str]] = []
        self._depth = 0

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "anchors and aliases (&name, *name) are not allowed in a ledger",
                node.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.constructor.ConstructorError(
                    None, None, f"nesting deeper than {MAX_DEPTH} levels", node.start_mark
                )
            if isinstance(node, yaml.ScalarNode) and misfit(node.tag, node.value, explicit=True):
                raise yaml.constructor.ConstructorError(None, None, "a value a ledger cannot hold", node.start_mark)
            return super().construct_object(node, deep=deep)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping, found {node.id}", node.start_mark
            )
        mapping: dict = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Suspicious):
                # As a key, `on:` is never meant as a boolean; keep the text so the error names it.
                key = key.text
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    "a key must be a plain text", key_node.start_mark,
                ) from None
            if key in mapping:
                self.findings.append(
                    (key_node.start_mark, "E-DUPLICATE-KEY",
                     say("duplicate key {key!r}: YAML would silently keep only the last one", key=key),
                     say("remove or rename one of the two entries"))
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_map(self, node):
        data: dict = {}
        yield data
        data.update(self.construct_mapping(node))

    def construct_yaml_seq(self, node):
        data: list = []
        yield data
        data.extend(self.construct_sequence(node))

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            value = self.construct_scalar(node)
            return Suspicious(value, say("{value!r} is not a real date", value=value), say("use an existing date as YYYY-MM-DD"))

    def construct_yaml11_bool(self, node):
        value = self.construct_scalar(node)
        return Suspicious(
            value,
            say("{value!r} is read as a yes/no value by YAML 1.1, not as text", value=value),
            say("quote it (\"{value}\") if it is text, or write true/false", value=value),
        )

    def construct_ambiguous_number(self, node):
        value = self.construct_scalar(node)
        return Suspicious(
            value,
            say("{value!r} is read by YAML 1.1 as an octal, hexadecimal, binary or base-60 number", value=value),
            say("quote it (\"{value}\") if it is text, or write the number in plain decimal", value=value),
        )

    def construct_undefined(self, node):
        raise yaml.constructor.ConstructorError(
            None, None, f"the tag {node.tag!r} is not allowed in a ledger", node.start_mark
        )


LedgerLoader.yaml_constructors = dict(yaml.constructor.SafeConstructor.yaml_constructors)
LedgerLoader.add_constructor("tag:yaml.org,2002:map", LedgerLoader.construct_yaml_map)
LedgerLoader.add_constructor("tag:yaml.org,2002:seq", LedgerLoader.construct_yaml_seq)
LedgerLoader.add_constructor("tag:yaml.org,2002:timestamp", LedgerLoader.construct_yaml_timestamp)
LedgerLoader.add_constructor(YAML11_BOOL_TAG, LedgerLoader.construct_yaml11_bool)
LedgerLoader.add_constructor(AMBIGUOUS_NUMBER_TAG, LedgerLoader.construct_ambiguous_number)
for _tag in ("tag:yaml.org,2002:set", "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs",
             "tag:yaml.org,2002:binary"):
    LedgerLoader.yaml_constructors.pop(_tag, None)
LedgerLoader.add_constructor(None, LedgerLoader.construct_undefined)


def excerpt(text: str | None, line: int) -> str:
    if not text or line < 1:
        return ""
    lines = _lines(text)
    return lines[line - 1] if line <= len(lines) else ""


@functools.lru_cache(maxsize=2)
def _lines(text: str) -> list[str]:
    # Cached: one excerpt per finding, and splitting a 3 MB file 20,000 times took minutes.
    return text.splitlines()


STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
FLOAT_TAG = "tag:yaml.org,2002:float"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
# Plain scalars starting with anything else can only resolve to text: skip the regexes.
_MAYBE_NOT_TEXT = frozenset("-+.0123456789~nNtTfFyYoO<=")


class FastLoader(yaml.CSafeLoader):
    """libyaml's composer with our resolver, memoised: most scalars are text and need no regex."""

    yaml_implicit_resolvers = _Resolver.yaml_implicit_resolvers
    _memo: ClassVar[dict[str, str]] = {}

    def descend_resolver(self, current_node, current_index):
        pass  # no path resolvers are registered: skip the bookkeeping per node

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            if value and value[0] not in _MAYBE_NOT_TEXT:
                return STR_TAG
            tag = self._memo.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(self._memo) < 65536:
                    self._memo[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


class _BuildError(Exception):
    def __init__(self, mark, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.mark, self.code, self.message, self.hint = mark, code, message, hint


class _Builder:
    """Scalar values and findings for the event walk, with the same meaning as LedgerLoader.

    Building values straight from events is several times faster than PyYAML's generator-based
    constructor; tests check both give the same values and findings (tests/test_load.py).
    """

    def __init__(self):
        self.findings: list[tuple[yaml.Mark, str, str, str]] = []
        self.fallback = LedgerLoader("")

    def scalar(self, node, tag: str, explicit: bool = False):
        value = node.value
        if tag == STR_TAG:
            return value
        wrong = misfit(tag, value, explicit)
        if wrong is not None:
            raise _BuildError(node.start_mark, "E-YAML", wrong[0], hint=wrong[1])
        try:
            if tag == INT_TAG:
                return int(value.replace("_", "")) if value.lstrip("+-").isdigit() else self.fallback.construct_yaml_int(node)
            if tag == TIMESTAMP_TAG:
                try:
                    return dt.date.fromisoformat(value) if len(value) == 10 else dt.datetime.fromisoformat(value)
                except ValueError:
                    return self.fallback.construct_yaml_timestamp(node)
            if tag == BOOL_TAG:
                return value.lower() == "true"
            if tag == NULL_TAG:
                return None
            if tag == FLOAT_TAG:
                return self.fallback.construct_yaml_float(node)
            if tag == YAML11_BOOL_TAG:
                return self.fallback.construct_yaml11_bool(node)
            if tag == AMBIGUOUS_NUMBER_TAG:
                return self.fallback.construct_ambiguous_number(node)
        except (ValueError, TypeError, OverflowError):
            shown = repr(value) if len(value) <= 40 else f"{value[:20]!r}... ({len(value):,} characters)"
            raise _BuildError(node.start_mark, "E-YAML", say("cannot read {shown} as {value}", shown=shown, value=tag.rsplit(':', 1)[-1])) from None
        raise _BuildError(node.start_mark, "E-YAML-TAG", say("the tag {tag!r} is not allowed in a ledger", tag=tag))


def _alias_error(mark: Any) -> _BuildError:
    return _BuildError(mark, "E-YAML-ALIAS", say("anchors and aliases (&name, *name) are not allowed in a ledger"))


def _open_container(event: Any, is_mapping: bool, depth: int) -> list:
    """The stack entry of a mapping or sequence that starts at `event`, refused when tagged, anchored or too deep."""
    if event.anchor is not None:
        raise _alias_error(event.start_mark)
    tag = event.tag
    if tag is not None and tag != "!" and tag != (MAP_TAG if is_mapping else SEQ_TAG):
        raise _BuildError(event.start_mark, "E-YAML-TAG", say("the tag {tag!r} is not allowed in a ledger", tag=tag))
    if depth >= MAX_DEPTH:
        raise _BuildError(event.start_mark, "E-YAML-DEPTH", say("nesting deeper than {MAX_DEPTH} levels", MAX_DEPTH=MAX_DEPTH))
    return [{} if is_mapping else [], is_mapping, _NO_KEY, None, event.start_mark]


def expect_stream_end(get_event: Callable[[], Any]) -> None:
    event = get_event()
    if event.__class__ is not yaml.StreamEndEvent:
        raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                          "but found another document", event.start_mark)


def _events_to_data(loader: FastLoader, builder: _Builder):
    """Build plain values straight from libyaml's events: one pass, depth-limited before any
    deep structure is composed (libyaml's own composer recurses in C and overflows the stack
    on ~30,000 nested `[`), no node objects, no second walk. Same meaning as the reference."""
    # libyaml's events are read by duck typing: the stubs' Event lacks its subclasses' fields.
    get_event: Callable[[], Any] = loader.get_event
    resolve = loader.resolve
    scalar_node = yaml.ScalarNode
    Scalar, MapStart, SeqStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    MapEnd, SeqEnd = yaml.MappingEndEvent, yaml.SequenceEndEvent
    findings = builder.findings
    # Each open container: [value, is_mapping, pending_key, pending_key_mark, start_mark]
    stack: list[list] = []
    root, have_root = None, False
    event = get_event()  # StreamStart
    event = get_event()
    if event.__class__ is yaml.StreamEndEvent:
        return None, False
    event = get_event()  # first event of the document's content
    while True:
        cls = event.__class__
        if cls is Scalar:
            if event.anchor is not None:
                raise _alias_error(event.start_mark)
            tag = event.tag
            explicit = tag is not None and tag != "!"
            if not explicit:
                tag = resolve(scalar_node, event.value, event.implicit)
            value = event.value if tag == STR_TAG else builder.scalar(
                scalar_node(tag, event.value, event.start_mark, event.end_mark), tag, explicit)
            mark = event.start_mark
        elif cls is MapStart or cls is SeqStart:
            stack.append(_open_container(event, cls is MapStart, len(stack)))
            event = get_event()
            continue
        elif cls is MapEnd or cls is SeqEnd:
            value, _, _, _, mark = stack.pop()
        elif cls is yaml.AliasEvent:
            raise _alias_error(event.start_mark)
        else:  # DocumentEnd
            break
        # place `value` in its parent
        if not stack:
            root, have_root = value, True
        else:
            top = stack[-1]
            if not top[1]:
                top[0].append(value)
            elif top[2] is _NO_KEY:
                if isinstance(value, Suspicious):
                    value = value.text  # as a key, `on:` is never meant as a boolean; keep the text
                elif isinstance(value, (dict, list)):
                    raise _BuildError(mark, "E-YAML", say("a key must be a plain text"))
                top[2], top[3] = value, mark
            else:
                key, mapping = top[2], top[0]
                if key in mapping:
                    findings.append((top[3], "E-DUPLICATE-KEY",
                                     say("duplicate key {key!r}: YAML would silently keep only the last one", key=key),
                                     say("remove or rename one of the two entries")))
                mapping[key] = value
                top[2] = _NO_KEY
        event = get_event()
    expect_stream_end(get_event)
    return root, have_root


_NO_KEY = object()


def _events_to_nodes_and_data(loader: FastLoader, builder: _Builder):
    """The walk of `_events_to_data` that also composes the nodes, for the splicer's positions:
    the same values, the same findings and the same refusals, from one pass over the events."""
    get_event: Callable[[], Any] = loader.get_event
    resolve = loader.resolve
    Scalar, MapStart, SeqStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    MapEnd, SeqEnd = yaml.MappingEndEvent, yaml.SequenceEndEvent
    findings = builder.findings
    # Each open container: [value, is_mapping, pending_key, pending_key_mark, start_mark, node, pending_key_node]
    stack: list[list] = []
    root: tuple | None = None
    get_event()  # StreamStart
    if get_event().__class__ is yaml.StreamEndEvent:
        return None, False
    event = get_event()
    while True:
        cls = event.__class__
        if cls is Scalar:
            if event.anchor is not None:
                raise _alias_error(event.start_mark)
            tag = event.tag
            explicit = tag is not None and tag != "!"
            if not explicit:
                tag = resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            value = event.value if tag == STR_TAG else builder.scalar(node, tag, explicit)
            mark = event.start_mark
        elif cls is MapStart or cls is SeqStart:
            entry = _open_container(event, cls is MapStart, len(stack))
            node_class = yaml.MappingNode if cls is MapStart else yaml.SequenceNode
            entry += [node_class(MAP_TAG if cls is MapStart else SEQ_TAG, [], event.start_mark, None,
                                 flow_style=event.flow_style), None]
            stack.append(entry)
            event = get_event()
            continue
        elif cls is MapEnd or cls is SeqEnd:
            value, _, _, _, mark, node, _ = stack.pop()
            node.end_mark = event.end_mark
        elif cls is yaml.AliasEvent:
            raise _alias_error(event.start_mark)
        else:  # DocumentEnd
            break
        if not stack:
            root = (node, value)
        else:
            _place(stack[-1], node, value, mark, findings)
        event = get_event()
    expect_stream_end(get_event)
    return root, True


def _place(top: list, node: yaml.Node, value: object, mark: Any, findings: list) -> None:
    """Put a value and its node into the open container `top`, as `_events_to_data` does."""
    if not top[1]:
        top[0].append(value)
        top[5].value.append(node)
    elif top[2] is _NO_KEY:
        if isinstance(value, Suspicious):
            value = value.text  # as a key, `on:` is never meant as a boolean; keep the text
        elif isinstance(value, (dict, list)):
            raise _BuildError(mark, "E-YAML", say("a key must be a plain text"))
        top[2], top[3], top[6] = value, mark, node
    else:
        key, mapping = top[2], top[0]
        if key in mapping:
            findings.append((top[3], "E-DUPLICATE-KEY",
                             say("duplicate key {key!r}: YAML would silently keep only the last one", key=key),
                             say("remove or rename one of the two entries")))
        mapping[key] = value
        top[5].value.append((top[6], node))
        top[2] = _NO_KEY


def parse_text(text: str, display: str) -> tuple[object, list[Finding]]:
    """Parse one YAML document strictly; any failure is returned as a Finding, never raised."""
    return _without_collector(_parse_text, text, display, _events_to_data)


def compose_text(text: str, display: str) -> tuple[yaml.Node | None, object, list[Finding]]:
    """`parse_text` that also gives the composed nodes (None where the data is None), from the same pass."""
    composed, problems = _without_collector(_parse_text, text, display, _events_to_nodes_and_data)
    node, data = composed if isinstance(composed, tuple) else (None, None)
    return node, data, problems


def _without_collector(function: Callable, *arguments: Any) -> Any:
    import gc

    collecting = gc.isenabled()
    gc.disable()  # many objects, no cycles: collector passes during the build would only rescan them
    try:
        return function(*arguments)
    finally:
        if collecting:
            gc.enable()


def _parse_text(text: str, display: str, walk: Callable = _events_to_data) -> tuple[object, list[Finding]]:
    loader = FastLoader(text)
    builder = _Builder()
    try:
        data, present = walk(loader, builder)
    except _BuildError as exc:
        line, column = exc.mark.line + 1, exc.mark.column + 1
        return None, [Finding(display, line, column, exc.code, say("not valid YAML: {message}", message=exc.message),
                              hint=exc.hint, excerpt=excerpt(text, line))]
    except yaml.MarkedYAMLError as exc:
        return None, [_marked_problem(exc, text, display)]
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(exc, text, display)]
    except yaml.YAMLError as exc:
        return None, [Finding(display, 0, 0, "E-YAML", say("not valid YAML: {exc}", exc=exc))]
    except RecursionError:
        return None, [Finding(display, 0, 0, "E-YAML-DEPTH", say("nesting deeper than {MAX_DEPTH} levels", MAX_DEPTH=MAX_DEPTH))]
    finally:
        loader.dispose()
    if not present:
        return None, []
    problems = [Finding(display, mark.line + 1, mark.column + 1, code, message, hint=hint,
                        excerpt=excerpt(text, mark.line + 1))
                for mark, code, message, hint in builder.findings]
    return data, problems


def _marked_problem(exc: yaml.MarkedYAMLError, text: str, display: str) -> Finding:
    """PyYAML's parse error as a finding; a full-width sign that caused it is named where it is."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    message = parser_sentence((exc.context or "").strip(), (exc.problem or "").strip())
    line_text = excerpt(text, line)
    context = exc.context_mark.line + 1 if exc.context_mark else 0
    typed = fullwidth.culprit(text, line, context) if line else None
    if typed:
        return Finding(display, typed.line, typed.column, "E-YAML-FULLWIDTH",
                       say("not valid YAML: {message}", message=typed.message), hint=typed.hint,
                       excerpt=excerpt(text, typed.line))
    if "nesting depth" in message:  # libyaml 0.2.6 stops at 1,000 flow levels before we see 65
        return Finding(display, line, column, "E-YAML-DEPTH",
                       say("not valid YAML: nesting deeper than {MAX_DEPTH} levels", MAX_DEPTH=MAX_DEPTH),
                       hint=say("a ledger needs a few levels; this file is broken or hostile"), excerpt=line_text)
    return Finding(display, line, column, "E-YAML", say("not valid YAML: {message}", message=message),
                   hint=_yaml_hint(message, line_text), excerpt=line_text)


def _reader_problem(exc: yaml.reader.ReaderError, text: str, display: str) -> Finding:
    """A character YAML refuses (a control character, U+FFFE), with its line: libyaml gives a byte offset."""
    before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return Finding(display, line, column, "E-YAML", say("not valid YAML: the character U+{code:04X} is not allowed in YAML", code=code),
                   hint=say("delete it: control characters often come along when text is pasted from Word or Excel"),
                   excerpt=excerpt(text, line))


def compose_with_data(text: str) -> tuple[yaml.Node | None, object]:
    """Nodes and the values yaml.safe_load would give (yamlio/composer.py), for the splicer."""
    from rectify_cli.yamlio.composer import compose_with_data as compose

    return compose(text)


def parse_text_reference(text: str, display: str) -> tuple[object, list[Finding]]:
    """The same parse through PyYAML's own constructor (LedgerLoader): the slow reference for tests."""
    loader = LedgerLoader(text)
    problems: list[Finding] = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        code = "E-YAML-TAG" if "tag" in str(exc.problem or "") else "E-YAML"
        if "aliases" in str(exc.problem or ""):
            code = "E-YAML-ALIAS"
        if "nesting" in str(exc.problem or ""):
            code = "E-YAML-DEPTH"
        if code == "E-YAML":  # the same words as the fast path, full-width signs included
            return None, [_marked_problem(exc, text, display)]
        return None, [Finding(display, line, column, code, say("not valid YAML"))]
    except yaml.YAMLError as exc:
        return None, [Finding(display, 0, 0, "E-YAML", say("not valid YAML: {exc}", exc=exc))]
    except RecursionError:
        return None, [Finding(display, 0, 0, "E-YAML-DEPTH", say("nesting deeper than {MAX_DEPTH} levels", MAX_DEPTH=MAX_DEPTH))]
    finally:
        loader.dispose()
    for mark, code, message, hint in loader.findings:
        problems.append(Finding(display, mark.line + 1, mark.column + 1, code, message, hint=hint))
    return data, problems


def _yaml_hint(message: str, line_text: str) -> str:
    if "tab" in message or "\t" in line_text:
        return say("indent with spaces; YAML does not allow tabs for indentation")
    if "mapping values are not allowed" in message:
        return say("a text containing ': ' must be quoted")
    if "could not find expected ':'" in message:
        return say("check the indentation of this line and the one before")
    return ""


