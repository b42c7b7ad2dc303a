"""Translation coverage of current articles against their catalogs, in segments and words.

A segment counts as translated only with a non-fuzzy msgstr that is not English: one that
copies the English prose, or English pasted into the catalog, is counted apart and listed.
Coverage is measured on the article as it is now, not on the catalog alone, which may be
stale. A regional language (`de_AT`) counts the segments its base language (`de`) fills in
apart, as "fallback": shown to readers in German, not translated for Austria.
Reports: text, JSON (versioned schema), Markdown (for a pull request) and JUnit XML.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

from .inline import SAFE_SCHEMES, word_count
from .language import is_english_prose, not_in_language
from .lookup import Lookup, Translation
from .model import Document, Segment
from .render import decide

SCHEMA_VERSION = 3
State = Literal["translated", "fuzzy", "untranslated", "english", "refused", "fallback"]
STATES: tuple[State, ...] = get_args(State)
"""Segment states. "english": the msgstr is English (copied from the source or pasted);
"refused": the build would not apply the msgstr (it breaks the article's structure);
"fallback": no usable translation of its own (empty, absent or fuzzy), the base language's used."""
BODY_THRESHOLD = 10.0
"""Below this share of its words translated, an article's body counts as untranslated."""


def words(markdown: str) -> int:
    """Words a reader sees in an inline Markdown text (targets, titles, entities and tags left out)."""
    return word_count(markdown)


def segment_state(segment: Segment, msgstr: str, fuzzy: bool, language: str, refused: bool = False) -> State:
    """A segment's state; `refused`: the build would not apply `msgstr`."""
    if not msgstr:
        return "untranslated"
    if fuzzy:
        return "fuzzy"
    if refused:
        return "refused"
    if (msgstr == segment.source and is_english_prose(segment.source)) or not_in_language(msgstr, language):
        return "english"
    return "translated"


@dataclass
class Counts:
    """Segments and source words in each state."""

    segments: dict[State, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    words: dict[State, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))

    def add(self, state: State, word_count: int) -> None:
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

    @property
    def shown_percent(self) -> float:
        """Share of source words a reader sees translated: the language's own and its base's."""
        total = self.total_words
        return 100.0 if total == 0 else 100.0 * (self.words["translated"] + self.words["fallback"]) / total

    def as_json(self) -> dict[str, object]:
        segments: dict[str, int] = {"total": self.total_segments}
        segments.update(self.segments.items())
        words: dict[str, int] = {"total": self.total_words}
        words.update(self.words.items())
        return {"segments": segments, "words": words, "percent": round(self.percent, 2)}


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
    fallback_language: str | None = None
    """The base language whose translations fill in (`de` for `de_AT`), if any."""
    refused: list[tuple[Segment, str]] = field(default_factory=list)
    """Segments whose translation the build refuses, with the reason."""

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
            "fallback_language": self.fallback_language,
            "untranslated_sections": [s.title for s in self.untranslated_sections()],
            "sections": [
                {"title": s.title, "path": list(s.path), "status": s.status, **s.counts.as_json()}
                for s in self.sections
            ],
            "english": [{"line": seg.line, "msgid": seg.source} for seg in self.english],
            "refused": [{"line": seg.line, "msgid": seg.source, "reason": reason} for seg, reason in self.refused],
        }


def article_coverage(
    language: str,
    document: Document,
    translations: Lookup,
    schemes: Sequence[str] = SAFE_SCHEMES,
) -> ArticleCoverage:
    """Coverage of `document` given its catalog's entries (`translations`; the catalog shown
    as its `shown`), and those of its base language's catalog, which fill in where it has none.

    A translation counts only if the build would apply it (`schemes`: the link schemes a
    translation may add); the build's own decision says so.
    """
    catalog = translations.catalog
    obsolete = catalog.obsolete if catalog is not None else 0
    result = ArticleCoverage(language, document.name, document.path, translations.shown, obsolete=obsolete)
    sections: dict[tuple[str, ...], Section] = {}
    head = _head(document.segments)
    refusals = refused_translations(document, translations, schemes)
    for index, segment in enumerate(document.segments):
        reason = refusals.get(index)
        state = _state(segment, translations, language, reason is not None)
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
        elif state == "refused":
            result.refused.append((segment, reason or ""))
    return result


