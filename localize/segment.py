"""Split a Markdown article into translatable segments with exact source spans.

markdown-it-py gives block tokens with line maps (0-based, end-exclusive). Each segment's
character span is found by locating the token's content in those source lines, so the
build can splice translations into the original text and copy every other byte.

One rule per block kind, found by token type (as markdown-it's own rules and mdformat's
`RENDERERS` are): `RULES` maps a block token's type to its rule, `CONTENT_RULES` maps the
type of the token that opens an `inline` token (heading, paragraph, table cell) to the rule
for its text, and `IGNORED` names the block tokens that need none. A rule reads positions
from the document's `SourceMap` and shares the walk's `_State` with the other rules.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import accumulate
from operator import add
from typing import TYPE_CHECKING, TypeAlias

from .checks import block_signature
from .codeblocks import PieceKind, lexer_for, pieces
from .inline import Context, analyze
from .model import CodeSyntax, Document, MarkupSyntax, Segment, SegmentKind, Span, Syntax
from .parsing import (
    EOL,
    block_tokens,
    markdown_parser,
    mask_toml_front_matter,
    normalize,
    toml_front_matter_end,
)

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = [
    "CONTENT_RULES",
    "IGNORED",
    "RULES",
    "SegmentOptions",
    "SourceMap",
    "has_letters",
    "parse",
    "visible_letters",
    "yaml_plain_is_string",
]

_CELL_LINE_PREFIX = re.compile(r"(?:[ \t]*>[ \t]?)*[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?")
_DIRECTIVE = re.compile(
    r"<!--\s*(?P<tool>localize|mdbook-xgettext)\s*:\s*(?P<verb>[\w-]+)(?P<arg>(?:(?!-->|<!--).)*)-->",
    re.DOTALL,
)
_PREPROCESSOR_ONLY = re.compile(r"(?:\{\{[^{}]*\}\}\s*)+")
"""A paragraph of mdBook/Hugo preprocessor directives (`{{#include file.rs}}`) is not text."""
_MAYBE_HIDDEN = frozenset("[<&")
"""Characters that begin something a reader may not see as text (a target, tag, entity)."""
_PLAIN_LINK = re.compile(r"\[[^\[\]\\`<>&]*\]\([^()\s<>\\]*\)")
"""An inline that is surely one link and nothing else: no brackets, escapes, code, tags or
entities in its text, a plain target."""
_NOT_BLOCKS = frozenset({"inline", "html_block", "front_matter"})
"""Top-level tokens that do not use up a skip or comment directive."""
_FRONT_MATTER_KEY = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*)")
_TOML_KEY = re.compile(r"(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*(?P<value>.*)")
_YAML_OTHER_TYPES = frozenset("y yes n no true false on off null ~ .inf -.inf +.inf .nan".split() + ["", "<<", "="])
"""Plain YAML scalars (lower-cased) that YAML 1.1 or 1.2 reads as a boolean, null, number or
merge key rather than a string."""
_CONTAINER_KINDS: Mapping[str, SegmentKind] = {"list_item_open": "list item", "blockquote_open": "quote"}
"""The kind of a paragraph directly in a container, by the container's opening token."""
_CODE_KINDS: Mapping[PieceKind, SegmentKind] = {"comment": "code comment", "string": "code string"}

Located = tuple[int, int, int]
"""A line of a block's content: (line, start column, end column)."""
Scalar = tuple[int, int, MarkupSyntax, str]
"""A one-line front matter value: (start, end) of its text in the raw value, its syntax, its value."""


@dataclass(frozen=True, slots=True)
class SegmentOptions:
    """What to offer for translation besides the standard blocks."""

    front_matter_keys: tuple[str, ...] = ("title", "description")
    """Top-level YAML front matter keys whose values are segments."""
    code: str = "none"
    """"none", or "comments-and-strings" to offer the comments and strings of fenced code."""
    toc: bool = False
    """A table of contents (mdBook's SUMMARY.md): an item that is only a link offers its text."""


