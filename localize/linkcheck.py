"""The link check: links to missing articles or files, missing `#fragment` targets and missing images.

`problems` is the pure check of one article's references against what the project has;
`ProjectLinks` answers its questions from the files (each article's ids found once per run,
each folder listed once). External links are never fetched.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import files
from .inline import SAFE_SCHEMES, Context
from .links import Reference, fragment_ids, inline_references, matching_id, references_in, resolve
from .model import Diagnostic

if TYPE_CHECKING:
    from .model import Document, Segment, Severity


@dataclass(frozen=True, slots=True)
class Problem:
    """A link of an article that leads nowhere."""

    line: int
    """1-based line in the text the reference was read from."""
    message: str
    severity: Severity = "error"


def problems(
    article: str,
    found: Iterable[Reference],
    articles: Collection[str],
    ids: Callable[[str], Collection[str]],
    exists: Callable[[str], bool],
    folder: str = "articles",
) -> list[Problem]:
    """What is wrong with the references `found` in `article` (its path relative to the
    articles folder `folder`): `articles` are the project's articles in the same form, `ids`
    gives an article's page ids, `exists` tells whether a path relative to the folder exists."""
    return [problem for reference in found if (problem := _problem(article, reference, articles, ids, exists, folder))]


def _problem(
    article: str,
    reference: Reference,
    articles: Collection[str],
    ids: Callable[[str], Collection[str]],
    exists: Callable[[str], bool],
    folder: str,
) -> Problem | None:
    where = resolve(article, reference.target, articles)
    shown = f"'{reference.target}'"
    if where.kind == "external":
        return None
    if where.kind == "outside":
        return Problem(reference.line, f"{reference.kind} {shown} leads outside {folder}/ (not checked)", "warning")
    if reference.kind == "image":
        if where.kind == "fragment" or not exists(where.path):
            return Problem(reference.line, f"missing image {shown} (no {folder}/{where.path})")
        return None
    if where.kind == "file":
        if exists(where.path):
            return None
        what = "article" if where.path.endswith(".md") else "file"
        return Problem(reference.line, f"link to a missing {what} {shown} (no {folder}/{where.path})")
    page = article if where.kind == "fragment" else where.path
    if not where.fragment:
        return None
    known = ids(page)
    if matching_id(where.fragment, known) is not None:
        return None
    of = "this article" if page == article else f"{folder}/{page}"
    return Problem(
        reference.line,
        f"link to a missing fragment {shown}: {of} has no id '{where.fragment}'" + _closest(where.fragment, known),
    )


def _closest(fragment: str, ids: Collection[str]) -> str:
    """A hint naming the id closest to `fragment`, if one is close."""
    from rapidfuzz import process  # lazy: 3 ms to import; only a fragment that names no id needs it

    best = process.extractOne(fragment.lower(), list(ids), score_cutoff=70) if ids else None
    return f" (did you mean '#{best[0]}'?)" if best else ""


class ProjectLinks:
    """What a project's links are checked against: its articles, their ids (each article's
    found once, when first asked), and the files of its articles folder."""

    def __init__(self, folder: Path, shown: str, articles: Mapping[str, Path]) -> None:
        self.folder = folder
        self.shown = shown
        """The articles folder as diagnostics show it ("articles")."""
        self.articles = frozenset(articles)
        """Article paths relative to the folder, with `.md` ("guide/a.md")."""
        self._paths = dict(articles)
        self._ids: dict[str, frozenset[str]] = {}
        self._listings: dict[str, frozenset[str]] = {}
        self._source: dict[str, list[Problem]] = {}

    @classmethod
    def of(cls, folder: Path, shown: str, articles: Mapping[str, Path]) -> ProjectLinks:
        """From the articles as `files.discover_articles` names them (name → file)."""
        return cls(folder, shown, {f"{name}.md": path for name, path in articles.items()})

    def ids(self, article: str) -> frozenset[str]:
        """The ids of the article's page (none for a path that is no article)."""
        known = self._ids.get(article)
        if known is None:
            path = self._paths.get(article)
            text = files.read_text(path, f"{self.shown}/{article}") if path is not None else ""
            known = self._ids[article] = frozenset(fragment_ids(text))
        return known

    def exists(self, relative: str) -> bool:
        """Whether a path relative to the articles folder exists, letter case as written (a
        web server tells `A.png` from `a.png` even where the file system does not)."""
        parent, _, name = relative.rpartition("/")
        if name in ("", "."):
            return os.path.isdir(self.folder / parent) if parent else True
        return name in self._listing(parent)

    def _listing(self, parent: str) -> frozenset[str]:
        listing = self._listings.get(parent)
        if listing is None:
            directory = self.folder / parent
            exists = (not parent or self.exists(parent)) and directory.is_dir()
            listing = self._listings[parent] = frozenset(os.listdir(directory) if exists else ())
        return listing

    def check(self, article: str, found: Iterable[Reference]) -> list[Problem]:
        return problems(article, found, self.articles, self.ids, self.exists, self.shown)

    def source_problems(self, article: str, text: str, schemes: Sequence[str] = SAFE_SCHEMES) -> list[Problem]:
        """The problems of the English article (its `text`), found once per run."""
        known = self._source.get(article)
        if known is None:
            known = self._source[article] = self.check(article, references_in(text, schemes))
        return known

    def source_diagnostics(self, shown: str, article: str, text: str) -> list[Diagnostic]:
        """The English article's problems, at its lines (`shown`: its path as diagnostics show it)."""
        return [Diagnostic(shown, p.line, p.message, p.severity) for p in self.source_problems(article, text)]

    def translation_diagnostics(
        self,
        document: Document,
        applied: Iterable[tuple[Segment, str]],
        language: str,
        catalog: str,
        schemes: Sequence[str] = SAFE_SCHEMES,
    ) -> list[Diagnostic]:
        """The problems the translations the build applies in `language` (each segment with
        the text spliced in its place, from `catalog`) have and the English text of their
        segment has not, at the segment's lines. Only markup is read: code and front matter
        hold no links."""
        article = f"{document.name}.md"
        context = Context.of(document.definitions, schemes)
        english: dict[str, list[int]] = {}
        for problem in self.source_problems(article, document.text, schemes):
            english.setdefault(problem.message, []).append(problem.line)
        where = f" in the '{language}' translation ({catalog})"
        found = []
        for segment, text in applied:
            if segment.syntax not in ("markdown", "table cell"):
                continue
            last = segment.line + document.text.count("\n", segment.span.start, segment.span.end)
            for p in self.check(article, inline_references(text, segment.line, context)):
                if not any(segment.line <= line <= last for line in english.get(p.message, ())):
                    found.append(Diagnostic(document.path, min(p.line, last), p.message + where, p.severity))
        return found
