"""The link model: what an article links to, where that leads, and the ids a page has.

`references` lists every link and image target an article writes, with its line: inline,
reference and autolinks and images (read with `inline.analyze` in the article's context),
and `<a href>` and `<img src>` in raw HTML; never what code holds. `resolve` says where a
target leads, seen from the articles folder. `fragment_ids` are the ids an article's page
has, and `page_url` is the href or src a target gets on a page of the built site.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote, unquote

from .inline import SAFE_SCHEMES, Context, scheme_of, tokens, walk
from .parsing import block_tokens, markdown_parser, mask_toml_front_matter, normalize

if TYPE_CHECKING:
    from markdown_it.token import Token

    from .model import Document

TargetKind = Literal["external", "fragment", "article", "file", "outside"]


@dataclass(frozen=True, slots=True)
class Reference:
    """A link or image target an article writes, where it writes it."""

    line: int
    """1-based line in the article's file."""
    kind: Literal["link", "image"]
    """Autolinks and raw-HTML `<a href>` count as links; `<img src>` as images."""
    target: str
    """As the article resolves it (a reference link: its definition's URL)."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where a target leads, seen from the articles folder."""

    kind: TargetKind
    """external: has a scheme or is protocol-relative or absolute ("/x"); fragment: "#x" in
    the same article; article: a selected article (.md); file: any other relative path inside
    the articles folder; outside: a relative path leaving the articles folder."""
    path: str = ""
    """POSIX, normalised, relative to the articles folder ("guide/faq.md"); "" for external
    and fragment targets."""
    fragment: str = ""
    """Without "#", percent-decoded; "" when none."""


def references(document: Document, schemes: Sequence[str] = SAFE_SCHEMES) -> list[Reference]:
    """Every link and image target of the article, in document order, with its line."""
    return references_in(document.text, schemes)


def references_in(text: str, schemes: Sequence[str] = SAFE_SCHEMES) -> list[Reference]:
    """Every link and image target of an article's text (see `references`)."""
    env: dict[str, object] = {}
    tokens = block_tokens(normalize(mask_toml_front_matter(text)), env)
    context = Context.of(env, schemes)
    found: list[Reference] = []
    for token in tokens:
        if token.map is None:
            continue
        if token.type == "inline":
            found += _inline_references(token, context)
        elif token.type == "html_block":
            found += [
                Reference(token.map[0] + line, kind, target) for line, kind, target in _html_targets(token.content)
            ]
    return found


def _inline_references(token: Token, context: Context) -> Iterator[Reference]:
    """The links of one inline text in order, each at the first line from the last one's
    that writes its target (or its reference label): markdown-it gives lines per block only."""
    assert token.map is not None
    if "[" not in token.content and "<" not in token.content:
        return  # no link, image, autolink or tag
    lines = token.content.split("\n")
    current = 0
    for child in walk(tokens(token.content, context)):
        if child.type in ("link_open", "image"):
            target = str(child.attrGet("href" if child.type == "link_open" else "src") or "")
            label = child.meta.get("label") if child.meta else None
            current = _line_writing(lines, current, _spellings(target, label))
            yield Reference(token.map[0] + current + 1, "image" if child.type == "image" else "link", target)
        elif child.type == "html_inline":
            current = _line_writing(lines, current, (child.content,))
            for _, kind, target in _html_targets(child.content):
                yield Reference(token.map[0] + current + 1, kind, target)


def _spellings(target: str, label: str | None) -> tuple[str, ...]:
    """How a target may be written: as markdown-it gives it, percent-decoded, or by its label."""
    spellings = [target, unquote(target)] if target else []
    return (*spellings, *([label] if label else []))


def _line_writing(lines: list[str], start: int, spellings: Sequence[str]) -> int:
    """The first line from `start` that holds one of the spellings (case-insensitive), else `start`."""
    for number in range(start, len(lines)):
        line = lines[number].casefold()
        if any(spelling.casefold() in line for spelling in spellings):
            return number
    return start