def visible_letters(markdown: str, env: Mapping[str, object] | None = None) -> bool:
    """Whether inline Markdown shows any letter to a reader (link targets, tags, entities
    aside), read with the article's definitions `env`."""
    first = next((i for i, ch in enumerate(markdown) if ch in _MAYBE_HIDDEN), len(markdown))
    if has_letters(markdown[:first]):
        return True  # letters before anything that could hide them
    return has_letters(analyze(markdown, Context.of(env or {})).text)


def has_letters(text: str) -> bool:
    """Whether `text` holds anything a translator could translate."""
    return any(ch.isalpha() for ch in text)


def parse(
    path: str, text: str, *, name: str = "", options: SegmentOptions | None = None, signatures: bool = False
) -> Document:
    """Segment one article. Pure: no I/O, the same input always gives the same segments.

    With `signatures`, the document also holds the digests of its block structure, taken
    from the tokens the segments came from.
    """
    options = options or SegmentOptions()
    state = _State(SourceMap.of(text), options)
    toml_end = toml_front_matter_end(state.source.lines)
    if toml_end:
        _toml_front_matter(state, toml_end)
        tokens = block_tokens(mask_toml_front_matter(state.source.normalized), state.env)
    else:
        tokens = block_tokens(state.source.normalized, state.env)
    _walk(state, tokens)
    digests: tuple[str, ...] = ()
    if signatures:
        plain = block_signature(text, False, tokens)
        digests = (plain, block_signature(text, True, tokens) if options.code != "none" else plain)
    env = state.env
    definitions: dict[str, object] = {key: env[key] for key in ("references", "footnotes") if key in env}
    return Document(
        path=path, text=text, segments=tuple(state.segments), name=name, signatures=digests, definitions=definitions
    )


# -- positions -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceMap:
    """An article's text and where its lines start, to turn (line, column) into offsets."""

    text: str
    """The text exactly as read."""
    normalized: str
    """The text as markdown-it reads it (`normalize`): each line as long as in `text`."""
    lines: Sequence[str]
    """The lines of `normalized`, without their endings."""
    line_starts: Sequence[int]
    """The offset in `text` where each line starts."""
    default_eol: str
    """The text's first line ending (`\\n` when it has none)."""

    @classmethod
    def of(cls, text: str) -> SourceMap:
        normalized = normalize(text)
        lines = normalized.split("\n")
        if "\r" in text:
            line_starts = [0] + [m.end() for m in EOL.finditer(text)]
        else:  # every line ends in one "\n": each starts one past the end of the one before
            line_starts = [0, *accumulate(map(partial(add, 1), map(len, lines[:-1])))]
        first_eol = EOL.search(text)
        return cls(text, normalized, lines, line_starts, first_eol.group() if first_eol else "\n")

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line] + column

    def eol_after(self, line: int) -> str:
        """The line ending of `line` as written (the text's first one for the last line)."""
        if line + 1 < len(self.line_starts):
            end = self.line_starts[line] + len(self.lines[line])
            return self.text[end : self.line_starts[line + 1]]
        return self.default_eol

    def locate_lines(self, first: int, content: str) -> list[Located] | None:
        """Find each line of a block's content, from line `first` on, or None where one is not found."""
        located = []
        parts = content.split("\n")
        lines = self.lines
        for index, part in enumerate(parts):
            line_no = first + index
            if line_no >= len(lines):
                return None
            line = lines[line_no]
            if index == len(parts) - 1:
                line = line.rstrip()
            if not line.endswith(part):
                stripped = part.lstrip()
                if not line.endswith(stripped):
                    return None
                part = stripped
            located.append((line_no, len(line) - len(part), len(line)))
        return located

    def span_and_source(self, located: Sequence[Located], keep_breaks: bool = False) -> tuple[Span, str]:
        """The span covering the located lines, and the msgid (soft breaks as spaces, or
        kept as line breaks with `keep_breaks`)."""
        first_line, first_col, _ = located[0]
        last_line, _, last_end = located[-1]
        span = Span(self.offset(first_line, first_col), self.offset(last_line, last_end))
        parts: list[str] = []  # joined once at the end: a string rebuilt per line is quadratic
        for line, start, end in located:
            piece = self.lines[line][start:end]
            if not parts:
                parts.append(piece)
            elif keep_breaks or _ends_with_hard_break(parts[-1]):
                parts.append("\n" + piece.lstrip(" \t"))
            else:
                parts[-1] = parts[-1].rstrip(" \t")
                parts.append(" " + piece.lstrip(" \t"))
        return span, "".join(parts)


