"""Near matches for a mistyped id or name: the one helper behind every "did you mean …?".

Ids are typed under deadline and on a Chinese keyboard: a letter dropped (jc-adit), the case
changed (JC-Audit), the input method's full-width forms (Ｐ７－００１, ｊｃ－ａｕｄｉｔ). Matching folds
case and width (NFKC) and the dashes an input method types, then asks difflib for the nearest.
A match is only ever suggested: the caller still refuses what is not an exact id, because a
figure must never change because a typo was taken for another id.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from rectify_cli.errors import joined, say

# How alike two folded texts must be (difflib's ratio) to be suggested: 0.6 is difflib's default,
# and finds jc-adit → jc-audit, P7-01 → P7-001, M11 → M1, 党的领导弱 → 党的领导弱化.
CUTOFF = 0.6
MOST = 3  # suggestions named at once, when several are equally near

# NFKC leaves these as they are; an input method types them for '-'.
_DASHES = str.maketrans({"—": "-", "–": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-", "～": "-"})


def half_width(text: str) -> str:
    """`text` with an input method's full-width letters, digits and dashes as ASCII (Ｐ７－００１ → P7-001), case kept."""
    return unicodedata.normalize("NFKC", text).translate(_DASHES).strip()


def fold(text: str) -> str:
    """`text` as compared: NFKC (full-width letters, digits and punctuation to ASCII), dashes, case, spaces."""
    return "".join(unicodedata.normalize("NFKC", text).translate(_DASHES).casefold().split())


def nearest(wanted: str, candidates: Iterable[str], names: Mapping[str, Iterable[str]] | None = None) -> list[str]:
    """The candidates `wanted` most likely meant, nearest first (at most MOST, all equally near), or [].

    A candidate matches by itself or by one of its `names` (an organisation's name, a category's
    Chinese name and aliases). Folding case and width first, an id typed in another case or in
    full-width forms is the one suggestion; otherwise difflib's nearest above CUTOFF.
    """
    options: dict[str, str] = {}  # folded text → the candidate it stands for
    for candidate in candidates:
        options.setdefault(fold(candidate), candidate)
    for candidate, texts in (names or {}).items():
        for text in texts:
            if text:
                options.setdefault(fold(text), candidate)
    key = fold(wanted)
    if key in options:
        return [options[key]]
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)  # difflib caches the second sequence: the typed text, compared with each option
    scored: list[tuple[float, str]] = []
    for option in options:
        matcher.set_seq1(option)
        # the cheap upper bounds first, as difflib.get_close_matches does: a ledger may hold 100,000 ids
        if matcher.real_quick_ratio() >= CUTOFF and matcher.quick_ratio() >= CUTOFF and matcher.ratio() >= CUTOFF:
            scored.append((matcher.ratio(), option))
    top = max((score for score, _ in scored), default=0.0)
    return list(dict.fromkeys(options[option] for score, option in scored if score == top))[:MOST]


def did_you_mean(wanted: str, candidates: Iterable[str], names: Mapping[str, Iterable[str]] | None = None,
                 labels: Mapping[str, str] | None = None) -> str:
    """`did you mean 'jc-audit'?` (with `labels[id]` after each id, e.g. its name), or '' when nothing is near."""
    found = nearest(wanted, candidates, names)
    if not found:
        return ""
    shown = [f"{candidate!r}" + (f" ({labels[candidate]})" if labels and labels.get(candidate) else "")
             for candidate in found]
    if len(shown) == 1:
        return say("did you mean {value}?", value=shown[0])
    return say("did you mean {value} or {last}?", value=", ".join(shown[:-1]), last=shown[-1])


def with_suggestion(suggestion: str, hint: str) -> str:
    """A hint led by its suggestion: `did you mean 'x'? — hint`, or the hint alone."""
    if not suggestion:
        return hint
    return joined([suggestion, hint], " — ") if hint else suggestion


def near_file(path: Path) -> str:
    """`did you mean '台账.xlsx'?` for a file that is not there, from the names in its folder, or ''."""
    folder = path.parent
    try:
        names = sorted(entry.name for entry in folder.iterdir()) if folder.is_dir() else []
    except OSError:
        names = []
    return did_you_mean(path.name, names)
