"""Segmentation rules, one fixture per rule (markdown-it-py's fixture format)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.utils import read_fixture_file

from localize.segment import SegmentOptions, parse

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
    from localize import inline, segment

    source_map = segment.SourceMap.of(text)
    assert list(source_map.line_starts) == [0] + [m.end() for m in segment._EOL.finditer(text)]
    assert segment.visible_letters(text) == segment.has_letters(inline._collect(inline.tokens(text)).text)


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
