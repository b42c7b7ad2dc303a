"""Acceptance checks on the shipped articles and their German catalogs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, needs_gettext
from markdown_it import MarkdownIt
from test_cli import run

pytestmark = pytest.mark.shipped

CATALOGS = sorted((ROOT / "locale").rglob("*.po"))
ARTICLES = sorted((ROOT / "articles").glob("*.md"))
ENGLISH = set("the and of to is are that with for this not but it its they their was what when".split())
GERMAN = set("der die das und ist sind nicht mit für ein eine einen zu von den dem des auf es sie".split())


@needs_gettext
@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_msgfmt_check_accepts_catalog(path: Path) -> None:
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def shape(markdown: str) -> dict[str, list]:
    """Headings (levels), tables (rows × columns, alignment) and every link and image target."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    headings, tables, targets = [], [], []
    rows = cells = 0
    for token in tokens:
        if token.type == "heading_open":
            headings.append(token.tag)
        elif token.type == "table_open":
            rows, cells, aligns = 0, 0, []
        elif token.type == "tr_open":
            rows += 1
        elif token.type in ("th_open", "td_open"):
            cells += 1
            if token.type == "th_open":
                aligns.append(token.attrGet("style"))
        elif token.type == "table_close":
            tables.append((rows, cells, tuple(aligns)))
        for child in token.children or []:
            if child.type == "link_open":
                targets.append(child.attrGet("href"))
            elif child.type == "image":
                targets.append(child.attrGet("src"))
    return {"headings": headings, "tables": tables, "targets": targets}


@pytest.fixture
def built(project: Path) -> Path:
    code, _, err = run(project, "build", "--strict")
    assert code == 0, err
    return project / "build" / "de"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_built_article_keeps_the_source_shape(built: Path, article: Path) -> None:
    source = article.read_text(encoding="utf-8")
    german = (built / article.name).read_text(encoding="utf-8")
    assert shape(german) == shape(source)
    assert shape(source)["headings"], "the article has headings to compare"


def test_first_article_is_german_throughout(built: Path) -> None:
    german = (built / "openai-scale-anthropic-trust.md").read_text(encoding="utf-8")
    blocks = [b for b in german.split("\n\n") if len(b.split()) >= 4]
    assert blocks
    for block in blocks:
        words = [w.lower() for w in re.findall(r"[\w’']+", block)]
        english = sum(w in ENGLISH for w in words)
        german_words = sum(w in GERMAN for w in words)
        assert english == 0 or german_words > 2 * english, block
    source = (ROOT / "articles" / "openai-scale-anthropic-trust.md").read_text(encoding="utf-8")
    assert not set(source.split("\n\n")) & set(german.split("\n\n")), "a block stayed English"


def test_second_article_has_only_title_lead_and_further_reading_in_german(built: Path) -> None:
    german = (built / "anthropic-trust-first-strategy.md").read_text(encoding="utf-8")
    assert german.startswith("# Anthropics Vertrauens-zuerst-Strategie:")
    assert "## Technical Deep Dive" in german
    assert "- Die 380-Milliarden-Dollar-Bewertung von Anthropic" in german
    assert "The AI landscape is undergoing a profound strategic bifurcation." in german


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_identity_and_empty_renders_are_byte_identical(article: Path) -> None:
    """The splicing path itself (the build skips it when no translation differs from its source)."""
    from localize.render import Translation, build
    from localize.segment import parse

    text = article.read_bytes().decode("utf-8")
    document = parse(f"articles/{article.name}", text)
    assert document.segments
    assert build(document, lambda s: Translation(s.source, "", 0)).text == text
    assert build(document, lambda s: None).text == text