class _Tags(HTMLParser):
    """The start tags of an HTML text: (line, tag, attributes), by the standard library's parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((self.getpos()[0], tag, attrs))

    handle_startendtag = handle_starttag


def _tags(html: str) -> list[tuple[int, str, list[tuple[str, str | None]]]]:
    reader = _Tags()
    reader.feed(html)
    reader.close()
    return reader.found


def _html_targets(html: str) -> Iterator[tuple[int, Literal["link", "image"], str]]:
    """(1-based line, kind, target) of every `<a href>` and `<img src>` in HTML."""
    for line, tag, attrs in _tags(html):
        wanted = {"a": "href", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value is not None:
                yield line, "image" if tag == "img" else "link", value.strip()


def resolve(article: str, target: str, articles: Collection[str]) -> Target:
    """Where `target`, written in `article` (relative to the articles folder, "guide/a.md"),
    leads; `articles` holds every selected article in the same form."""
    if scheme_of(target) or target.startswith(("/", "\\")):
        return Target("external")
    rest, _, fragment = target.partition("#")
    written = rest.partition("?")[0]
    fragment = unquote(fragment)
    if not written:
        return Target("fragment", fragment=fragment) if not rest else Target("article", article, fragment)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(article), unquote(written)))
    if joined == ".." or joined.startswith("../"):
        return Target("outside", joined, fragment)
    kind: TargetKind = "article" if joined in articles else "file"
    return Target(kind, joined, fragment)


def fragment_ids(markdown: str) -> set[str]:
    """The ids a page of this (English) article has: heading ids as `htmlout.heading_ids` gives
    them, explicit `{#id}` attributes, footnote ids, and `id=`/`name=` in raw HTML."""
    from .htmlout import heading_ids  # lazy: 24 ms to import (anchors); only a link check asks for ids

    parser = markdown_parser()
    tokens = parser.parse(mask_toml_front_matter(markdown))
    ids = set(heading_ids(tokens))
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            explicit = _explicit_id(tokens[index + 1].content)
            if explicit:
                ids.add(explicit)
    rendered = parser.renderer.render(tokens, parser.options, {})  # footnote and raw HTML ids, as a page has them
    for _, _, attrs in _tags(rendered):
        ids.update(value for name, value in attrs if name in ("id", "name") and value)
    return ids


def _explicit_id(heading: str) -> str:
    """The id of a heading's trailing `{#id}` attribute, "" when it has none."""
    text = heading.rstrip()
    if not text.endswith("}"):
        return ""
    start = text.rfind("{#")
    inner = text[start + 2 : -1] if start >= 0 else ""
    return inner if inner and not any(char.isspace() or char in "{}" for char in inner) else ""


def matching_id(fragment: str, ids: Collection[str]) -> str | None:
    """The id a fragment names: itself, or the id it gives once slugged (`#Why-Not` → `why-not`);
    None when the page has no such id."""
    if fragment in ids:
        return fragment
    from .htmlout import slug  # lazy, as in `fragment_ids`

    slugged = slug(fragment)
    return slugged if slugged in ids else None


@dataclass(frozen=True, slots=True)
class Site:
    """What a page's links are resolved against."""

    source_language: str
    articles: frozenset[str]
    """Article paths relative to the articles folder ("guide/a.md")."""
    pages: frozenset[tuple[str, str]]
    """(language, article path) that have an HTML page."""
    ids: Mapping[str, frozenset[str]]
    """Article path → its page's fragment ids (English-derived)."""
    assets: str = "assets"
    """Folder under the build root where referenced files are copied."""
    files: frozenset[str] | None = None
    """Referenced files that exist, relative to the articles folder (None: every one is taken to)."""


_URL_SAFE = "/!$&'()*+,;=:@~-._"
"""What `quote` keeps in a path or fragment of a URL besides letters and digits."""


def page_url(site: Site, article: str, language: str, target: str) -> str:
    """The href or src that `target`, written in `article`, gets on that article's page in `language`.

    Pages are at <build>/<language>/<article without .md>.html; referenced files at
    <build>/<assets>/<path>. An article link leads to the same language's page if it exists,
    else the source language's page; a fragment is kept (it is English-derived on every
    page); external targets stay as they are, and so does a missing target.
    """
    where = resolve(article, target, site.articles)
    here = posixpath.join(language, posixpath.dirname(article))
    query = _query(target)
    if where.kind == "fragment":
        found = matching_id(where.fragment, site.ids.get(article, ())) if where.fragment else None
        return "#" + quote(found, safe=_URL_SAFE) if found is not None else target
    if where.kind == "article":
        shown = language if (language, where.path) in site.pages else site.source_language
        page = posixpath.join(shown, where.path.removesuffix(".md") + ".html")
        url = quote(posixpath.relpath(page, here), safe=_URL_SAFE) + query
        if not where.fragment:
            return url
        found = matching_id(where.fragment, site.ids.get(where.path, ()))
        return url + "#" + quote(found if found is not None else where.fragment, safe=_URL_SAFE)
    if where.kind == "file" and not where.path.endswith(".md") and (site.files is None or where.path in site.files):
        url = quote(posixpath.relpath(posixpath.join(site.assets, where.path), here), safe=_URL_SAFE) + query
        return url + ("#" + quote(where.fragment, safe=_URL_SAFE) if where.fragment else "")
    return target


def _query(target: str) -> str:
    """The query of a relative target, with its "?" ("" when none)."""
    rest = target.partition("#")[0]
    return "?" + rest.partition("?")[2] if "?" in rest else ""
