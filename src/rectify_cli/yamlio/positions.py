"""Where a value is in YAML text: line and column for a field path, for findings.

Knows YAML, not ledgers. A Locator composes the text once, and only when a finding needs a position;
for a big text it defers, and places all the findings from one pass over libyaml's events."""

from __future__ import annotations

from typing import Any

import yaml

from rectify_cli.errors import Finding
from rectify_cli.yamlio import reader


def format_path(path: tuple) -> str:
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += ("." if text else "") + str(step)
    return text


class Locator:
    """Positions of nodes in one text, composed once and only when an error needs them.

    For a big text, composing every node to place a few findings costs gigabytes (5 million
    nodes: 3.4 GB), so `deferred()` locators answer later: findings are made with a placeholder
    position and `place()` gives them their lines from one pass over libyaml's events.
    """

    def __init__(self, text: str | None):
        self.text = text
        self._root: yaml.Node | None = None
        self._composed = False
        self._requests: list[tuple[tuple, bool]] | None = None
        self._index: dict[int, dict] = {}

    @classmethod
    def deferred(cls, text: str | None) -> Locator:
        locator = cls(text)
        if text is not None and len(text) > DEFER_POSITIONS_ABOVE:
            locator._requests = []
        return locator

    def place(self, problems: list[Finding]) -> list[Finding]:
        """The findings with the positions asked for while deferred (line -N is request N-1)."""
        if not self._requests:
            return problems
        from dataclasses import replace

        requests = {path for path, _ in self._requests}
        keys = {path for path, key in self._requests if key}
        values, key_marks = _event_positions(self.text or "", requests, keys)
        placed = []
        for problem in problems:
            if problem.line < 0:
                path, key = self._requests[-problem.line - 1]
                line, column = key_marks[path] if key and path in key_marks else next(
                    (values[path[:depth]] for depth in range(len(path), -1, -1) if path[:depth] in values), (1, 1))
                problem = replace(problem, line=line, column=column, excerpt=reader.excerpt(self.text, line))
            placed.append(problem)
        return placed

    def _compose(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=yaml.CSafeLoader) if self.text else None
            except yaml.YAMLError:
                self._root = None
        return self._root

    def _keys(self, node: yaml.MappingNode) -> dict:
        # Indexed once per mapping: 1,000 findings in a mapping of 70,000 keys scanned it 70 million times.
        index = self._index.get(id(node))
        if index is None:
            index = {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}  # the last wins
            self._index[id(node)] = index
        return index

    def find(self, path: tuple, key: bool = False) -> tuple[int, int]:
        if self._requests is not None:
            self._requests.append((tuple(path), key))
            return -len(self._requests), 0
        node = self._compose()
        if node is None:
            return (1, 1) if self.text else (0, 0)
        for position, step in enumerate(path):
            last = position == len(path) - 1
            if isinstance(node, yaml.MappingNode):
                match = None
                if isinstance(step, bool) or step in ("True", "False"):
                    for key_node, value_node in node.value:
                        if isinstance(key_node, yaml.ScalarNode) and _key_matches(key_node, step):
                            match = key_node if (key and last) else value_node
                else:
                    entry = self._keys(node).get(str(step))
                    if entry is not None:
                        match = entry[0] if (key and last) else entry[1]
                if match is None:
                    break
                node = match
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
            else:
                break
        return node.start_mark.line + 1, node.start_mark.column + 1


DEFER_POSITIONS_ABOVE = 1024 * 1024  # characters


def _event_positions(text: str, requests: set[tuple], keys: set[tuple]) -> tuple[dict, dict]:
    """(line, column) of the value at each prefix of the `requests` paths, and of the key at each
    path in `keys`, from one pass over the events that stops once every request is settled: found,
    or its deepest existing prefix is behind us."""
    values: dict[tuple, tuple[int, int]] = {}
    key_marks: dict[tuple, tuple[int, int]] = {}
    wanted = {path[:depth] for path in requests for depth in range(len(path) + 1)}
    pending = set(requests)
    under: dict[tuple, set[tuple]] = {}
    for asked in requests:
        for depth in range(len(asked) + 1):
            under.setdefault(asked[:depth], set()).add(asked)
    no_key = object()
    stack: list[list] = []  # [path, is_mapping, next index, pending key]

    def settle(path: tuple) -> None:  # nothing deeper than `path` is left to find
        for request in under.pop(path, ()):
            pending.discard(request)

    loader = yaml.CSafeLoader(text)
    try:
        while pending:
            event: Any = loader.get_event()  # duck-typed: the stubs' Event lacks its subclasses' fields
            cls = event.__class__
            if event is None or cls is yaml.StreamEndEvent or cls is yaml.DocumentEndEvent:
                break
            if cls is yaml.StreamStartEvent or cls is yaml.DocumentStartEvent:
                continue
            if cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                closed = stack.pop()[0]
                if closed is not None:
                    settle(closed)
                continue
            path: tuple | None = ()
            if stack:
                top = stack[-1]
                if top[0] is None:
                    path = None
                elif not top[1]:
                    path = top[0] + (top[2],)
                    top[2] += 1
                elif top[3] is no_key:  # this node is a key
                    top[3] = event.value if cls is yaml.ScalarEvent else None
                    if top[3] is not None and top[0] + (top[3],) in keys:
                        key_marks[top[0] + (top[3],)] = (event.start_mark.line + 1, event.start_mark.column + 1)
                    if cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                        stack.append([None, cls is yaml.MappingStartEvent, 0, no_key])
                    continue
                else:
                    path = top[0] + (top[3],) if top[3] is not None else None
                    top[3] = no_key
            if path is not None and path in wanted:
                values[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
                pending.discard(path)  # its start is all that is needed
                if cls is not yaml.MappingStartEvent and cls is not yaml.SequenceStartEvent:
                    settle(path)
            if cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                # Below a path nobody asked for, nothing is wanted (`wanted` holds every prefix).
                stack.append([path if path is not None and path in wanted else None,
                              cls is yaml.MappingStartEvent, 0, no_key])
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return values, key_marks


def _key_matches(key_node: yaml.ScalarNode, step: object) -> bool:
    if key_node.value == str(step):
        return True
    # A key YAML 1.1 read as a boolean (`on:`) arrives in pydantic's error as True/False.
    if isinstance(step, bool) or (isinstance(step, str) and step in ("True", "False")):
        return key_node.value.lower() in ("on", "off", "yes", "no", "y", "n", "true", "false")
    return False