def _state(segment: Segment, translations: Lookup, language: str, refused: bool) -> State:
    """A segment's state, its base language's translation filling in where it has none of its own."""
    key = (segment.context, segment.source)
    entry = translations.entry(key)
    msgstr, fuzzy = (entry.msgstr, entry.fuzzy) if entry is not None else ("", False)
    state = segment_state(segment, msgstr, fuzzy, language, refused)
    if state in ("untranslated", "fuzzy") and translations.base_translates(key):
        return "refused" if refused else "fallback"
    return state


def refused_translations(
    document: Document, translations: Lookup, schemes: Sequence[str] = SAFE_SCHEMES
) -> dict[int, str]:
    """Segment index → why the build refuses its (non-fuzzy) translation, its own or, where it
    has none, the base language's."""

    def lookup(segment: Segment) -> Translation | None:
        return translations.translation(segment)

    return {v.index: "; ".join(v.problems) for v in decide(document, lookup, schemes) if not v.applied}


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


def base_language(articles: Iterable[ArticleCoverage]) -> str | None:
    """The language a language's articles fall back to, if any."""
    return next((a.fallback_language for a in articles if a.fallback_language), None)


def _from_base(counts: Counts, base: str | None) -> str:
    """`; 12 segments (140 words) from de`, or nothing without a base language."""
    if base is None:
        return ""
    return f"; {counts.segments['fallback']} segments ({counts.words['fallback']} words) from {base}"


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
        base = base_language(articles)
        lines.append(
            f"{language}: {paint(f'{total.percent:.1f}%', total.percent)} of words translated "
            f"({total.words['translated']} of {total.total_words}), "
            f"{total.segments['translated']} of {total.total_segments} segments{_from_base(total, base)}"
        )
        width = max((len(a.article) for a in articles), default=7)
        column = f"from {base}" if base else ""
        lines.append(
            f"  {'article':<{width}}  {'words':>6}  {'segments':>8}  {'fuzzy':>5}  {'untransl.':>9}  {'English':>7}"
            + f"  {'refused':>7}"
            + (f"  {column:>{len(column)}}" if base else "")
        )
        for article in articles:
            counts = article.counts
            lines.append(
                f"  {article.article:<{width}}  {paint(f'{counts.percent:>5.1f}%', counts.percent)}  "
                f"{counts.segments['translated']:>3}/{counts.total_segments:<4}  "
                f"{counts.segments['fuzzy']:>5}  {counts.segments['untranslated']:>9}  {counts.segments['english']:>7}"
                + f"  {counts.segments['refused']:>7}"
                + (f"  {counts.segments['fallback']:>{len(column)}}" if base else "")
            )
            if article.status != "translated":
                lines.extend(_left_to_translate(article))
    return "\n".join(lines)


def _left_to_translate(article: ArticleCoverage) -> list[str]:
    """The text report's lines under an article that is not wholly translated."""
    lines = [f"    {article.summary()}"]
    untranslated = article.untranslated_sections()
    if untranslated and len(untranslated) < len(article.sections):
        lines.append("    untranslated sections:")
        lines.extend(f"      - {s.title} ({s.counts.total_words} words)" for s in untranslated)
    for section in article.sections:
        if section.status == "partial":
            lines.append(f"    partly translated: {section.title} ({section.counts.percent:.0f}% of words)")
    for segment in article.english:
        lines.append(f"    English at {article.path}:{segment.line}: {_shorten(segment.source)}")
    for segment, reason in article.refused:
        lines.append(f"    refused at {article.path}:{segment.line}: {reason}: {_shorten(segment.source)}")
    return lines


