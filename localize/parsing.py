"""The Markdown parser every stage shares, and the text it is given.

CommonMark with GFM tables, footnotes and YAML front matter, raw HTML allowed. markdown-it
knows only YAML's `---` front matter, so TOML front matter (`+++`) is blanked before a parse.
Segmentation (`segment`) and the structure checks (`checks`) both parse with these.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

EOL = re.compile(r"\r\n|\r|\n")
"""A line ending as the source writes it."""


@lru_cache(maxsize=3)
def _parser(inline: bool, footnotes_at_end: bool = False) -> MarkdownIt:
    # lazy: markdown-it costs 25 ms at import, and a no-op extract or build (no article changed) parses nothing
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    parser = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    parser.use(footnote_plugin, inline=False, move_to_end=footnotes_at_end)
    return parser if inline else parser.disable("inline")


def markdown_parser() -> MarkdownIt:
    """The parser: CommonMark with GFM tables, footnotes and YAML front matter, raw HTML allowed."""
    return _parser(True)


def html_parser() -> MarkdownIt:
    """The parser for HTML pages: the same syntax, with the footnotes gathered in a list at
    the end of the page (where the plugin renders them, linked both ways)."""
    return _parser(True, footnotes_at_end=True)


def block_parser() -> MarkdownIt:
    """The same parser without the inline pass: blocks with their raw inline content.

    Most blocks are judged from their raw text; inline tokens are made only where needed.
    """
    return _parser(False)


def block_tokens(normalized: str, env: dict[str, object]) -> list[Token]:
    """The block tokens of a text already `normalize`d (so markdown-it's own core pass,
    which would normalize it again, is skipped)."""
    parser = block_parser()
    return parser.block.parse(normalized, parser, env, []) or []


def normalize(text: str) -> str:
    """The text as markdown-it sees it: one `\\n` per line ending, NUL replaced.

    Every line keeps its length, so (line, column) positions carry over to `text`.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


def toml_front_matter_end(lines: Sequence[str]) -> int:
    """The line after a TOML front matter block (`+++` lines around it) at the very top, or 0."""
    if not lines or lines[0].rstrip() != "+++":
        return 0
    for number in range(1, len(lines)):
        if lines[number].rstrip() == "+++":
            return number + 1
    return 0


def mask_toml_front_matter(text: str) -> str:
    """The text with its TOML front matter blanked (line endings kept), so that markdown-it,
    which knows only YAML's `---`, does not read it as a paragraph."""
    if not text.startswith("+++"):
        return text
    lines = EOL.split(text)
    end = toml_front_matter_end(lines)
    if not end:
        return text
    endings = EOL.findall(text)
    return "".join(endings[:end]) + text[sum(map(len, lines[:end])) + sum(map(len, endings[:end])) :]
