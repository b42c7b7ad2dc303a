"""The link model: references an article writes, where they lead, page ids and page URLs."""

from __future__ import annotations

import pytest

from localize.links import (
    Reference,
    Site,
    Target,
    fragment_ids,
    matching_id,
    page_url,
    references,
    references_in,
    resolve,
)
from localize.segment import parse

ARTICLE = """\
+++
title = "Links"
+++
# Why not? {#custom}

See [the FAQ](faq.md#why), [the setup][setup] and <https://example.org/x> on
a second line, with ![a diagram](pics/a%20b.png) and `[no](code.md)`.

```
[no](fence.md) ![no](fence.png)
```

    [no](indented.md)

<div>
<a href="raw.md#part" name="anchor">raw</a>
<img src="raw.png">
</div>

Inline <a href="inline.md">HTML</a> and [empty]() and [<b>x</b>](<with space.md>).[^1]

| A | B |
|---|---|
| [cell](cell.md) | ![](cell.png) |

> [quoted](../up.md)

[^1]: A note [inside](note.md).

[setup]: guide/setup.md?tab=2 "Setup"
"""


def test_references_are_every_link_and_image_at_its_line() -> None:
    assert references(parse("articles/a.md", ARTICLE)) == [
        Reference(6, "link", "faq.md#why"),
        Reference(6, "link", "guide/setup.md?tab=2"),
        Reference(6, "link", "https://example.org/x"),
        Reference(7, "image", "pics/a%20b.png"),
        Reference(16, "link", "raw.md#part"),
        Reference(17, "image", "raw.png"),
        Reference(20, "link", "inline.md"),
        Reference(20, "link", ""),
        Reference(20, "link", "with%20space.md"),
        Reference(24, "link", "cell.md"),
        Reference(24, "image", "cell.png"),
        Reference(26, "link", "../up.md"),
        Reference(28, "link", "note.md"),
    ]


def test_nothing_inside_code_is_a_reference() -> None:
    targets = {r.target for r in references_in(ARTICLE)}
    assert not {t for t in targets if "code" in t or "fence" in t or "indented" in t}
    assert references_in("`<a href='x.md'>` and ``[a](b.md)``\n") == []


def test_a_link_in_a_long_paragraph_is_at_the_line_that_writes_it() -> None:
    text = "One line\ntwo [a](a.md)\nthree\n[four][x] and ![five](f.png)\n\n[x]: x.md\n"
    assert [(r.line, r.target) for r in references_in(text)] == [(2, "a.md"), (4, "x.md"), (4, "f.png")]
    same = "[a](x.md) [b](x.md)\n[c](x.md)\nand [d](x.md)\n"
    assert [r.line for r in references_in(same)] == [1, 1, 2, 3]
    many = "x [a][b]\n" * 3000 + "\n[b]: y.md\n"
    assert [r.line for r in references_in(many)] == list(range(1, 3001))


def test_a_target_written_otherwise_stays_at_the_last_link_s_line() -> None:
    text = "[a](a.md)\n" + "text\n" * 2000 + "[entity](&amp;x) [b](b.md)\n"
    assert [(r.line, r.target) for r in references_in(text)] == [(1, "a.md"), (1, "&x"), (2002, "b.md")]


def test_raw_html_entities_are_decoded_and_empty_attributes_left_out() -> None:
    text = '<p><a href="a.md?x=1&amp;y=2">a</a><a name="n">b</a><img src="">\n<IMG SRC="b.png"></p>\n'
    assert references_in(text) == [
        Reference(1, "link", "a.md?x=1&y=2"),
        Reference(1, "image", ""),
        Reference(2, "image", "b.png"),
    ]


