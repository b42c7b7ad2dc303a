"""Translation coverage of current articles against their catalogs, in segments and words.

A segment counts as translated only with a non-fuzzy msgstr that is not English: one that
copies the English prose, or English pasted into the catalog, is counted apart and listed.
Coverage is measured on the article as it is now, not on the catalog alone, which may be
stale. Reports: text, JSON (versioned schema), Markdown (for a pull request) and JUnit XML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

from .language import is_english_prose, not_in_language
from .model import Document, Segment

SCHEMA_VERSION = 2
STATES = ("translated", "fuzzy", "untranslated", "english")
"""Segment states. "english": the msgstr is English (copied from the source or pasted)."""
BODY_THRESHOLD = 10.0
"""Below this share of its words translated, an article's body counts as untranslated."""

_LINK_TARGET = re.compile(r"\]\([^)\]]*\)|<[^<>\s]+>")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def words(markdown: str) -> int:
    """Words a reader sees in an inline Markdown text (link targets and tags left out)."""
    return sum(1 for word in _WORD.findall(_LINK_TARGET.sub("]", markdown)) if any(c.isalpha() for c in word))


def segment_state(segment: Segment, msgstr: str, fuzzy: bool, language: str) -> str:
    if not msgstr:
        return "untranslated"
    if fuzzy:
        return "fuzzy"
    if (msgstr == segment.source and is_english_prose(segment.source)) or not_in_language(msgstr, language):
        return "english"
    return "translated"


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
    head: Counts = field(default_factory=Counts)
    """The title and the lead (the first paragraph after it)."""
    body: Counts = field(default_factory=Counts)
    """Everything else."""
    sections: list[Section] = field(default_factory=list)
    obsolete: int = 0
    english: list[Segment] = field(default_factory=list)

    @property
    def status(self) -> str:
        """"translated", "untranslated", "body untranslated" (title or lead only) or "partial"."""
        if self.counts.percent >= 100.0:
            return "translated"
        if self.counts.words["translated"] == 0:
            return "untranslated"
        if self.head.words["translated"] and self.body.total_words and self.body.percent < BODY_THRESHOLD:
            return "body untranslated"
        return "partial"

    def untranslated_sections(self) -> list[Section]:
        return [s for s in self.sections if s.status == "untranslated"]

    def summary(self) -> str:
        """One sentence a person reads first."""
        status = self.status
        if status == "body untranslated":
            return (
                f"body untranslated: only the title or lead is translated "
                f"({self.body.percent:.0f}% of the body's {self.body.total_words} words)"
            )
        untranslated = self.untranslated_sections()
        if status == "partial" and untranslated:
            return f"partly translated: {len(untranslated)} of {len(self.sections)} sections have no translation"
        return {"translated": "translated", "untranslated": "not translated at all", "partial": "partly translated"}[
            status
        ]

    def as_json(self) -> dict[str, object]:
        return {
            "article": self.article,
            "path": self.path,
            "catalog": self.catalog,
            "status": self.status,
            **self.counts.as_json(),
            "body": self.body.as_json(),
            "obsolete": self.obsolete,
            "untranslated_sections": [s.title for s in self.untranslated_sections()],
            "sections": [
                {"title": s.title, "path": list(s.path), "status": s.status, **s.counts.as_json()}
                for s in self.sections
            ],
            "english": [{"line": seg.line, "msgid": seg.source} for seg in self.english],
        }


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
    head = _head(document.segments)
    for segment in document.segments:
        msgstr, fuzzy = entries.get((segment.context, segment.source), ("", False))
        state = segment_state(segment, msgstr, fuzzy, language)
        count = words(segment.source)
        result.counts.add(state, count)
        (result.head if id(segment) in head else result.body).add(state, count)
        section = sections.get(segment.section)
        if section is None:
            section = sections[segment.section] = Section(segment.section)
            result.sections.append(section)
        section.counts.add(state, count)
        if state == "english":
            result.english.append(segment)
    return result


def _head(segments: Iterable[Segment]) -> set[int]:
    """Ids of the title (a top heading) and the lead (the first paragraph after it)."""
    head: set[int] = set()
    for segment in segments:
        if segment.section:
            break
        if segment.kind in ("heading", "front matter"):
            head.add(id(segment))
        elif segment.kind == "paragraph":
            head.add(id(segment))
            break
    return head


def totals(articles: Iterable[ArticleCoverage]) -> Counts:
    total = Counts()
    for article in articles:
        total.extend(article.counts)
    return total


# -- thresholds ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Shortfall:
    """Something below its threshold."""

    language: str
    article: str | None
    """None for a language as a whole."""
    percent: float
    threshold: float

    def __str__(self) -> str:
        what = f"{self.language}: {self.article}" if self.article else self.language
        return f"{what}: {self.percent:.1f}% of words translated, below {self.threshold:g}%"


