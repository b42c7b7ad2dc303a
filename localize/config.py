"""Project configuration: the `[tool.localize]` table of the nearest `pyproject.toml`, or the
top level of the nearest `localize.toml` (same keys; for repositories that are not Python
projects)."""

from __future__ import annotations

import functools
import itertools
import math
import os
import posixpath
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NoReturn, get_args

from .layout import Layout, pattern_of
from .layout import problems as output_problems
from .model import Diagnostic, LocalizeError
from .tags import base_of, bcp47, gettext_name, tag_of
from .terms import EMPTY, Termbase, Where
from .terms import load as load_terms

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    # tomli is installed only under Python 3.10, but mypy checks this branch (python_version 3.10) everywhere
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

PYPROJECT = "pyproject.toml"
LOCALIZE_TOML = "localize.toml"
ReferenceStyle = Literal["line", "file", "none"]
CodeMode = Literal["none", "comments-and-strings"]
OutputFormat = Literal["md", "html"]
FallbackMode = Literal["segment", "section", "article"]
HeadingIds = Literal["none", "attribute"]
REFERENCE_STYLES: tuple[ReferenceStyle, ...] = get_args(ReferenceStyle)
CODE_MODES: tuple[CodeMode, ...] = get_args(CodeMode)
OUTPUT_FORMATS: tuple[OutputFormat, ...] = get_args(OutputFormat)
FALLBACK_MODES: tuple[FallbackMode, ...] = get_args(FallbackMode)
HEADING_IDS: tuple[HeadingIds, ...] = get_args(HeadingIds)