ARTICLES = {"faq.md", "guide/a.md", "guide/setup.md", "Über uns.md"}


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("https://example.org/faq.md", Target("external")),
        ("mailto:a@example.org", Target("external")),
        ("//cdn.example.org/x.js", Target("external")),
        ("/faq.md", Target("external")),
        ("#why", Target("fragment", fragment="why")),
        ("#caf%C3%A9", Target("fragment", fragment="café")),
        ("", Target("fragment")),
        ("?q=1#x", Target("article", "guide/a.md", "x")),
        ("setup.md", Target("article", "guide/setup.md")),
        ("./setup.md#install", Target("article", "guide/setup.md", "install")),
        ("../faq.md?lang=en#why", Target("article", "faq.md", "why")),
        ("sub/../../faq.md", Target("article", "faq.md")),
        ("../%C3%9Cber%20uns.md", Target("article", "Über uns.md")),
        ("missing.md", Target("file", "guide/missing.md")),
        ("pics/a%20b.png", Target("file", "guide/pics/a b.png")),
        ("../../README.md", Target("outside", "../README.md")),
        ("../..", Target("outside", "..")),
    ],
)
def test_resolve(target: str, expected: Target) -> None:
    assert resolve("guide/a.md", target, ARTICLES) == expected


def test_fragment_ids_are_the_ids_of_the_page() -> None:
    text = (
        "# Install\n\n## Install\n\nSetext Über\n---\n\n## Own {#mine}\n\n"
        'Text[^n] and <span id="inline">x</span>\n\n[^n]: note\n\n<div id="box"><a name="old"></a></div>\n\n'
        '```\n<p id="code">\n```\n\n<!-- <p id="comment"> -->\n\n`<b id="span">`\n'
    )
    assert fragment_ids(text) == {
        "install",
        "install-1",
        "setext-uber",
        "own-mine",
        "mine",
        "fnref1",
        "inline",
        "box",
        "old",
    }


def test_matching_id_takes_a_fragment_that_slugs_to_an_id() -> None:
    ids = {"why-not", "install"}
    assert matching_id("why-not", ids) == "why-not"
    assert matching_id("Why-Not", ids) == "why-not"
    assert matching_id("Why not", ids) == "why-not"
    assert matching_id("nowhere", ids) is None


SITE = Site(
    source_language="en",
    articles=frozenset({"faq.md", "guide/a.md", "guide/setup.md"}),
    pages=frozenset(
        {("en", "faq.md"), ("en", "guide/a.md"), ("en", "guide/setup.md"), ("de", "faq.md"), ("de", "guide/a.md")}
    ),
    ids={"faq.md": frozenset({"why-not"}), "guide/a.md": frozenset({"top"})},
    files=frozenset({"guide/pics/a b.png"}),
)


@pytest.mark.parametrize(
    ("language", "target", "expected"),
    [
        ("de", "../faq.md#why-not", "../faq.html#why-not"),
        ("de", "../faq.md#Why-Not", "../faq.html#why-not"),
        ("de", "../faq.md#missing", "../faq.html#missing"),
        ("de", "../faq.md?x=1", "../faq.html?x=1"),
        ("de", "setup.md", "../../en/guide/setup.html"),
        ("en", "setup.md", "setup.html"),
        ("de", "#Top", "#top"),
        ("de", "#nowhere", "#nowhere"),
        ("de", "pics/a%20b.png", "../../assets/guide/pics/a%20b.png"),
        ("en", "pics/missing.png", "pics/missing.png"),
        ("de", "missing.md", "missing.md"),
        ("de", "../../outside.md", "../../outside.md"),
        ("de", "https://example.org/faq.md", "https://example.org/faq.md"),
        ("de", "/faq.md", "/faq.md"),
    ],
)
def test_page_url(language: str, target: str, expected: str) -> None:
    assert page_url(SITE, "guide/a.md", language, target) == expected


def test_page_url_of_a_top_level_article() -> None:
    assert page_url(SITE, "faq.md", "de", "guide/a.md#top") == "guide/a.html#top"
    assert page_url(SITE, "faq.md", "fr", "guide/a.md") == "../en/guide/a.html"
