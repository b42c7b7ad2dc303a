"""Terminology: names that stay and terms translated one way, read from the configuration.

`[tool.localize.terminology]` lists kept names (`keep`), glossaries (TBX as Weblate and
other tools export it, or CSV) and, per language, preferred translations with allowed
alternatives. Matching is by whole words, without a language model: English terms match
case-insensitively with their plural (`trade-offs`, `policies`); German translations with
the usual endings of declension and plural (`Zielkonflikte`, `Zielkonflikts`,
`konstitutionellen`); kept names match exactly, a genitive `s` allowed in the translation
(`Anthropics`). Words of a term may be joined by a space, a hyphen or nothing.
"""

from __future__ import annotations

import csv
import io
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from xml.parsers import expat

from .model import Diagnostic, LocalizeError
from .tags import base_of, gettext_name, tag_of

_SEPARATOR = re.compile(r"[\s\u00a0]+|-")
_JOIN = r"(?:[\s\u00a0]+|-)?"
"""Between the words of a term: spaces, a hyphen, or nothing (`trade off`, `trade-off`, `tradeoff`)."""
_GERMAN_ENDINGS = r"(?:e|em|en|er|es|n|s|ns|ens|ern|se|sen|ses|nen)?"
_GERMAN_STRIPPED = ("en", "em", "er", "es", "e")
"""Endings taken off a translation's word before the endings above are allowed (`Konstitutionelle`)."""
_GENITIVE = r"(?:s|['’]s)?"
_END = r"(?!\w)"


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of the termbase."""

    source: str
    """The English term as the termbase spells it."""
    keep: bool = False
    """A name never translated: where the source has it (exactly), the translation has it too."""
    translations: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Per language (gettext name): the preferred translation first, then the allowed alternatives."""

    def renderings(self, language: str) -> tuple[str, ...]:
        """The allowed translations in `language`, or in its base language (`de` for `de_AT`)."""
        found = dict(self.translations)
        base = base_of(language)
        return found.get(language) or (found.get(base, ()) if base else ())


@dataclass(frozen=True)
class Termbase:
    """Every kept name and glossary term of a project."""

    terms: tuple[Term, ...] = ()
    _matchers: dict[tuple[str, ...], Matcher] = field(default_factory=dict, compare=False, repr=False, hash=False)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def matcher(self, *languages: str) -> Matcher:
        """The terms that matter in any of `languages`, compiled once."""
        found = self._matchers.get(languages)
        if found is None:
            found = self._matchers[languages] = Matcher(self, languages)
        return found

    def varies(self, languages: Iterable[str]) -> bool:
        """Whether a term allows several translations in one of `languages` (so the project may mix them)."""
        return any(len(term.renderings(language)) > 1 for language in languages for term in self.terms)


EMPTY = Termbase()


@dataclass(frozen=True, slots=True)
class Found:
    """A term found in a text."""

    term: Term
    text: str
    """The words as the text has them."""


