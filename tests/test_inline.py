"""The inline model: what a text shows a reader and what it links to, in its article."""

from __future__ import annotations

import pytest

from localize.coverage import words
from localize.inline import (
    ANY_REFERENCE,
    Context,
    analyze,
    link_parts,
    scheme_of,
    word_count,
)
from localize.language import function_words
from localize.segment import parse

ARTICLE = """\
See [the guide][guide], the [Rust book] and [glossary][].[^1]

[guide]: docs/setup.md "Setup"
[rust book]: https://doc.rust-lang.org/book/
[glossary]: /glossary.md
[^1]: A note.
"""


def context() -> Context:
    return Context.of(parse("a.md", ARTICLE).definitions)


def test_words_leave_out_targets_titles_entities_and_tags() -> None:
    text = 'See [the guide](docs/setup(v2).md "Setup guide") and `code` at &amp; <https://example.com/a>.'
    read = analyze(text)
    assert words(text) == word_count(text) == 6  # See the guide and code at
    assert "md" not in read.text and "Setup" not in read.text and "amp" not in read.text
    assert "code" in read.text and "code" not in read.prose
    assert [link.target for link in read.links] == ["docs/setup(v2).md", "https://example.com/a"]
    assert [link.kind for link in read.links] == ["link", "autolink"]


def test_html_tags_and_bare_urls_are_no_words() -> None:
    assert word_count("Click <kbd>Enter</kbd> on https://example.com/x.html now") == 4
    assert function_words("the <span class='the the'>dog</span> `the the the`") == (2, 1, 0)


def test_reference_links_resolve_in_the_article() -> None:
    source = parse("a.md", ARTICLE).segments[0].source
    alone, in_article = analyze(source), analyze(source, context())
    assert alone.links == () and alone.footnotes == ()
    assert [(link.target, link.label) for link in in_article.links] == [
        ("docs/setup.md", "GUIDE"),
        ("https://doc.rust-lang.org/book/", "RUST BOOK"),
        ("/glossary.md", "GLOSSARY"),
    ]
    assert in_article.footnotes == ("1",)
    assert "[^1]" not in in_article.text and "1" not in in_article.prose


def test_a_translated_shortcut_label_no_longer_links() -> None:
    assert analyze("das [Rust-Buch]", context()).links == ()
    assert analyze("das [Rust-Buch][rust book]", context()).links[0].target == "https://doc.rust-lang.org/book/"


def test_links_of_any_scheme_are_seen() -> None:
    read = analyze("[hier](javascript:alert(document.cookie)) <javascript:alert(1)> <VBScript:x>")
    assert [link.target for link in read.links] == ["javascript:alert(document.cookie)", "javascript:alert(1)", "VBScript:x"]
    assert {link.scheme for link in read.links} == {"javascript", "vbscript"}


@pytest.mark.parametrize(
    "target,scheme",
    [("https://x", "https"), ("docs/a.md", ""), ("/a:b", ""), ("#x:y", ""), ("?q=a:b", ""), ("java\tscript:x", "javascript"),
     (" JavaScript:x", "javascript"), ("mailto:a@b", "mailto"), ("//host/p", ""), ("1x:y", "")],
)
def test_scheme_of(target: str, scheme: str) -> None:
    assert scheme_of(target) == scheme


def test_hard_breaks_and_emphasis() -> None:
    read = analyze("One  \ntwo\\\nthree *a* **b** *c*")
    assert read.hard_breaks == 2
    assert read.emphasis == {"em": 2, "strong": 1}


def test_link_parts() -> None:
    assert link_parts("[Intro](intro.md)") == ("Intro", "(intro.md)")
    assert link_parts("[a \\] b](u \"t\")") == ("a \\] b", '(u "t")')
    assert link_parts("[Intro][intro]", ANY_REFERENCE) == ("Intro", "[intro]")
    assert link_parts("[intro]") is None and link_parts("[intro][]") is None  # the text is the label
    assert link_parts("[a](b) c") is None and link_parts("[a](b)[c](d)") is None and link_parts("text") is None


def test_memory_reuses_a_link_text_but_never_a_label() -> None:
    import polib

    from localize.memory import Memory

    memory = Memory()
    memory.add([polib.POEntry(msgid="[Getting started](start.md)", msgstr="[Erste Schritte](start.md)")])
    assert memory.lookup("Getting started").msgstr == "Erste Schritte"  # type: ignore[union-attr]
    assert memory.lookup("[Getting started](other.md \"t\")").msgstr == '[Erste Schritte](other.md "t")'  # type: ignore[union-attr]
    assert memory.lookup("[Getting started][start]").msgstr == "[Erste Schritte][start]"  # type: ignore[union-attr]
    assert memory.lookup("[Getting started]") is None  # its text is its label: translating it breaks the link
    assert memory.lookup("[Getting started][]") is None


def test_a_text_read_again_in_the_same_context_is_not_parsed_again(monkeypatch) -> None:
    from localize import inline

    parsed: list[str] = []
    real = inline.tokens

    def counting(markdown, context):
        parsed.append(markdown)
        return real(markdown, context)

    monkeypatch.setattr(inline, "tokens", counting)
    context = inline.Context.of({"references": {"X": {"href": "a.md", "title": ""}}})
    text = "Read [x] and " + "[" * 1000
    first = inline.analyze(text, context)
    assert inline.analyze(text, context) is first and len(parsed) == 1
    other = inline.Context.of({})
    assert inline.analyze(text, other).links != first.links and len(parsed) == 2