# -- what the rules share --------------------------------------------------------------


@dataclass(slots=True)
class _Sections:
    """The headings the walk is under, and how many of each kind of segment each section has."""

    headings: list[tuple[int, str]] = field(default_factory=list)
    """(level, text) of the enclosing headings, outermost first."""
    path: tuple[str, ...] = ()
    """Texts of `headings`: the section the walk is in."""
    title_seen: bool = False
    counters: dict[tuple[tuple[str, ...], str], int] = field(default_factory=dict)

    def enter_heading(self, level: int, text: str) -> tuple[str, ...]:
        """Enter the section a heading opens; the first heading, at level 1, is the title and opens none."""
        if level == 1 and not self.title_seen and not self.headings:
            self.title_seen = True
            return ()
        self.title_seen = True
        self.headings = [(at, title) for at, title in self.headings if at < level] + [(level, text)]
        self.path = tuple(title for _, title in self.headings)
        return self.path

    def describe(self, kind: str, detail: str = "") -> str:
        """The `#.` comment of the next segment of `kind` in this section: "paragraph 2 · section …"."""
        key = (self.path, kind)
        number = self.counters.get(key, 0) + 1
        self.counters[key] = number
        text = f"{kind} {number}{detail}"
        if self.path:
            text += f' · section "{" › ".join(self.path)}"'
        return text


@dataclass(slots=True)
class _Directives:
    """`<!-- localize: skip -->`, `skip-start`, `skip-end` and `comment` directives in force."""

    skip_next: bool = False
    skipping: bool = False
    comment: str = ""
    """The translator comment for the next block."""
    level: int | None = None
    """Nesting level of the last skip or comment directive, until the next block there ends."""

    def skips(self) -> bool:
        return self.skipping or self.skip_next

    def done(self) -> None:
        """The block after a skip or comment directive ended: the directive is used up."""
        self.skip_next = False
        self.comment = ""
        self.level = None


@dataclass(slots=True)
class _Table:
    """State of the table being walked."""

    number: int
    """Tables counted from 1 in the document."""
    name: str = ""
    """The text of its first header cell."""
    headers: list[str] = field(default_factory=list)
    row: int = -1
    """0 for the header row, then 1, 2, … for body rows."""
    column: int = 0
    cells: list[tuple[int, int]] = field(default_factory=list)
    """(start, end) columns of the current row's cells."""


@dataclass(slots=True)
class _State:
    """What the rules of one document share while the walk goes over its tokens."""

    source: SourceMap
    options: SegmentOptions
    env: dict[str, object] = field(default_factory=dict)
    """markdown-it's environment: reference definitions, for inline parsing."""
    segments: list[Segment] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)
    """Opening token types of the enclosing block quotes and list items."""
    sections: _Sections = field(default_factory=_Sections)
    directives: _Directives = field(default_factory=_Directives)
    table: _Table | None = None
    tables: int = 0

    def add(
        self,
        kind: SegmentKind,
        span: Span,
        line: int,
        comment: str,
        *,
        source: str | None = None,
        prefix: str = "",
        eol: str = "\n",
        multiline: bool = True,
        syntax: Syntax = "markdown",
        place: tuple[int, ...] = (),
    ) -> None:
        """Record a segment; `line` is 0-based, `source` defaults to the span's text."""
        if self.directives.comment:
            comment = f"{comment}\n{self.directives.comment}"
        text = self.source.text
        self.segments.append(
            Segment(
                kind=kind,
                source=text[span.start : span.end] if source is None else source,
                span=span,
                line=line + 1,
                prefix=prefix,
                eol=eol,
                section=self.sections.path,
                comment=comment,
                multiline=multiline,
                syntax=syntax,
                place=place,
            )
        )


# -- the walk --------------------------------------------------------------------------

