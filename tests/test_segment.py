"""Segmentation rules, one fixture per rule (markdown-it-py's fixture format)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.utils import read_fixture_file
from markup import SPEC, spec_examples

from localize import inline
from localize.model import Span
from localize.parsing import EOL, block_tokens, mask_toml_front_matter, normalize
from localize.segment import (
    CONTENT_RULES,
    IGNORED,
    RULES,
    SegmentOptions,
    SourceMap,
    has_letters,
    parse,
    visible_letters,
)

OPTIONS = SegmentOptions(code="comments-and-strings")
FIXTURES = read_fixture_file(Path(__file__).parent / "fixtures" / "segments.md")


@pytest.mark.parametrize("line,title,markdown,expected", FIXTURES, ids=[f[1] for f in FIXTURES])
def test_segments(line: int, title: str, markdown: str, expected: str) -> None:
    document = parse("fixture.md", markdown, options=OPTIONS)
    actual = [f"{s.kind}|{s.source}".replace("\\", "\\\\").replace("\n", "\\n") for s in document.segments]
    assert actual == [row for row in expected.splitlines() if row]


@pytest.mark.parametrize("line,title,markdown,expected", FIXTURES, ids=[f[1] for f in FIXTURES])
def test_spans_hold_the_source_text(line: int, title: str, markdown: str, expected: str) -> None:
    document = parse("fixture.md", markdown, options=OPTIONS)
    previous_end = 0
    for segment in document.segments:
        assert segment.span.start >= previous_end, "spans overlap or are out of order"
        previous_end = segment.span.end
        raw = markdown[segment.span.start : segment.span.end]
        if segment.syntax == "markdown":
            # The span minus container prefixes and line breaks is the msgid.
            assert _flatten(re.sub(r"\n[ \t>]*", "\n", raw)) == _flatten(segment.source)


def _flatten(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_line_numbers_and_comments() -> None:
    text = "# Title\n\nLead.\n\n## Section\n\nBody.\n\n| Name | Role |\n|---|---|\n| Ann | Lead |\n"
    segments = parse("a.md", text).segments
    assert [(s.line, s.comment) for s in segments] == [
        (1, "heading 1 · title"),
        (3, "paragraph 1"),
        (5, 'heading 2 · section "Section"'),
        (7, 'paragraph 1 · section "Section"'),
        (9, 'table "Name" · header · column 1'),
        (9, 'table "Name" · header · column 2'),
        (11, 'table "Name" · row 1 · column "Name"'),
        (11, 'table "Name" · row 1 · column "Role"'),
    ]
    assert segments[3].section == ("Section",)


def test_comment_directive_reaches_the_next_block_only() -> None:
    text = "<!-- localize: comment Brand name, keep it. -->\nUse Acme.\n\nNext paragraph.\n"
    first, second = parse("a.md", text).segments
    assert first.comment.endswith("Brand name, keep it.")
    assert "Brand" not in second.comment


LINK_PIECES = ["a", "Word", " ", "*", "_", "!", "[", "]", "(", ")", "\\", "`", "<", ">", "&", "/", ".", "#", "é", "x y"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LINK_PIECES), max_size=6).map("".join), st.lists(st.sampled_from(LINK_PIECES), max_size=6).map("".join))
def test_a_contents_entry_found_without_the_inline_parse_is_the_one_it_finds(label: str, target: str) -> None:
    """Table-of-contents items that look like plain links skip the inline parse: same segments."""
    from localize import segment

    item = f"- [{label}]({target})\n"
    fast = parse("SUMMARY.md", item, options=SegmentOptions(toc=True))
    original = segment._PLAIN_LINK
    segment._PLAIN_LINK = re.compile(r"(?!)")  # never matches: always the inline parse
    try:
        slow = parse("SUMMARY.md", item, options=SegmentOptions(toc=True))
    finally:
        segment._PLAIN_LINK = original
    assert fast.segments == slow.segments


TEXT_PIECES = ["a", "Word", " ", "\n", "\r\n", "\r", "\t", "]", "<b>", "&amp;", "&", "<", "[x](y)", "1", "é", "\0", "-"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TEXT_PIECES), max_size=12).map("".join))
def test_line_starts_and_visible_letters_agree_with_their_plain_definitions(text: str) -> None:
    """The quick paths (line starts summed from line lengths, no substitution when nothing can
    be hidden) give what a full inline parse gives."""
    source_map = SourceMap.of(text)
    assert list(source_map.line_starts) == [0] + [m.end() for m in EOL.finditer(text)]
    assert visible_letters(text) == has_letters(inline._collect(inline.tokens(text)).text)


def test_fence_languages_are_pygments_own_and_unknown_ones_cost_no_plugin_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    from pygments.lexers import get_lexer_by_name

    from localize.codeblocks import lexer_for

    def no_scan(*args: object) -> object:
        raise AssertionError("plugin lexers were looked up")

    # Where get_lexer_by_name finds it (pygments.lexers replaces itself with a lazy module).
    monkeypatch.setitem(get_lexer_by_name.__globals__, "find_plugin_lexers", no_scan)
    lexer_for.cache_clear()
    try:
        assert lexer_for("bob") is None and lexer_for("ignore") is None and lexer_for("") is None
        assert type(lexer_for("rust,editable")).__name__ == "RustLexer"
        assert type(lexer_for("C++")).__name__ == "CppLexer"
    finally:
        lexer_for.cache_clear()


# -- the rule table --------------------------------------------------------------------

EXTENSIONS = """---
title: Front matter
---

