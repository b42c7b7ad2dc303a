"""Split a Markdown article into translatable segments with exact source spans.

markdown-it-py gives block tokens with line maps (0-based, end-exclusive). Each segment's
character span is found by locating the token's content in those source lines, so the
build can splice translations into the original text and copy every other byte.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import accumulate
from operator import add
from typing import TYPE_CHECKING

from .model import Document, Segment, Span

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_EOL = re.compile(r"\r\n|\r|\n")
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


@dataclass(frozen=True, slots=True)
class SegmentOptions:
    """What to offer for translation besides the standard blocks."""

    front_matter_keys: tuple[str, ...] = ("title", "description")
    """Top-level YAML front matter keys whose values are segments."""
    code: str = "none"
    """"none", or "comments-and-strings" to offer the comments and strings of fenced code."""
    toc: bool = False
    """A table of contents (mdBook's SUMMARY.md): an item that is only a link offers its text."""


@lru_cache(maxsize=2)
def _parser(inline: bool) -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    parser = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    parser.use(footnote_plugin, inline=False, move_to_end=False)
    return parser if inline else parser.disable("inline")


def markdown_parser() -> MarkdownIt:
    """The parser: CommonMark with GFM tables, footnotes and YAML front matter, raw HTML allowed."""
    return _parser(True)


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


def visible_letters(markdown: str, env: Mapping[str, object] | None = None) -> bool:
    """Whether inline Markdown shows any letter to a reader (link targets, tags, entities
    aside), read with the article's definitions `env`."""
    first = next((i for i, ch in enumerate(markdown) if ch in _MAYBE_HIDDEN), len(markdown))
    if has_letters(markdown[:first]):
        return True  # letters before anything that could hide them
    from .inline import Context, analyze

    return has_letters(analyze(markdown, Context.of(env or {})).text)


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
    lines = _EOL.split(text)
    end = toml_front_matter_end(lines)
    if not end:
        return text
    endings = _EOL.findall(text)
    return "".join(endings[:end]) + text[sum(map(len, lines[:end])) + sum(map(len, endings[:end])) :]


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
    builder = _Builder(text, options)
    toml_end = toml_front_matter_end(builder.lines)
    if toml_end:
        builder.toml_front_matter(toml_end)
        tokens = block_tokens(mask_toml_front_matter(builder.normalized), builder.env)
    else:
        tokens = block_tokens(builder.normalized, builder.env)
    builder.run(tokens)
    digests: tuple[str, ...] = ()
    if signatures:
        from .checks import block_signature

        plain = block_signature(text, False, tokens)
        digests = (plain, block_signature(text, True, tokens) if options.code != "none" else plain)
    definitions: dict[str, object] = {key: builder.env[key] for key in ("references", "footnotes") if key in builder.env}
    return Document(
        path=path, text=text, segments=tuple(builder.segments), name=name, signatures=digests, definitions=definitions
    )


@dataclass(slots=True)
class _Table:
    """State of the table being walked."""

    name: str
    number: int = 0
    """Tables counted from 1 in the document."""
    headers: list[str] = field(default_factory=list)
    row: int = -1
    """0 for the header row, then 1, 2, … for body rows."""
    column: int = 0
    cells: list[tuple[int, int]] = field(default_factory=list)


class _Builder:
    """Walks the token stream once and collects segments."""

    def __init__(self, text: str, options: SegmentOptions) -> None:
        self.text = text
        self.options = options
        self.normalized = normalize(text)
        self.lines = self.normalized.split("\n")
        if "\r" in text:
            self.line_starts = [0] + [m.end() for m in _EOL.finditer(text)]
        else:  # every line ends in one "\n": each starts one past the end of the one before
            self.line_starts = [0, *accumulate(map(partial(add, 1), map(len, self.lines[:-1])))]
        first_eol = _EOL.search(text)
        self.default_eol = first_eol.group() if first_eol else "\n"
        self.segments: list[Segment] = []
        self.env: dict[str, object] = {}
        """markdown-it's environment: reference definitions, for inline parsing."""
        self.containers: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self.section: tuple[str, ...] = ()
        """Texts of `headings`: the section the walk is in."""
        self.title_seen = False
        self.counters: dict[tuple[tuple[str, ...], str], int] = {}
        self.table: _Table | None = None
        self.tables = 0
        self.skip_next = False
        self.skipping = False
        self.pending_comment = ""
        self.directive_level: int | None = None
        """Nesting level of the last skip or comment directive, until the next block there ends."""

    # -- positions -----------------------------------------------------------------

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line] + column

    def eol_after(self, line: int) -> str:
        if line + 1 < len(self.line_starts):
            end = self.line_starts[line] + len(self.lines[line])
            return self.text[end : self.line_starts[line + 1]]
        return self.default_eol

    def locate_lines(self, first: int, content: str) -> list[tuple[int, int, int]] | None:
        """Find each line of a block's content as (line, start column, end column)."""
        located = []
        parts = content.split("\n")
        for index, part in enumerate(parts):
            line_no = first + index
            if line_no >= len(self.lines):
                return None
            line = self.lines[line_no]
            if index == len(parts) - 1:
                line = line.rstrip()
            if not line.endswith(part):
                stripped = part.lstrip()
                if not line.endswith(stripped):
                    return None
                part = stripped
            located.append((line_no, len(line) - len(part), len(line)))
        return located

    # -- the walk ------------------------------------------------------------------

    def run(self, tokens: Sequence[Token]) -> None:
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "inline":
                parent = tokens[index - 1]
                if self.skipping or self.skip_next:
                    if parent.type == "heading_open":
                        self.enter_heading(parent, token)
                    continue
                if parent.type == "heading_open":
                    self.heading(parent, token)
                elif parent.type == "paragraph_open":
                    self.paragraph(parent, token)
                elif parent.type in ("th_open", "td_open"):
                    self.cell(parent.type == "th_open", token)
            elif kind in ("blockquote_open", "list_item_open"):
                self.containers.append(kind)
            elif kind in ("blockquote_close", "list_item_close"):
                self.containers.pop()
            elif kind == "table_open":
                self.tables += 1
                self.table = _Table(name="", number=self.tables)
            elif kind == "table_close":
                self.table = None
            elif kind == "tr_open":
                self.start_row(token)
            elif kind == "html_block":
                self.html_block(token)
            elif kind == "front_matter":
                self.front_matter(token)
            elif kind == "fence" and self.options.code == "comments-and-strings":
                if not (self.skipping or self.skip_next):
                    self.fence(token)
            if (
                self.directive_level is not None
                and token.nesting <= 0
                and kind not in _NOT_BLOCKS
                and token.level <= self.directive_level
            ):
                self.block_done()

    def block_done(self) -> None:
        """The block after a skip or comment directive ended: the directive is used up."""
        self.skip_next = False
        self.pending_comment = ""
        self.directive_level = None

    def html_block(self, token: Token) -> None:
        for match in _DIRECTIVE.finditer(token.content):
            verb, argument = match.group("verb"), match.group("arg").strip()
            if verb == "skip":
                self.skip_next = True
                self.directive_level = token.level
            elif verb == "skip-start":
                self.skipping = True
            elif verb == "skip-end":
                self.skipping = False
            elif verb == "comment" and match.group("tool") == "localize":
                self.pending_comment = argument
                self.directive_level = token.level

    # -- section bookkeeping -----------------------------------------------------

    def enter_section(self, headings: list[tuple[int, str]]) -> None:
        self.headings = headings
        self.section = tuple(text for _, text in headings)

    def enter_heading(self, opening: Token, inline: Token) -> tuple[str, ...]:
        level = int(opening.tag[1:])
        text = inline.content
        if level == 1 and not self.title_seen and not self.headings:
            self.title_seen = True
            return ()
        self.title_seen = True
        self.enter_section([(at, title) for at, title in self.headings if at < level] + [(level, text)])
        return self.section

    def describe(self, kind: str, detail: str = "") -> str:
        key = (self.section, kind)
        number = self.counters.get(key, 0) + 1
        self.counters[key] = number
        text = f"{kind} {number}{detail}"
        if self.section:
            text += f' · section "{" › ".join(self.section)}"'
        return text

    def add(
        self,
        kind: str,
        span: Span,
        line: int,
        comment: str,
        source: str | None = None,
        **extra: object,
    ) -> None:
        """Record a segment; `line` is 0-based, `source` defaults to the span's text."""
        if self.pending_comment:
            comment = f"{comment}\n{self.pending_comment}"
        self.segments.append(
            Segment(
                kind=kind,
                source=self.text[span.start : span.end] if source is None else source,
                span=span,
                line=line + 1,
                section=self.section,
                comment=comment,
                **extra,  # type: ignore[arg-type]
            )
        )

    # -- block handlers ------------------------------------------------------------

    def heading(self, opening: Token, inline: Token) -> None:
        assert opening.map is not None
        level = int(opening.tag[1:])
        section = self.enter_heading(opening, inline)
        content = inline.content
        if not visible_letters(content, self.env):
            return
        first = opening.map[0]
        if opening.markup in ("=", "-"):
            located = self.locate_lines(first, content)
            if located is None:
                return
            span, source = self.span_and_source(located)
        else:
            line = self.lines[first]
            start = line.find(content, line.index("#") + level)
            if start < 0:
                return
            span = Span(self.offset(first, start), self.offset(first, start + len(content)))
            source = content
        where = f' · section "{" › ".join(section)}"' if section else " · title"
        self.add("heading", span, first, f"heading {level}{where}", source=source, multiline=False, place=(level,))

    def paragraph(self, opening: Token, inline: Token) -> None:
        assert opening.map is not None
        content = inline.content
        if not has_letters(content) or _PREPROCESSOR_ONLY.fullmatch(content):
            return
        located = self.locate_lines(opening.map[0], content)
        if located is None:
            return
        if self.options.toc and len(located) == 1 and _PLAIN_LINK.fullmatch(content):
            self.link_text(content, located[0])  # what the inline parse below would find, sooner
            return
        if "![" in content or (self.options.toc and content.startswith("[")):
            children = self.inline_children(content)
            if _only_images(children):
                self.image_alts(children, located)
                return
            if self.options.toc and len(located) == 1 and _only_link(children):
                self.link_text(content, located[0])
                return
        if not visible_letters(content, self.env):
            return
        span, source = self.span_and_source(located)
        if len(located) > 1 and self.joining_changes_inline(located, content, source):
            span, source = self.span_and_source(located, keep_breaks=True)
        kind = {"list_item_open": "list item", "blockquote_open": "quote"}.get(
            self.containers[-1] if self.containers else "", "paragraph"
        )
        first_line, first_col, _ = located[0]
        prefix = _continuation_prefix(self.lines[first_line][:first_col])
        self.add(
            kind,
            span,
            first_line,
            self.describe(kind),
            source=source,
            prefix=prefix,
            eol=self.eol_after(first_line),
        )

    def inline_children(self, content: str) -> list[Token]:
        """Inline tokens of a block's content (reference links resolved)."""
        tokens = markdown_parser().parseInline(content, self.env)
        return tokens[0].children or [] if tokens else []

    def image_alts(self, children: list[Token], located: list[tuple[int, int, int]]) -> None:
        """Alt texts of a paragraph made only of images become segments of their own."""
        # Map offsets in the joined content back to (line, column).
        pieces = [(line, start, self.lines[line][start:end]) for line, start, end in located]
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
            begin = self.offset(line, start + position - piece_starts[which])
            span = Span(begin, begin + len(alt))
            self.add("image alt", span, line, self.describe("image alt"), multiline=False)

    def link_text(self, content: str, located: tuple[int, int, int]) -> None:
        """The text of a table-of-contents entry `[text](target)`; the target stays as it is."""
        end = _label_end(content)
        if end is None or not has_letters(content[1:end]) or _is_label(content, end + 1):
            return
        line, start, _ = located
        begin = self.offset(line, start + 1)
        span = Span(begin, begin + end - 1)
        self.add("contents entry", span, line, self.describe("contents entry"), multiline=False)

    def joining_changes_inline(self, located: list[tuple[int, int, int]], content: str, source: str) -> bool:
        """Whether joining the lines with spaces changes a code span (white space lost at a
        line end), inline HTML (a tag or comment across lines) or a link (`<a` + newline +
        `b>` is HTML, `<a b>` a link). Parsed only when the text can hold such a change."""
        code_may_change = "`" in content and any(
            self.lines[line][end - 1 : end] in (" ", "\t") for line, _, end in located[:-1]
        )
        if not code_may_change and "<" not in content:
            return False

        def facts(markdown: str) -> list[tuple[str, str]]:
            tokens = markdown_parser().parseInline(markdown, self.env)
            return [
                (t.type, t.content if t.type != "link_open" else str(t.attrGet("href")))
                for t in (tokens[0].children or [] if tokens else [])
                if t.type in ("code_inline", "html_inline", "link_open")
            ]

        return facts(content) != facts(source)

    def span_and_source(self, located: list[tuple[int, int, int]], keep_breaks: bool = False) -> tuple[Span, str]:
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

    def start_row(self, token: Token) -> None:
        assert token.map is not None and self.table is not None
        line = self.lines[token.map[0]]
        prefix = _CELL_LINE_PREFIX.match(line)
        self.table.cells = list(_split_cells(line, prefix.end() if prefix else 0))
        self.table.column = 0
        self.table.row += 1

    def cell(self, header: bool, inline: Token) -> None:
        table = self.table
        assert table is not None and inline.map is not None
        column = table.column
        table.column += 1
        line_no = inline.map[0]
        if column >= len(table.cells):
            return
        start, end = table.cells[column]
        raw = self.lines[line_no][start:end]
        if header:
            table.headers.append(raw)
            if column == 0:
                table.name = raw
        if raw.replace("\\|", "|") != inline.content or not visible_letters(inline.content, self.env):
            return
        if header:
            comment = f"table {_quote(table.name)} · header · column {column + 1}"
        else:
            heading = table.headers[column] if column < len(table.headers) and table.headers[column] else str(column + 1)
            comment = f"table {_quote(table.name)} · row {table.row} · column {_quote(heading)}"
        span = Span(self.offset(line_no, start), self.offset(line_no, end))
        place = (table.number, table.row, column)
        self.add("table cell", span, line_no, comment, multiline=False, syntax="table cell", place=place)

    def fence(self, token: Token) -> None:
        """Comments and string literals of a fenced code block in a known language."""
        from .codeblocks import lexer_for, pieces

        assert token.map is not None
        lexer = lexer_for(token.info)
        if lexer is None or not token.content:
            return
        # Where each content line starts: (content offset, source line, source column).
        content = token.content
        starts: list[tuple[int, int, int]] = []
        offset = 0
        for index, part in enumerate(content.removesuffix("\n").split("\n")):
            line_no = token.map[0] + 1 + index
            if line_no >= len(self.lines) or not self.lines[line_no].endswith(part):
                return  # content does not match the source (a tab split by indentation)
            starts.append((offset, line_no, len(self.lines[line_no]) - len(part)))
            offset += len(part) + 1

        def locate(position: int) -> tuple[int, int, int]:
            """(source offset, source line, container column) of a content offset."""
            for content_start, line_no, column in reversed(starts):
                if content_start <= position:
                    return self.offset(line_no, column + position - content_start), line_no, column
            raise AssertionError("position before the content")

        language = lexer.aliases[0] if lexer.aliases else lexer.name
        for piece in pieces(lexer, content):
            text = content[piece.start : piece.end]
            if not has_letters(text):
                continue
            # A trailing newline belongs to the msgid (as in mdbook catalogs), not to the span.
            end = piece.end - 1 if text.endswith("\n") else piece.end
            start_offset, line_no, column = locate(piece.start)
            end_offset = locate(end - 1)[0] + 1 if end > piece.start else start_offset
            kind = f"code {piece.kind}"
            self.add(
                kind,
                Span(start_offset, end_offset),
                line_no,
                self.describe(kind, f" in {language}"),
                source=text,
                prefix=self.lines[line_no][:column],
                eol=self.eol_after(line_no),
                syntax=f"code:{token.info.strip()}",
            )

    def toml_front_matter(self, end: int) -> None:
        """Top-level `key = "value"` lines of TOML front matter, for the configured keys."""
        for line_no in range(1, end - 1):
            line = self.lines[line_no]
            if line.lstrip().startswith("["):
                return  # a table: the keys after it are not top-level
            match = _TOML_KEY.fullmatch(line)
            if not match or match.group("key") not in self.options.front_matter_keys:
                continue
            scalar = _toml_string(match.group("value"))
            if scalar is None or not has_letters(scalar[3]):
                continue
            begin, stop, syntax, value = scalar
            offset = match.start("value")
            span = Span(self.offset(line_no, offset + begin), self.offset(line_no, offset + stop))
            comment = f"front matter · {match.group('key')}"
            self.add("front matter", span, line_no, comment, source=value, multiline=False, syntax=syntax)

    def front_matter(self, token: Token) -> None:
        """Top-level `key: value` lines of YAML front matter, for the configured keys."""
        assert token.map is not None
        wanted = self.options.front_matter_keys
        for line_no in range(token.map[0] + 1, token.map[1] - 1):
            match = _FRONT_MATTER_KEY.fullmatch(self.lines[line_no])
            if not match or match.group("key") not in wanted:
                continue
            scalar = _yaml_scalar(match.group("value"))
            if scalar is None:
                continue
            begin, end, syntax, value = scalar
            if not has_letters(value):
                continue
            offset = match.start("value")
            span = Span(self.offset(line_no, offset + begin), self.offset(line_no, offset + end))
            comment = f"front matter · {match.group('key')}"
            self.add("front matter", span, line_no, comment, source=value, multiline=False, syntax=syntax)


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


def _yaml_scalar(raw: str) -> tuple[int, int, str, str] | None:
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


def _toml_string(raw: str) -> tuple[int, int, str, str] | None:
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
