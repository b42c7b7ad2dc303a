"""Property tests: generated Markdown builds never disturb what is not translated, and random
catalog edits lose no translation on re-extraction."""

from __future__ import annotations

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli import run

from localize.checks import block_signature, inline_facts
from localize.model import Document
from localize.render import Translation, build
from localize.segment import SegmentOptions, parse

WORDS = st.sampled_from(["alpha", "beta", "Gamma", "delta", "über", "**strong**", "_em_", "`code`", "[link](u.md)",
                         "![pic](p.png)", "<kbd>K</kbd>", "x|y", "3.5", "end.", "a\tb"])


def phrase(min_size: int = 1) -> st.SearchStrategy[str]:
    return st.lists(WORDS, min_size=min_size, max_size=8).map(" ".join)


def paragraph() -> st.SearchStrategy[str]:
    return st.lists(phrase(), min_size=1, max_size=3).flatmap(
        lambda lines: st.sampled_from(["", " ", "  ", "\\"]).map(lambda end: (end + "\n").join(lines))
    )


def table() -> st.SearchStrategy[str]:
    def render(rows: list[list[str]], outer: bool) -> str:
        width = len(rows[0])
        lines = [" | ".join(r[:width] + [""] * (width - len(r))) for r in rows]
        lines.insert(1, " | ".join(["---"] * width))
        return "\n".join(f"| {line} |" if outer else line for line in lines)

    cell = phrase().map(lambda s: s.replace("|", "\\|"))
    return st.tuples(st.lists(st.lists(cell, min_size=2, max_size=3), min_size=2, max_size=4), st.booleans()).map(
        lambda args: render(*args)
    )


BLOCKS = st.one_of(
    phrase().map(lambda s: "# " + s.replace("\\", "")),
    phrase().map(lambda s: s.replace("\\", "") + "\n---"),
    paragraph(),
    st.lists(phrase(), min_size=1, max_size=3).map(lambda items: "\n".join("- " + i for i in items)),
    st.lists(phrase(), min_size=1, max_size=3).map(lambda items: "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1))),
    paragraph().map(lambda p: "\n".join("> " + line for line in p.split("\n"))),
    phrase().map(lambda s: "- outer\n  - " + s),
    table(),
    phrase().map(lambda s: "```\n" + s + "\n```"),
    st.just("<div>\nraw *html*\n</div>"),
    st.just("[ref]: https://example.com"),
    st.just("***"),
    st.just("    indented code"),
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(BLOCKS, min_size=1, max_size=8))
    text = "\n\n".join(blocks)
    if draw(st.booleans()):
        text += "\n"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


def build_with(document: Document, translate) -> tuple[str, int]:
    built = build(document, lambda s: Translation(translate(s.source), "", 0))
    return built.text, built.refused


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_identity_and_empty_builds_are_byte_identical(text: str) -> None:
    document = parse("doc.md", text)
    assert build_with(document, lambda source: source) == (text, 0)
    assert build(document, lambda s: None).text == text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_marked_translation_keeps_structure_links_and_code(text: str) -> None:
    document = parse("doc.md", text)
    translated, refused = build_with(document, lambda source: "DE " + source)
    assert refused == 0
    assert block_signature(translated) == block_signature(text)
    rebuilt = parse("doc.md", translated)
    assert [s.kind for s in rebuilt.segments] == [s.kind for s in document.segments]
    for before, after in zip(document.segments, rebuilt.segments, strict=True):
        assert after.source.startswith("DE ")
        assert inline_facts(after.source) == inline_facts(before.source)


ARTICLE = "# Title\n\n" + "\n\n".join(f"Paragraph number {word} of the text." for word in
                                        ("one", "two", "three", "four", "five", "six")) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    order=st.permutations(range(7)),
    width=st.sampled_from([0, 20, 40, 79, 200]),
    comments=st.lists(st.booleans(), min_size=7, max_size=7),
    flags=st.lists(st.sampled_from([[], ["no-wrap"], ["fuzzy"], ["python-format"]]), min_size=7, max_size=7),
)
def test_reextraction_after_random_catalog_edits_loses_no_translation(
    tmp_path_factory: pytest.TempPathFactory, order, width, comments, flags
) -> None:
    project = tmp_path_factory.mktemp("edits")
    (project / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    (project / "articles").mkdir()
    (project / "articles" / "a.md").write_text(ARTICLE, encoding="utf-8")
    assert run(project, "extract")[0] == 0
    path = project / "locale" / "de" / "LC_MESSAGES" / "a.po"
    po = polib.pofile(str(path), wrapwidth=width)
    entries = [e for e in po]
    for number, entry in enumerate(entries):
        entry.msgstr = f"Übersetzung {number}"
        entry.tcomment = f"note {number}" if comments[number] else ""
        entry.flags = list(flags[number])
    edited = polib.POFile(wrapwidth=width)
    edited.metadata = po.metadata
    for index in order:
        edited.append(entries[index])
    edited.save(str(path))
    assert run(project, "extract")[0] == 0
    after = {e.msgid: e for e in polib.pofile(str(path))}
    for number, entry in enumerate(entries):
        kept = after[entry.msgid]
        assert kept.msgstr == f"Übersetzung {number}" and not kept.obsolete
        assert kept.tcomment == entry.tcomment and kept.flags == entry.flags


INLINE_PIECES = ["a", "Word", " ", "*", "_", "!", "[", "]", "(", ")", "\\", "`", "<", ">", "&amp;", "/", "x.y", "é", "<b>", "http://x.y"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(INLINE_PIECES), max_size=10).map("".join))
def test_inline_facts_skip_the_parse_only_where_it_finds_nothing(text: str) -> None:
    from collections import Counter

    from localize.inline import walk
    from localize.parsing import markdown_parser

    parsed = Counter(
        token.type for token in walk(markdown_parser().parseInline(text))
        if token.type in ("link_open", "image", "code_inline", "html_inline")
    )
    assert sum(inline_facts(text).values()) == sum(parsed.values())


BLOCK_PIECES = ["# Title", "Text line", "- item", "  - nested", "> quote", "```py\n# note\nx = 'a'\n```", "| a | b |\n|---|---|\n| 1 | 2 |",
                "<div>\nhtml\n</div>", "    code", "[ref]: /u", "***", "Setext\n===", "1. one", "", "\0"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(BLOCK_PIECES), max_size=8), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_the_structure_signatures_taken_while_segmenting_are_those_a_parse_gives(blocks: list[str], eol: str, code: bool) -> None:
    text = eol.join(block.replace("\n", eol) for block in blocks) + eol
    options = SegmentOptions(code="comments-and-strings" if code else "none")
    document = parse("a.md", text, options=options, signatures=True)
    assert document.signatures == (block_signature(text, False), block_signature(text, code))
