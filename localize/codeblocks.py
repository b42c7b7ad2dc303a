"""Comments and string literals of fenced code, found with Pygments' lexers.

Only used with `code = "comments-and-strings"`: then a code sample's comments and strings
are segments like any other text, so samples can speak the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from pygments.token import Comment, String

if TYPE_CHECKING:
    from pygments.lexer import Lexer
    from pygments.token import _TokenType

PieceKind = Literal["comment", "string"]

_LANGUAGE = re.compile(r"[\w+#.-]+")
_DIRECTIVE = re.compile(r"\{\{#[^{}]*\}\}")
"""mdBook preprocessor directives (`{{#include file.rs:anchor}}`) are never text."""
_PUNCTUATION_ONLY = re.compile(r"\s*(?://(?![/!])|#+|--|;+)[ \t]+[^\w\s]+\s*")
MASK = "\ufffc"
"""Stands in for a comment or string when code is compared for structure."""


class Piece(NamedTuple):
    """A comment group or string literal inside a code block's content."""

    start: int
    end: int
    kind: PieceKind


@cache
def lexer_for(info: str) -> Lexer | None:
    """Pygments' lexer for a fence's info string (`rust,editable` → rust), or None.

    Only Pygments' own lexers are looked up: asking it for a name it does not know (`bob`,
    `ignore`) would scan every installed package for plugin lexers, a fifth of a second each.
    """
    match = _LANGUAGE.match(info.strip())
    if not match or match.group().lower() not in _builtin_aliases():
        return None
    # lazy: pygments.lexers costs 4 ms at import; only code = "comments-and-strings" needs it
    from pygments.lexers import get_lexer_by_name

    return get_lexer_by_name(match.group().lower(), stripnl=False, ensurenl=False)


@lru_cache(maxsize=1)
def _builtin_aliases() -> frozenset[str]:
    # lazy: pygments.lexers costs 4 ms at import; only code = "comments-and-strings" needs it
    from pygments.lexers import get_all_lexers

    return frozenset(alias for _, aliases, _, _ in get_all_lexers(plugins=False) for alias in aliases)


@cache
def _kind(token_type: _TokenType) -> PieceKind | None:
    """"comment", "string" or None for a Pygments token type (a few dozen recur)."""
    if _is_a(token_type, String.Char):
        return None  # one character: code, not text
    if _is_a(token_type, String.Doc) or (
        _is_a(token_type, Comment)
        and not any(_is_a(token_type, code) for code in (Comment.Preproc, Comment.Hashbang, Comment.PreprocFile))
    ):
        return "comment"
    if _is_a(token_type, String):
        return "string"
    return None


def _is_a(token_type: _TokenType, parent: _TokenType) -> bool:
    """Pygments' `token_type in parent`: the type is `parent` or one of its subtypes."""
    # The stubs make _TokenType a tuple of str, so mypy takes `in` for a search among strings.
    return token_type in parent  # type: ignore[comparison-overlap]


def _tokens(lexer: Lexer, content: str) -> list[tuple[int, PieceKind | None, str]]:
    """(offset, kind, text) tokens; a line comment takes the newline that ends it."""
    tokens: list[tuple[int, PieceKind | None, str]] = []
    carry = False
    for index, token_type, value in lexer.get_tokens_unprocessed(content):
        if carry and value.startswith("\n"):
            offset, kind, text = tokens[-1]
            tokens[-1] = (offset, kind, text + "\n")
            index, value = index + 1, value[1:]
            if not value:
                carry = False
                continue
        kind = _kind(token_type)
        if kind == "comment" and _PUNCTUATION_ONLY.fullmatch(value):
            kind = None  # an elision such as `// ...` separates two comments
        carry = kind == "comment" and not _is_a(token_type, Comment.Multiline) and not value.endswith("\n")
        tokens.append((index, kind, value))
    return tokens


def pieces(lexer: Lexer, content: str) -> Iterator[Piece]:
    """Comment groups and whole string literals, in order, outside `{{#include …}}` directives."""
    directives = [m.span() for m in _DIRECTIVE.finditer(content)]
    for piece in _lexed_pieces(lexer, content):
        if not any(start < piece.end and piece.start < end for start, end in directives):
            yield piece


@lru_cache(maxsize=256)
def _lexed_pieces(lexer: Lexer, content: str) -> tuple[Piece, ...]:
    """Comment groups (consecutive comment lines merge) and whole string literals, in order.

    Remembered for the last blocks seen: a build lexes an article's code when it segments
    it and again when it compares the structure of the source with that of the result.
    """
    return tuple(_grouped_pieces(lexer, content))


def _grouped_pieces(lexer: Lexer, content: str) -> Iterator[Piece]:
    current: Piece | None = None
    for index, kind, value in _tokens(lexer, content):
        if kind is None:
            if current is not None and current.kind == "comment" and value.strip() == "":
                if value.count("\n") + (content[current.end - 1] == "\n") <= 1:
                    continue  # indentation between two comment lines
            if current is not None:
                yield current
                current = None
            continue
        if current is not None and current.kind == kind and _joins(content, current, index, kind):
            current = Piece(current.start, index + len(value), kind)
            continue
        if current is not None:
            yield current
        current = Piece(index, index + len(value), kind)
    if current is not None:
        yield current


def _joins(content: str, current: Piece, index: int, kind: str) -> bool:
    gap = content[current.end : index]
    if kind == "string":
        return gap == ""
    return gap.strip() == "" and gap.count("\n") + (1 if content[current.end - 1] == "\n" else 0) <= 1


def is_single(lexer: Lexer, text: str, kind: str) -> bool:
    """Whether `text` lexes as exactly one comment group or one string literal."""
    found = list(pieces(lexer, text))
    if len(found) != 1 or found[0].kind != kind:
        return False
    piece = found[0]
    return text[: piece.start].strip() == "" and text[piece.end :].strip() == ""


def skeleton(info: str, content: str) -> str:
    """The code with every comment and string replaced by a mark: what translation must keep."""
    lexer = lexer_for(info)
    if lexer is None:
        return content
    parts = []
    position = 0
    for piece in pieces(lexer, content):
        parts.append(content[position : piece.start])
        parts.append(MASK + piece.kind)
        position = piece.end
        if content[piece.end - 1 : piece.end] == "\n":
            parts.append("\n")
    parts.append(content[position:])
    return re.sub(r"[ \t]+", " ", "".join(parts))