class Matcher:
    """Finds the terms of a termbase in English text, and checks their translations.

    The English side is two regular expressions over all terms (kept names exactly, glossary
    terms ignoring case), written as tries so that a text is scanned once whatever the
    number of terms."""

    def __init__(self, termbase: Termbase, languages: Sequence[str]) -> None:
        self.languages = tuple(languages)
        wanted = [t for t in termbase.terms if t.keep or any(t.renderings(lang) for lang in languages)]
        self.terms = tuple(wanted)
        kept = [(term, index) for index, term in enumerate(wanted) if term.keep]
        glossary = [(term, index) for index, term in enumerate(wanted) if not term.keep]
        self._kept = _compile([(_literal_words(t.source), "", i) for t, i in kept], 0)
        self._glossary = _compile([(*_english_words(t.source), i) for t, i in glossary], re.IGNORECASE)
        self._targets: dict[tuple[int, str], re.Pattern[str]] = {}

    def __bool__(self) -> bool:
        return bool(self.terms)

    def find(self, text: str) -> list[Found]:
        """The terms in `text`, each once, in order; a longer term wins over one inside it."""
        hits: list[tuple[int, int, int]] = []
        for pattern in (self._kept, self._glossary):
            if pattern is not None:
                hits += [(m.start(), -m.end(), int((m.lastgroup or "t0")[1:])) for m in pattern.finditer(text)]
        found: list[Found] = []
        seen: set[int] = set()
        covered = 0
        for start, negative_end, index in sorted(hits):
            if start < covered:
                continue
            covered = -negative_end
            if index not in seen:
                seen.add(index)
                found.append(Found(self.terms[index], text[start:covered]))
        return found

    def rendering(self, term: Term, language: str, translation: str) -> int | None:
        """Which allowed translation of `term` (its index) `translation` uses, if any."""
        for number, rendering in enumerate(term.renderings(language)):
            if self._target(term, rendering).search(translation):
                return number
        return None

    def kept_in(self, found: Found, translation: str) -> str | None:
        """None when a kept name appears unchanged in `translation`; otherwise what stands
        there instead ("" when nothing like it does)."""
        if self._target(found.term, "").search(translation):
            return None
        changed = re.search(_BEGIN + _literal_pattern(found.term.source) + _END, translation, re.IGNORECASE)
        return changed.group() if changed else ""

    def without_kept(self, text: str) -> str:
        """`text` with every kept name blanked out (a name is no word of any language)."""
        if self._kept is None:
            return text
        return self._kept.sub(" ", text)

    def note(self, text: str) -> str:
        """What a translator must know of the terms in `text`:
        `terms: trade-off → Zielkonflikt; keep: Claude` ("" when there are none)."""
        found = self.find(text)
        kept = [hit.term.source for hit in found if hit.term.keep]
        glossary = [self._wanted(hit.term) for hit in found if not hit.term.keep]
        parts = [f"terms: {'; '.join(glossary)}"] if glossary else []
        if kept:
            parts.append(f"keep: {', '.join(kept)}")
        return "; ".join(parts)

    def _wanted(self, term: Term) -> str:
        if len(self.languages) == 1:
            return f"{term.source} → {_choices(term.renderings(self.languages[0]))}"
        per_language = [
            f"{language} {_choices(term.renderings(language))}"
            for language in self.languages
            if term.renderings(language)
        ]
        return f"{term.source} → {', '.join(per_language)}"

    def _target(self, term: Term, rendering: str) -> re.Pattern[str]:
        """The pattern of a kept name (`rendering` "") or of one translation, compiled once."""
        key = (id(term), rendering)
        pattern = self._targets.get(key)
        if pattern is None:
            if term.keep and not rendering:
                pattern = re.compile(_BEGIN + _literal_pattern(term.source) + _GENITIVE + _END)
            else:
                pattern = re.compile(_BEGIN + _german_pattern(rendering) + _END, re.IGNORECASE)
            self._targets[key] = pattern
        return pattern


_BEGIN = r"(?<!\w)"


def _choices(renderings: Sequence[str]) -> str:
    return renderings[0] + (f" (or {', '.join(renderings[1:])})" if len(renderings) > 1 else "")


def describe(renderings: Sequence[str]) -> str:
    """`'Zielkonflikt'`, or `'Zielkonflikt' or 'Abwägung'`, for a message."""
    quoted = [f"'{rendering}'" for rendering in renderings]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _words(term: str) -> list[str]:
    return [word for word in _SEPARATOR.split(term.strip()) if word]


def _literal_words(term: str) -> list[str]:
    return [re.escape(word) for word in _words(term)]


def _literal_pattern(term: str) -> str:
    return _JOIN.join(_literal_words(term))


def _english_words(term: str) -> tuple[list[str], str]:
    """A glossary term's words for the trie, lower case, and the plural ending its last word may take."""
    words = [word.lower() for word in _words(term)]
    last = words[-1]
    if len(last) > 2 and last.endswith("y") and last[-2] not in "aeiou":
        words[-1] = last[:-1]
        return [re.escape(word) for word in words], "(?:y|ies)"
    return [re.escape(word) for word in words], "(?:e?s)?" if last.isalpha() else ""


def _german_pattern(rendering: str) -> str:
    """A translation's words, each with the endings of German declension and plural."""
    pieces = []
    for word in _words(rendering):
        if len(word) < 4 or not word.isalpha():
            pieces.append(re.escape(word) + "s?")
            continue
        stem = word
        for ending in _GERMAN_STRIPPED:
            if word.lower().endswith(ending) and len(word) - len(ending) >= 3:
                stem = word[: -len(ending)]
                break
        pieces.append(re.escape(stem) + _GERMAN_ENDINGS)
    return _JOIN.join(pieces)


