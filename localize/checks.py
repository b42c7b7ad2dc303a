"""Structure checks: what a translation must keep from its source.

Per segment: link and image targets, code spans and line structure. Per document: the
block structure of the built article must equal the source's (the idea of mdformat's
`is_md_equal`), so no translation can turn a paragraph into a list or split a table.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from .model import Segment
from .segment import block_parser, markdown_parser

if TYPE_CHECKING:
    from markdown_it.token import Token

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
UNESCAPED_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")
"""A `|` that would end a table cell (the group holds the backslash pairs before it)."""
_UNESCAPED_BRACKET = re.compile(r"(?<!\\)(?:\\\\)*[\[\]]")
_TEXT_CONTENT_BLOCKS = frozenset({"fence", "code_block", "html_block"})


def inline_facts(markdown: str) -> Counter[tuple[str, str]]:
    """Link targets, image sources, code spans and inline HTML tags of an inline Markdown text."""
    facts: Counter[tuple[str, str]] = Counter()
    if "[" not in markdown and "`" not in markdown and "<" not in markdown:
        return facts  # each of these needs one of the three: no parse needed
    for token in walk(markdown_parser().parseInline(markdown)):
        if token.type == "link_open":
            facts[("link target", str(token.attrGet("href")))] += 1
        elif token.type == "image":
            facts[("image source", str(token.attrGet("src")))] += 1
        elif token.type == "code_inline":
            facts[("code span", token.content)] += 1
        elif token.type == "html_inline":
            facts[("inline HTML", token.content)] += 1
    return facts


def segment_problems(segment: Segment, translation: str) -> list[str]:
    """Why `translation` cannot replace `segment` as it stands; empty when it can."""
    what = segment.kind
    if "\n" in translation and not segment.multiline:
        return [f"line break in a {what} translation"]
    if _BLANK_LINE.search(translation):
        return [f"blank line in a {what} translation would split it into several blocks"]
    if segment.syntax.startswith("yaml"):
        return []
    if segment.kind in ("image alt", "contents entry") and _brackets(translation) != _brackets(segment.source):
        return [f"unescaped '[' or ']' in a {what} translation would end the link text early"]
    source_facts, translated_facts = inline_facts(segment.source), inline_facts(translation)
    problems = []
    for (kind, value), count in sorted((source_facts - translated_facts).items()):
        problems.append(f"translation drops {kind} '{value}'" + (f" ({count}×)" if count > 1 else ""))
    for (kind, value), count in sorted((translated_facts - source_facts).items()):
        problems.append(f"translation adds {kind} '{value}'" + (f" ({count}×)" if count > 1 else ""))
    return problems


def _brackets(text: str) -> list[str]:
    """The unescaped `[` and `]` of a text, in order (an alt text may nest them, balanced)."""
    return [match[-1] for match in _UNESCAPED_BRACKET.findall(text)]


def block_signature(text: str, code_translated: bool = False, tokens: Sequence[Token] = ()) -> str:
    """A digest of the block structure of a Markdown text, blind to the wording of its inline text.

    With `code_translated`, fenced code is compared without its comments and strings. A
    digest, not the token list, so a large article is compared in little memory. `tokens`:
    the text's block tokens, when already parsed.
    """
    digest = hashlib.sha1()
    for token in tokens or block_parser().parse(text):
        if token.type == "inline":
            continue
        entry: tuple[object, ...] = (token.type, token.tag, token.level, token.markup, token.info)
        if token.type == "fence" and code_translated:
            from .codeblocks import skeleton

            entry += (skeleton(token.info, token.content),)
        elif token.type in _TEXT_CONTENT_BLOCKS:
            entry += (token.content,)
        if token.attrs:
            entry += (tuple(sorted((k, str(v)) for k, v in token.attrs.items())),)
        digest.update(repr(entry).encode("utf-8"))
    return digest.hexdigest()


def walk(tokens: list[Token]) -> Iterator[Token]:
    """Tokens and their children, depth first."""
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)
