"""Where Markdown output goes: the `output` setting (a preset or a pattern), and where the files
an article links to must go so that its links still work from there. Pure: paths in, paths out."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

PRESETS = {
    "folders": "{build}/{language}/{article}.md",
    "suffix": "{articles}/{article}.{language}.md",
    "docusaurus": "i18n/{tag}/docusaurus-plugin-content-docs/current/{article}.md",
}
"""Preset name → pattern: a folder per language (`build/de/guide.md`); a suffix beside the
English (`guide.de.md`: mkdocs-static-i18n, Hugo); Docusaurus' translated docs folder."""

PLACEHOLDERS = ("language", "tag", "article", "articles", "build")
"""`{language}` the gettext name (`de_AT`), `{tag}` its BCP-47 tag (`de-AT`), `{article}` the
article's name (`guides/intro`), `{articles}` and `{build}` those folders."""

_PIECE = re.compile(r"(\{[^{}]*\})")


def pattern_of(setting: str) -> str:
    """The pattern a setting names: a preset's, or the setting itself."""
    return PRESETS.get(setting, setting)


def problems(setting: str) -> Iterator[str]:
    """Why a setting is no usable `output` (nothing when it is one)."""
    pattern = pattern_of(setting)
    if setting not in PRESETS and "{" not in setting:
        yield (
            f"'{setting}' is no preset ({', '.join(PRESETS)}) and no pattern; a pattern names "
            "{article} and {language} or {tag}, such as '{articles}/{article}.{language}.md'"
        )
        return
    yield from _placeholder_problems(pattern)
    if not pattern.endswith(".md"):
        yield f"'{pattern}' does not end in .md"
    parts = re.split(r"[/\\]", pattern)
    if pattern.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", pattern):
        yield f"'{pattern}' is absolute; the pattern is relative to the project root"
    if ".." in parts:
        yield f"'{pattern}' reaches outside the project (..)"
    elif "\\" in pattern or "" in parts[:-1] or "." in parts:
        yield f"'{pattern}' is not written plainly; separate its folders with single '/', without './'"


def _placeholder_problems(pattern: str) -> Iterator[str]:
    pieces = _PIECE.split(pattern)
    names = [piece[1:-1] for piece in pieces[1::2]]
    literal = "".join(pieces[::2])
    if "{" in literal or "}" in literal:
        yield f"'{pattern}' has a brace that opens or closes no placeholder"
    known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    for name in dict.fromkeys(names):
        if name not in PLACEHOLDERS:
            yield f"'{pattern}' has an unknown placeholder {{{name}}} (known: {known})"
        elif names.count(name) > 1:
            yield f"'{pattern}' names {{{name}}} more than once"
    if "article" not in names:
        yield f"'{pattern}' names no {{article}}: every article would go to one file"
    if "language" not in names and "tag" not in names:
        yield f"'{pattern}' names neither {{language}} nor {{tag}}: every language would go to one file"


