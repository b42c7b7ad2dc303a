"""The link check: missing articles, files, images and fragments, in English and in each translation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SHARED, set_translations
from test_cli import run

from localize import linkcheck
from localize.linkcheck import Problem, ProjectLinks, problems
from localize.links import Reference
from localize.model import Segment, Span
from localize.segment import parse

CORPUS = SHARED / "corpus"

ARTICLES = {"a.md", "faq.md", "guide/setup.md"}
IDS = {"a.md": {"intro"}, "faq.md": {"why", "why-not"}, "guide/setup.md": {"install"}}
FILES = {"a.md", "faq.md", "guide", "guide/setup.md", "pics", "pics/logo.png", "notes.md", "doc.pdf"}


def found(article: str, *targets: tuple[str, str]) -> list[Problem]:
    references = [Reference(number, kind, target) for number, (kind, target) in enumerate(targets, start=1)]
    return problems(article, references, ARTICLES, lambda a: IDS.get(a, set()), FILES.__contains__)


@pytest.mark.parametrize(
    "target",
    [
        "faq.md",
        "faq.md#why",
        "faq.md#Why-Not",  # slugged, it is an id
        "./faq.md?x=1#why",
        "faq.html#why",  # an article's page
        "#intro",
        "#",
        "",
        "guide/setup.md#install",
        "notes.md",  # a Markdown file that is no article, but exists
        "doc.pdf",
        "pics/",
        "https://example.org/gone.md",
        "/absolute/gone.md",
        "mailto:someone@example.org",
    ],
)
def test_links_that_lead_somewhere(target: str) -> None:
    assert found("a.md", ("link", target)) == []


@pytest.mark.parametrize(
    ("article", "kind", "target", "message"),
    [
        ("a.md", "link", "gone.md", "link to a missing article 'gone.md' (no articles/gone.md)"),
        ("guide/setup.md", "link", "faq.md", "link to a missing article 'faq.md' (no articles/guide/faq.md)"),
        ("a.md", "link", "gone.pdf#page=2", "link to a missing file 'gone.pdf#page=2' (no articles/gone.pdf)"),
        ("a.md", "link", "Doc.pdf", "link to a missing file 'Doc.pdf' (no articles/Doc.pdf)"),
        ("a.md", "image", "pics/gone.png", "missing image 'pics/gone.png' (no articles/pics/gone.png)"),
        ("a.md", "image", "faq.md#why", None),
        ("a.md", "link", "#nowhere", "link to a missing fragment '#nowhere': this article has no id 'nowhere'"),
        (
            "a.md",
            "link",
            "faq.md#whyy",
            "link to a missing fragment 'faq.md#whyy': articles/faq.md has no id 'whyy' (did you mean '#why'?)",
        ),
        (
            "guide/setup.md",
            "link",
            "../a.md#nope",
            "link to a missing fragment '../a.md#nope': articles/a.md has no id 'nope'",
        ),
    ],
)
def test_links_that_lead_nowhere(article: str, kind: str, target: str, message: str | None) -> None:
    assert found(article, (kind, target)) == ([Problem(1, message)] if message else [])


def test_a_link_leaving_the_articles_folder_is_a_warning() -> None:
    assert found("guide/setup.md", ("link", "../../README.md"), ("image", "../../logo.png")) == [
        Problem(1, "link '../../README.md' leads outside articles/ (not checked)", "warning"),
        Problem(2, "image '../../logo.png' leads outside articles/ (not checked)", "warning"),
    ]


def test_files_are_found_with_their_letter_case(tmp_path: Path) -> None:
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "logo.png").write_bytes(b"")
    links = ProjectLinks.of(tmp_path, "articles", {})
    assert links.exists("pics/logo.png") and links.exists("pics") and links.exists("pics/.")
    assert not links.exists("pics/Logo.png") and not links.exists("Pics/logo.png")
    assert not links.exists("pics/logo.png/x") and not links.exists("gone/logo.png")


def test_a_translation_is_checked_where_it_adds_a_link() -> None:
    text = "# Intro\n\nSee [the FAQ](faq.md)\nand [gone](gone.md).\n"
    document = parse("articles/a.md", text, name="a")
    links = ProjectLinks(Path("/nowhere"), "articles", {})
    links._listings[""] = frozenset({"faq.md"})
    paragraph = document.segments[1]
    assert paragraph.line == 3
    applied = [(paragraph, "Siehe [die FAQ](faq.md), [weg](gone.md)\nund [neu](neu.md).")]
    diagnostics = links.translation_diagnostics(document, applied, "de", "locale/de/LC_MESSAGES/a.po")
    assert [str(d) for d in diagnostics] == [
        "articles/a.md:4: error: link to a missing article 'neu.md' (no articles/neu.md) in the 'de' translation"
        " (locale/de/LC_MESSAGES/a.po)"
    ]
    code = Segment("code comment", "# x", Span(0, 3), 1, syntax="code:python")
    assert links.translation_diagnostics(document, [(code, "# [neu](neu.md)")], "de", "a.po") == []


ARTICLE = """\
# Guide