| Table | Header |
|-------|--------|
| cell  | cell   |

A footnote[^1].

[^1]: The note.

```rust
// A comment.
```

<!-- localize: skip -->
"""
"""The blocks of the extensions the parser enables: front matter, tables, footnotes."""


def _block_token_types() -> tuple[set[str], set[str]]:
    """The block token types markdown-it makes for the spec's examples and the extensions,
    and the types of the tokens that open an `inline` token."""
    if not SPEC.is_file():
        pytest.skip("../shared/commonmark/spec.txt is absent")
    types: set[str] = set()
    openings: set[str] = set()
    for text in [*spec_examples().values(), EXTENSIONS]:
        tokens = block_tokens(normalize(mask_toml_front_matter(text)), {})
        types.update(token.type for token in tokens)
        openings.update(tokens[index - 1].type for index, token in enumerate(tokens) if token.type == "inline")
    return types, openings


def test_every_block_token_type_markdown_it_emits_has_a_rule_or_is_ignored() -> None:
    emitted, _ = _block_token_types()
    assert emitted - set(RULES) - IGNORED == set(), "a block token type with neither a rule nor a place in IGNORED"
    assert set(RULES) & IGNORED == set(), "a token type both has a rule and is ignored"
    assert (set(RULES) | IGNORED) - emitted == set(), "a rule or IGNORED entry for a type markdown-it never emits"


def test_every_block_that_holds_text_has_a_rule_for_its_text() -> None:
    _, openings = _block_token_types()
    assert openings == set(CONTENT_RULES)
    assert openings <= IGNORED, "the opening token of a block with text has no block rule of its own"


def test_a_rule_added_to_the_table_is_called_for_its_token(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, int]] = []

    def rule(state: object, tokens: list, index: int) -> None:
        seen.append((tokens[index].type, tokens[index].map[0]))

    monkeypatch.setitem(RULES, "hr", rule)
    parse("a.md", "Text.\n\n---\n\nMore.\n\n***\n")
    assert seen == [("hr", 2), ("hr", 6)]


def test_the_source_map_gives_offsets_and_line_endings_as_written() -> None:
    text = "ab\r\ncd\ref\n  gh"
    source = SourceMap.of(text)
    assert source.normalized == "ab\ncd\nef\n  gh" and list(source.lines) == ["ab", "cd", "ef", "  gh"]
    assert [source.offset(line, 1) for line in range(4)] == [1, 5, 8, 11]
    assert [source.eol_after(line) for line in range(4)] == ["\r\n", "\r", "\n", "\r\n"]  # the last: the first one
    assert source.locate_lines(1, "cd\nef\ngh") == [(1, 0, 2), (2, 0, 2), (3, 2, 4)]
    assert source.locate_lines(1, "cd\nxx") is None
    assert source.span_and_source([(2, 0, 2), (3, 2, 4)]) == (Span(7, 14), "ef gh")


def test_segmentation_and_checks_import_without_a_cycle() -> None:
    """No cycle among the package's module-level imports (those in a function or under
    `if TYPE_CHECKING:` are not module-level)."""
    package = Path(__file__).resolve().parent.parent / "localize"
    graph: dict[str, set[str]] = {}
    for path in package.glob("*.py"):
        imported: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                imported.update([node.module] if node.module else [alias.name for alias in node.names])
        graph[path.stem] = {name for name in imported if (package / f"{name}.py").is_file()}

    def cycle_from(module: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
        if module in path:
            return (*path[path.index(module) :], module)
        for name in sorted(graph[module]):
            found = cycle_from(name, (*path, module))
            if found:
                return found
        return None

    cycles = [cycle for module in sorted(graph) if (cycle := cycle_from(module, ()))]
    assert cycles == []
    assert "segment" not in graph["checks"] and "checks" in graph["segment"]
