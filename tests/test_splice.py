"""Round trips through the splice itself, which `render.build` skips for a translation equal
to its source: every segment replaced by its own text, and by its msgid as a translation.

On the golden cases, the shipped articles, the CommonMark spec's examples and the corpus
(the last two when ../shared holds them).
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from conftest import CASES, ROOT, SHARED
from markup import SPEC, spec_examples, structure
from test_golden import load, tomllib

from localize.checks import block_signature
from localize.model import Document
from localize.render import prepare
from localize.segment import SegmentOptions, parse

CORPUS = SHARED / "corpus" / "en"


def case_options(case: Path) -> SegmentOptions:
    options = case / "options.toml"
    return SegmentOptions(**tomllib.loads(options.read_text(encoding="utf-8"))) if options.exists() else SegmentOptions()


def articles() -> list[tuple[str, Document, SegmentOptions]]:
    cases = sorted(p for p in CASES.iterdir() if p.is_dir())
    found = [(f"case {case.name}", load(case), case_options(case)) for case in cases]
    found += [(f"article {path.name}", parse(path.name, path.read_bytes().decode("utf-8")), SegmentOptions())
              for path in sorted((ROOT / "articles").glob("*.md"))]
    return found


def spliced_with_own_text(document: Document) -> str:
    return document.rebuild(lambda segment: document.text[segment.span.start : segment.span.end])


def spliced_with_msgid(document: Document) -> str:
    """Every msgid given back as its translation, prepared as the build prepares one."""

    def own(segment):
        text, problems, _ = prepare(segment, segment.source)
        assert problems == [], (segment.line, problems)
        return text

    return document.rebuild(own)


def assert_round_trips(document: Document, options: SegmentOptions | None = None) -> None:
    assert spliced_with_own_text(document) == document.text
    rebuilt = spliced_with_msgid(document)
    again = parse(document.path, rebuilt, options=options)
    assert [(s.kind, s.source) for s in again.segments] == [(s.kind, s.source) for s in document.segments]
    assert block_signature(rebuilt, True) == block_signature(document.text, True)
    assert structure(rebuilt) == structure(document.text)
    if all(document.text[s.span.start : s.span.end] == s.source for s in document.segments):
        assert rebuilt == document.text


@pytest.mark.parametrize(
    ("label", "document", "options"),
    [
        pytest.param(*found, id=found[0], marks=[pytest.mark.shipped] if found[0].startswith("article ") else [])
        for found in articles()
    ],
)
def test_golden_cases_and_shipped_articles_round_trip_through_the_splice(
    label: str, document: Document, options: SegmentOptions
) -> None:
    assert document.segments
    assert_round_trips(document, options)


@pytest.mark.skipif(not SPEC.is_file(), reason="../shared/commonmark/spec.txt is absent")
def test_commonmark_examples_round_trip_through_the_splice() -> None:
    failed = []
    for number, text in spec_examples().items():
        try:
            assert_round_trips(parse(f"ex-{number}.md", text))
        except AssertionError:
            failed.append(number)
    assert failed == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_corpus_round_trips_through_the_splice() -> None:
    failed = []
    for path in sorted(CORPUS.rglob("*.md")):
        options = SegmentOptions(code="comments-and-strings", toc=path.name == "SUMMARY.md")
        document = parse(path.relative_to(CORPUS).as_posix(), path.read_bytes().decode("utf-8"), options=options)
        try:
            assert_round_trips(document, options)
        except AssertionError:
            failed.append(document.path)
    assert failed == []


def test_the_splice_keeps_every_byte_between_segments() -> None:
    text = "# Title\n\nOne *two* three.\n\n| a | b |\n|---|---|\n| c | d |\n\n> quoted\n> lines\n"
    document = parse("x.md", text)
    marked = document.rebuild(lambda s: f"<{s.source}>")
    gaps = [text[a.span.end : b.span.start] for a, b in pairwise(document.segments)]
    assert marked == (
        text[: document.segments[0].span.start]
        + "".join(f"<{s.source}>" + gap for s, gap in zip(document.segments, [*gaps, ""], strict=True))
        + text[document.segments[-1].span.end :]
    )
    assert document.rebuild(lambda s: None) is text
