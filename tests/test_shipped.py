"""Acceptance checks on the shipped articles, their figures, their German catalogs and the
site they build (with the repository's own `[tool.localize]` settings)."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, needs_gettext, set_translations
from markdown_it import MarkdownIt
from test_cli import run

from localize.htmlout import Page, render_article

pytestmark = pytest.mark.shipped

CATALOGS = sorted((ROOT / "locale").rglob("*.po"))
ARTICLES = sorted((ROOT / "articles").glob("*.md"))
ENGLISH = set("the and of to is are that with for this not but it its they their was what when".split())
GERMAN = set("der die das und ist sind nicht mit für ein eine einen zu von den dem des auf es sie".split())
SECOND = "anthropic-trust-first-strategy"
BODY_NOTICE = "Der folgende Text ist noch nicht übersetzt und wird auf Englisch angezeigt."
SVG = "{http://www.w3.org/2000/svg}"


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


# -- figures --------------------------------------------------------------------------------


def images(markdown: str) -> list[tuple[str, str]]:
    """(src, alt text) of every image of an article, as a Markdown reader sees them."""
    found = []
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        for child in token.children or []:
            if child.type == "image":
                found.append((child.attrGet("src"), child.content))
    return found


REFERENCED = [
    (article, src, alt)
    for article in ARTICLES
    for src, alt in images(article.read_text(encoding="utf-8"))
    if not re.match(r"[a-z][a-z0-9+.-]*:", src)
]


def svg_title(path: Path) -> str:
    """The figure's `<title>`, white space collapsed; the file must be well-formed SVG."""
    root = ElementTree.parse(path).getroot()
    assert root.tag == f"{SVG}svg", f"{path.name}: not an SVG document"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text, f"{path.name}: no <title>"
    assert next(iter(root)) is title, f"{path.name}: <title> is not the first child"
    return " ".join(title.text.split())


def natural_size(path: Path) -> tuple[float, float]:
    """Width and height a browser gives the figure as an `<img>` (width/height, else the viewBox)."""
    root = ElementTree.parse(path).getroot()
    box = [float(n) for n in root.get("viewBox", "").replace(",", " ").split()]
    assert not box or len(box) == 4 and box[2] > 0 and box[3] > 0, f"{path.name}: bad viewBox"
    width, height = root.get("width"), root.get("height")
    if width is None or height is None:
        assert box, f"{path.name}: neither width and height nor a viewBox"
        return box[2], box[3]
    size = float(re.fullmatch(r"([0-9.]+)(?:px)?", width)[1]), float(re.fullmatch(r"([0-9.]+)(?:px)?", height)[1])
    assert size[0] > 0 and size[1] > 0
    assert not box or abs(size[0] / size[1] - box[2] / box[3]) < 0.01, f"{path.name}: width/height ≠ viewBox shape"
    return size


def test_the_first_article_has_its_eight_figures() -> None:
    first = [(src, alt) for article, src, alt in REFERENCED if article.stem == "openai-scale-anthropic-trust"]
    assert len(first) == 8 and all(src.startswith("images/") and src.endswith(".svg") for src, _ in first)


@pytest.mark.parametrize(("article", "src", "alt"), REFERENCED, ids=[f"{a.stem}:{src}" for a, src, _ in REFERENCED])
def test_every_referenced_image_is_an_svg_with_a_natural_size_whose_title_is_its_alt_text(
    article: Path, src: str, alt: str
) -> None:
    """The rule for alt texts: an article's alt text is the figure's `<title>`, word for word."""
    path = article.parent / src
    assert path.is_file(), f"{article.name} references {src}, which does not exist"
    assert path.resolve().is_relative_to((ROOT / "articles").resolve())
    assert path.suffix == ".svg" and path.stat().st_size < 8000, "a small SVG figure"
    natural_size(path)
    assert " ".join(alt.split()) == svg_title(path)


def test_every_figure_is_referenced() -> None:
    figures = {p.resolve() for p in (ROOT / "articles" / "images").iterdir()}
    assert figures == {(article.parent / src).resolve() for article, src, _ in REFERENCED}


def test_the_alt_rule_notices_a_figure_that_says_something_else(tmp_path: Path) -> None:
    figure = tmp_path / "f.svg"
    figure.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2" viewBox="0 0 4 2">'
        "<title>A  red\n square</title></svg>",
        encoding="utf-8",
    )
    assert svg_title(figure) == "A red square" != "Two hands passing a glowing key"
    assert natural_size(figure) == (4.0, 2.0)
    figure.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2" viewBox="0 0 2 2"><title>x</title></svg>',
        encoding="utf-8",
    )
    with pytest.raises(AssertionError, match="viewBox shape"):
        natural_size(figure)
    figure.write_text('<svg xmlns="http://www.w3.org/2000/svg"><title>x</title></svg>', encoding="utf-8")
    with pytest.raises(AssertionError, match="neither"):
        natural_size(figure)
    figure.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 2"><desc>x</desc></svg>', encoding="utf-8"
    )
    with pytest.raises(AssertionError, match="no <title>"):
        svg_title(figure)