def as_json(by_language: Mapping[str, list[ArticleCoverage]]) -> dict[str, object]:
    return {
        "version": SCHEMA_VERSION,
        "languages": {
            language: {
                **totals(articles).as_json(),
                "fallback_language": base_language(articles),
                "articles": [a.as_json() for a in articles],
            }
            for language, articles in by_language.items()
        },
    }


def format_markdown(by_language: Mapping[str, list[ArticleCoverage]]) -> str:
    """A report to paste into a pull request comment."""
    lines = ["## Translation coverage", ""]
    for language, articles in by_language.items():
        total = totals(articles)
        base = base_language(articles)
        lines += [
            f"**{language}**: {total.percent:.1f}% of words translated "
            f"({total.words['translated']} of {total.total_words}), "
            f"{total.segments['translated']} of {total.total_segments} segments{_from_base(total, base)}",
            "",
            "| Article | Words | Segments | Fuzzy | Untranslated | English | Refused |"
            + (f" From {base} |" if base else "")
            + " Status |",
            "|:--|--:|--:|--:|--:|--:|--:|" + ("--:|" if base else "") + ":--|",
        ]
        for article in articles:
            counts = article.counts
            status = article.summary().replace("|", "\\|")
            share = f"{counts.segments['translated']}/{counts.total_segments}"
            lines.append(
                f"| `{article.article}` | {counts.percent:.1f}% | {share} "
                f"| {counts.segments['fuzzy']} | {counts.segments['untranslated']} | {counts.segments['english']} "
                + f"| {counts.segments['refused']} "
                + (f"| {counts.segments['fallback']} " if base else "")
                + f"| {status} |"
            )
        missing = [(a, s) for a in articles for s in a.untranslated_sections()]
        if missing:
            lines += ["", "<details><summary>Untranslated sections</summary>", ""]
            lines += [f"- `{a.article}`: {s.title} ({s.counts.total_words} words)" for a, s in missing]
            lines += ["", "</details>"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def format_junit(by_language: Mapping[str, list[ArticleCoverage]], failures: Iterable[Shortfall]) -> str:
    """JUnit XML: a suite per language, a test case per article (and one for the language as a
    whole when it is below its threshold); a shortfall is a failure. Every `tests` and
    `failures` attribute counts the cases written under it."""
    # lazy: xml.sax.saxutils costs 30 ms to import (it loads urllib.request); only JUnit reports need it
    from xml.sax.saxutils import escape, quoteattr

    failing = {(f.language, f.article): f for f in failures}
    suites: list[tuple[str, list[str], int, int]] = []
    for language, articles in by_language.items():
        suite = quoteattr(f"coverage.{language}")
        cases: list[str] = []
        failed = 0
        whole = failing.get((language, None))
        if whole:
            cases.append(f'    <testcase classname={suite} name="(all articles)">')
            cases.append(f"      <failure message={quoteattr(str(whole))}/>")
            cases.append("    </testcase>")
            failed += 1
        base = base_language(articles)
        for article in articles:
            cases.append(f"    <testcase classname={suite} name={quoteattr(article.article)}>")
            shortfall = failing.get((language, article.article))
            if shortfall:
                cases.append(f"      <failure message={quoteattr(str(shortfall))}/>")
                failed += 1
            note = _from_base(article.counts, base)
            refused = "".join(
                f"\nrefused at {article.path}:{segment.line}: {reason}" for segment, reason in article.refused
            )
            cases.append(
                f"      <system-out>{escape(article.summary())}: {article.counts.percent:.1f}%{escape(note)}"
                f"{escape(refused)}</system-out>"
            )
            cases.append("    </testcase>")
        suites.append((suite, cases, len(articles) + bool(whole), failed))
    tests = sum(count for _, _, count, _ in suites)
    failed_all = sum(failed for *_, failed in suites)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="coverage" tests="{tests}" failures="{failed_all}" errors="0" skipped="0">',
    ]
    for suite, cases, count, failed in suites:
        out.append(f'  <testsuite name={suite} tests="{count}" failures="{failed}" errors="0" skipped="0">')
        out.extend(cases)
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