Rule: TypeAlias = "Callable[[_State, Sequence[Token], int], None]"
"""A block rule: the state, the document's block tokens and the index of the token it is for."""
ContentRule: TypeAlias = "Callable[[_State, Token, Token], None]"
"""A rule for the text of a block: the state, the block's opening token and its `inline` token."""


def _walk(state: _State, tokens: Sequence[Token]) -> None:
    rules = RULES
    directives = state.directives
    for index, token in enumerate(tokens):
        kind = token.type
        rule = rules.get(kind)
        if rule is not None:
            rule(state, tokens, index)
        if (
            directives.level is not None
            and token.nesting <= 0
            and kind not in _NOT_BLOCKS
            and token.level <= directives.level
        ):
            directives.done()


def _content(state: _State, tokens: Sequence[Token], index: int) -> None:
    """The text of a block: the rule for the token that opened it."""
    opening = tokens[index - 1]
    rule = (SKIPPED_CONTENT_RULES if state.directives.skips() else CONTENT_RULES).get(opening.type)
    if rule is not None:
        rule(state, opening, tokens[index])


# -- containers ------------------------------------------------------------------------


def _enter_container(state: _State, tokens: Sequence[Token], index: int) -> None:
    state.containers.append(tokens[index].type)


def _leave_container(state: _State, tokens: Sequence[Token], index: int) -> None:
    state.containers.pop()


# -- directives ------------------------------------------------------------------------


def _directives(state: _State, tokens: Sequence[Token], index: int) -> None:
    """An HTML block's `<!-- localize: … -->` (and mdbook-xgettext's) directives."""
    token = tokens[index]
    directives = state.directives
    for match in _DIRECTIVE.finditer(token.content):
        verb, argument = match.group("verb"), match.group("arg").strip()
        if verb == "skip":
            directives.skip_next = True
            directives.level = token.level
        elif verb == "skip-start":
            directives.skipping = True
        elif verb == "skip-end":
            directives.skipping = False
        elif verb == "comment" and match.group("tool") == "localize":
            directives.comment = argument
            directives.level = token.level


# -- headings --------------------------------------------------------------------------


def _skipped_heading(state: _State, opening: Token, inline: Token) -> None:
    """A heading not offered still opens its section."""
    state.sections.enter_heading(int(opening.tag[1:]), inline.content)


def _heading(state: _State, opening: Token, inline: Token) -> None:
    assert opening.map is not None
    level = int(opening.tag[1:])
    content = inline.content
    section = state.sections.enter_heading(level, content)
    if not visible_letters(content, state.env):
        return
    source_map = state.source
    first = opening.map[0]
    if opening.markup in ("=", "-"):
        located = source_map.locate_lines(first, content)
        if located is None:
            return
        span, source = source_map.span_and_source(located)
    else:
        line = source_map.lines[first]
        start = line.find(content, line.index("#") + level)
        if start < 0:
            return
        span = Span(source_map.offset(first, start), source_map.offset(first, start + len(content)))
        source = content
    where = f' · section "{" › ".join(section)}"' if section else " · title"
    state.add("heading", span, first, f"heading {level}{where}", source=source, multiline=False, place=(level,))


# -- paragraphs ------------------------------------------------------------------------


def _paragraph(state: _State, opening: Token, inline: Token) -> None:
    assert opening.map is not None
    content = inline.content
    if not has_letters(content) or _PREPROCESSOR_ONLY.fullmatch(content):
        return
    source_map = state.source
    located = source_map.locate_lines(opening.map[0], content)
    if located is None or _links_or_images(state, content, located) or not visible_letters(content, state.env):
        return
    span, source = source_map.span_and_source(located)
    if len(located) > 1 and _joining_changes_inline(state, located, content, source):
        span, source = source_map.span_and_source(located, keep_breaks=True)
    containers = state.containers
    kind = _CONTAINER_KINDS.get(containers[-1], "paragraph") if containers else "paragraph"
    first_line, first_col, _ = located[0]
    prefix = _continuation_prefix(source_map.lines[first_line][:first_col])
    eol = source_map.eol_after(first_line)
    state.add(kind, span, first_line, state.sections.describe(kind), source=source, prefix=prefix, eol=eol)