@dataclass(frozen=True)
class Config:
    """Settings for one project; paths are absolute, derived from `root`."""

    root: Path
    """The directory holding the `pyproject.toml` (or `localize.toml`)."""
    source_language: str = "en"
    languages: tuple[str, ...] = ("de",)
    articles: str = "articles"
    """Directory of the source articles, relative to the root."""
    include: tuple[str, ...] = ("**/*.md",)
    """Glob patterns, relative to the articles directory."""
    exclude: tuple[str, ...] = ()
    locale: str = "locale"
    """Directory of the catalogs: `templates/<article>.pot`, `<lang>/LC_MESSAGES/<article>.po`."""
    build: str = "build"
    """Directory of the built articles: `<lang>/<article>.md`, HTML pages and the run record."""
    output: str = "folders"
    """Where Markdown output goes: a preset of `layout.PRESETS` ("folders": `build/<lang>/`,
    "suffix": `guide.de.md` beside the English, "docusaurus") or a pattern of its own."""
    front_matter_keys: tuple[str, ...] = ("title", "description")
    code: CodeMode = "none"
    """Fenced code: "none" (never offered) or "comments-and-strings"."""
    toc: tuple[str, ...] = ("SUMMARY.md",)
    """Glob patterns of table-of-contents articles, whose link-only items offer just the link text."""
    references: ReferenceStyle = "line"
    """`#:` references: "line" (path:line), "file" (path only) or "none"."""
    formats: tuple[OutputFormat, ...] = ("md",)
    """What `localize build` writes: "md" and/or "html"."""
    fallback: FallbackMode = "segment"
    """Untranslated text: "segment" (each falls back alone), "section" or "article" (kept wholly in
    English below `fallback_threshold` percent, with a notice on HTML pages)."""
    fallback_threshold: float = 50.0
    heading_ids: HeadingIds = "none"
    """Markdown output: "none", or "attribute" to write each heading's English id as `{#id}`."""
    link_schemes: tuple[str, ...] = ("http", "https", "mailto")
    """Schemes a translation may add to a link (relative targets are always allowed)."""
    compendium: tuple[str, ...] = ()
    """Catalogs (paths from the project root) whose translations fill untranslated entries."""
    wrap: int = 79
    """Catalog layout: the page width GNU gettext wraps strings at (`msgcat -w N`), or 0 for
    no wrapping (`--no-wrap`); `false` in the file means 0, `true` 79."""
    fail_under: float | None = None
    """Least word coverage (percent) per language for `localize coverage`."""
    thresholds: dict[str, float] = field(default_factory=dict)
    """Least word coverage by language ("de"), article ("guides/intro") or both ("de:guides/intro");
    languages by their gettext names."""
    source: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    file: str = PYPROJECT
    """The configuration's file name, as diagnostics cite it."""
    threshold_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    """The line of each (normalised) `thresholds` key in `file`."""
    terminology: Termbase = EMPTY
    """Kept names and glossary terms (`[tool.localize.terminology]`, its glossaries read)."""

    @functools.cached_property
    def articles_dir(self) -> Path:
        return self.root / self.articles

    @functools.cached_property
    def locale_dir(self) -> Path:
        return self.root / self.locale

    @functools.cached_property
    def build_dir(self) -> Path:
        return self.root / self.build

    def template_path(self, article: str) -> Path:
        return Path(self.template_file(article))

    def catalog_path(self, language: str, article: str) -> Path:
        return Path(self.catalog_file(language, article))

    def template_file(self, article: str) -> str:
        """`template_path` as a string (cheaper where only the file system sees it)."""
        return f"{self.locale_dir}/templates/{article}.pot"

    def catalog_file(self, language: str, article: str) -> str:
        """`catalog_path` as a string."""
        return f"{self.locale_dir}/{language}/LC_MESSAGES/{article}.po"

    @functools.cached_property
    def layout(self) -> Layout:
        """The `output` pattern with this project's folders filled in."""
        tags = tuple(bcp47(language) for language in self.languages)
        return Layout(pattern_of(self.output), _posix(self.articles), _posix(self.build), self.languages, tags)

    def output_path(self, language: str, article: str) -> Path:
        """Where the article's Markdown in `language` is built (as `output` says)."""
        return Path(f"{self.root}/{self.layout.path(language, article)}")

    def output_root(self, language: str) -> Path:
        """The folder of a language's Markdown outputs (`build/de`, or the articles folder for "suffix")."""
        root = self.layout.root(language)
        return self.root / root if root else self.root

    def relative(self, path: Path) -> str:
        """A path as shown to people: relative to the project root, with `/`."""
        text, root = str(path), self._root_prefix
        if text.startswith(root):  # the usual case, without pathlib's slower comparison
            return text[len(root) :].replace(os.sep, "/")
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return text

    @functools.cached_property
    def _root_prefix(self) -> str:
        return os.path.join(str(self.root), "")


_KEYS: dict[str, type | tuple[type, ...]] = {
    "source_language": str,
    "languages": list,
    "articles": str,
    "include": list,
    "exclude": list,
    "locale": str,
    "build": str,
    "output": str,
    "front_matter_keys": list,
    "code": str,
    "toc": list,
    "references": str,
    "compendium": list,
    "formats": list,
    "fallback": str,
    "fallback_threshold": (int, float),
    "heading_ids": str,
    "link_schemes": list,
    "fail_under": (int, float),
    "thresholds": dict,
    "wrap": (bool, int),
    "terminology": dict,
}


def find_file(start: Path) -> Path:
    """The configuration file of the nearest project; both kinds in one directory is an error."""
    for directory in (start, *start.parents):
        own = directory / LOCALIZE_TOML
        candidate = directory / PYPROJECT
        in_pyproject = candidate.is_file() and re.search(r"^\s*\[tool\.localize\]", _read(candidate), re.MULTILINE)
        if own.is_file() and in_pyproject:
            message = f"both {LOCALIZE_TOML} and {PYPROJECT} [tool.localize] configure this project; keep one"
            raise LocalizeError(Diagnostic(LOCALIZE_TOML, 1, message))
        if own.is_file():
            return own
        if in_pyproject:
            return candidate
    raise LocalizeError(Diagnostic(
        str(start), 0,
        f"no {LOCALIZE_TOML}, nor {PYPROJECT} with a [tool.localize] table, here or in any parent directory",
    ))


