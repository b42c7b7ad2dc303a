"""Publishable HTML: anchors, languages, fallback, safety, index and review pages, a real browser."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from conftest import set_translations
from test_cli import run

from localize.htmlout import Page, render_article, slug

ARTICLES = ("openai-scale-anthropic-trust", "anthropic-trust-first-strategy")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def site(project: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23
    code, _, err = run(project, "build", "--format", "md", "--format", "html")
    assert code == 0, err
    return project / "build"


def shape(page: BeautifulSoup) -> dict[str, object]:
    tables = [
        [len(row.find_all(["th", "td"])) for row in table.find_all("tr")] for table in page.find_all("table")
    ]
    aligns = [[cell.get("style") for cell in table.find_all("th")] for table in page.find_all("table")]
    ids = [h.get("id") for h in page.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    return {"ids": ids, "tables": tables, "aligns": aligns}


@pytest.mark.parametrize("article", ARTICLES)
def test_same_heading_ids_and_table_shapes_in_both_languages(site: Path, article: str) -> None:
    english, german = soup(site / "en" / f"{article}.html"), soup(site / "de" / f"{article}.html")
    assert shape(english) == shape(german)
    assert all(shape(german)["ids"])
    assert english.html["lang"] == "en" and german.html["lang"] == "de"
    assert german.title.string and german.find("meta", charset="utf-8")


@pytest.mark.parametrize("article", ARTICLES)
def test_hreflang_links_both_ways(site: Path, article: str) -> None:
    for language, other in (("en", "de"), ("de", "en")):
        page = soup(site / language / f"{article}.html")
        links = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate")}
        assert links[other] == f"../{other}/{article}.html"
        assert links[language] == f"{article}.html"


def test_untranslated_text_is_marked_english(site: Path) -> None:
    complete = soup(site / "de" / "openai-scale-anthropic-trust.html").find("main")
    assert complete.find_all(attrs={"lang": "en"}) == []
    partial = soup(site / "de" / "anthropic-trust-first-strategy.html").find("main")
    marked = partial.find_all(attrs={"lang": "en"})
    assert any(tag.name == "p" and tag.get_text().startswith("The AI landscape") for tag in marked)
    assert any(tag.name == "h2" and tag.get_text() == "Technical Deep Dive" for tag in marked)
    assert any(tag.name == "td" for tag in marked)
    lead = partial.find("p")
    assert lead.get_text().startswith("Eine strategische Spaltung") and lead.get("lang") is None
    further = [li for li in partial.find_all("li") if li.get_text().startswith("Die 380-Milliarden")]
    assert further and further[0].get("lang") is None


def test_heading_ids_come_from_the_english_headings(site: Path) -> None:
    german = soup(site / "de" / "openai-scale-anthropic-trust.html")
    heading = german.find(id="the-uncomfortable-truth-for-openai")
    assert heading is not None and heading.get_text() == "Die unbequeme Wahrheit für OpenAI"
    assert slug("Key Players & Case Studies") == "key-players--case-studies"


def _slug_before(text: str) -> str:
    """The heading ids as localize made them before it used the anchors plugin's slug function."""
    import re
    import unicodedata

    from localize.inline import visible_text

    text = unicodedata.normalize("NFKD", visible_text(text)).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text.lower()).strip()
    return re.sub(r"\s", "-", text) or "section"


def _headings(paths: list[Path]) -> list[str]:
    from localize.parsing import markdown_parser

    found = []
    for path in paths:
        tokens = markdown_parser().parse(path.read_text(encoding="utf-8"))
        found += [tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open"]
    return found


SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "en"


def test_heading_ids_are_the_same_as_before_for_every_shipped_and_corpus_heading() -> None:
    articles = sorted((Path(__file__).resolve().parents[1] / "articles").rglob("*.md"))
    headings = _headings(articles + sorted(SHARED.rglob("*.md")))
    assert len(headings) > 20
    assert [slug(text) for text in headings] == [_slug_before(text) for text in headings]


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Über uns", "uber-uns"),  # umlauts lose their dots: ids stay ASCII (GitHub would keep `über`)
        ("Größe & Maße", "groe--mae"),  # ß has no ASCII letter: it goes, as any other non-ASCII sign
        ("Ärger mit `Öl`", "arger-mit-ol"),
        ("Warum? ", "warum"),
        ("Foo !", "foo"),  # the plugin alone would leave `foo-`
        ("— Einleitung", "einleitung"),  # and `-einleitung` here
        ("a\tb  c", "a-b--c"),
        ("snake_case -x-", "snake_case--x-"),
        ("!!!", "section"),
        ("[Link](https://example.com) *betont*", "link-betont"),
    ],
)
def test_heading_ids_of_non_ascii_and_edge_headings(heading: str, expected: str) -> None:
    assert slug(heading) == expected == _slug_before(heading)


