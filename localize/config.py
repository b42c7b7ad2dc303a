"""Project configuration: the `[tool.localize]` table of the nearest `pyproject.toml`."""

from __future__ import annotations

import functools
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Diagnostic, LocalizeError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PYPROJECT = "pyproject.toml"
REFERENCE_STYLES = ("line", "file", "none")
CODE_MODES = ("none", "comments-and-strings")


@dataclass(frozen=True)
class Config:
    """Settings for one project; paths are absolute, derived from `root`."""

    root: Path
    """The directory holding the `pyproject.toml`."""
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
    """Directory of the built articles: `<lang>/<article>.md`."""
    front_matter_keys: tuple[str, ...] = ("title", "description")
    code: str = "none"
    """Fenced code: "none" (never offered) or "comments-and-strings"."""
    toc: tuple[str, ...] = ("SUMMARY.md",)
    """Glob patterns of table-of-contents articles, whose link-only items offer just the link text."""
    references: str = "line"
    """`#:` references: "line" (path:line), "file" (path only) or "none"."""
    formats: tuple[str, ...] = ("md",)
    """What `localize build` writes: "md" and/or "html"."""
    fallback: str = "segment"
    """Untranslated text: "segment" (each falls back alone), "section" or "article" (kept wholly in
    English below `fallback_threshold` percent, with a notice on HTML pages)."""
    fallback_threshold: float = 50.0
    heading_ids: str = "none"
    """Markdown output: "none", or "attribute" to write each heading's English id as `{#id}`."""
    compendium: tuple[str, ...] = ()
    """Catalogs (paths from the project root) whose translations fill untranslated entries."""
    wrap: int = 79
    """Catalog layout: the page width GNU gettext wraps strings at (`msgcat -w N`), or 0 for
    no wrapping (`--no-wrap`); `false` in the file means 0, `true` 79."""
    fail_under: float | None = None
    """Least word coverage (percent) per language for `localize coverage`."""
    thresholds: dict[str, float] = field(default_factory=dict)
    """Least word coverage by language ("de"), article ("guides/intro") or both ("de:guides/intro")."""
    source: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

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

    def output_path(self, language: str, article: str) -> Path:
        return Path(f"{self.build_dir}/{language}/{article}.md")

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
    "front_matter_keys": list,
    "code": str,
    "toc": list,
    "references": str,
    "compendium": list,
    "formats": list,
    "fallback": str,
    "fallback_threshold": (int, float),
    "heading_ids": str,
    "fail_under": (int, float),
    "thresholds": dict,
    "wrap": (bool, int),
}


def find_project(start: Path) -> Path:
    """The nearest directory at or above `start` whose pyproject.toml has `[tool.localize]`."""
    for directory in (start, *start.parents):
        candidate = directory / PYPROJECT
        if candidate.is_file() and re.search(r"^\s*\[tool\.localize\]", _read(candidate), re.MULTILINE):
            return directory
    raise LocalizeError(
        Diagnostic(str(start), 0, f"no {PYPROJECT} with a [tool.localize] table here or in any parent directory")
    )


def load(start: Path) -> Config:
    """Find and validate the project's configuration."""
    root = find_project(start.resolve())
    path = root / PYPROJECT
    text = _read(path)
    try:
        table = tomllib.loads(text).get("tool", {}).get("localize", {})
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = getattr(error, "lineno", 0) or (int(found.group(1)) if found else text.count("\n") + 1)
        raise LocalizeError(Diagnostic(PYPROJECT, line, f"invalid TOML: {error}")) from None
    values: dict[str, Any] = {}
    for key, value in table.items():
        expected = _KEYS.get(key)
        where = _line_of(text, key)
        if expected is None:
            known = ", ".join(sorted(_KEYS))
            raise LocalizeError(Diagnostic(PYPROJECT, where, f"unknown key '{key}' in [tool.localize] (known: {known})"))
        if not isinstance(value, expected) or (isinstance(value, bool) and key != "wrap"):
            raise LocalizeError(Diagnostic(PYPROJECT, where, f"[tool.localize] {key} has the wrong type: {value!r}"))
        if isinstance(value, dict):
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 100 for v in value.values()):
                raise LocalizeError(Diagnostic(PYPROJECT, where, f"[tool.localize] {key} values must be numbers from 0 to 100"))
        if isinstance(value, list):
            if not all(isinstance(item, str) for item in value):
                raise LocalizeError(Diagnostic(PYPROJECT, where, f"[tool.localize] {key} must be a list of strings"))
            value = tuple(value)
        if key == "wrap":  # `true` is GNU gettext's default width, `false` no wrapping
            value = 79 if value is True else int(value)
        values[key] = value
    config = Config(root=root, source=table, **values)
    _validate(config, text)
    return config


def _validate(config: Config, text: str) -> None:
    def fail(key: str, message: str) -> None:
        raise LocalizeError(Diagnostic(PYPROJECT, _line_of(text, key), message))

    for language in (config.source_language, *config.languages):
        problem = language_problem(language)
        if problem:
            fail("languages" if language != config.source_language else "source_language", problem)
    if not config.languages:
        fail("languages", "[tool.localize] languages is empty: name at least one target language")
    if config.source_language in config.languages:
        fail("languages", f"the source language '{config.source_language}' is also a target language")
    for key in ("articles", "locale", "build"):
        directory = (config.root / getattr(config, key)).resolve()
        if directory != config.root and config.root not in directory.parents:
            fail(key, f"[tool.localize] {key} points outside the project: {getattr(config, key)}")
    if not set(config.formats) <= {"md", "html"} or not config.formats:
        fail("formats", "[tool.localize] formats must list \"md\" and/or \"html\"")
    if config.heading_ids not in ("none", "attribute"):
        fail("heading_ids", "[tool.localize] heading_ids must be none or attribute")
    if config.fallback not in ("segment", "section", "article"):
        fail("fallback", "[tool.localize] fallback must be one of segment, section, article")
    if not 0 <= config.fallback_threshold <= 100:
        fail("fallback_threshold", "[tool.localize] fallback_threshold must be between 0 and 100")
    if config.code not in CODE_MODES:
        fail("code", f"[tool.localize] code must be one of {', '.join(CODE_MODES)}")
    if config.references not in REFERENCE_STYLES:
        fail("references", f"[tool.localize] references must be one of {', '.join(REFERENCE_STYLES)}")
    if config.wrap != 0 and config.wrap < 20:
        fail("wrap", "[tool.localize] wrap must be a width of at least 20 columns, or false (or 0) for no wrapping")
    if config.fail_under is not None and not 0 <= config.fail_under <= 100:
        fail("fail_under", "[tool.localize] fail_under must be between 0 and 100")


def language_problem(language: str) -> str | None:
    """Why `language` is not a usable locale code, or None if it is."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return f"unknown language '{language}' (expected a locale code such as 'de' or 'pt_BR')"
    return None


def _line_of(text: str, key: str) -> int:
    match = re.search(rf"^\s*(?:{re.escape(key)}\s*=|\[tool\.localize\.{re.escape(key)}\])", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LocalizeError(Diagnostic(str(path), 0, f"cannot read: {error}")) from None