def load(start: Path) -> Config:
    """Find and validate the project's configuration."""
    path = find_file(start.resolve())
    root, shown = path.parent, path.name
    own = shown == LOCALIZE_TOML
    label = "" if own else "[tool.localize] "
    text = _read(path)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = getattr(error, "lineno", 0) or (int(found.group(1)) if found else text.count("\n") + 1)
        raise LocalizeError(Diagnostic(shown, line, f"invalid TOML: {error}")) from None
    table = document if own else document.get("tool", {}).get("localize", {})
    prefix = "" if own else "tool.localize."
    values: dict[str, Any] = {}
    for key, value in table.items():
        expected = _KEYS.get(key)
        where = _line_of(text, key, prefix)
        if expected is None and own and key == "tool":
            message = "localize.toml takes its keys at the top level, without a [tool.localize] table"
            raise LocalizeError(Diagnostic(shown, where, message))
        if expected is None:
            known = ", ".join(sorted(_KEYS))
            message = f"unknown key '{key}' in {label or shown + ' '}(known: {known})"
            raise LocalizeError(Diagnostic(shown, where, message))
        if not isinstance(value, expected) or (isinstance(value, bool) and key != "wrap"):
            raise LocalizeError(Diagnostic(shown, where, f"{label}{key} has the wrong type: {value!r}"))
        if isinstance(value, list):
            if not all(isinstance(item, str) for item in value):
                raise LocalizeError(Diagnostic(shown, where, f"{label}{key} must be a list of strings"))
            value = tuple(value)
        if key == "wrap":  # `true` is GNU gettext's default width, `false` no wrapping
            value = 79 if value is True else int(value)
        values[key] = value
    languages = _languages(values, text, shown, label, prefix)
    values.update(languages)
    thresholds, lines = _thresholds(values.get("thresholds", {}), values["languages"], text, shown, label, prefix)
    values["thresholds"] = thresholds
    if "terminology" in values:
        origin = Where(text, shown, prefix, root)
        terms = load_terms(values["terminology"], origin, values["languages"], values["source_language"])
        values["terminology"] = terms
    config = Config(root=root, source=table, file=shown, threshold_lines=lines, **values)
    _validate(config, text)
    _validate_paths(config, text)
    return config


def _languages(values: dict[str, Any], text: str, shown: str, label: str, prefix: str) -> dict[str, Any]:
    """`source_language` and `languages` as gettext names; unknown, repeated or clashing ones are errors."""
    def fail(key: str, message: str) -> NoReturn:
        raise LocalizeError(Diagnostic(shown, _line_of(text, key, prefix), f"{label}{key}: {message}"))

    def name(key: str, tag: str) -> str:
        try:
            return gettext_name(tag)
        except ValueError as error:
            fail(key, str(error))

    source = name("source_language", values.get("source_language", "en"))
    typed = values.get("languages", ("de",))
    languages = tuple(name("languages", tag) for tag in typed)
    seen: dict[tuple[str, str, str | None], str] = {tag_of(source): str(values.get("source_language", "en"))}
    for tag, language in zip(typed, languages, strict=True):
        other = seen.get(tag_of(language))
        if other is not None:
            if tag_of(language) == tag_of(source):
                also = f" (as '{tag}')" if tag != other else ""
                fail("languages", f"the source language '{other}' is also a target language{also}")
            twice = f"'{tag}' is listed twice" if tag == other else f"'{tag}' and '{other}' are the same language"
            fail("languages", f"{twice}; name each language once")
        seen[tag_of(language)] = tag
    return {"source_language": source, "languages": languages}