def _links_or_images(state: _State, content: str, located: list[Located]) -> bool:
    """Offer a paragraph made only of images as their alt texts, and a table of contents
    entry that is only a link as its text; whether the paragraph was one of those."""
    toc = state.options.toc
    if toc and len(located) == 1 and _PLAIN_LINK.fullmatch(content):
        _contents_entry(state, content, located[0])  # what the inline parse below would find, sooner
        return True
    if "![" not in content and not (toc and content.startswith("[")):
        return False
    children = _inline_children(content, state.env)
    if _only_images(children):
        _image_alts(state, children, located)
        return True
    if toc and len(located) == 1 and _only_link(children):
        _contents_entry(state, content, located[0])
        return True
    return False


def _inline_children(content: str, env: dict[str, object]) -> list[Token]:
    """Inline tokens of a block's content (reference links resolved)."""
    tokens = markdown_parser().parseInline(content, env)
    return tokens[0].children or [] if tokens else []


def _image_alts(state: _State, children: list[Token], located: list[Located]) -> None:
    """Alt texts of a paragraph made only of images become segments of their own."""
    # Map offsets in the joined content back to (line, column).
    lines = state.source.lines
    pieces = [(line, start, lines[line][start:end]) for line, start, end in located]
    joined = "\n".join(piece for _, _, piece in pieces)
    piece_starts = list(accumulate((len(piece) + 1 for _, _, piece in pieces[:-1]), initial=0))
    cursor = 0
    for image in _images(children):
        alt = image.content
        found = joined.find("![" + alt + "]", cursor)
        if found < 0:
            return
        cursor = found + len(alt) + 3
        if not has_letters(alt) or "\n" in alt or _is_label(joined, cursor):
            continue
        position = found + 2
        which = bisect_right(piece_starts, position) - 1
        line, start, _ = pieces[which]
        begin = state.source.offset(line, start + position - piece_starts[which])
        span = Span(begin, begin + len(alt))
        state.add("image alt", span, line, state.sections.describe("image alt"), multiline=False)


def _contents_entry(state: _State, content: str, located: Located) -> None:
    """The text of a table-of-contents entry `[text](target)`; the target stays as it is."""
    end = _label_end(content)
    if end is None or not has_letters(content[1:end]) or _is_label(content, end + 1):
        return
    line, start, _ = located
    begin = state.source.offset(line, start + 1)
    span = Span(begin, begin + end - 1)
    state.add("contents entry", span, line, state.sections.describe("contents entry"), multiline=False)


def _joining_changes_inline(state: _State, located: list[Located], content: str, source: str) -> bool:
    """Whether joining the lines with spaces changes a code span (white space lost at a
    line end), inline HTML (a tag or comment across lines) or a link (`<a` + newline +
    `b>` is HTML, `<a b>` a link). Parsed only when the text can hold such a change."""
    lines = state.source.lines
    code_may_change = "`" in content and any(lines[line][end - 1 : end] in (" ", "\t") for line, _, end in located[:-1])
    if not code_may_change and "<" not in content:
        return False
    return _breaking_facts(content, state.env) != _breaking_facts(source, state.env)


def _breaking_facts(markdown: str, env: dict[str, object]) -> list[tuple[str, str]]:
    """Code spans, inline HTML and link targets of an inline text, in order."""
    return [
        (t.type, t.content if t.type != "link_open" else str(t.attrGet("href")))
        for t in _inline_children(markdown, env)
        if t.type in ("code_inline", "html_inline", "link_open")
    ]


# -- tables ----------------------------------------------------------------------------


def _table_open(state: _State, tokens: Sequence[Token], index: int) -> None:
    state.tables += 1
    state.table = _Table(number=state.tables)


def _table_close(state: _State, tokens: Sequence[Token], index: int) -> None:
    state.table = None


def _row(state: _State, tokens: Sequence[Token], index: int) -> None:
    token = tokens[index]
    assert token.map is not None and state.table is not None
    line = state.source.lines[token.map[0]]
    prefix = _CELL_LINE_PREFIX.match(line)
    table = state.table
    table.cells = list(_split_cells(line, prefix.end() if prefix else 0))
    table.column = 0
    table.row += 1


def _header_cell(state: _State, opening: Token, inline: Token) -> None:
    _cell(state, True, inline)