def _compile(items: Sequence[tuple[list[str], str, int]], flags: int) -> re.Pattern[str] | None:
    """One pattern for many terms, given as (escaped words, ending, number): a trie of their
    words, each term ending in the group `t<number>`, so that `lastgroup` names it."""
    if not items:
        return None
    root: dict[str, Any] = {}
    for words, ending, number in items:
        node = root
        for position, word in enumerate(words):
            if position:
                node = node.setdefault(_JOIN, {})
            for char in _characters(word):
                node = node.setdefault(char, {})
        node.setdefault("", []).append((ending, number))
    return re.compile(_BEGIN + _trie(root), flags)


def _characters(escaped: str) -> Iterator[str]:
    """The characters of an escaped word, each with its escape."""
    position = 0
    while position < len(escaped):
        size = 2 if escaped[position] == "\\" else 1
        yield escaped[position : position + size]
        position += size


def _trie(node: Mapping[str, Any]) -> str:
    branches = [key + _trie(child) for key, child in sorted(node.items()) if key]
    # A term that ends here is tried after the longer ones through it.
    branches += [f"(?P<t{number}>{ending}{_END})" for ending, number in node.get("", [])]
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


# -- reading the configuration and glossaries ----------------------------------------------


@dataclass
class _Collected:
    """Terms as they are read: kept names, and per lower-case source its spelling and translations."""

    keep: list[str] = field(default_factory=list)
    spelling: dict[str, str] = field(default_factory=dict)
    translations: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def add(self, source: str, language: str, renderings: Iterable[str]) -> None:
        key = " ".join(_words(source)).lower()
        self.spelling.setdefault(key, source.strip())
        wanted = self.translations.setdefault(key, {}).setdefault(language, [])
        wanted += [r.strip() for r in renderings if r.strip() and r.strip() not in wanted]

    def termbase(self) -> Termbase:
        terms = [Term(name, keep=True) for name in self.keep]
        for key, source in self.spelling.items():
            translations = tuple((lang, tuple(found)) for lang, found in self.translations[key].items() if found)
            if translations:
                terms.append(Term(source, translations=translations))
        return Termbase(tuple(terms))


@dataclass(frozen=True)
class Where:
    """The configuration file a terminology table is read from, to cite its lines."""

    text: str
    shown: str
    prefix: str
    """`tool.localize.` in a pyproject.toml, "" in a localize.toml."""
    root: Path

    @property
    def table(self) -> str:
        return f"[{self.prefix}terminology]"

    def fail(self, message: str, key: str | None = None, language: str | None = None) -> NoReturn:
        raise LocalizeError(Diagnostic(self.shown, self.line(key, language), f"{self.table} {message}"))

    def line(self, key: str | None = None, language: str | None = None) -> int:
        """The line of `key` in the table (of `language`), else of the table, else of `terminology`."""
        name = re.escape(f"{self.prefix}terminology")
        if language is not None:
            spelled = "|".join(re.escape(form) for form in (language, f'"{language}"', f"'{language}'"))
            name += rf"\.(?:{spelled})"
        header = re.search(rf"^[ \t]*\[[ \t]*{name}[ \t]*\]", self.text, re.MULTILINE)
        if header is not None and key is not None:
            spelled = "|".join(re.escape(form) for form in (key, f'"{key}"', f"'{key}'"))
            following = re.compile(rf"^[ \t]*(?:(?:{spelled})[ \t]*=|\[)", re.MULTILINE)
            found = following.search(self.text, header.end())
            if found is not None and not found.group().lstrip().startswith("["):
                return self.text.count("\n", 0, found.start()) + 1
        if header is not None:
            return self.text.count("\n", 0, header.start()) + 1
        found = re.search(r"^[ \t]*(?:\[[^\]\n]*)?terminology\b", self.text, re.MULTILINE)
        return self.text.count("\n", 0, found.start()) + 1 if found else 0


