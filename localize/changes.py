"""What changed under a fuzzy translation: a word-level diff of its old and new source."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from .pofile import Catalog

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Piece:
    """A run of text that is the same in both versions, removed, or added."""

    kind: Literal["same", "removed", "added"]
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """The difference between two texts, word by word (white space and punctuation are words too)."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(after[j1:j2])))
    return pieces


def plain(pieces: list[Piece]) -> str:
    """A diff in `git diff --word-diff` notation: `[-removed-]{+added+}`."""
    marks = {"same": ("", ""), "removed": ("[-", "-]"), "added": ("{+", "+}")}
    return "".join(marks[p.kind][0] + p.text + marks[p.kind][1] for p in pieces)


@dataclass(frozen=True)
class FuzzyEntry:
    line: int
    """Line of the entry's msgid in the catalog (where msgfmt cites it)."""
    references: list[str]
    previous: str | None
    source: str
    translation: str
    """The msgstr, or a plural entry's msgstr[0] | msgstr[1] | …"""


def fuzzy_entries(po: Catalog) -> Iterator[FuzzyEntry]:
    """Every active fuzzy entry, in catalog order."""
    for entry in po:
        if entry.obsolete or not entry.fuzzy:
            continue
        references = [f"{path}:{line}" if line else path for path, line in entry.occurrences]
        translation = entry.msgstr or " | ".join(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
        yield FuzzyEntry(entry.linenum or 0, references, entry.previous_msgid, entry.msgid, translation)
