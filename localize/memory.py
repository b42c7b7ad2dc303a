"""Translation memory: reuse translations from compendia and from other articles' catalogs.

Exact matches fill an entry as translated. Matches that need normalisation (white space,
a table-of-contents link wrapped around the text) are done here, in the lookup, never by
changing the article. Close matches fill an entry as fuzzy, with the matched source as
its previous msgid, so the translator sees what differed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .inline import link_parts
from .pofile import Catalog, Entry

FUZZY_CUTOFF = 0.7
"""Least similarity (0–1, share of characters in common) for a fuzzy match."""

_WORD = re.compile(r"\w+")
_SOFT_BREAK = re.compile(r"(?<![ \\])(?<! )\n")


class SimilarityIndex:
    """Finds the most similar texts among many, narrowing the search through shared words."""

    def __init__(self, texts: Sequence[str], common: int = 200) -> None:
        self.texts = texts
        self.common = common
        self.postings: dict[str, list[int]] = {}
        for number, text in enumerate(texts):
            for word in set(_WORD.findall(text.lower())):
                self.postings.setdefault(word, []).append(number)

    def matches(self, text: str, cutoff: float = FUZZY_CUTOFF, candidates: int = 10) -> list[tuple[float, int]]:
        """(similarity, index) of the best texts at or above `cutoff`, best first.

        Similarity is rapidfuzz's normalised Indel ratio (difflib's ratio, computed exactly).
        """
        from rapidfuzz.fuzz import ratio  # lazy: 11 ms to import; only a merge or fill with close matches needs it

        counts: dict[int, int] = {}
        for word in set(_WORD.findall(text.lower())):
            postings = self.postings.get(word, ())
            if len(postings) > self.common:
                continue  # a word this common tells nothing
            for number in postings:
                counts[number] = counts.get(number, 0) + 1
        best = sorted(counts, key=lambda n: (-counts[n], n))[:candidates]
        found = []
        for number in best:
            score = ratio(text, self.texts[number], score_cutoff=cutoff * 100) / 100
            if score >= cutoff:
                found.append((score, number))
        return sorted(found, key=lambda item: (-item[0], item[1]))


class Match(NamedTuple):
    msgstr: str
    fuzzy: bool
    source: str
    """The msgid the translation was made for."""


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _unwrap_link(text: str) -> tuple[str, str] | None:
    """(`text`, `target`) of a text that is exactly one link `[text](target)`, else None."""
    return link_parts(text)


class Memory:
    """Known translations of one language, by msgid and by normalised msgid."""

    def __init__(self) -> None:
        self.exact: dict[str, Match] = {}
        self.normal: dict[str, Match] = {}
        self._index: SimilarityIndex | None = None
        self._sources: list[str] = []

    def add(self, entries: Iterable[Entry]) -> None:
        """Learn the translated (and fuzzy) entries of a catalog; translated ones win."""
        for entry in entries:
            if entry.obsolete or not entry.msgstr or entry.msgid_plural:
                continue
            fuzzy = "fuzzy" in entry.flags
            match = Match(entry.msgstr, fuzzy, entry.msgid)
            self._learn(self.exact, entry.msgid, match)
            self._learn(self.normal, _collapse(entry.msgid), match)
            source_link, translated_link = _unwrap_link(entry.msgid), _unwrap_link(entry.msgstr)
            if source_link and translated_link:
                text = Match(translated_link[0], fuzzy, entry.msgid)
                self._learn(self.normal, _collapse(source_link[0]), text)
        self._index = None

    @staticmethod
    def _learn(table: dict[str, Match], key: str, match: Match) -> None:
        known = table.get(key)
        if known is None or (known.fuzzy and not match.fuzzy):
            table[key] = match

    def lookup(self, msgid: str) -> Match | None:
        """A translation made for this text, allowing for white space and link wrappers."""
        found = self.exact.get(msgid)
        if found is not None:
            return found
        found = self.normal.get(_collapse(msgid))
        if found is not None:
            return found._replace(msgstr=_SOFT_BREAK.sub(" ", found.msgstr))
        link = _unwrap_link(msgid)
        if link is not None:
            inner = self.normal.get(_collapse(link[0]))
            if inner is not None and _unwrap_link(inner.msgstr) is None:
                return inner._replace(msgstr=f"[{_SOFT_BREAK.sub(' ', inner.msgstr)}]{link[1]}")
        return None

    def similar(self, msgid: str) -> Match | None:
        """The translation of the closest translated text, or None below the cutoff."""
        if self._index is None:
            self._sources = sorted(m for m, found in self.exact.items() if not found.fuzzy)
            self._index = SimilarityIndex(self._sources)
        found = self._index.matches(msgid, candidates=5)
        return self.exact[self._sources[found[0][1]]] if found else None


@dataclass(slots=True)
class FillStats:
    exact: int = 0
    fuzzy: int = 0

    @property
    def total(self) -> int:
        return self.exact + self.fuzzy


def fill(po: Catalog, memory: Memory, close_matches: bool = True) -> FillStats:
    """Fill the untranslated entries of `po` from `memory`; never touches a translation.

    Exact and normalised matches count as translated; close matches and fuzzy memories
    are marked fuzzy, with the text they were made for as the previous msgid.
    """
    stats = FillStats()
    for entry in po:
        if entry.obsolete or entry.msgstr or entry.msgid_plural or not entry.msgid:
            continue
        match = memory.lookup(entry.msgid)
        close = False
        if match is None and close_matches:
            match, close = memory.similar(entry.msgid), True
        if match is None:
            continue
        entry.msgstr = match.msgstr
        if match.fuzzy or close:
            entry.mark_fuzzy()
            if match.source != entry.msgid:
                entry.previous_msgid = match.source
            stats.fuzzy += 1
        else:
            stats.exact += 1
    return stats
