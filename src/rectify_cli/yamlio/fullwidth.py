"""Full-width punctuation (：，“”、 and U+3000) typed where YAML needs its ASCII sign: where it is and the fix.

A Chinese keyboard types ： for : and U+3000 for a space. Inside a value such characters are text
like any other (`summary: 存在问题：会议记录不全` is valid), so they are looked for only where they
break the structure: on the lines of a parse error, and in the name of a key.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from rectify_cli.errors import say

#: each full-width sign → (its name, the ASCII sign to type instead)
SIGNS: dict[str, tuple[str, str]] = {
    "：": (say("a full-width colon ："), say("the ASCII colon `:`")),
    "，": (say("a full-width comma ，"), say("the ASCII comma `,`")),
    "“": (say("a full-width quotation mark “"), say('the ASCII quotation mark `"`')),
    "”": (say("a full-width quotation mark ”"), say('the ASCII quotation mark `"`')),
    "、": (say("an enumeration comma 、"), say("`- ` for a list item (or `,` between the entries of `[...]`)")),
    "\u3000": (say("a full-width space (U+3000)"), say("ASCII spaces")),
}
_SHOWN = {"\u3000": "U+3000"}

_KEY_SEPARATOR = re.compile(r":(?=[ \t]|$)")
_BLOCK_HEADER = re.compile(r"(?:^|[:\-]\s)\s*[|>][+\-0-9]*\s*(?:#.*)?$")
_ASCII_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_LOOKS_LIKE_ENTRY = re.compile(r"(?:- |[^\s:#]+:(?:\s|$))")
_STARTS_ENTRY = re.compile(r"\s*[^\s,:{}\[\]\"']+:\s")
_LOOK_BACK = 5  # lines before the error that may belong to the same broken entry


class Culprit(NamedTuple):
    line: int      # 1-based
    column: int    # 1-based
    message: str   # "a full-width colon ： after `summary`"
    hint: str      # "type the ASCII colon `:`"


def in_key(key: object) -> tuple[int, str, str] | None:
    """(index in the key, message, hint) when a key holds full-width punctuation where YAML wanted ASCII."""
    if not isinstance(key, str) or not key:
        return None
    if key[0] in "\u3000“":
        sign = key[0]
        return 0, say("{sign} before `{key}`", sign=SIGNS[sign][0], key=key.lstrip(chr(0x3000) + "“”")), _type(sign)
    for index, sign in enumerate(key):
        if sign in "：”":
            before = key[:index]
            return index, (say("{sign} after `{key}`", sign=SIGNS[sign][0], key=before)
                           if before else SIGNS[sign][0]), _type(sign)
    return None


def culprit(text: str, problem_line: int, context_line: int = 0) -> Culprit | None:
    """The full-width sign that most likely broke the YAML reported at `problem_line`, if any.

    Looks at the problem line, the lines back to the context line (where PyYAML began the entry it
    could not finish), and a few lines more while they read as the continuation of a plain text."""
    lines = text.splitlines()
    if not 0 < problem_line <= len(lines) + 1:
        return None
    first = min(context_line or problem_line, problem_line)
    number = min(problem_line, len(lines))
    looked_back = 0
    while number >= 1:
        line = lines[number - 1]
        if not _inside_block_text(lines, number):
            found = _on_line(line, number)
            if found:
                return found
        if number < first:
            if _KEY_SEPARATOR.search(line) or looked_back >= _LOOK_BACK:
                break
            looked_back += 1
        number -= 1
    return None


def _on_line(line: str, number: int) -> Culprit | None:
    stripped = line.lstrip(" ")
    start = len(line) - len(stripped)
    while stripped.startswith("- "):
        rest = stripped[2:].lstrip(" ")
        start += len(stripped) - len(rest)
        stripped = rest
    if not stripped or stripped.startswith("#"):
        return None
    head = stripped[0]
    if head == "、" or (head == "\u3000" and _LOOKS_LIKE_ENTRY.match(stripped.lstrip("\u3000"))):
        after = stripped.lstrip("\u3000、 ")
        where = (say("before `{word}`", word=_word(after.lstrip("{["))) if after
                 else say("at the start of the line"))
        return Culprit(number, start + 1, say("{sign} {where}", sign=SIGNS[head][0], where=where), _type(head))
    if head in "\"'{[":
        return _in_flow(stripped, start, number) if head in "{[" else None
    separator = _KEY_SEPARATOR.search(stripped)
    end = separator.start() if separator else len(stripped)
    colon = stripped.find("：", 0, end)
    if colon > 0 and _ASCII_KEY.fullmatch(stripped[:colon].strip()):  # ledger keys are ASCII; 其二：… is text
        return Culprit(number, start + colon + 1, say("{sign} after `{key}`", sign=SIGNS["："][0], key=stripped[:colon].strip()), _type("："))
    if separator is None:
        space = re.search(r":\u3000", stripped)
        if space and _ASCII_KEY.fullmatch(stripped[:space.start()]):
            key = stripped[:space.start()]
            return Culprit(number, start + space.start() + 2, say("{sign} after `{key}:`", sign=SIGNS["\u3000"][0], key=key), _type("\u3000"))
        return None
    value = stripped[separator.end():].lstrip(" ")
    offset = start + len(stripped) - len(value)
    if value[:1] == "“" and re.search(r":\s|\s#", value):  # “ is no quote to YAML: the ': ' inside breaks it
        return Culprit(number, offset + 1, say("{sign} after `{key}:`", sign=SIGNS["“"][0], key=stripped[:separator.start()]), _type("“"))
    if value[:1] in "{[":
        return _in_flow(value, offset, number)
    return None


def _in_flow(flow: str, start: int, number: int) -> Culprit | None:
    """A full-width comma between the entries of `{...}` or `[...]`: one followed by `key: `, outside quotes.

    A ， inside an entry's text (`{text: 建立台账，落实责任}`) is text; one before `text:` ends an entry."""
    quote = ""
    for index, sign in enumerate(flow):
        if quote:
            quote = "" if sign == quote else quote
        elif sign in "\"'":
            quote = sign
        elif sign == "，" and _STARTS_ENTRY.match(flow, index + 1):
            before = re.split(r"[{\[,:\s]", flow[:index])[-1]
            where = say(" after `{key}`", key=before) if before else ""
            return Culprit(number, start + index + 1, say("{sign}{where}", sign=SIGNS[sign][0], where=where), _type(sign))
    return None


def _inside_block_text(lines: list[str], number: int) -> bool:
    """Whether line `number` is the text of a block scalar (`summary: |`), where anything is text."""
    line = lines[number - 1]
    indent = len(line) - len(line.lstrip(" "))
    for earlier in range(number - 2, -1, -1):
        above = lines[earlier]
        if not above.strip():
            continue
        above_indent = len(above) - len(above.lstrip(" "))
        if above_indent < indent:
            return bool(_BLOCK_HEADER.search(above.rstrip()))
    return False


def _word(text: str) -> str:
    return re.split(r"[\s:：,，]", text, maxsplit=1)[0]


def _type(sign: str) -> str:
    return say("type {ascii} instead: a Chinese input method types {sign}, switch it to English punctuation",
               ascii=SIGNS[sign][1], sign=_SHOWN.get(sign, sign))