def _body_cell(state: _State, opening: Token, inline: Token) -> None:
    _cell(state, False, inline)


def _cell(state: _State, header: bool, inline: Token) -> None:
    table = state.table
    assert table is not None and inline.map is not None
    column = table.column
    table.column += 1
    line_no = inline.map[0]
    if column >= len(table.cells):
        return
    start, end = table.cells[column]
    raw = state.source.lines[line_no][start:end]
    if header:
        table.headers.append(raw)
        if column == 0:
            table.name = raw
    if raw.replace("\\|", "|") != inline.content or not visible_letters(inline.content, state.env):
        return
    if header:
        comment = f"table {_quote(table.name)} · header · column {column + 1}"
    else:
        headers = table.headers
        heading = headers[column] if column < len(headers) and headers[column] else str(column + 1)
        comment = f"table {_quote(table.name)} · row {table.row} · column {_quote(heading)}"
    span = Span(state.source.offset(line_no, start), state.source.offset(line_no, end))
    place = (table.number, table.row, column)
    state.add("table cell", span, line_no, comment, multiline=False, syntax="table cell", place=place)


# -- fenced code -----------------------------------------------------------------------


def _fence(state: _State, tokens: Sequence[Token], index: int) -> None:
    """Comments and string literals of a fenced code block in a known language."""
    if state.options.code != "comments-and-strings" or state.directives.skips():
        return
    token = tokens[index]
    lexer = lexer_for(token.info)
    if lexer is None or not token.content:
        return
    starts = _code_lines(state.source, token)
    if starts is None:
        return
    source_map = state.source
    content = token.content
    language = lexer.aliases[0] if lexer.aliases else lexer.name
    syntax = CodeSyntax(f"code:{token.info.strip()}")
    for piece in pieces(lexer, content):
        text = content[piece.start : piece.end]
        if not has_letters(text):
            continue
        # A trailing newline belongs to the msgid (as in mdbook catalogs), not to the span.
        end = piece.end - 1 if text.endswith("\n") else piece.end
        start_offset, line_no, column = _locate_code(source_map, starts, piece.start)
        end_offset = _locate_code(source_map, starts, end - 1)[0] + 1 if end > piece.start else start_offset
        kind = _CODE_KINDS[piece.kind]
        state.add(
            kind,
            Span(start_offset, end_offset),
            line_no,
            state.sections.describe(kind, f" in {language}"),
            source=text,
            prefix=source_map.lines[line_no][:column],
            eol=source_map.eol_after(line_no),
            syntax=syntax,
        )


def _code_lines(source_map: SourceMap, token: Token) -> list[tuple[int, int, int]] | None:
    """Where each line of a fence's content starts: (content offset, source line, source
    column); None when the content does not match the source (a tab split by indentation)."""
    assert token.map is not None
    lines = source_map.lines
    starts: list[tuple[int, int, int]] = []
    offset = 0
    for index, part in enumerate(token.content.removesuffix("\n").split("\n")):
        line_no = token.map[0] + 1 + index
        if line_no >= len(lines) or not lines[line_no].endswith(part):
            return None
        starts.append((offset, line_no, len(lines[line_no]) - len(part)))
        offset += len(part) + 1
    return starts


def _locate_code(source_map: SourceMap, starts: list[tuple[int, int, int]], position: int) -> tuple[int, int, int]:
    """(source offset, source line, container column) of a content offset."""
    for content_start, line_no, column in reversed(starts):
        if content_start <= position:
            return source_map.offset(line_no, column + position - content_start), line_no, column
    raise AssertionError("position before the content")


# -- front matter ----------------------------------------------------------------------


def _toml_front_matter(state: _State, end: int) -> None:
    """Top-level `key = "value"` lines of TOML front matter, for the configured keys (no
    token: markdown-it knows only YAML front matter, the walk starts after it)."""
    lines = state.source.lines
    for line_no in range(1, end - 1):
        line = lines[line_no]
        if line.lstrip().startswith("["):
            return  # a table: the keys after it are not top-level
        match = _TOML_KEY.fullmatch(line)
        if not match or match.group("key") not in state.options.front_matter_keys:
            continue
        scalar = _toml_string(match.group("value"))
        if scalar is None or not has_letters(scalar[3]):
            continue
        _front_matter_value(state, line_no, match, scalar)