def test_repeated_heading_ids_are_numbered_as_the_anchors_plugin_does() -> None:
    """The first free `-N`: a heading that reads like a numbered one no longer gets its id twice."""
    from localize.htmlout import heading_ids
    from localize.parsing import markdown_parser

    tokens = markdown_parser().parse("# Setup\n\n# Setup\n\n# Setup 1\n\n# Setup-1\n\n# Setup\n")
    assert heading_ids(tokens) == ["setup", "setup-1", "setup-1-1", "setup-1-2", "setup-2"]


def test_index_pages_list_articles_with_localised_dates(site: Path) -> None:
    german = soup(site / "de" / "index.html")
    assert german.html["lang"] == "de"
    assert "23. November 2026" in german.get_text()
    assert "November 23, 2026" in soup(site / "en" / "index.html").get_text()
    assert {a["href"] for a in german.find_all("a") if a["href"].endswith(".html") and "/" not in a["href"]} == {
        f"{a}.html" for a in ARTICLES
    }


@pytest.mark.parametrize(
    "translation",
    [
        "Genau <script>alert(1)</script> darum.",
        'Genau <img src="x" onerror="alert(1)"> darum.',
        "Genau [darum](javascript:alert(1)).",
    ],
)
def test_hostile_markup_never_reaches_the_page(project: Path, translation: str) -> None:
    set_translations(
        project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po", {"That’s the point.": translation}
    )
    assert run(project, "build", "--format", "html")[0] == 0
    page = soup(project / "build" / "de" / "openai-scale-anthropic-trust.html")
    assert page.find("script") is None
    for tag in page.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on") and "javascript:" not in str(value).lower(), (name, value)


def test_sanitizer_keeps_only_what_the_english_page_has() -> None:
    english = "Text <kbd>K</kbd>.\n"
    german = 'Text <kbd onclick="x()">K</kbd> <a href="javascript:x()">a</a> <script>x()</script>.\n'
    page = render_article(german, english, Page("de", "a", "A", {}))
    assert "onclick" not in page and "javascript:" not in page and "<script" not in page
    assert "<kbd>K</kbd>" in page


def test_review_page_shows_the_untranslated_body(project: Path) -> None:
    code, out, _ = run(project, "review", "anthropic-trust-first-strategy")
    assert code == 0
    page = soup(project / "build" / "review" / "anthropic-trust-first-strategy.html")
    rows = page.find("table", class_="segments").find("tbody").find_all("tr")
    states = [row["class"][0] for row in rows]
    assert states.count("translated") == 6
    body = [row for row in rows if row.find_all("td")[2].get_text().startswith("The AI landscape")]
    assert body and body[0]["class"] == ["untranslated"]
    link = rows[0].find("a")
    assert link["href"] == "../../locale/de/LC_MESSAGES/anthropic-trust-first-strategy.po"
    assert link.get_text().startswith("anthropic-trust-first-strategy.po:")
    sections = page.find("table", class_="sections").get_text()
    assert "Technical Deep Dive" in sections and "0,0%" in sections


def test_section_fallback_keeps_sections_in_english_with_a_notice(project: Path) -> None:
    set_translations(
        project / "locale" / "de" / "LC_MESSAGES" / "anthropic-trust-first-strategy.po",
        {"Technical Deep Dive": "Technischer Tiefgang"},
    )
    (project / "pyproject.toml").write_text(
        '[tool.localize]\nformats = ["md", "html"]\nfallback = "section"\nfallback_threshold = 50\n', encoding="utf-8"
    )
    assert run(project, "build")[0] == 0
    page = soup(project / "build" / "de" / "anthropic-trust-first-strategy.html")
    heading = page.find(id="technical-deep-dive")
    assert heading.get_text() == "Technical Deep Dive"  # its section is under 50 %: kept whole
    # five such sections in a row, after the English end of the introduction: one notice, before that
    notices = page.find_all("p", class_="fallback-notice")
    assert [n.get_text() for n in notices] == [
        "Der folgende Text ist noch nicht übersetzt und wird auf Englisch angezeigt."
    ]
    assert notices[0].find_next_sibling("p").get_text().startswith("The AI landscape")
    markdown = (project / "build" / "de" / "anthropic-trust-first-strategy.md").read_text(encoding="utf-8")
    assert "## Technical Deep Dive" in markdown and "Technischer Tiefgang" not in markdown
    assert "- Die 380-Milliarden" in markdown  # Further Reading is 96 % translated: kept German


