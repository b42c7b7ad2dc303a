"""A reviewer's checks of one translation against its source (`localize check`).

Errors are what breaks the article or loses meaning that cannot be lost: a changed link,
image, code span or inline HTML tag, a break in the structure, emphasis that no longer
matches, a number that vanished, a kept name or a glossary term not translated as the
termbase says. Warnings are what a reviewer would query: changed outer white space or final
punctuation, a translation that is still English, a term translated otherwise than in the
rest of the project.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .checks import UNESCAPED_PIPE, structure_problems
from .inline import ANY_REFERENCE, NO_CONTEXT, Context, Inline, analyze
from .language import is_english_prose, not_in_language
from .model import Diagnostic, Segment, Severity
from .pofile import Catalog, Entry
from .render import prepare
from .terms import EMPTY, Matcher, Term, Termbase, describe

_BLOCK_START = re.compile(
    r"(?:#{1,6}(?:[ \t]|$)|[-*+][ \t]|\d{1,9}[.)](?:[ \t]|$)|>|```|~~~|[ \t]{4}|=+[ \t]*$|-+[ \t]*$)"
)
_NUMBER = re.compile(r"\d+")
_MARKER = re.compile(r"(?<!\w)[*_]|[*_](?!\w)")
"""An emphasis character at a word's edge (not the `_` inside snake_case)."""
_FINAL = re.compile(r"[.!?:;…。！？]$")


@dataclass(frozen=True)
class Finding:
    severity: Severity
    message: str


def review(
    segment: Segment, msgstr: str, language: str, context: Context = NO_CONTEXT, termbase: Termbase = EMPTY
) -> list[Finding]:
    """Everything a careful reviewer would report about `msgstr` as a translation of `segment`,
    read in its article's `context`, with the project's `termbase`."""
    if segment.syntax.startswith("code:"):
        _, problems, _ = prepare(segment, msgstr, context)
        return [Finding("error", problem) for problem in problems]
    findings = [Finding("error", problem) for problem in structure_problems(segment, msgstr.strip(), context)]
    findings += _structure(segment, msgstr)
    source, translation = analyze(segment.source, context), analyze(msgstr, context)
    if not segment.syntax.startswith(("yaml", "toml")):
        findings += _markup(source, translation)
    findings += _numbers(source, translation)
    findings += _surface(segment.source, msgstr)
    terms = termbase.matcher(language)
    if terms:
        findings += _terms(terms, language, source.prose, translation.prose)
        findings += _language(terms.without_kept(segment.source), terms.without_kept(msgstr), language)
    else:
        findings += _language(segment.source, msgstr, language)
    return findings


def _structure(segment: Segment, msgstr: str) -> Iterator[Finding]:
    for number, line in enumerate(msgstr.strip().split("\n")):
        marker = _BLOCK_START.match(line if number else line.lstrip())
        if marker and not (number == 0 and segment.source.startswith(marker.group())):
            yield Finding("error", f"translation line {number + 1} starts with '{marker.group().strip()}', "
                                   "which would begin a new block")
            break
    if segment.syntax == "table cell":
        source_pipes = len(UNESCAPED_PIPE.findall(segment.source))
        if len(UNESCAPED_PIPE.findall(msgstr)) > source_pipes:
            yield Finding("error", "unescaped '|' in a table cell (write '\\|')")


def _markup(source: Inline, translation: Inline) -> Iterator[Finding]:
    if translation.emphasis != source.emphasis:
        want = ", ".join(f"{n}× {k}" for k, n in sorted(source.emphasis.items())) or "none"
        got = ", ".join(f"{n}× {k}" for k, n in sorted(translation.emphasis.items())) or "none"
        yield Finding("error", f"emphasis differs: source has {want}, translation {got}")
    elif _stray_markers(translation.plain) > _stray_markers(source.plain):
        yield Finding("error", "unbalanced emphasis marker ('*' or '_') in the translation")


def _stray_markers(text: str) -> int:
    """`*` and `_` left as plain text after parsing: markers that closed nothing."""
    return len(_MARKER.findall(text))


def _numbers(source: Inline, translation: Inline) -> Iterator[Finding]:
    wanted = Counter(_NUMBER.findall(source.prose))
    found = Counter(_NUMBER.findall(translation.prose))
    missing = sorted((wanted - found).elements(), key=int)
    if missing:
        yield Finding("error", f"number{'s' if len(missing) > 1 else ''} missing: {', '.join(missing)}")