def _yaml_front_matter(state: _State, tokens: Sequence[Token], index: int) -> None:
    """Top-level `key: value` lines of YAML front matter, for the configured keys."""
    token = tokens[index]
    assert token.map is not None
    wanted = state.options.front_matter_keys
    lines = state.source.lines
    for line_no in range(token.map[0] + 1, token.map[1] - 1):
        match = _FRONT_MATTER_KEY.fullmatch(lines[line_no])
        if not match or match.group("key") not in wanted:
            continue
        scalar = _yaml_scalar(match.group("value"))
        if scalar is None or not has_letters(scalar[3]):
            continue
        _front_matter_value(state, line_no, match, scalar)


def _front_matter_value(state: _State, line_no: int, match: re.Match[str], scalar: Scalar) -> None:
    begin, end, syntax, value = scalar
    offset = match.start("value")
    span = Span(state.source.offset(line_no, offset + begin), state.source.offset(line_no, offset + end))
    comment = f"front matter · {match.group('key')}"
    state.add("front matter", span, line_no, comment, source=value, multiline=False, syntax=syntax)


# -- the rule tables -------------------------------------------------------------------

RULES: Mapping[str, Rule] = {
    "inline": _content,
    "blockquote_open": _enter_container,
    "blockquote_close": _leave_container,
    "list_item_open": _enter_container,
    "list_item_close": _leave_container,
    "table_open": _table_open,
    "table_close": _table_close,
    "tr_open": _row,
    "fence": _fence,
    "html_block": _directives,
    "front_matter": _yaml_front_matter,
}
"""The rule for each block token type that has one."""

CONTENT_RULES: Mapping[str, ContentRule] = {
    "heading_open": _heading,
    "paragraph_open": _paragraph,
    "th_open": _header_cell,
    "td_open": _body_cell,
}
"""The rule for the text of each kind of block, by the type of the token that opens it."""

SKIPPED_CONTENT_RULES: Mapping[str, ContentRule] = {"heading_open": _skipped_heading}
"""What is still done with the text of a block that a skip directive leaves out."""

IGNORED = frozenset(
    {
        "paragraph_open",
        "paragraph_close",
        "heading_open",
        "heading_close",
        "bullet_list_open",
        "bullet_list_close",
        "ordered_list_open",
        "ordered_list_close",
        "thead_open",
        "thead_close",
        "tbody_open",
        "tbody_close",
        "tr_close",
        "th_open",
        "th_close",
        "td_open",
        "td_close",
        "code_block",
        "hr",
        "footnote_reference_open",
        "footnote_reference_close",
    }
)
"""Block token types with no rule of their own: the openings of blocks whose text a content
rule reads, closings that end nothing the walk keeps, and blocks with no text to offer (an
indented code block is code, a thematic break has none)."""


# -- helpers ---------------------------------------------------------------------------


def _quote(text: str) -> str:
    return f'"{text}"'


def _ends_with_hard_break(text: str) -> bool:
    if text.endswith("  "):
        return True
    backslashes = len(text) - len(text.rstrip("\\"))
    return backslashes % 2 == 1


def _continuation_prefix(first_line_prefix: str) -> str:
    """Container prefix for continuation lines: quote markers kept, list markers blanked."""
    return "".join(ch if ch in "> \t" else " " for ch in first_line_prefix)


def _split_cells(line: str, start: int) -> Iterator[tuple[int, int]]:
    """(start, end) columns of each table cell's trimmed raw text, as GFM splits a row."""
    bounds: list[tuple[int, int]] = []
    cell_start = start
    escaped = False
    for position in range(start, len(line)):
        char = line[position]
        if char == "|" and not escaped:
            bounds.append((cell_start, position))
            cell_start = position + 1
        escaped = char == "\\"
    bounds.append((cell_start, len(line)))
    if bounds and not line[bounds[0][0] : bounds[0][1]].strip():
        bounds.pop(0)
    if bounds and not line[bounds[-1][0] : bounds[-1][1]].strip():
        bounds.pop()
    for begin, end in bounds:
        text = line[begin:end]
        left = len(text) - len(text.lstrip(" \t"))
        right = len(text.rstrip(" \t"))
        yield (begin + left, begin + max(left, right))