def _browser():  # type: ignore[no-untyped-def]
    """Playwright with the system's Chromium, or a reason why there is none."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None, "the playwright package is not installed"
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        return None, "no Chromium on this machine (.ci/run installs Debian's chromium)"
    return (sync_playwright, executable), ""


def test_a_real_browser_follows_an_anchor_on_the_german_page(tmp_path: Path) -> None:
    found, reason = _browser()
    if found is None:
        pytest.skip(reason)
    sync_playwright, executable = found
    (tmp_path / "pyproject.toml").write_text('[tool.localize]\nformats = ["md", "html"]\n', encoding="utf-8")
    (tmp_path / "articles").mkdir()
    filler = "\n\n".join(f"Filler paragraph number {n} keeps the details far below." for n in range(60))
    (tmp_path / "articles" / "anchors.md").write_text(
        f"# Anchors\n\nJump to [the details](#the-details).\n\n{filler}\n\n## The details\n\nHere they are.\n",
        encoding="utf-8",
    )
    assert run(tmp_path, "extract")[0] == 0
    set_translations(
        tmp_path / "locale" / "de" / "LC_MESSAGES" / "anchors.po",
        {
            "Jump to [the details](#the-details).": "Springe zu [den Einzelheiten](#the-details).",
            "The details": "Die Einzelheiten",
            "Anchors": "Anker",
        },
    )
    assert run(tmp_path, "build")[0] == 0
    page_url = (tmp_path / "build" / "de" / "anchors.html").as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            page = browser.new_page(viewport={"width": 800, "height": 600})
            page.goto(page_url)
            assert page.evaluate("document.documentElement.lang") == "de"
            page.click("text=den Einzelheiten")
            page.wait_for_function("location.hash === '#the-details'")
            top = page.evaluate("document.getElementById('the-details').getBoundingClientRect().top")
            assert 0 <= top < 600, top
            assert page.inner_text("#the-details") == "Die Einzelheiten"
        finally:
            browser.close()


def test_heading_ids_as_attributes_in_markdown(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.localize]\nheading_ids = "attribute"\n', encoding="utf-8")
    assert run(project, "build")[0] == 0
    markdown = (project / "build" / "de" / "openai-scale-anthropic-trust.md").read_text(encoding="utf-8")
    assert "## Die unbequeme Wahrheit für OpenAI {#the-uncomfortable-truth-for-openai}\n" in markdown
    (project / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    assert run(project, "build")[0] == 0
    assert "{#" not in (project / "build" / "de" / "openai-scale-anthropic-trust.md").read_text(encoding="utf-8")


def _links_and_images(page) -> tuple[list[str], list[tuple[str, int]]]:  # type: ignore[no-untyped-def]
    """Every link's resolved URL on the page, and every image's src with its natural width."""
    return page.evaluate(
        """() => [
            [...document.querySelectorAll('a[href]')].map(a => a.href),
            [...document.querySelectorAll('img')].map(i => [i.src, i.complete ? i.naturalWidth : 0]),
        ]"""
    )


def test_a_real_browser_finds_every_link_image_and_fragment_of_the_site(tmp_path: Path) -> None:
    """Every page in every language: each relative link leads to a file that exists (and to an
    element with its fragment's id), each image loads, no comment shows, footnotes work."""
    found, reason = _browser()
    if found is None:
        pytest.skip(reason)
    sync_playwright, executable = found
    from test_site import ARTICLES, write_site

    root = write_site(tmp_path, {**ARTICLES, "guide/deep/more.md": "# More\n\nSee [install](../start.md#install).\n"})
    assert run(root, "extract")[0] == 0
    (root / "locale" / "de" / "LC_MESSAGES" / "news.po").unlink()  # an article with no German catalog
    set_translations(root / "locale" / "de" / "LC_MESSAGES" / "guide" / "start.po", {"Install": "Installieren"})
    code, _, err = run(root, "build", "--format", "html")
    assert code == 0, err
    build = (root / "build").resolve()
    pages = sorted(build.rglob("*.html"))
    assert len(pages) == 8
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            page = browser.new_page()
            fragments: list[tuple[str, str]] = []
            for path in pages:
                page.goto(path.as_uri())
                page.wait_for_load_state("load")
                links, images = _links_and_images(page)
                assert images or path.name != "start.html"
                for source, width in images:
                    assert width > 0, (path, source)
                for url in links:
                    address, _, fragment = url.partition("#")
                    assert address.startswith("file://"), (path, url)  # only relative links on these pages
                    target = Path(unquote(address.removeprefix("file://")))
                    assert target.is_file() and build in target.parents, (path, url)
                    if fragment:
                        fragments.append((target.as_uri(), unquote(fragment)))
                assert "TODO" not in page.content()
            assert len(fragments) >= 10  # footnotes both ways, #install from two pages, #later-news
            for url, fragment in sorted(set(fragments)):
                page.goto(url)
                assert page.evaluate("id => document.getElementById(id) !== null", fragment), (url, fragment)
            for language in ("en", "de"):
                page.goto((build / language / "guide" / "start.html").as_uri())
                page.click("sup.footnote-ref a")
                page.wait_for_function("location.hash === '#fn1'")
                assert page.inner_text("#fn1").startswith("A note at the end.")
                page.click("#fn1 a.footnote-backref")
                page.wait_for_function("location.hash === '#fnref1'")
        finally:
            browser.close()