def _thresholds(
    table: dict[str, Any], languages: tuple[str, ...], text: str, shown: str, label: str, prefix: str
) -> tuple[dict[str, float], dict[str, int]]:
    """Thresholds with language keys as gettext names, and the line of each key.

    Values must be finite numbers from 0 to 100; a `lang:article` key must name a target
    language. Article names are checked against the articles by `check_threshold_articles`.
    """
    thresholds: dict[str, float] = {}
    lines: dict[str, int] = {}
    table_name = "[tool.localize.thresholds]" if label else "thresholds"
    for key, value in table.items():
        line = _line_of_threshold(text, key, prefix)

        def fail(message: str, key: str = key, line: int = line) -> NoReturn:
            raise LocalizeError(Diagnostic(shown, line, f'{table_name} "{key}": {message}'))

        if isinstance(value, bool) or not isinstance(value, (int, float)):
            fail(f"must be a number from 0 to 100, not {value!r}")
        if not math.isfinite(value):
            fail(f"{value} is not a finite number")
        if not 0 <= value <= 100:
            fail(f"{value:g} is not a number from 0 to 100")
        try:
            normal = _threshold_key(key, languages)
        except ValueError as error:
            fail(str(error))
        if normal in thresholds:
            fail("is the same key as another one; name each once")
        thresholds[normal] = float(value)
        lines[normal] = line
    return thresholds, lines


def _threshold_key(key: str, languages: tuple[str, ...]) -> str:
    """A thresholds key with its language as a gettext name: `de-AT:intro` → `de_AT:intro`.

    A key is `language:article` when the part before its first colon is a language tag, a
    language when it is one of `languages`, and otherwise an article name."""
    def name(tag: str) -> str | None:
        """The target language `tag` names (`de-DE` names `de`: the same language), or its
        gettext name when it names none of them; None when it is no language tag."""
        try:
            found = gettext_name(tag)
        except ValueError:
            return None
        same = [language for language in languages if tag_of(language) == tag_of(found)]
        return same[0] if same else found

    prefix, colon, article = key.partition(":")
    language = name(prefix) if colon else None
    if language is not None:
        if language not in languages:
            raise ValueError(f"'{prefix}' is not one of the target languages ({', '.join(languages)})")
        if not article:
            raise ValueError("names no article after the language")
        return f"{language}:{article}"
    language = name(key)
    return language if language in languages else key


def check_threshold_articles(config: Config, articles: Iterable[str]) -> None:
    """Every `thresholds` key names a target language, an article, or both (`de:intro`)."""
    known = set(articles)
    where = "[tool.localize.thresholds]" if config.file == PYPROJECT else "thresholds"
    for key in config.thresholds:
        language, colon, article = key.partition(":")
        paired = bool(colon) and language in config.languages
        if key in config.languages or (article if paired else key) in known:
            continue
        message = (
            f"names no article in {config.articles}/" if paired
            else f"names no target language ({', '.join(config.languages)}) and no article in {config.articles}/"
        )
        line = config.threshold_lines.get(key, 0)
        raise LocalizeError(Diagnostic(config.file, line, f"{where} \"{key}\": {message}"))


def _validate_paths(config: Config, text: str) -> None:
    """Refuse settings that would read or write outside the project's folders: patterns
    reaching out of the articles folder, and folders inside one another (outputs inside
    the articles folder would be read back as articles, deeper each run)."""
    own = config.file == LOCALIZE_TOML
    label = "" if own else "[tool.localize] "
    problems = itertools.chain(_pattern_problems(config), _overlaps(config), _output_problems(config))
    for key, message in problems:
        line = _line_of(text, key, "" if own else "tool.localize.")
        raise LocalizeError(Diagnostic(config.file, line, f"{label}{key}: {message}"))


def _pattern_problems(config: Config) -> Iterator[tuple[str, str]]:
    for key in ("include", "exclude", "toc"):
        for pattern in getattr(config, key):
            parts = re.split(r"[/\\]", pattern)
            if not pattern.strip() or not set(parts) - {"", "."}:
                yield key, f"pattern '{pattern}' names no file; write a glob such as '**/*.md'"
            if pattern.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", pattern):
                yield key, f"pattern '{pattern}' is absolute; patterns are relative to the articles folder"
            if ".." in parts:
                yield key, f"pattern '{pattern}' reaches outside the articles folder ({config.articles}/)"


