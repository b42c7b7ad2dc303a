"""Read an HTML page as translatable blocks, with beautifulsoup4.

Headings, paragraphs, list items, table cells and image alt texts of the page's content,
in document order, their inline markup written as Markdown (`**strong**`, `[text](href)`,
`` `code` ``) so they compare with the English msgids. Scripts, styles, navigation, headers,
footers and asides are page chrome and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Segment, Span

if TYPE_CHECKING:
    from bs4 import Tag

CHROME = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg", "template")
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "dd", "dt", "figcaption")
_SPACE = re.compile(r"\s+")


def read_blocks(html: str, path: str) -> list[Segment]:
    """The page's blocks as segments (no spans into a source: `span` is empty)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(CHROME):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    blocks: list[Segment] = []
    tables = 0
    inside_text: set[int] = set()  # elements within a <div> read as a paragraph
    for element in root.find_all(True):
        name = element.name
        if id(element) in inside_text:
            continue
        if name == "table":
            tables += 1
            blocks.extend(_table(element, tables, path))
            continue
        if name == "img" and element.get("alt") and not element.find_parent(_BLOCKS):
            blocks.append(_segment("image alt", str(element["alt"]).strip(), element, path))
            continue
        if name in ("div", "section", "span") and _text_container(element):
            name = "p"  # a page that sets its paragraphs in bare <div>s
            inside_text.update(id(descendant) for descendant in element.find_all(True))
        elif name not in _BLOCKS or name in ("td", "th") or element.find_parent(("td", "th")):
            continue
        text = _inline(element).strip()
        if not text or not any(ch.isalpha() for ch in text):
            continue
        if name[0] == "h" and name[1:].isdigit():
            blocks.append(_segment("heading", text, element, path, place=(int(name[1:]),)))
        else:
            kind = {"li": "list item", "blockquote": "quote"}.get(name, "paragraph")
            if _only_image(element):
                blocks.append(_segment("image alt", str(element.find("img")["alt"]).strip(), element, path))
            else:
                blocks.append(_segment(kind, text, element, path))
    return blocks


def _table(table: Tag, number: int, path: str) -> Iterator[Segment]:
    for row_number, row in enumerate(table.find_all("tr")):
        for column, cell in enumerate(row.find_all(("td", "th"))):
            text = _inline(cell).strip().replace("|", "\\|")
            if text and any(ch.isalpha() for ch in text):
                yield _segment("table cell", text, cell, path, place=(number, row_number, column))


def _segment(kind: str, text: str, element: Tag, path: str, place: tuple[int, ...] = ()) -> Segment:
    line = getattr(element, "sourceline", None) or 0
    return Segment(kind=kind, source=text, span=Span(0, 0), line=line, place=place)


def _text_container(element: Tag) -> bool:
    """A <div> holding text of its own and no blocks: a paragraph in all but name."""
    from bs4 import NavigableString

    if element.find_parent(_BLOCKS) or element.find(list(_BLOCKS) + ["div", "section", "ul", "ol", "table", "pre"]):
        return False
    return any(isinstance(child, NavigableString) and child.strip() for child in element.children)


def _only_image(element: Tag) -> bool:
    image = element.find("img")
    return bool(image and image.get("alt")) and not element.get_text(strip=True)


def _inline(element: Tag) -> str:
    """An element's own inline content as Markdown; nested blocks are blocks of their own."""
    from bs4 import NavigableString

    parts: list[str] = []
    for child in element.children:
        if isinstance(child, NavigableString):
            parts.append(_SPACE.sub(" ", str(child)))
            continue
        name = child.name
        if name in _BLOCKS or name in ("ul", "ol", "table", "div", "section", "pre"):
            break  # a nested block: the text before it is this element's own
        inner = _inline(child)
        if name in ("strong", "b"):
            parts.append(f"**{inner.strip()}**")
        elif name in ("em", "i"):
            parts.append(f"*{inner.strip()}*")
        elif name == "code":
            parts.append(f"`{child.get_text()}`")
        elif name == "a" and child.get("href"):
            parts.append(f"[{inner.strip()}]({child['href']})")
        elif name == "img" and child.get("alt") is not None:
            parts.append(f"![{child['alt']}]({child.get('src', '')})")
        elif name == "br":
            parts.append("  \n")
        else:
            parts.append(inner)
    return "".join(parts)