def test_a_browser_gives_every_figure_its_natural_size(tmp_path: Path) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("no Chromium on this machine (.ci/run installs Debian's chromium)")
    figures = sorted({(article.parent / src).resolve() for article, src, _ in REFERENCED})
    page_path = tmp_path / "figures.html"
    page_path.write_text("".join(f'<img src="{p.as_uri()}">' for p in figures), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            sizes = page.eval_on_selector_all("img", "imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])")
        finally:
            browser.close()
    assert sizes == [list(natural_size(p)) for p in figures]


def test_every_alt_text_has_its_german_translation() -> None:
    po = polib.pofile(str(ROOT / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po"))
    for article, _, alt in REFERENCED:
        if article.stem == "openai-scale-anthropic-trust":
            entry = po.find(alt)
            assert entry is not None and entry.msgstr and not entry.fuzzy, alt


# -- the shipped site, built with the repository's settings --------------------------------


@pytest.fixture
def shipped(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project copy with the repository's own pyproject.toml (its `[tool.localize]`)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    return project


def test_the_readme_command_leaves_the_repository_as_it_was(shipped: Path) -> None:
    """`localize extract && localize build && localize coverage` writes outside build/ nothing
    that differs: the catalogs are already what extract writes."""
    before = {p: p.read_bytes() for p in shipped.rglob("*") if p.is_file()}
    for command in ("extract", "build", "coverage"):
        code, _, err = run(shipped, command)
        assert code == 0, (command, err)
    after = {
        p: p.read_bytes() for p in shipped.rglob("*") if p.is_file() and "build" not in p.relative_to(shipped).parts
    }
    assert after == before
    assert (shipped / "build" / "de" / f"{SECOND}.html").is_file()
    assert (shipped / "build" / "de" / f"{SECOND}.md").is_file()


def german_page(project: Path) -> BeautifulSoup:
    code, _, err = run(project, "build", "--strict")
    assert code == 0, err
    return BeautifulSoup((project / "build" / "de" / f"{SECOND}.html").read_text(encoding="utf-8"), "html.parser")


def test_the_german_page_of_the_second_article_says_once_that_its_body_is_english(shipped: Path) -> None:
    po = polib.pofile(str(ROOT / "locale" / "de" / "LC_MESSAGES" / f"{SECOND}.po"))
    title, lead = po[0], po[1]
    assert title.occurrences[0][1] == "1" and title.msgstr.startswith("Anthropics Vertrauens-zuerst-Strategie")
    main = german_page(shipped).find("main")
    assert main.find("h1").get_text() == title.msgstr
    blocks = main.find_all(True, recursive=False)
    assert blocks[1].name == "p" and blocks[1].get_text() == lead.msgstr and blocks[1].get("lang") is None
    notices = main.find_all(class_="fallback-notice")
    assert [n.get_text() for n in notices] == [BODY_NOTICE]
    assert blocks[2] is notices[0] and notices[0]["lang"] == "de"
    assert blocks[3].get("lang") == "en" and blocks[3].get_text().startswith("The AI landscape")
    # the rest of the body is English, marked so, up to the further reading, which is German
    further = main.find(id="further-reading")
    assert all(b.get("lang") == "en" for b in blocks[3 : blocks.index(further)] if b.name in ("p", "h2"))
    assert further.find_next_sibling("ul").find("li").get_text().startswith("Anthropics 'Garnelen-Strategie'")


def test_without_the_fallback_setting_the_page_has_no_notice(shipped: Path) -> None:
    """The notice comes from the project's settings, not from the article."""
    text = (shipped / "pyproject.toml").read_text(encoding="utf-8")
    (shipped / "pyproject.toml").write_text(
        text.replace('fallback = "section"', 'fallback = "segment"'), encoding="utf-8"
    )
    assert german_page(shipped).find(class_="fallback-notice") is None


def test_the_english_pages_carry_no_notice(shipped: Path) -> None:
    german_page(shipped)
    for page in (shipped / "build" / "en").glob("*.html"):
        assert BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(class_="fallback-notice") is None


def test_the_german_figures_keep_their_source_and_have_german_alt_texts(shipped: Path) -> None:
    german_page(shipped)
    page = BeautifulSoup(
        (shipped / "build" / "de" / "openai-scale-anthropic-trust.html").read_text(encoding="utf-8"), "html.parser"
    )
    shown = [(img["src"], img["alt"]) for img in page.find_all("img")]
    po = polib.pofile(str(ROOT / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po"))
    expected = [(src, po.find(alt).msgstr) for a, src, alt in REFERENCED if a.stem == "openai-scale-anthropic-trust"]
    assert [Path(src).name for src, _ in shown] == [Path(src).name for src, _ in expected]
    assert [alt for _, alt in shown] == [alt for _, alt in expected]


def test_german_markdown_is_the_source_but_for_its_translated_lines(shipped: Path) -> None:
    """Section fallback writes no notice into Markdown: every line is the source's, byte for byte,
    except those whose segment is translated, which are the source with the msgid replaced."""
    german_page(shipped)
    for article in ARTICLES:
        po = polib.pofile(str(ROOT / "locale" / "de" / "LC_MESSAGES" / f"{article.stem}.po"))
        translated = {e.msgid: e.msgstr for e in po.translated_entries()}
        source = article.read_bytes().decode("utf-8").split("\n")
        built = (shipped / "build" / "de" / article.name).read_bytes().decode("utf-8").split("\n")
        assert len(built) == len(source)
        changed = 0
        for english, german in zip(source, built, strict=True):
            if english != german:
                changed += 1
                replacements = [english.replace(m, t, 1) for m, t in translated.items() if m in english]
                assert german in replacements, english
        assert changed > 0


def test_identity_catalogs_build_the_shipped_articles_byte_for_byte(shipped: Path) -> None:
    """Principle 1 under the shipped settings (section fallback, HTML too)."""
    for article in ARTICLES:
        po_path = shipped / "locale" / "de" / "LC_MESSAGES" / f"{article.stem}.po"
        set_translations(po_path, {e.msgid: e.msgid for e in polib.pofile(str(po_path)) if not e.obsolete})
    code, _, err = run(shipped, "build", "--strict")
    assert code == 0, err
    for article in ARTICLES:
        assert (shipped / "build" / "de" / article.name).read_bytes() == article.read_bytes()


# -- the notice, on pages made for it ------------------------------------------------------

ENGLISH_ARTICLE = """# Title

Lead.

Intro tail.

## One

Body one.

## Two

Body two.

## Three

Body three.

## Four

Body four.
"""


def notices_of(german: str, kept: list[tuple[str, ...]], language: str = "de") -> list[tuple[str, str]]:
    """(text of the notice, text of the block after it) for each notice of the page."""
    page = Page(language, "a", "Titel", {language: "a.html", "en": "../en/a.html"})
    main = BeautifulSoup(render_article(german, ENGLISH_ARTICLE, page, kept), "html.parser").find("main")
    return [(n.get_text(), n.find_next_sibling(True).get_text()) for n in main.find_all(class_="fallback-notice")]


def german(*translated: str) -> str:
    text = ENGLISH_ARTICLE.replace("# Title", "# Titel").replace("Lead.", "Vorspann.")
    for english in translated:
        text = text.replace(
            english, {"Intro tail.": "Ende der Einleitung.", "Body two.": "Text zwei."}.get(english, english)
        )
    return text


SECTION_NOTICE = "Dieser Abschnitt ist noch nicht übersetzt."


def test_a_lone_section_gets_its_notice_under_its_heading() -> None:
    assert notices_of(german("Intro tail.", "Body two."), [("Title", "One")]) == [(SECTION_NOTICE, "Body one.")]


def test_sections_in_a_row_share_one_notice_before_the_first() -> None:
    kept = [("Title", "Three"), ("Title", "Four")]
    assert notices_of(german("Intro tail.", "Body two."), kept) == [(BODY_NOTICE, "Three")]


def test_english_text_just_before_a_kept_section_is_under_the_same_notice() -> None:
    assert notices_of(german("Body two."), [("Title", "One")]) == [(BODY_NOTICE, "Intro tail.")]


def test_a_translated_section_between_kept_ones_splits_the_notice() -> None:
    kept = [("Title", "One"), ("Title", "Three"), ("Title", "Four")]
    assert notices_of(german("Intro tail.", "Body two."), kept) == [
        (SECTION_NOTICE, "Body one."),
        (BODY_NOTICE, "Three"),
    ]


def test_the_notice_of_a_language_without_its_own_text_is_english() -> None:
    kept = [("Title", "Three"), ("Title", "Four")]
    assert notices_of(german("Intro tail.", "Body two."), kept, "sv") == [
        ("The following text is not translated yet and is shown in English.", "Three")
    ]
