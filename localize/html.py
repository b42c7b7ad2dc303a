"""Read an HTML page as translatable blocks, with beautifulsoup4.

Headings, paragraphs, list items, table cells and image alt texts of the page's content,
in document order, their inline markup written as Markdown (`**strong**`, `[text](href)`,
`` `code` ``) so they compare with the English msgids. Scripts, styles, navigation, headers,
footers and asides are page chrome and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from .model import Segment, SegmentKind, Span

CHROME = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg", "template")
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "dd", "dt", "figcaption")
_SPACE = re.compile(r"\s+")
_KINDS: dict[str, SegmentKind] = {"li": "list item", "blockquote": "quote"}


def read_blocks(html: str, path: str) -> list[Segment]:
    """The page's blocks as segments (no spans into a source: `span` is empty)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(CHROME):
        tag.decompose()
    root = _tag(soup.find("main")) or _tag(soup.find("article")) or soup.body or soup
    blocks: list[Segment] = []
    tables = 0
    inside_text: set[int] = set()  # elements within a <div> read as a paragraph
    for element in root.find_all(True):
        if id(element) in inside_text or not isinstance(element, Tag):
            continue
        if element.name == "table":
            tables += 1
            blocks.extend(_table(element, tables, path))
            continue
        block = _block(element, path, inside_text)
        if block is not None:
            blocks.append(block)
    return blocks


def _block(element: Tag, path: str, inside_text: set[int]) -> Segment | None:
    """The segment an element is, if any; the elements inside a <div> read as a paragraph
    are added to `inside_text`."""
    name = element.name
    if name == "img" and element.get("alt") and not element.find_parent(_BLOCKS):
        return _segment("image alt", str(element["alt"]).strip(), element)
    if name in ("div", "section", "span") and _text_container(element):
        name = "p"  # a page that sets its paragraphs in bare <div>s
        inside_text.update(id(descendant) for descendant in element.find_all(True))
    elif name not in _BLOCKS or name in ("td", "th") or element.find_parent(("td", "th")):
        return None
    text = _inline(element).strip()
    if not text or not any(ch.isalpha() for ch in text):
        return None
    if name[0] == "h" and name[1:].isdigit():
        return _segment("heading", text, element, place=(int(name[1:]),))
    image = _only_image(element)
    if image is not None:
        return _segment("image alt", str(image["alt"]).strip(), element)
    return _segment(_KINDS.get(name, "paragraph"), text, element)


def _tag(found: Tag | NavigableString | None) -> Tag | None:
    return found if isinstance(found, Tag) else None


def _table(table: Tag, number: int, path: str) -> Iterator[Segment]:
    for row_number, row in enumerate(table.find_all("tr")):
        if not isinstance(row, Tag):
            continue
        for column, cell in enumerate(row.find_all(("td", "th"))):
            if not isinstance(cell, Tag):
                continue
            text = _inline(cell).strip().replace("|", "\\|")
            if text and any(ch.isalpha() for ch in text):
                yield _segment("table cell", text, cell, place=(number, row_number, column))


def _segment(kind: SegmentKind, text: str, element: Tag, place: tuple[int, ...] = ()) -> Segment:
    return Segment(kind=kind, source=text, span=Span(0, 0), line=element.sourceline or 0, place=place)


def _text_container(element: Tag) -> bool:
    """A <div> holding text of its own and no blocks: a paragraph in all but name."""
    if element.find_parent(_BLOCKS) or element.find(list(_BLOCKS) + ["div", "section", "ul", "ol", "table", "pre"]):
        return False
    return any(isinstance(child, NavigableString) and child.strip() for child in element.children)


def _only_image(element: Tag) -> Tag | None:
    """The image of an element that shows nothing but one image with an alt text."""
    image = _tag(element.find("img"))
    return image if image is not None and image.get("alt") and not element.get_text(strip=True) else None


def _inline(element: Tag) -> str:
    """An element's own inline content as Markdown; nested blocks are blocks of their own."""
    parts: list[str] = []
    for child in element.children:
        if isinstance(child, NavigableString):
            parts.append(_SPACE.sub(" ", str(child)))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name in _BLOCKS or name in ("ul", "ol", "table", "div", "section", "pre"):
            break  # a nested block: the text before it is this element's own
        parts.append(_markdown(child, _inline(child)))
    return "".join(parts)


def _markdown(child: Tag, inner: str) -> str:
    """An inline element as Markdown, its content already written `inner`."""
    name = child.name
    if name in ("strong", "b"):
        return f"**{inner.strip()}**"
    if name in ("em", "i"):
        return f"*{inner.strip()}*"
    if name == "code":
        return f"`{child.get_text()}`"
    if name == "a" and child.get("href"):
        return f"[{inner.strip()}]({child['href']})"
    if name == "img" and child.get("alt") is not None:
        return f"![{child['alt']}]({child.get('src', '')})"
    if name == "br":
        return "  \n"
    return inner