def _output_problems(config: Config) -> Iterator[tuple[str, str]]:
    """The `output` setting: a preset, or a pattern whose outputs stay out of the locale folder."""
    found = list(output_problems(config.output))
    yield from (("output", message) for message in found[:1])
    if found:
        return
    locale = _posix(config.locale)
    for language in config.languages:  # the pattern reaches no further up than its folders (no ..)
        folder = config.layout.root(language)
        if folder == locale or folder.startswith(f"{locale}/"):
            yield "output", f"'{config.output}' puts the outputs among the catalogs in {config.locale}/"
            return


def check_outputs(config: Config, articles: dict[str, Path]) -> None:
    """No two outputs of these articles land in one file, and none on an article's file."""
    sources = [config.relative(path) for path in articles.values()]
    clash = config.layout.collisions(articles, sources)
    if clash is not None:
        label = "" if config.file == LOCALIZE_TOML else "[tool.localize] "
        text = _read(config.root / config.file)
        line = _line_of(text, "output", "" if config.file == LOCALIZE_TOML else "tool.localize.")
        raise LocalizeError(Diagnostic(config.file, line, f"{label}output: '{config.output}' {clash}"))


def check_output_languages(config: Config, languages: Iterable[str]) -> None:
    """Outside the build folder only the target languages are built: the outputs of another
    (`guide.fr.md`) would be read back as articles."""
    if config.output == "folders":
        return
    for language in languages:
        if language not in config.languages:
            label = "" if config.file == LOCALIZE_TOML else "[tool.localize] "
            text = _read(config.root / config.file)
            prefix = "" if config.file == LOCALIZE_TOML else "tool.localize."
            line = _line_of(text, "languages", prefix) or _line_of(text, "output", prefix)
            message = (
                f"{label}languages: '{language}' is not a target language; with output = '{config.output}' "
                "only those are built (another's outputs would be read back as articles): add it here"
            )
            raise LocalizeError(Diagnostic(config.file, line, message))


def _posix(folder: str) -> str:
    """A folder setting as `{articles}` and `{build}` stand for it: posix, normalised."""
    return posixpath.normpath(folder.replace(os.sep, "/"))


def _overlaps(config: Config) -> Iterator[tuple[str, str]]:
    folders = {key: os.path.realpath(config.root / getattr(config, key)) for key in ("articles", "locale", "build")}
    for one, other in (("build", "articles"), ("locale", "articles"), ("build", "locale")):
        first, second = folders[one], folders[other]
        if first == second:
            relation = "is the same folder as"
        elif first.startswith(os.path.join(second, "")):
            relation = "is inside"
        elif second.startswith(os.path.join(first, "")):
            relation = "contains"
        else:
            continue
        key = one if one in config.source or other not in config.source else other  # the one written down
        yield key, (
            f"{one} ('{getattr(config, one)}') {relation} {other} ('{getattr(config, other)}'); the articles, "
            "locale and build folders must not overlap (outputs would be read back as inputs)"
        )


def _validate(config: Config, text: str) -> None:
    """Refuse the first setting out of its range (in the order of the checks below)."""
    own = config.file == LOCALIZE_TOML
    problems = itertools.chain(_value_problems(config), _choice_problems(config), _range_problems(config))
    for key, message in problems:
        if own:
            message = message.replace("[tool.localize] ", "")
        raise LocalizeError(Diagnostic(config.file, _line_of(text, key, "" if own else "tool.localize."), message))