@dataclass(frozen=True)
class Layout:
    """A valid pattern with the project's folders filled in (posix paths relative to the root)."""

    pattern: str
    articles: str
    """The articles folder (`docs`), as `{articles}` stands for it."""
    build: str
    """The build folder, as `{build}` stands for it."""
    languages: tuple[str, ...]
    """The target languages (gettext names): only their outputs are outputs."""
    tags: tuple[str, ...] = ()
    """Their BCP-47 tags (`de-AT` for `de_AT`), in the same order, for `{tag}`."""

    @cached_property
    def _pieces(self) -> tuple[str, ...]:
        """The pattern with the folders filled in, split: literal, placeholder, literal, …"""
        folders = {"articles": self.articles, "build": self.build}
        pieces = _PIECE.split(self.pattern)
        for index in range(1, len(pieces), 2):
            name = pieces[index][1:-1]
            if name in folders:
                pieces[index] = ""
                pieces[index - 1] += folders[name]
        # merge each emptied placeholder's neighbours: literal, placeholder, literal, …
        merged = [pieces[0]]
        for index in range(1, len(pieces), 2):
            if pieces[index]:
                merged += [pieces[index], pieces[index + 1]]
            else:
                merged[-1] += pieces[index + 1]
        return tuple(merged)

    @cached_property
    def _tag(self) -> dict[str, str]:
        return dict(zip(self.languages, self.tags or self.languages, strict=True))

    def tag(self, language: str) -> str:
        """The BCP-47 tag of a language (worked out for one that is not a target language)."""
        found = self._tag.get(language)
        if found is None:
            from .tags import bcp47  # lazy: tags loads Babel; the configuration has loaded it already

            found = bcp47(language)
        return found

    @cached_property
    def _template(self) -> str:
        """The pattern as a format string: `{language}`, `{tag}` and `{article}` left to fill."""
        return "".join(
            piece.replace("{", "{{").replace("}", "}}") if index % 2 == 0 else piece
            for index, piece in enumerate(self._pieces)
        )

    def path(self, language: str, article: str) -> str:
        """Where the article's Markdown in `language` goes."""
        return self._template.format(language=language, tag=self.tag(language), article=article)

    def root(self, language: str) -> str:
        """The folder of a language's outputs: the pattern's folders before `{article}`
        (`build/de`, `i18n/de/docusaurus-plugin-content-docs/current`); "" for the root."""
        before = self._template.partition("{article}")[0]
        folder = posixpath.dirname(before.format(language=language, tag=self.tag(language)))
        return "" if folder in ("", ".") else posixpath.normpath(folder)

    @cached_property
    def _matchers(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        found = []
        for language in self.languages:
            values = {"{language}": re.escape(language), "{tag}": re.escape(self.tag(language)), "{article}": "(.+)"}
            text = "".join(
                re.escape(piece) if index % 2 == 0 else values[piece] for index, piece in enumerate(self._pieces)
            )
            found.append((language, re.compile(text, re.DOTALL)))
        return tuple(found)

    def match(self, relative: str) -> tuple[str, str] | None:
        """(language, article) when a path (posix, from the root) is an output of the pattern."""
        for language, matcher in self._matchers:
            found = matcher.fullmatch(relative)
            if found is not None:
                return language, found.group(1)
        return None

    def collisions(self, articles: Iterable[str], sources: Iterable[str]) -> str | None:
        """Why the outputs of these articles clash (two in one file, or one on an article's
        file: `sources`, their paths from the root), or None."""
        taken = {posixpath.normpath(source): f"the article {source}" for source in sources}
        for article in articles:
            for language in self.languages:
                path = self.path(language, article)
                other = taken.get(path)
                if other is not None:
                    return f"gives {path} for article {article} ({language}) and for {other}"
                taken[path] = f"article {article} ({language})"
        return None


def placements(
    layout: Layout, language: str, article: str, source_folder: str, targets: Iterable[tuple[int, str]]
) -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
    """Where each linked file goes so that the relative link works from the article's output:
    (destination, source) pairs, and (line, why not) for those that cannot go inside the
    language's output folder. `targets`: (article line, file path from the root);
    `source_folder`: the article's folder from the root. Files already where the link leads
    from the output (a suffix layout) need nothing."""
    output_folder = posixpath.dirname(layout.path(language, article))
    root = layout.root(language)
    placed: list[tuple[str, str]] = []
    refused: list[tuple[int, str]] = []
    seen: set[str] = set()
    for line, source in targets:
        step = posixpath.relpath(source, source_folder or ".")
        destination = posixpath.normpath(posixpath.join(output_folder, step))
        if destination == source or destination in seen:
            continue
        if not _below(destination, root):
            where = f"{root}/" if root else "the project"
            refused.append((line, f"linked file {source} would lie outside {where} beside the output; not placed"))
            continue
        seen.add(destination)
        placed.append((destination, source))
    return placed, refused


def _below(path: str, folder: str) -> bool:
    if not folder:
        return not path.startswith("../") and path != ".."
    return path.startswith(folder + "/")


def asset_roots(layout: Layout, keep_out: Sequence[str]) -> tuple[str, ...]:
    """The languages' output folders that linked files may be placed in: none that is, or
    holds, one of the folders in `keep_out` (the articles, the catalogs)."""
    roots = []
    for language in layout.languages:
        root = layout.root(language)
        if not any(folder == root or _below(folder, root) for folder in keep_out):
            roots.append(root)
    return tuple(dict.fromkeys(roots))