def shortfalls(
    by_language: Mapping[str, list[ArticleCoverage]],
    overall: float | None,
    thresholds: Mapping[str, float],
) -> list[Shortfall]:
    """What is below its threshold: `overall` and `thresholds["de"]` per language;
    `thresholds["<article>"]` and `thresholds["de:<article>"]` per article."""
    found = []
    for language, articles in by_language.items():
        language_threshold = thresholds.get(language, overall)
        percent = totals(articles).percent
        if language_threshold is not None and percent < language_threshold:
            found.append(Shortfall(language, None, percent, language_threshold))
        for article in articles:
            threshold = thresholds.get(f"{language}:{article.article}", thresholds.get(article.article))
            if threshold is not None and article.counts.percent < threshold:
                found.append(Shortfall(language, article.article, article.counts.percent, threshold))
    return found


# -- reports -------------------------------------------------------------------------------


def format_text(by_language: Mapping[str, list[ArticleCoverage]], colour: bool = False) -> str:
    """A readable report: one row per article, then what is left to translate in it."""

    def paint(text: str, percent: float) -> str:
        if not colour:
            return text
        code = "32" if percent >= 100 else "33" if percent > 0 else "31"
        return f"\x1b[{code}m{text}\x1b[0m"

    lines: list[str] = []
    for language, articles in by_language.items():
        total = totals(articles)
        lines.append(
            f"{language}: {paint(f'{total.percent:.1f}%', total.percent)} of words translated "
            f"({total.words['translated']} of {total.total_words}), "
            f"{total.segments['translated']} of {total.total_segments} segments"
        )
        width = max((len(a.article) for a in articles), default=7)
        lines.append(
            f"  {'article':<{width}}  {'words':>6}  {'segments':>8}  {'fuzzy':>5}  {'untransl.':>9}  {'English':>7}"
        )
        for article in articles:
            counts = article.counts
            lines.append(
                f"  {article.article:<{width}}  {paint(f'{counts.percent:>5.1f}%', counts.percent)}  "
                f"{counts.segments['translated']:>3}/{counts.total_segments:<4}  "
                f"{counts.segments['fuzzy']:>5}  {counts.segments['untranslated']:>9}  {counts.segments['english']:>7}"
            )
            if article.status == "translated":
                continue
            lines.append(f"    {article.summary()}")
            untranslated = article.untranslated_sections()
            if untranslated and len(untranslated) < len(article.sections):
                lines.append("    untranslated sections:")
                lines.extend(f"      - {s.title} ({s.counts.total_words} words)" for s in untranslated)
            for section in article.sections:
                if section.status == "partial":
                    lines.append(f"    partly translated: {section.title} ({section.counts.percent:.0f}% of words)")
            for segment in article.english:
                lines.append(f"    English at {article.path}:{segment.line}: {_shorten(segment.source)}")
    return "\n".join(lines)


def as_json(by_language: Mapping[str, list[ArticleCoverage]]) -> dict[str, object]:
    return {
        "version": SCHEMA_VERSION,
        "languages": {
            language: {**totals(articles).as_json(), "articles": [a.as_json() for a in articles]}
            for language, articles in by_language.items()
        },
    }


def format_markdown(by_language: Mapping[str, list[ArticleCoverage]]) -> str:
    """A report to paste into a pull request comment."""
    lines = ["## Translation coverage", ""]
    for language, articles in by_language.items():
        total = totals(articles)
        lines += [
            f"**{language}**: {total.percent:.1f}% of words translated "
            f"({total.words['translated']} of {total.total_words})",
            "",
            "| Article | Words | Segments | Fuzzy | Untranslated | English | Status |",
            "|:--|--:|--:|--:|--:|--:|:--|",
        ]
        for article in articles:
            counts = article.counts
            status = article.summary().replace("|", "\\|")
            lines.append(
                f"| `{article.article}` | {counts.percent:.1f}% | {counts.segments['translated']}/{counts.total_segments} "
                f"| {counts.segments['fuzzy']} | {counts.segments['untranslated']} | {counts.segments['english']} "
                f"| {status} |"
            )
        missing = [(a, s) for a in articles for s in a.untranslated_sections()]
        if missing:
            lines += ["", "<details><summary>Untranslated sections</summary>", ""]
            lines += [f"- `{a.article}`: {s.title} ({s.counts.total_words} words)" for a, s in missing]
            lines += ["", "</details>"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def format_junit(by_language: Mapping[str, list[ArticleCoverage]], failures: Iterable[Shortfall]) -> str:
    """JUnit XML: a suite per language, a test case per article; a shortfall is a failure."""
    failing = {(f.language, f.article): f for f in failures}
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<testsuites>"]
    for language, articles in by_language.items():
        count = sum((language, a.article) in failing for a in articles)
        out.append(
            f'  <testsuite name={quoteattr(f"coverage.{language}")} tests="{len(articles)}" failures="{count}">'
        )
        whole = failing.get((language, None))
        if whole:
            out.append(f'    <testcase classname={quoteattr(f"coverage.{language}")} name="(all articles)">')
            out.append(f"      <failure message={quoteattr(str(whole))}/>")
            out.append("    </testcase>")
        for article in articles:
            name = quoteattr(article.article)
            out.append(f'    <testcase classname={quoteattr(f"coverage.{language}")} name={name}>')
            shortfall = failing.get((language, article.article))
            if shortfall:
                out.append(f"      <failure message={quoteattr(str(shortfall))}/>")
            out.append(f"      <system-out>{escape(article.summary())}: {article.counts.percent:.1f}%</system-out>")
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
