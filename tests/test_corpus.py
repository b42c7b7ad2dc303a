"""Robustness on a real documentation tree (../shared/corpus); skipped when it is absent."""

from __future__ import annotations

import re

import polib
import pytest
from conftest import SHARED

from localize.checks import block_signature
from localize.model import Document, Segment
from localize.render import Translation, build
from localize.segment import SegmentOptions, parse

CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.skipif(not (CORPUS / "en").is_dir(), reason="../shared/corpus is absent")
INCLUDE = re.compile(r"\{\{#include[^}]*\}\}")


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    source = CORPUS / "en"
    options = SegmentOptions(code="comments-and-strings")
    documents = []
    for path in sorted(source.rglob("*.md")):
        relative = path.relative_to(source)
        text = path.read_bytes().decode("utf-8")
        toc = SegmentOptions(code=options.code, toc=relative.name == "SUMMARY.md")
        documents.append(parse(relative.as_posix(), text, options=toc))
    return documents


def marked(segment: Segment) -> str:
    """A visible change that keeps every piece of syntax (inside literals and comments too)."""
    if segment.kind == "code string":
        quote = re.search(r"[\"'`]", segment.source)
        assert quote is not None
        return segment.source[: quote.end()] + "DE " + segment.source[quote.end() :]
    if segment.kind == "code comment":
        word = re.search(r"\w", segment.source)
        assert word is not None
        return segment.source[: word.start()] + "DE " + segment.source[word.start() :]
    return "DE " + segment.source


def test_corpus_is_all_there(documents: list[Document]) -> None:
    assert len(documents) == 357
    assert sum(len(d.segments) for d in documents) > 3000


def test_identity_build_is_byte_identical_for_every_file(documents: list[Document]) -> None:
    for document in documents:
        built = build(document, lambda s: Translation(s.source, "", 0))
        assert built.text == document.text, document.path
        assert built.refused == 0


def test_marked_translation_keeps_structure_includes_and_front_matter(documents: list[Document]) -> None:
    for document in documents:
        built = build(document, lambda s: Translation(marked(s), "x.po", 1))
        assert built.refused == 0, (document.path, [str(d) for d in built.diagnostics])
        assert block_signature(built.text, True) == block_signature(document.text, True), document.path
        assert INCLUDE.findall(built.text) == INCLUDE.findall(document.text)
        if document.text.startswith("---\n"):
            head, built_head = document.text.split("\n---\n", 1)[0], built.text.split("\n---\n", 1)[0]
            changed = [a for a, b in zip(head.splitlines(), built_head.splitlines(), strict=False) if a != b]
            assert all(line.split(":")[0] in ("title", "description") for line in changed), changed


def test_segmentation_reproduces_the_corpus_catalog(documents: list[Document]) -> None:
    """The corpus catalog was made by mdbook-i18n-helpers; reuse depends on the same msgids."""
    ours = {segment.source for document in documents for segment in document.segments}
    texts = "\n".join(document.text for document in documents)
    flat = re.sub(r"\s+", " ", texts)
    occurring = [
        entry.msgid
        for entry in polib.pofile(str(CORPUS / "de.po"))
        if not entry.obsolete and (entry.msgid in texts or re.sub(r"\s+", " ", entry.msgid) in flat)
    ]
    assert len(occurring) == 2946
    assert sum(msgid in ours for msgid in occurring) >= 2800


def test_no_segment_comes_from_html_or_an_include(documents: list[Document]) -> None:
    for document in documents:
        for segment in document.segments:
            assert not INCLUDE.search(segment.source)
            assert not re.fullmatch(r"\s*</?\w+[^>]*>\s*", segment.source), (document.path, segment.source)


def test_skip_directives_are_honoured(documents: list[Document]) -> None:
    """The corpus marks code with `<!-- mdbook-xgettext: skip -->`; nothing under one is offered."""
    for document in documents:
        lines = document.text.split("\n")
        skipped_starts = {number + 1 for number, line in enumerate(lines) if "mdbook-xgettext: skip" in line}
        for segment in document.segments:
            if segment.kind.startswith("code"):
                fence_line = next(
                    (n for n in range(segment.line - 1, 0, -1) if lines[n - 1].lstrip().startswith(("```", "~~~"))), None
                )
                assert fence_line not in {start + 1 for start in skipped_starts}, (document.path, segment.line)
