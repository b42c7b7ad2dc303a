"""Core data types shared by every stage: segments, documents, diagnostics.

This module imports nothing from the project and nothing outside the standard library.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal, NewType

Severity = Literal["error", "warning"]
SegmentKind = Literal[
    "heading",
    "paragraph",
    "list item",
    "quote",
    "table cell",
    "image alt",
    "contents entry",
    "front matter",
    "code comment",
    "code string",
]
"""What a segment is; catalogs show it in the entry's `#.` comment."""
MarkupSyntax = Literal[
    "markdown", "table cell", "yaml plain", "yaml double", "yaml single", "toml basic", "toml literal"
]
"""How a translation is written into text that is not code."""
CodeSyntax = NewType("CodeSyntax", str)
"""`code:` and the info string of the fence (`code:rust,editable`): a comment or string of fenced code."""
Syntax = MarkupSyntax | CodeSyntax


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range of character offsets into `Document.text`."""

    start: int
    """First character, inclusive."""
    end: int
    """One past the last character."""


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable piece of an article and where it sits in the source."""

    kind: SegmentKind
    """What the segment is: "heading", "paragraph", "list item", "table cell", "image alt", …"""
    source: str
    """The msgid: inline Markdown as written, soft breaks joined by one space."""
    span: Span
    """Where the text sits in the file; spans of one document never overlap."""
    line: int
    """1-based line of the span's start, for `#:` references and diagnostics."""
    prefix: str = ""
    """Inserted after each newline of a translation (container prefixes such as "> " or "  ")."""
    eol: str = "\n"
    """Line ending used when a translation spans several lines."""
    section: tuple[str, ...] = ()
    """Heading path (texts of the enclosing headings, outermost first)."""
    comment: str = ""
    """What and where the segment is, for the translator (`#.` comment)."""
    context: str | None = None
    """msgctxt, only to tell identical text apart."""
    multiline: bool = True
    """Whether a translation may contain newlines (not in headings or table cells)."""
    syntax: Syntax = "markdown"
    """How a translation is written into the span: "markdown", "table cell" (pipes escaped),
    a YAML scalar style ("yaml plain", "yaml double", "yaml single"), a TOML string
    ("toml basic", "toml literal"), or `code:` and the fence's info string."""
    place: tuple[int, ...] = ()
    """Where in its structure: (level,) for a heading, (table, row, column) for a table cell."""


@dataclass(frozen=True, slots=True)
class Document:
    """A source article: its exact text and its segments in document order."""

    path: str
    """POSIX path relative to the project root."""
    text: str
    """The file's text exactly as read (line endings kept)."""
    segments: tuple[Segment, ...]
    """Segments in document order, with non-overlapping spans."""
    name: str = ""
    """The article's name: its path below the articles directory, without `.md`."""
    signatures: tuple[str, ...] = ()
    """When asked for: digests of the text's block structure, without and with the comments
    and strings of code masked (a build compares them with those of its result)."""
    definitions: Mapping[str, object] = field(default_factory=dict)
    """markdown-it's environment after the block pass: the article's reference and footnote
    definitions, so that a segment's inline text is read as in the article."""

    def rebuild(self, replacement: Callable[[Segment], str | None]) -> str:
        """Splice replacements into the text; `None` keeps the source bytes of that segment."""
        pieces: list[str] = []
        position = 0
        for segment in self.segments:
            new = replacement(segment)
            if new is None:
                continue
            pieces.append(self.text[position : segment.span.start])
            pieces.append(new)
            position = segment.span.end
        if not pieces:
            return self.text
        pieces.append(self.text[position:])
        return "".join(pieces)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding about a file, printed as `path:line: severity: message`."""

    path: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        return f"{location}: {self.severity}: {self.message}"


class LocalizeError(Exception):
    """A fatal problem with the user's input; wraps one diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic

    def __reduce__(self) -> tuple[type[LocalizeError], tuple[Diagnostic]]:
        return (LocalizeError, (self.diagnostic,))  # so it crosses process boundaries
