"""The HTML site: footnotes, comments, the index and its dates, the home page, the navigation,
the language switcher, links between pages and the files the articles reference."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import SHARED, set_translations
from test_cli import run

from localize.links import references_in, resolve
from localize.model import LocalizeError
from localize.site import SiteMap, front_matter_date, lead, may_reference_files, navigation_order, summary_links

ARTICLES = {
    "index.md": "# Welcome\n\nStart with [the guide](guide/start.md#install) or [the news](news.md).\n",
    "guide/start.md": (
        "---\ndate: 2024-05-01\n---\n# Getting started\n\n"
        "Read this first.[^1] <!-- TODO say more --> Then go on.\n\n"
        "<!-- TODO a whole paragraph\nfor the writers -->\n\n"
        "## Install\n\n![The logo](img/logo.svg)\n\n"
        "Get [the archive](files/tool.zip) and see [the news](../news.md#Later-News).\n\n"
        "[^1]: A note at the end.\n"
    ),
    "news.md": "+++\ndate = 2025-01-02\n+++\n# Later news\n\nBack to [the start](guide/start.md).\n",
}
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>\n'


def write_site(root: Path, articles: dict[str, str] = ARTICLES) -> Path:
    """A project of a few articles in folders, with an image and a download."""
    (root / "pyproject.toml").write_text('[tool.localize]\nformats = ["md", "html"]\n', encoding="utf-8")
    for name, text in articles.items():
        (root / "articles" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "articles" / name).write_text(text, encoding="utf-8")
    (root / "articles" / "guide" / "img").mkdir(parents=True, exist_ok=True)
    (root / "articles" / "guide" / "img" / "logo.svg").write_text(LOGO, encoding="utf-8")
    (root / "articles" / "guide" / "files").mkdir(exist_ok=True)
    (root / "articles" / "guide" / "files" / "tool.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    return root


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23
    root = write_site(tmp_path)
    assert run(root, "extract")[0] == 0
    set_translations(
        root / "locale" / "de" / "LC_MESSAGES" / "guide" / "start.po",
        {
            "Getting started": "Erste Schritte",
            "Read this first.[^1] <!-- TODO say more --> Then go on.": "Lies das zuerst.[^1] <!-- TODO say more --> Dann weiter.",
        },
    )
    code, _, err = run(root, "build")
    assert code == 0, err
    return root / "build"


# -- pure parts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("---\ntitle: A\ndate: 2024-05-01\n---\n# A\n", dt.date(2024, 5, 1)),
        ("---\ndate: '2024-05-01T10:00:00Z'\n---\n", dt.date(2024, 5, 1)),
        ('+++\ntitle = "A"\ndate = 2024-05-02 # published\n+++\n', dt.date(2024, 5, 2)),
        ("+++\ndate = 2024-05-03T08:00:00+02:00\n+++\n", dt.date(2024, 5, 3)),
        ("# A\n\ndate: 2024-05-01\n", None),  # not front matter
        ("---\nupdated: 2024-05-01\n---\n", None),
        ("---\nmeta:\n  date: 2024-05-01\n---\n", None),  # a nested key is not the article's date
    ],
)
def test_front_matter_date(text: str, day: dt.date | None) -> None:
    assert front_matter_date(text, "a.md") == day


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "2024-5-1"])
def test_a_front_matter_date_that_is_no_date_names_its_line(value: str) -> None:
    with pytest.raises(LocalizeError) as raised:
        front_matter_date(f"---\ntitle: A\ndate: {value}\n---\n", "guide/a.md")
    assert str(raised.value.diagnostic).startswith("guide/a.md:3: error: front matter date")


def test_summary_links_in_order_with_their_text() -> None:
    summary = (
        "# Summary\n\n[Intro](README.md)\n\n- [Getting *started*](guide/start.md#top)\n"
        "  - [`cargo` and you](./guide/cargo.md)\n- [Draft]()\n- [Elsewhere](https://example.com/x.md)\n"
        "- [Again](guide/start.md)\n- [Missing](gone.md)\n"
    )
    found = summary_links(summary, ["README", "guide/start", "guide/cargo", "SUMMARY"])
    assert found == [("README", "Intro"), ("guide/start", "Getting started"), ("guide/cargo", "cargo and you")]


def test_navigation_order_summary_first_then_the_rest_and_the_home_page_first() -> None:
    articles = ["SUMMARY", "a", "b", "c", "index"]
    assert navigation_order(articles, ["c", "a"]) == ("index", "c", "a", "b")
    assert navigation_order(articles, []) == ("index", "a", "b", "c")


def test_index_order_is_newest_first_then_the_navigation_order() -> None:
    days = {"a": dt.date(2024, 1, 1), "b": dt.date(2025, 1, 1), "c": dt.date(2024, 1, 1)}
    site = SiteMap(("c", "a", "b"), {}, days)
    assert site.newest_first() == ["b", "c", "a"]
    assert site.neighbours("a") == ("c", "b") and site.neighbours("c") == (None, "a")


def _references_files(text: str) -> bool:
    """Whether the link model finds a link or image to a file that is no article."""
    return any(
        resolve("a.md", reference.target, ()).kind in ("file", "outside")
        and not resolve("a.md", reference.target, ()).path.endswith(".md")
        for reference in references_in(text)
    )


@pytest.mark.parametrize(
    "text",
    [
        "![a](img/x.png)",
        '![a]( <img/my x.png> "title")',
        "[a][x]\n\n[x]:\n  files/tool.zip\n",
        '<p><IMG SRC = "x.svg"></p>',
        "[a](x.MD)",
        "[a](x.png#.md)",
        "[a](a&#46;png)",
        "<a href='../up.txt'>up</a>",
    ],
)
def test_a_quick_look_never_misses_a_file_the_link_model_finds(text: str) -> None:
    assert _references_files(text) and may_reference_files(text)


@pytest.mark.parametrize("text", ["[a](b.md#x) [c](https://x.org/y.png) [d](#e)\n\n[f]: ./g/h.md\n", "No links."])
def test_a_quick_look_rules_out_articles_that_link_to_no_file(text: str) -> None:
    assert not _references_files(text) and not may_reference_files(text)


@pytest.mark.skipif(not (SHARED / "corpus" / "en").is_dir(), reason="../shared/corpus is absent")
def test_the_quick_look_misses_no_file_of_the_corpus_and_rules_out_most_articles() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted((SHARED / "corpus" / "en").rglob("*.md"))]
    looked = [may_reference_files(text) for text in texts]
    assert all(looked[index] for index, text in enumerate(texts) if _references_files(text))
    assert sum(looked) < len(texts) / 5


def test_the_digest_follows_what_the_pages_show() -> None:
    days = {"a": dt.date(2024, 1, 1), "b": dt.date(2025, 1, 1)}
    later = {**days, "b": dt.date(2025, 1, 2)}
    titles = {"": {"a": "A", "b": "B"}}
    plain = SiteMap(("a", "b"), titles, days)
    assert plain.digest() == SiteMap(("a", "b"), titles, later).digest()  # the index is written anew each build
    assert plain.digest() != SiteMap(("b", "a"), titles, days).digest()
    assert plain.digest() != SiteMap(("a", "b"), {"": {"a": "A", "b": "C"}}, days).digest()
    home = SiteMap(("index", "a"), titles, {**days, "index": days["a"]})
    assert home.digest() != SiteMap(("index", "a"), titles, {**later, "index": days["a"], "a": later["b"]}).digest()


def test_lead_keeps_whole_lines() -> None:
    assert lead("a\r\nb\nc\n", 2) == "a\r\nb\n"
    assert lead("a\nb", 5) == "a\nb"


# -- pages --------------------------------------------------------------------------------


def test_footnotes_are_links_both_ways_in_every_language(site: Path) -> None:
    for language in ("en", "de"):
        page = soup(site / language / "guide" / "start.html")
        reference = page.find("sup", class_="footnote-ref").find("a")
        note = page.find(id=reference["href"][1:])
        assert note is not None and note.get_text().startswith("A note at the end.")
        assert page.find(id=note.find("a", class_="footnote-backref")["href"][1:]) is reference
        assert "[^1]" not in page.get_text()
    assert "Lies das zuerst." in soup(site / "de" / "guide" / "start.html").find("main").get_text()


def test_html_comments_are_never_published(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<!--" not in text and "TODO" not in text, page
    assert "TODO" in (site / "de" / "guide" / "start.md").read_text(encoding="utf-8")  # Markdown keeps them


def test_an_unclosed_comment_hides_the_rest_as_a_browser_would(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"a.md": "# A\n\nShown.\n\n<!-- never closed\n\nhidden words\n"})
    assert run(root, "build")[0] == 0
    text = (root / "build" / "en" / "a.html").read_text(encoding="utf-8")
    assert "Shown." in text and "hidden words" not in text and "never closed" not in text


def test_index_md_is_the_home_page_and_carries_the_list(site: Path) -> None:
    home = soup(site / "de" / "index.html")
    assert home.find("h1").get_text() == "Welcome"
    listed = home.find("nav", class_="contents")
    links = [(a.get_text(), a["href"]) for a in listed.find_all("a")]
    assert links == [("Later news", "news.html"), ("Erste Schritte", "guide/start.html")]  # newest first
    times = [t["datetime"] for t in listed.find_all("time")]
    assert times == ["2025-01-02", "2024-05-01"]  # from the front matter, YAML and TOML
    assert "1. Mai 2024" in listed.get_text()
    assert "May 1, 2024" in soup(site / "en" / "index.html").find("nav", class_="contents").get_text()
    assert [a.find("span", lang="en") is not None for a in listed.find_all("a")] == [True, False]  # not translated


def test_a_title_not_translated_yet_is_marked_english_in_the_navigation(site: Path) -> None:
    german = soup(site / "de" / "guide" / "start.html").find("nav", class_="pages")
    assert german.find("a", rel="next").find("span", lang="en").get_text() == "Later news"
    assert soup(site / "en" / "guide" / "start.html").find("nav", class_="pages").find("span") is None


def test_without_an_index_article_the_index_lists_every_article_dated(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23: the fallback for undated articles
    articles = {k: v for k, v in ARTICLES.items() if k != "index.md"} | {"undated.md": "# Undated\n"}
    root = write_site(tmp_path, articles)
    assert run(root, "build")[0] == 0
    index = soup(root / "build" / "de" / "index.html")
    assert [a["href"] for a in index.find("main").find_all("a")] == ["undated.html", "news.html", "guide/start.html"]
    assert [t["datetime"] for t in index.find_all("time")] == ["2026-11-23", "2025-01-02", "2024-05-01"]
    assert index.find("nav", class_="languages").find("a")["href"] == "../en/index.html"


def test_the_file_time_dates_an_article_without_a_date(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = write_site(tmp_path, {"a.md": "# A\n"})
    os.utime(root / "articles" / "a.md", (1700000000, 1700000000))  # 2023-11-14
    assert run(root, "build")[0] == 0
    assert soup(root / "build" / "en" / "index.html").find("time")["datetime"] == "2023-11-14"


def test_a_bad_date_is_bad_input_and_nothing_is_written(tmp_path: Path) -> None:
    root = write_site(tmp_path, {**ARTICLES, "news.md": "---\ndate: soon\n---\n# News\n"})
    code, _, err = run(root, "build")
    assert code == 2
    assert err.strip().splitlines() == [
        "localize: error: articles/news.md:2: front matter date 'soon' is not a date like 2024-05-01"
    ]
    assert not (root / "build" / "de").exists() and not (root / "build" / "assets").exists()


def test_navigation_follows_the_article_order_with_translated_titles(site: Path) -> None:
    page = soup(site / "de" / "news.html").find("nav", class_="pages")
    previous, home = page.find("a", rel="prev"), page.find_all("a")[-1]
    assert previous["href"] == "guide/start.html" and previous.get_text() == "← Zurück: Erste Schritte"
    assert page.find("a", rel="next") is None and home["href"] == "index.html"
    start = soup(site / "en" / "guide" / "start.html").find("nav", class_="pages")
    assert start.find("a", rel="prev")["href"] == "../index.html"
    assert start.find("a", rel="next").get_text() == "→ Next: Later news"


def test_every_page_has_the_language_switcher(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 6
    for page in pages:
        switcher = soup(page).find("nav", class_="languages")
        other = "en" if page.relative_to(site).parts[0] == "de" else "de"
        link = switcher.find("a", hreflang=other)
        assert (page.parent / link["href"]).is_file(), page
        assert switcher.find(attrs={"aria-current": "page"}) is not None


def test_summary_gives_the_navigation_its_order_and_translated_titles_and_no_page(tmp_path: Path) -> None:
    summary = "# Summary\n\n- [Welcome home](index.md)\n- [The news](news.md)\n- [First steps](guide/start.md)\n"
    root = write_site(tmp_path, {**ARTICLES, "SUMMARY.md": summary})
    assert run(root, "extract")[0] == 0
    set_translations(root / "locale" / "de" / "LC_MESSAGES" / "SUMMARY.po", {"The news": "Neues"})
    assert run(root, "build")[0] == 0
    build = root / "build"
    assert not (build / "de" / "SUMMARY.html").exists() and not (build / "en" / "SUMMARY.html").exists()
    assert (build / "de" / "SUMMARY.md").is_file()
    home = soup(build / "de" / "index.html").find("nav", class_="pages").find("a", rel="next")
    assert home["href"] == "news.html" and home.get_text() == "→ Weiter: Neues"
    news = soup(build / "en" / "news.html").find("nav", class_="pages")
    assert news.find("a", rel="next").get_text() == "→ Next: First steps"
    assert "4 article(s) built: 0 written, 4 unchanged" in run(root, "build")[1]  # a second build: all fresh


def test_a_new_article_changes_the_navigation_of_the_pages_already_built(site: Path) -> None:
    root = site.parent
    (root / "articles" / "z.md").write_text("# Zed\n", encoding="utf-8")
    assert run(root, "build")[0] == 0
    news = soup(site / "en" / "news.html").find("nav", class_="pages")
    assert news.find("a", rel="next")["href"] == "z.html"


# -- links and files ----------------------------------------------------------------------


def test_links_lead_to_the_pages_of_the_same_language(site: Path) -> None:
    home = soup(site / "de" / "index.html").find("main")
    assert [a["href"] for a in home.find("p").find_all("a")] == ["guide/start.html#install", "news.html"]
    start = soup(site / "de" / "guide" / "start.html").find("main")
    hrefs = [a["href"] for a in start.find_all("a") if not a["href"].startswith("#")]
    assert hrefs == ["../../assets/guide/files/tool.zip", "../news.html#later-news"]


def test_referenced_files_are_placed_once_for_every_language(site: Path) -> None:
    placed = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and ".cache" not in p.parts)
    assets = [p for p in placed if not p.endswith((".html", ".md")) and not p.startswith("de/")]
    assert assets == ["assets/guide/files/tool.zip", "assets/guide/img/logo.svg"]
    logo = site / "assets" / "guide" / "img" / "logo.svg"
    # The German Markdown output has its linked files beside it (its links are kept as written):
    # the same files, linked, not copies.
    beside = [p for p in placed if p.startswith("de/") and not p.endswith((".html", ".md"))]
    assert beside == ["de/guide/files/tool.zip", "de/guide/img/logo.svg"]
    for path in beside:
        assert os.path.samefile(site / path, site / "assets" / path.removeprefix("de/"))
    assert logo.read_text(encoding="utf-8") == LOGO
    assert os.path.samefile(logo, site.parent / "articles" / "guide" / "img" / "logo.svg")  # a hard link here
    for language in ("en", "de"):
        image = soup(site / language / "guide" / "start.html").find("img")
        assert image["src"] == "../../assets/guide/img/logo.svg"
        assert (site / language / "guide" / image["src"]).resolve() == logo.resolve()


def test_a_missing_file_and_a_file_through_a_link_out_are_left_as_written(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret\n", encoding="utf-8")
    root = tmp_path / "project"
    root.mkdir()
    write_site(root, {"a.md": "# A\n\n![gone](gone.png) and [the secret](leak.txt) and [up](../x.txt).\n"})
    (root / "articles" / "leak.txt").symlink_to(outside)
    assert run(root, "build")[0] == 0
    links = [
        tag.get("src") or tag.get("href")
        for tag in soup(root / "build" / "de" / "a.html").find("p").children
        if getattr(tag, "name", None) in ("a", "img")
    ]
    assert links == ["gone.png", "leak.txt", "../x.txt"]
    assert not (root / "build" / "assets").exists()


def test_an_html_image_and_link_are_rewritten_too(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {"guide/a.md": '# A\n\n<p><img src="img/logo.svg" alt=""> <a href=\'../b.md\'>b</a></p>\n', "b.md": "# B\n"},
    )
    assert run(root, "build")[0] == 0
    page = soup(root / "build" / "de" / "guide" / "a.html").find("main")
    assert page.find("img")["src"] == "../../assets/guide/img/logo.svg" and page.find("a")["href"] == "../b.html"


def test_editing_one_article_rebuilds_only_its_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # undated articles take their file's time
    root = write_site(tmp_path, {k: v for k, v in ARTICLES.items() if k != "index.md"} | {"c.md": "# C\n"})
    assert run(root, "build")[0] == 0
    (root / "articles" / "c.md").write_text("# C\n\nMore.\n", encoding="utf-8")
    os.utime(root / "articles" / "c.md", (1900000000, 1900000000))
    code, out, _ = run(root, "build")
    assert code == 0 and "3 article(s) built: 1 written, 2 unchanged" in out
    newest = soup(root / "build" / "en" / "index.html").find("main").find("a")
    assert newest["href"] == "c.html"  # by its file time


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("# C\n", "C"),
        ("# C", "C"),
        ("Intro\n" * 70 + "\nSetext *title*\n===\n", "Setext title"),
        ("```\n" + "# not a heading\n" * 70 + "```\n\n## After `code`\n", "After code"),
        ("No heading at all.\n", "plain"),
    ],
)
def test_the_title_is_the_first_heading_wherever_it_is(tmp_path: Path, text: str, title: str) -> None:
    root = write_site(tmp_path, {"plain.md": text})
    assert run(root, "build")[0] == 0
    assert soup(root / "build" / "de" / "plain.html").title.get_text() == title


def test_an_assets_folder_linked_out_of_the_build_is_refused_before_any_write(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    root = tmp_path / "project"
    root.mkdir()
    write_site(root)
    (root / "build").mkdir()
    (root / "build" / "assets").symlink_to(outside)
    code, _, err = run(root, "build")
    assert code == 2 and "leads outside" in err and len(err.strip().splitlines()) == 1
    assert list(outside.iterdir()) == []
    assert not (root / "build" / "de").exists() and not (root / "build" / "en").exists()


def test_a_file_is_copied_where_no_hard_link_can_be_made_and_placed_only_on_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_link(source: object, target: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_link)
    root = write_site(tmp_path)
    code, out, _ = run(root, "build")
    assert code == 0 and "build/assets/guide/img/logo.svg: written" in out
    logo = root / "build" / "assets" / "guide" / "img" / "logo.svg"
    assert logo.read_text(encoding="utf-8") == LOGO and not os.path.samefile(logo, root / "articles/guide/img/logo.svg")
    assert not list(logo.parent.glob(".*"))  # no temporary left
    code, out, _ = run(root, "build")
    assert code == 0 and "assets" not in out
