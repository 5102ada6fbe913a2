"""Fitting a table to a terminal narrower than it: where text may break, how wide columns must be,
and which columns go into which part when the whole table cannot fit.

Used by report_render.as_rich only when stdout is a terminal (piped output keeps full rows). The
rules, so that nothing a clerk reads is cut in a misleading place:

- a number never breaks: a numeric column is as wide as its widest cell;
- text breaks at spaces, and between two wide (Chinese) characters, as Chinese is set; never
  inside a word of Latin letters, digits or punctuation (so no "appointmen/t");
- headers wrap the same way ("In progress" over two lines), which keeps them short;
- when even the narrowest layout is too wide, the columns of a table of figures are split into
  parts, each repeating the first (key) column: "Progress statistics (1/2)", "(2/2)";
- a table with long text (reasons, summaries), one that would take more than three parts, or one
  where not even the key column and one other fit, is printed as a block per row: the first
  cell, then a "header: value" line for each other.

Widths are display cells (a Chinese character is two), as rich and terminals count them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len

# Text a key column keeps before it wraps, as a share of the terminal: 20 cells of 80 hold ten
# Chinese characters, so most organisation names take one or two lines.
KEY_SHARE = 4
# More parts than this read worse than a block per row.
MAX_PARTS = 3
# Text columns are not squeezed below this many cells (or their natural width) while others can give.
COMFORT = 12
# Nor headers below this (four Chinese characters a line: 往轮未结 / 账, not one character a line).
HEADER_COMFORT = 8

_TOKEN = re.compile(r"\s+|[^\s]")


def units(text: str) -> list[str]:
    """The pieces a line may break between: runs of spaces, single wide characters, words of others."""
    pieces: list[str] = []
    word = ""
    for char in _TOKEN.findall(text):
        if char.isspace() or cell_len(char) > 1:
            if word:
                pieces.append(word)
                word = ""
            pieces.append(char)
        else:
            word += char
    if word:
        pieces.append(word)
    return pieces


def is_wide(text: str) -> bool:
    """Whether `text` has wide (Chinese) characters."""
    return cell_len(text) > len(text)


def unbreakable(text: str) -> int:
    """The widest piece of `text` that may not be broken (a Latin word, a number, a date)."""
    return max((cell_len(piece) for piece in units(text) if not piece.isspace()), default=0)


# Chinese punctuation that may not begin a line, and brackets that may not end one (禁则).
NO_START = set("，。、；：？！）」』》〉】”’%％·…") | set(",.;:!?)]}%")
NO_END = set("（「『《〈【“‘")


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells (see the module doc): broken at spaces, and inside a
    word with Chinese characters between them (filling the line, keeping a comma or closing bracket
    off the start of a line and an opening bracket off its end). A Latin word moves to the next line
    whole, and is kept whole when wider than `width`: the caller makes columns wide enough."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []      # pieces, spaces included

        def used() -> int:
            return sum(cell_len(piece) for piece in line)  # noqa: B023 - the line being built now, on purpose

        for word in paragraph.split():
            room = width - used() - (1 if line else 0)
            # Chinese breaks between any two characters: fill the line; a Latin word moves down whole
            pieces = [word] if cell_len(word) <= (room if is_wide(word) else width) else units(word)
            for number, piece in enumerate(pieces):
                glue = [" "] if number == 0 and line else []
                if line and used() + len(glue) + cell_len(piece) > width:
                    carried: list[str] = []
                    # 禁则: take the last character along rather than start a line with "，"
                    while len(line) > 1 and not glue and (piece[:1] in NO_START or line[-1] in NO_END):
                        carried.insert(0, line.pop())
                        if line[-1] not in NO_END:
                            break
                    lines.append("".join(line).rstrip())
                    line = carried
                    glue = []
                line += glue + [piece]
        lines.append("".join(line).rstrip())
    return lines


@dataclass(frozen=True)
class Column:
    natural: int       # cells wanted to show every cell on one line
    minimum: int       # cells below which something would break where it must not (or read badly)
    numeric: bool = False


def measure(header: str, cells: list[str], numeric: bool) -> Column:
    natural = max([cell_len(header), *(cell_len(cell) for cell in cells)])
    heading = max(unbreakable(header), min(cell_len(header), HEADER_COMFORT))
    if numeric:
        minimum = max([heading, *(cell_len(cell) for cell in cells)])
    else:
        minimum = max([heading, *(unbreakable(cell) for cell in cells), min(natural, COMFORT)])
    return Column(natural, min(minimum, natural) if not numeric else minimum, numeric)


def table_width(widths: list[int]) -> int:
    """What rich's SIMPLE_HEAD box without edge padding takes for columns of these widths."""
    return sum(widths) + 3 * len(widths) - 1