def load(table: object, where: Where, languages: Sequence[str], source_language: str) -> Termbase:
    """The termbase of `[tool.localize.terminology]` (with its glossaries read), checked:
    unknown keys, wrong types, terms named twice, languages that are no target, glossaries
    missing or outside the project are errors naming their line."""
    if not isinstance(table, dict):
        where.fail(f"must be a table, not {table!r}")
    targets = _targets(languages)
    collected = _Collected()
    languages_seen: dict[str, str] = {}
    for key, value in table.items():
        if key == "keep":
            collected.keep = _keep(value, where)
        elif key == "glossaries":
            continue
        else:
            language = _language(key, targets, where)
            if language in languages_seen:
                where.fail(f"'{key}' and '{languages_seen[language]}' are the same language; name it once", key)
            languages_seen[language] = key
            _language_table(value, key, language, collected, where)
    for name in _strings(table.get("glossaries", []), "glossaries", where):
        path, shown = _glossary_path(name, where)
        for source, language, renderings in read_glossary(path, shown, source_language, targets):
            collected.add(source, language, renderings)
    return collected.termbase()


def _targets(languages: Sequence[str]) -> dict[str, str]:
    """Languages a termbase may name: each target, and the base it falls back to."""
    targets = {language: language for language in languages}
    for language in languages:
        base = base_of(language)
        if base is not None:
            targets.setdefault(base, base)
    return targets


def _strings(value: object, key: str, where: Where) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        where.fail(f"{key} must be a list of non-empty strings, not {value!r}", key)
    return list(value)


def _keep(value: object, where: Where) -> list[str]:
    names = _strings(value, "keep", where)
    seen: set[str] = set()
    for name in names:
        if name.strip() in seen:
            where.fail(f"keep names '{name}' twice; name each once", "keep")
        seen.add(name.strip())
    return [name.strip() for name in names]


def _language(key: str, targets: Mapping[str, str], where: Where) -> str:
    """The target language a per-language table names, as its gettext name."""
    try:
        name = gettext_name(key)
    except ValueError:
        where.fail(f"unknown key '{key}' (known: keep, glossaries, and a table per target language)", key)
    same = [language for language in targets if tag_of(language) == tag_of(name)]
    if not same:
        where.fail(f"'{key}' is not one of the target languages ({', '.join(targets)})", key)
    return same[0]


def _language_table(value: object, key: str, language: str, collected: _Collected, where: Where) -> None:
    if not isinstance(value, dict):
        where.fail(f"{key} must be a table of terms and their translations, not {value!r}", key)
    seen: dict[str, str] = {}
    for source, wanted in value.items():
        renderings = [wanted] if isinstance(wanted, str) else wanted
        if (
            not isinstance(renderings, list)
            or not renderings
            or not all(isinstance(r, str) and r.strip() for r in renderings)
        ):
            where.fail(f"'{source}' must be a translation or a list of them, not {wanted!r}", source, key)
        normal = " ".join(_words(source)).lower()
        if not normal:
            where.fail("has an empty term", source, key)
        if normal in seen:
            where.fail(f"'{source}' and '{seen[normal]}' are the same term; name it once", source, key)
        seen[normal] = source
        collected.add(source, language, renderings)


def _glossary_path(name: str, where: Where) -> tuple[Path, str]:
    path = where.root / name
    real, root = os.path.realpath(path), os.path.realpath(where.root)
    if not real.startswith(os.path.join(root, "")):
        where.fail(f"glossaries: '{name}' is outside the project", "glossaries")
    if path.suffix.lower() not in (".tbx", ".csv"):
        where.fail(f"glossaries: '{name}' is neither TBX (.tbx) nor CSV (.csv)", "glossaries")
    if not path.is_file():
        where.fail(f"glossaries: '{name}' does not exist", "glossaries")
    return path, name


Entry = tuple[str, str, list[str]]
"""A glossary's term: (English term, language, translations)."""


def read_glossary(path: Path, shown: str, source_language: str, targets: Mapping[str, str]) -> list[Entry]:
    """The terms of a TBX or CSV glossary in the target languages (others are skipped)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LocalizeError(Diagnostic(shown, 0, f"cannot read: {error.strerror}")) from None
    if path.suffix.lower() == ".csv":
        return parse_csv(data, shown, source_language, targets)
    return parse_tbx(data, shown, source_language, targets)


def _language_of(tag: str, targets: Mapping[str, str]) -> str | None:
    """The target language (or base) a glossary's language tag names, or None."""
    try:
        name = gettext_name(tag.strip())
    except ValueError:
        return None
    same = [language for language in targets if tag_of(language) == tag_of(name)]
    return same[0] if same else None


def _is_source(tag: str, source_language: str) -> bool:
    try:
        return tag_of(gettext_name(tag.strip())) == tag_of(source_language)
    except ValueError:
        return False