def _surface(source: str, msgstr: str) -> Iterator[Finding]:
    if (source[:1].isspace(), source[-1:].isspace()) != (msgstr[:1].isspace(), msgstr[-1:].isspace()):
        yield Finding("warning", "leading or trailing white space differs from the source")
    source_end, end = _FINAL.search(source.rstrip()), _FINAL.search(msgstr.rstrip())
    if (source_end.group() if source_end else "") != (end.group() if end else ""):
        yield Finding("warning", f"final punctuation differs: source {_shown(source_end)}, translation {_shown(end)}")


def _shown(match: re.Match[str] | None) -> str:
    return f"'{match.group()}'" if match else "none"


def _language(source: str, msgstr: str, language: str) -> Iterator[Finding]:
    if msgstr == source and is_english_prose(source):
        yield Finding("warning", "translation is identical to the English source")
    elif not_in_language(msgstr, language):
        yield Finding("warning", f"translation reads as English, not '{language}'")


def _terms(terms: Matcher, language: str, source: str, translation: str) -> Iterator[Finding]:
    """A kept name missing or changed; a glossary term without its translation (or an alternative)."""
    for found in terms.find(source):
        term = found.term
        if term.keep:
            instead = terms.kept_in(found, translation)
            if instead:
                yield Finding("error", f"kept term '{found.text}' changed in the translation: '{instead}'")
            elif instead is not None:
                yield Finding("error", f"kept term '{found.text}' missing from the translation")
        elif terms.rendering(term, language, translation) is None:
            yield Finding("error", f"term '{term.source}' not translated as {describe(term.renderings(language))}")


def consistency(termbase: Termbase, catalogs: Iterable[tuple[str, str, Catalog | None]]) -> list[Diagnostic]:
    """Warnings where a term that allows several translations is translated otherwise than in
    most of the project's entries (ties go to the preferred one). `catalogs`: (language, catalog
    as shown, catalog) of every article; their translated entries are read, fuzzy ones not."""
    uses: dict[tuple[str, int], list[tuple[int, str, int, str]]] = defaultdict(list)
    terms_of: dict[tuple[str, int], Term] = {}
    for language, shown, po in catalogs:
        terms = termbase.matcher(language)
        for entry in po or ():
            if entry.obsolete or not entry.msgstr or entry.msgid_plural or entry.fuzzy or not terms:
                continue
            source = analyze(entry.msgid, ANY_REFERENCE).prose
            translation: str | None = None
            for found in terms.find(source):
                if len(found.term.renderings(language)) < 2:
                    continue
                translation = translation if translation is not None else analyze(entry.msgstr, ANY_REFERENCE).prose
                used = terms.rendering(found.term, language, translation)
                if used is not None:
                    key = (language, id(found.term))
                    terms_of[key] = found.term
                    uses[key].append((used, shown, entry.linenum, _article_line(entry)))
    return [warning for key, found in uses.items() for warning in _outliers(terms_of[key], key[0], found)]


def _article_line(entry: Entry) -> str:
    """` (articles/x.md:9)`: where the entry's text is used first, as its references say."""
    if not entry.occurrences:
        return ""
    path, line = entry.occurrences[0]
    return f" ({path}:{line})" if line else f" ({path})"


def _outliers(term: Term, language: str, uses: list[tuple[int, str, int, str]]) -> Iterator[Diagnostic]:
    counts = Counter(used for used, *_ in uses)
    usual = min(counts, key=lambda used: (-counts[used], used))
    renderings = term.renderings(language)
    elsewhere = [f"{shown}:{line}" for used, shown, line, _ in uses if used == usual]
    listed = ", ".join(elsewhere[:3]) + (f" and {len(elsewhere) - 3} more" if len(elsewhere) > 3 else "")
    for used, shown, line, where in uses:
        if used != usual:
            message = (
                f"term '{term.source}' translated as '{renderings[used]}' here but as '{renderings[usual]}' "
                f"in {counts[usual]} other entr{'y' if counts[usual] == 1 else 'ies'} ({listed}){where}"
            )
            yield Diagnostic(shown, line, message, "warning")