See [the FAQ](faq.md#why) and [its other part](faq.md#Why-Not).

A [gone](gone.md) article, a [missing part](faq.md#warum) and ![a picture](pics/gone.png).

A [fine one](#guide), a [bad one](#nope) and [the setup](setup/install.md).

Outside: [readme](../README.md); never fetched: [site](https://example.invalid/gone).

<p><a href="raw.md">raw</a><img src="pics/logo.png"></p>

```
[in code](code.md)
```
"""

FAQ = "# FAQ\n\n## Why\n\n## Why not?\n\nBack to [the guide](guide.md).\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    articles = tmp_path / "articles"
    (articles / "pics").mkdir(parents=True)
    (articles / "setup").mkdir()
    (articles / "guide.md").write_text(ARTICLE, encoding="utf-8")
    (articles / "faq.md").write_text(FAQ, encoding="utf-8")
    (articles / "setup" / "install.md").write_text("# Install\n\nBack to the [guide](../guide.md#guide).\n")
    (articles / "pics" / "logo.png").write_bytes(b"")
    assert run(tmp_path, "extract")[0] == 0
    return tmp_path


ENGLISH = [
    "articles/guide.md:5: error: link to a missing article 'gone.md' (no articles/gone.md)",
    "articles/guide.md:5: error: link to a missing fragment 'faq.md#warum': articles/faq.md has no id 'warum'",
    "articles/guide.md:5: error: missing image 'pics/gone.png' (no articles/pics/gone.png)",
    "articles/guide.md:7: error: link to a missing fragment '#nope': this article has no id 'nope'",
    "articles/guide.md:9: warning: link '../README.md' leads outside articles/ (not checked)",
    "articles/guide.md:11: error: link to a missing article 'raw.md' (no articles/raw.md)",
]


def findings(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": error: " in line or ": warning: " in line]


def test_check_reports_broken_links_at_the_article_line(site: Path) -> None:
    code, out, _ = run(site, "check")
    assert code == 1
    assert findings(out) == ENGLISH
    assert "5 error(s), 1 warning(s)" in out


def test_a_translation_that_keeps_the_links_adds_no_finding(site: Path) -> None:
    po = site / "locale" / "de" / "LC_MESSAGES" / "guide.po"
    set_translations(
        po,
        {
            "Guide": "Anleitung",
            "See [the FAQ](faq.md#why) and [its other part](faq.md#Why-Not).": (
                "Siehe [die FAQ](faq.md#why)\nund [ihren anderen Teil](faq.md#Why-Not)."
            ),
            "A [gone](gone.md) article, a [missing part](faq.md#warum) and ![a picture](pics/gone.png).": (
                "Ein [verschwundener](gone.md) Artikel, ein [fehlender Teil](faq.md#warum) und ![ein Bild](pics/gone.png)."
            ),
        },
    )
    code, out, _ = run(site, "check")
    assert code == 1
    assert findings(out) == ENGLISH  # each once, in English: the German page links where the English one does


def test_a_refused_translation_is_reported_once(site: Path) -> None:
    po = site / "locale" / "de" / "LC_MESSAGES" / "guide.po"
    set_translations(
        po,
        {
            "See [the FAQ](faq.md#why) and [its other part](faq.md#Why-Not).": (
                "Siehe [die FAQ](faq.md#warum) und [ihren anderen Teil](fehlt.md)."
            )
        },
    )
    code, out, _ = run(site, "check")
    assert code == 1
    extra = [line for line in findings(out) if line not in ENGLISH]
    assert extra and all(line.startswith("locale/de/LC_MESSAGES/guide.po:") for line in extra), extra
    assert all("(articles/guide.md:3)" in line for line in extra)
    assert any("translation adds link target 'fehlt.md'" in line for line in extra)
    assert not [line for line in extra if "missing" in line]  # the build keeps the English text and its links


def test_a_link_only_the_translation_has_is_reported_in_its_language(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The structure checks refuse a translation that changes a link; were one to let it through,
    # the link check still reads what the build applies.
    from localize import render

    monkeypatch.setattr(render, "structure_problems", lambda *args: [])
    set_translations(
        site / "locale" / "de" / "LC_MESSAGES" / "guide.po",
        {"See [the FAQ](faq.md#why) and [its other part](faq.md#Why-Not).": "Siehe [die FAQ](faq.md#warum)."},
    )
    code, out, _ = run(site, "check", "-l", "de")
    assert code == 1
    extra = [line for line in findings(out) if line not in ENGLISH and not line.startswith("locale/")]
    assert extra == [
        "articles/guide.md:3: error: link to a missing fragment 'faq.md#warum': articles/faq.md has no id 'warum'"
        " in the 'de' translation (locale/de/LC_MESSAGES/guide.po)"
    ]


@pytest.mark.parametrize("fallback", ["segment", "section", "article"])
def test_every_fallback_checks_the_links_alike(site: Path, fallback: str) -> None:
    (site / "pyproject.toml").write_text(f'[tool.localize]\nfallback = "{fallback}"\n', encoding="utf-8")
    set_translations(site / "locale" / "de" / "LC_MESSAGES" / "guide.po", {"Guide": "Anleitung"})
    code, out, _ = run(site, "check")
    assert code == 1
    assert findings(out) == ENGLISH


def test_check_of_one_article_resolves_against_them_all(site: Path) -> None:
    (site / "articles" / "faq.md").write_text(FAQ.replace("guide.md", "guide.md#gone"), encoding="utf-8")
    code, out, _ = run(site, "check", "faq")
    assert code == 1
    assert findings(out) == [
        "articles/faq.md:7: error: link to a missing fragment 'guide.md#gone': articles/guide.md has no id 'gone'"
    ]
    assert run(site, "check", "setup/install")[0] == 0


def test_links_that_are_fixed_pass(site: Path) -> None:
    fixed = ARTICLE.replace("gone.md", "faq.md").replace("#warum", "#why").replace("pics/gone", "pics/logo")
    fixed = fixed.replace("#nope", "#guide").replace("../README.md", "https://example.org").replace("raw.md", "faq.md")
    (site / "articles" / "guide.md").write_text(fixed, encoding="utf-8")
    code, out, _ = run(site, "check", "--strict")
    assert (code, findings(out)) == (0, [])


def test_each_article_s_ids_are_found_once_per_run(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = linkcheck.fragment_ids

    def counting(markdown: str) -> set[str]:
        asked.append(markdown.partition("\n")[0])
        return real(markdown)

    monkeypatch.setattr(linkcheck, "fragment_ids", counting)
    set_translations(site / "locale" / "de" / "LC_MESSAGES" / "guide.po", {"Guide": "Anleitung"})
    run(site, "check")
    assert sorted(asked) == ["# FAQ", "# Guide"]


@pytest.mark.skipif(not (CORPUS / "en").is_dir(), reason="../shared/corpus is absent")
def test_check_of_the_corpus_names_real_files_and_lines(tmp_path: Path) -> None:
    shutil.copytree(CORPUS / "en", tmp_path / "articles")
    (tmp_path / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    assert run(tmp_path, "extract", "--compendium", str(CORPUS / "de.po"))[0] == 0
    code, out, _ = run(tmp_path, "check")
    links = [line for line in findings(out) if line.startswith("articles/")]
    assert code == 1 and links, out[-2000:]
    for line in links:
        path, number, _ = line.split(":", 2)
        lines = (tmp_path / path).read_text(encoding="utf-8").splitlines()
        assert 1 <= int(number) <= len(lines), line
        assert "'de' translation" not in line  # the German catalog keeps every link
    assert any("missing image" in line for line in links)