def shrink(columns: list[Column], width: int) -> list[int] | None:
    """Column widths that fit `width`, taking a cell at a time from the widest column that can give;
    None when the minimums do not fit."""
    widths = [column.natural for column in columns]
    minimum = [column.minimum for column in columns]
    if table_width(minimum) > width:
        return None
    for _ in range(table_width(widths) - width):
        index = max((i for i in range(len(widths)) if widths[i] > minimum[i]), key=lambda i: widths[i])
        widths[index] -= 1
    return widths


def _long(column: Column, width: int) -> bool:
    """Text too long to share a line with much else: a reason, a summary (not a name or a category)."""
    return not column.numeric and column.natural > width * 2 // 3


def _fits(widths: list[int], width: int) -> bool:
    return table_width(widths) <= width


def _parts(columns: list[Column], key: Column, width: int) -> list[list[int]] | None:
    """The other columns, in order, cut into as few parts as fit beside the key column, as evenly as
    they fit (four and four rather than six and two); None when some column does not fit at all."""
    rest = list(range(1, len(columns)))
    minimum = [key.minimum] + [c.minimum for c in columns[1:]]
    if any(not _fits([key.minimum, minimum[i]], width) for i in rest):
        return None
    greedy: list[list[int]] = [[]]
    for index in rest:
        if not _fits([key.minimum] + [minimum[i] for i in greedy[-1] + [index]], width):
            greedy.append([])
        greedy[-1].append(index)
    count = len(greedy)
    size, extra = divmod(len(rest), count)
    even, start = [], 0
    for number in range(count):
        end = start + size + (1 if number < extra else 0)
        even.append(rest[start:end])
        start = end
    if all(_fits([key.minimum] + [minimum[i] for i in part], width) for part in even):
        return [[0, *part] for part in even]
    return [[0, *part] for part in greedy]


def plan(columns: list[Column], width: int) -> list[tuple[list[int], list[int]]] | None:
    """How to print a table on `width` cells: parts of (column indexes, their widths); the first
    column is repeated, equally wide, in every part. One part when the table fits; None for blocks:
    when a text column is too long to share a line (a reason, a summary: parts would part it from
    the rest of its row), or when not even the first column and one other fit."""
    # a long text (a reason, a summary) squeezed into a narrow column reads badly: keep it a third
    # of the line, else print blocks
    columns = [c if not _long(c, width) else Column(c.natural, max(c.minimum, width // 3)) for c in columns]
    key = columns[0]
    key = Column(key.natural, min(key.natural, max(key.minimum, width // KEY_SHARE)))
    # one table if it can be had, with the first column comfortable, else narrower; parts only then
    whole = shrink([key, *columns[1:]], width) or shrink(columns, width)
    if whole is not None:
        return [(list(range(len(columns))), whole)]
    if any(_long(column, width) for column in columns[1:]):
        return None
    parts = _parts(columns, key, width)
    if parts is None or len(parts) > MAX_PARTS:
        return None
    fixed = Column(key.minimum, key.minimum)   # the same width in every part, so the rows read alike
    planned = []
    for part in parts:
        widths = shrink([fixed] + [columns[i] for i in part[1:]], width)
        if widths is None:
            return None
        planned.append((part, widths))
    return planned
