"""Generic YAML for the splicer: the composed nodes and the values yaml.safe_load would give, in one pass.

Unlike reader.py's strict read, this agrees with PyYAML on any document (``yes`` is true, aliases
and merge keys are allowed), because the splicer must edit any YAML text it is handed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

import yaml

from rectify_cli.yamlio.reader import (
    INT_TAG,
    MAP_TAG,
    SEQ_TAG,
    STR_TAG,
    TIMESTAMP_TAG,
    FastLoader,
    expect_stream_end,
)


class _PlainFastLoader(FastLoader):
    """FastLoader with PyYAML's own YAML 1.1 resolution (`yes` is true), for generic documents."""

    yaml_implicit_resolvers = yaml.resolver.Resolver.yaml_implicit_resolvers
    _memo: ClassVar[dict[str, str]] = {}


def compose_with_data(text: str) -> tuple[yaml.Node | None, object]:
    """Nodes (for positions) and the values yaml.safe_load would give, from one pass over events.

    For the text-splice editor, which must agree with PyYAML on any document it is handed.
    libyaml's own composer is three times slower than this walk over its events.
    Raises yaml.YAMLError on text that does not parse.
    """
    import gc

    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of nodes and no cycles: collector passes would only rescan them
    try:
        return _compose_with_data(text)
    finally:
        if collecting:
            gc.enable()


def _scalar_data(node: yaml.ScalarNode, constructor: yaml.constructor.SafeConstructor) -> object:
    """The value PyYAML's safe constructor gives a scalar that is not plain text (the common cases inline)."""
    tag, value = node.tag, node.value
    if tag == TIMESTAMP_TAG and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return dt.date.fromisoformat(value)  # what the constructor gives for YYYY-MM-DD
    if tag == INT_TAG and value.isdigit() and value.isascii() and (value[0] != "0" or value == "0"):
        return int(value)
    constructors = constructor.yaml_constructors
    if tag in constructors:
        try:
            return constructors[tag](constructor, node)
        except (IndexError, AttributeError, ValueError, TypeError, OverflowError):
            # PyYAML's constructors assume the text fits the tag: `!!int ''` and `!!timestamp x` crash safe_load
            raise yaml.constructor.ConstructorError(None, None, f"{value!r} cannot be read as {tag}",
                                                    node.start_mark) from None
    raise yaml.constructor.ConstructorError(None, None, f"unknown tag {tag!r}", node.start_mark)


def _collection_with_data(event: Any, is_mapping: bool) -> tuple[yaml.Node, dict | list]:
    tag = event.tag
    if tag is None or tag == "!":
        tag = MAP_TAG if is_mapping else SEQ_TAG
    if is_mapping:
        return yaml.MappingNode(tag, [], event.start_mark, None, flow_style=event.flow_style), {}
    return yaml.SequenceNode(tag, [], event.start_mark, None, flow_style=event.flow_style), []


def _attach(top: list, node: yaml.Node, data: object) -> None:
    """Put a composed node and its value into the open container `top` ([node, data, pending key])."""
    parent = top[0]
    if parent.__class__ is yaml.SequenceNode:
        parent.value.append(node)
        top[1].append(data)
    elif top[2] is None:
        top[2] = (node, data)
    else:
        key_node, key = top[2]
        parent.value.append((key_node, node))
        try:
            top[1][key] = data
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "found an unhashable key", key_node.start_mark) from None
        top[2] = None


def _compose_with_data(text: str) -> tuple[yaml.Node | None, object]:
    loader = _PlainFastLoader(text)
    constructor = yaml.constructor.SafeConstructor()
    ScalarNode = yaml.ScalarNode
    resolve = loader.resolve
    Scalar, MapStart, SeqStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    MapEnd, SeqEnd, Alias = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.AliasEvent
    anchors: dict[str, tuple] = {}
    stack: list[list] = []  # [node, data, pending key (node, value) or None]
    node: yaml.Node
    root = None
    try:
        # libyaml's events are read by duck typing: the stubs' Event lacks its subclasses' fields.
        get_event: Callable[[], Any] = loader.get_event
        get_event()  # StreamStart
        event = get_event()
        if event.__class__ is yaml.StreamEndEvent:
            return None, None
        event = get_event()
        while True:
            cls = event.__class__
            if cls is Scalar:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(ScalarNode, event.value, event.implicit)
                node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
                # text is most of a ledger: only the other scalars pay for a call
                data = event.value if tag == STR_TAG else _scalar_data(node, constructor)
                if event.anchor is not None:
                    anchors[event.anchor] = (node, data)
            elif cls is MapStart or cls is SeqStart:
                node, data = _collection_with_data(event, cls is MapStart)
                stack.append([node, data, None])
                if event.anchor is not None:
                    anchors[event.anchor] = (node, data)
                event = get_event()
                continue
            elif cls is MapEnd or cls is SeqEnd:
                node, data, _ = stack.pop()
                node.end_mark = event.end_mark
                if node.tag not in (MAP_TAG, SEQ_TAG):
                    data = constructor.construct_object(node, deep=True)
            elif cls is Alias:
                if event.anchor not in anchors:
                    raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}",
                                                      event.start_mark)
                node, data = anchors[event.anchor]
            else:  # DocumentEnd
                break
            if not stack:
                root = (node, data)
            else:
                _attach(stack[-1], node, data)
            event = get_event()
        expect_stream_end(get_event)
    finally:
        loader.dispose()
    return root if root is not None else (None, None)