def _yaml_scalar(raw: str) -> Scalar | None:
    """A one-line YAML scalar: (start, end) of its text inside `raw`, its style, its value.

    Block scalars, flow collections, anchors, tags and multi-line values are not offered.
    """
    text = raw.rstrip()
    if not text:
        return None
    quote = text[0]
    if quote in "'\"":
        if len(text) < 2 or not text.endswith(quote):
            return None
        inner = text[1:-1]
        if quote == "'":
            if "'" in inner.replace("''", ""):
                return None  # a lone quote ends the scalar early: not a one-line value
            return 1, len(text) - 1, "yaml single", inner.replace("''", "'")
        if re.search(r'\\[^"\\]', inner) or re.search(r'(?<!\\)"', inner):
            return None
        return 1, len(text) - 1, "yaml double", inner.replace('\\"', '"').replace("\\\\", "\\")
    if quote in "|>&*!%@`[{#,?:-" or " #" in text or not yaml_plain_is_string(text):
        return None  # not a one-line string (a boolean, number or date is no text either)
    return 0, len(text), "yaml plain", text


def yaml_plain_is_string(text: str) -> bool:
    """Whether YAML reads `text`, written plain, as a string: not a boolean, null, number,
    date or time (judged broadly: anything starting like a number is taken for one)."""
    lowered = text.strip().lower()
    if lowered in _YAML_OTHER_TYPES:
        return False
    first = lowered[:1]
    return not (first.isdigit() or (first in "+-." and lowered[1:2].isdigit()))


def _toml_string(raw: str) -> Scalar | None:
    """A one-line TOML string (basic or literal, a comment may follow): its text's (start,
    end) inside `raw`, its syntax, its value. Multi-line strings, other values, and escapes
    other than `\\"` and `\\\\` are not offered."""
    quote = raw[:1]
    if quote not in ("'", '"') or raw.startswith(quote * 3):
        return None
    if quote == "'":
        end = raw.find("'", 1)
        inner = raw[1:end]
    else:
        end, index = -1, 1
        while index < len(raw):
            if raw[index] == "\\":
                if raw[index + 1 : index + 2] not in ('"', "\\"):
                    return None
                index += 2
                continue
            if raw[index] == '"':
                end = index
                break
            index += 1
        inner = raw[1:end].replace('\\"', '"').replace("\\\\", "\\")
    if end <= 0:
        return None
    rest = raw[end + 1 :].strip()
    if rest and not rest.startswith("#"):
        return None
    return 1, end, "toml literal" if quote == "'" else "toml basic", inner


def _only_images(children: list[Token]) -> bool:
    has_image = False
    for child in children:
        if child.type == "image":
            has_image = True
        elif child.type == "text" and not child.content.strip():
            continue
        elif child.type not in ("softbreak", "hardbreak", "link_open", "link_close"):
            return False
    return has_image


def _only_link(children: list[Token]) -> bool:
    """Whether an inline is exactly one link (`[text](target)`, `[text][ref]`)."""
    significant = [c for c in children if not (c.type == "text" and not c.content.strip())]
    if len(significant) < 2 or significant[0].type != "link_open" or significant[-1].type != "link_close":
        return False
    return not any(c.type in ("link_open", "link_close") for c in significant[1:-1])


def _label_end(content: str) -> int | None:
    """Index of the `]` that closes the link label opening `content`, or None."""
    if not content.startswith("["):
        return None
    depth = 0
    escaped = False
    for index, char in enumerate(content):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
    return None


def _is_label(content: str, after: int) -> bool:
    """Whether the bracketed text ending before `after` is a reference label: it is followed
    by neither a target `(…)` nor a label of its own `[label]` (collapsed `[]`, shortcut)."""
    if content.startswith("(", after):
        return False
    return not (content.startswith("[", after) and not content.startswith("[]", after))


def _images(children: list[Token]) -> Iterator[Token]:
    return (child for child in children if child.type == "image")