def parse_csv(data: bytes, shown: str, source_language: str, targets: Mapping[str, str]) -> list[Entry]:
    """A CSV glossary: a header row of language tags (`en,de,de,fr`), one term per row; a
    language named twice gives alternatives, the first column the preferred one. Columns
    that name no language (a note) are ignored."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise LocalizeError(Diagnostic(shown, line, "is not valid UTF-8; save it as UTF-8")) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        columns = [_is_source(cell, source_language) for cell in header]
        if True not in columns:
            named = ", ".join(cell for cell in header if cell.strip()) or "none"
            raise LocalizeError(
                Diagnostic(
                    shown,
                    1,
                    f"no column for the source language '{source_language}' in the header row (columns: {named})",
                )
            )
        source_column = columns.index(True)
        languages = [
            None if is_source else _language_of(cell, targets) for cell, is_source in zip(header, columns, strict=True)
        ]
        entries: list[Entry] = []
        for row in reader:
            if len(row) <= source_column or not row[source_column].strip():
                continue
            wanted: dict[str, list[str]] = {}
            for cell, language in zip(row, languages, strict=False):  # rows may be short or long
                if language is not None and cell.strip():
                    wanted.setdefault(language, []).append(cell)
            entries += [(row[source_column], language, found) for language, found in wanted.items()]
    except csv.Error as error:
        raise LocalizeError(Diagnostic(shown, reader.line_num, f"is not valid CSV: {error}")) from None
    return entries


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SET_TAGS = ("langSet", "langSec")
"""A language's part of an entry: TBX 2 (`langSet`) and TBX 3 (`langSec`)."""
_UNWANTED_STATUS = ("deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "deprecated", "superseded")


def parse_tbx(data: bytes, shown: str, source_language: str, targets: Mapping[str, str]) -> list[Entry]:
    """A TBX glossary (TBX 2 `martif`, as Weblate exports it, or TBX 3): each entry's terms
    in the source language and in the target languages, the first the preferred one; a term
    marked deprecated or superseded is not allowed. A DTD's internal subset and any entity
    declaration are refused, so a hostile file cannot expand."""
    _refuse_declarations(data, shown)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        line = error.position[0] if error.position else 0
        raise LocalizeError(Diagnostic(shown, line, f"is not valid XML: {error}")) from None
    entries: list[Entry] = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        sources: list[str] = []
        wanted: dict[str, list[str]] = {}
        for part in entry:
            if _local(part.tag) not in _SET_TAGS:
                continue
            tag = part.get(_XML_LANG) or part.get("lang") or ""
            terms = _tbx_terms(part)
            if _is_source(tag, source_language):
                sources += terms
            else:
                language = _language_of(tag, targets)
                if language is not None:
                    wanted.setdefault(language, []).extend(terms)
        for source in sources:
            entries += [(source, language, found) for language, found in wanted.items() if found]
    return entries


def _tbx_terms(part: ET.Element) -> list[str]:
    """The terms of a language's part, in order, leaving out deprecated and superseded ones."""
    found = []
    for group in part.iter():
        if _local(group.tag) not in ("tig", "ntig", "termSec"):
            continue
        term = next((e for e in group.iter() if _local(e.tag) == "term"), None)
        status = [
            (note.text or "").strip()
            for note in group.iter()
            if _local(note.tag) == "termNote" and note.get("type") == "administrativeStatus"
        ]
        if term is not None and "".join(term.itertext()).strip() and not set(status) & set(_UNWANTED_STATUS):
            found.append("".join(term.itertext()).strip())
    return found


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _refuse_declarations(data: bytes, shown: str) -> None:
    """A pass of expat over the file that stops at a DTD's internal subset or an entity declaration."""
    parser = expat.ParserCreate()

    def refuse(what: str) -> NoReturn:
        message = f"has {what}; a glossary may not declare entities (remove the DTD's internal subset)"
        raise LocalizeError(Diagnostic(shown, parser.CurrentLineNumber, message))

    def doctype(name: str, system: str | None, public: str | None, internal: int) -> None:
        if internal:
            refuse("a DTD with an internal subset")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = lambda *_: refuse("an entity declaration")
    parser.UnparsedEntityDeclHandler = lambda *_: refuse("an entity declaration")
    parser.ExternalEntityRefHandler = lambda *_: refuse("an external entity")
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise LocalizeError(Diagnostic(shown, error.lineno, f"is not valid XML: {error}")) from None
