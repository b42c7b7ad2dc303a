"""Translation coverage of current articles against their catalogs, in segments and words.

A segment counts as translated only with a non-fuzzy msgstr that is not just a copy of the
English prose. Coverage is measured on the article as it is now, not on the catalog alone,
which may be stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from .model import Document, Segment

SCHEMA_VERSION = 1
STATES = ("translated", "fuzzy", "untranslated", "copied")
"""Segment states. "copied": the msgstr repeats English prose; it is not counted as translated."""

_LINK_TARGET = re.compile(r"\]\([^)]*\)|<[^>\s]+>")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_ENGLISH = frozenset(
    "a an and are as at be but by can for from has have how in into is it its more not of on or "
    "that the their this to was what when which while who why will with without you your".split()
)


def words(markdown: str) -> int:
    """Words a reader sees in an inline Markdown text (link targets and tags left out)."""
    return sum(1 for word in _WORD.findall(_LINK_TARGET.sub("]", markdown)) if any(c.isalpha() for c in word))


def copies_english(msgid: str, msgstr: str) -> bool:
    """Whether a msgstr merely repeats English prose (names and short labels may stay alike)."""
    if msgstr.strip() != msgid.strip():
        return False
    tokens = [word.lower() for word in _WORD.findall(_LINK_TARGET.sub("]", msgid))]
    return sum(1 for word in tokens if word in _ENGLISH) >= 1 and len(tokens) >= 3


@dataclass
class Counts:
    """Segments and source words in each state."""

    segments: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))

    def add(self, state: str, word_count: int) -> None:
        self.segments[state] += 1
        self.words[state] += word_count

    def extend(self, other: Counts) -> None:
        for state in STATES:
            self.segments[state] += other.segments[state]
            self.words[state] += other.words[state]

    @property
    def total_segments(self) -> int:
        return sum(self.segments.values())

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    @property
    def percent(self) -> float:
        """Share of source words translated; 100 when there is nothing to translate."""
        total = self.total_words
        return 100.0 if total == 0 else 100.0 * self.words["translated"] / total

    def as_json(self) -> dict[str, object]:
        return {
            "segments": {"total": self.total_segments, **self.segments},
            "words": {"total": self.total_words, **self.words},
            "percent": round(self.percent, 2),
        }


@dataclass
class Section:
    """A heading's section: the heading itself and everything up to the next heading."""

    path: tuple[str, ...]
    counts: Counts = field(default_factory=Counts)

    @property
    def title(self) -> str:
        return " › ".join(self.path) if self.path else "(title and introduction)"

    @property
    def status(self) -> str:
        if self.counts.total_words == 0 or self.counts.words["translated"] == self.counts.total_words:
            return "translated"
        return "untranslated" if self.counts.words["translated"] == 0 else "partial"


@dataclass
class ArticleCoverage:
    """Coverage of one article in one language."""

    language: str
    article: str
    path: str
    catalog: str
    counts: Counts = field(default_factory=Counts)
    sections: list[Section] = field(default_factory=list)
    obsolete: int = 0
    copied: list[Segment] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "article": self.article,
            "path": self.path,
            "catalog": self.catalog,
            **self.counts.as_json(),
            "obsolete": self.obsolete,
            "untranslated_sections": [s.title for s in self.sections if s.status == "untranslated"],
            "sections": [
                {"title": s.title, "path": list(s.path), "status": s.status, **s.counts.as_json()}
                for s in self.sections
            ],
            "copied": [{"line": seg.line, "msgid": seg.source} for seg in self.copied],
        }


def segment_state(segment: Segment, entry_msgstr: str | None, fuzzy: bool) -> str:
    if not entry_msgstr:
        return "untranslated"
    if fuzzy:
        return "fuzzy"
    if copies_english(segment.source, entry_msgstr):
        return "copied"
    return "translated"


def article_coverage(
    language: str,
    document: Document,
    catalog: str,
    entries: Mapping[tuple[str | None, str], tuple[str, bool]],
    obsolete: int = 0,
) -> ArticleCoverage:
    """Coverage of `document` given its catalog's active entries: key → (msgstr, fuzzy)."""
    result = ArticleCoverage(language, document.name, document.path, catalog, obsolete=obsolete)
    sections: dict[tuple[str, ...], Section] = {}
    for segment in document.segments:
        msgstr, fuzzy = entries.get((segment.context, segment.source), ("", False))
        state = segment_state(segment, msgstr, fuzzy)
        count = words(segment.source)
        result.counts.add(state, count)
        section = sections.get(segment.section)
        if section is None:
            section = sections[segment.section] = Section(segment.section)
            result.sections.append(section)
        section.counts.add(state, count)
        if state == "copied":
            result.copied.append(segment)
    return result


def totals(articles: Iterable[ArticleCoverage]) -> Counts:
    total = Counts()
    for article in articles:
        total.extend(article.counts)
    return total


def format_text(by_language: Mapping[str, list[ArticleCoverage]]) -> str:
    """A readable report: one row per article, then its untranslated sections."""
    lines: list[str] = []
    for language, articles in by_language.items():
        total = totals(articles)
        lines.append(
            f"{language}: {total.percent:.1f}% of words translated "
            f"({total.words['translated']} of {total.total_words}), "
            f"{total.segments['translated']} of {total.total_segments} segments"
        )
        width = max((len(a.article) for a in articles), default=7)
        lines.append(
            f"  {'article':<{width}}  {'words':>6}  {'segments':>8}  {'fuzzy':>5}  {'untransl.':>9}  {'copied':>6}"
        )
        for article in articles:
            counts = article.counts
            lines.append(
                f"  {article.article:<{width}}  {counts.percent:>5.1f}%  "
                f"{counts.segments['translated']:>3}/{counts.total_segments:<4}  "
                f"{counts.segments['fuzzy']:>5}  {counts.segments['untranslated']:>9}  {counts.segments['copied']:>6}"
            )
            untranslated = [s for s in article.sections if s.status == "untranslated"]
            partial = [s for s in article.sections if s.status == "partial"]
            if untranslated and len(untranslated) == len(article.sections):
                lines.append("    not translated at all")
            elif untranslated:
                lines.append(f"    untranslated sections ({len(untranslated)} of {len(article.sections)}):")
                lines.extend(f"      - {s.title} ({s.counts.total_words} words)" for s in untranslated)
            for section in partial:
                lines.append(f"    partly translated: {section.title} ({section.counts.percent:.0f}% of words)")
            for segment in article.copied:
                lines.append(f"    copied English at {article.path}:{segment.line}: {_shorten(segment.source)}")
    return "\n".join(lines)


def as_json(by_language: Mapping[str, list[ArticleCoverage]]) -> dict[str, object]:
    return {
        "version": SCHEMA_VERSION,
        "languages": {
            language: {**totals(articles).as_json(), "articles": [a.as_json() for a in articles]}
            for language, articles in by_language.items()
        },
    }


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