def _value_problems(config: Config) -> Iterator[tuple[str, str]]:
    if not config.languages:
        yield "languages", "[tool.localize] languages is empty: name at least one target language"
    for key in ("fallback_threshold", "fail_under"):
        value = getattr(config, key)
        if value is not None and not math.isfinite(value):
            yield key, f"[tool.localize] {key} = {value} is not a finite number"
    for key in ("articles", "locale", "build"):
        directory = (config.root / getattr(config, key)).resolve()
        if directory != config.root and config.root not in directory.parents:
            yield key, f"[tool.localize] {key} points outside the project: {getattr(config, key)}"


def _is_scheme(scheme: str) -> bool:
    """Whether `scheme` is a URL scheme: an ASCII letter, then ASCII letters, digits, `+`, `.`, `-`."""
    return bool(scheme) and scheme[0].isascii() and scheme[0].isalpha() and all(
        ch.isascii() and (ch.isalnum() or ch in "+.-") for ch in scheme
    )


def _choice_problems(config: Config) -> Iterator[tuple[str, str]]:
    if not set(config.formats) <= set(OUTPUT_FORMATS) or not config.formats:
        yield "formats", "[tool.localize] formats must list \"md\" and/or \"html\""
    if config.heading_ids not in HEADING_IDS:
        yield "heading_ids", "[tool.localize] heading_ids must be none or attribute"
    for scheme in config.link_schemes:
        if not _is_scheme(scheme):
            yield "link_schemes", f"[tool.localize] link_schemes: {scheme!r} is not a URL scheme (such as \"https\")"
    if config.fallback not in FALLBACK_MODES:
        yield "fallback", "[tool.localize] fallback must be one of segment, section, article"


def _range_problems(config: Config) -> Iterator[tuple[str, str]]:
    if not 0 <= config.fallback_threshold <= 100:
        yield "fallback_threshold", "[tool.localize] fallback_threshold must be between 0 and 100"
    if config.code not in CODE_MODES:
        yield "code", f"[tool.localize] code must be one of {', '.join(CODE_MODES)}"
    if config.references not in REFERENCE_STYLES:
        yield "references", f"[tool.localize] references must be one of {', '.join(REFERENCE_STYLES)}"
    if config.wrap != 0 and config.wrap < 20:
        yield "wrap", "[tool.localize] wrap must be a width of at least 20 columns, or false (or 0) for no wrapping"
    if config.fail_under is not None and not 0 <= config.fail_under <= 100:
        yield "fail_under", "[tool.localize] fail_under must be between 0 and 100"


def _line_of(text: str, key: str, prefix: str = "tool.localize.") -> int:
    match = re.search(rf"^[ \t]*(?:{re.escape(key)}[ \t]*=|\[{re.escape(prefix + key)}[\].])", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def _line_of_threshold(text: str, key: str, prefix: str) -> int:
    """The line of a key in the thresholds table (or of the table, when written inline or dotted)."""
    header = re.search(rf"^\s*\[{re.escape(prefix)}thresholds\]", text, re.MULTILINE)
    if header:
        spelled = "|".join(re.escape(form) for form in (key, f'"{key}"', f"'{key}'"))
        start = text.find("\n", header.end())
        assignment = re.compile(rf"^[ \t]*(?:{spelled})[ \t]*=", re.MULTILINE)
        found = assignment.search(text, start + 1 if start >= 0 else len(text))
        if found:
            return text.count("\n", 0, found.start()) + 1
    return _line_of(text, "thresholds", prefix)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LocalizeError(Diagnostic(str(path), 0, f"cannot read: {error}")) from None


def html_path(config: Config, language: str, name: str) -> Path:
    """Where the HTML page of an article in a language is built."""
    return config.build_dir / language / f"{name}.html"


def fallback_language(config: Config, language: str) -> str | None:
    """The base a regional language falls back to (`de` for `de_AT`), unless it is the source.

    The base need not be a target language: its catalogs are read wherever they exist."""
    base = base_of(language)
    return None if base is None or tag_of(base) == tag_of(config.source_language) else base
