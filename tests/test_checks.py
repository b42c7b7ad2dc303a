"""Checks that see everything: references, footnotes, hard breaks, heading ids, link schemes."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from test_cli import run

from localize.checks import block_signature, inline_facts, keeps_structure, structure_problems
from localize.inline import Context
from localize.model import Segment
from localize.pofile import format_po
from localize.segment import parse

ARTICLE = """\
# Setup guide {#setup}

See [the guide][guide] and the [Rust book].

Read the [glossary][] first.[^note]

Also [the manual][manual], [the other manual][other].

First line\\
second line.

Visit <https://example.com> or [home](index.md).

[guide]: docs/setup.md
[rust book]: https://doc.rust-lang.org/book/
[Rust-Buch]: https://doc.rust-lang.org/book/
[glossary]: glossary.md
[manual]: manual.md
[other]: other.md
[^note]: A note.
[^other]: Another note.
"""


def segments() -> tuple[dict[str, Segment], Context]:
    document = parse("guide.md", ARTICLE)
    return {s.source: s for s in document.segments}, Context.of(document.definitions)


REFUSED = [
    ("See [the guide][guide] and the [Rust book].", "Siehe [die Anleitung][Anleitung] und das [Rust-Buch].",
     "drops link target 'docs/setup.md' (reference [guide])"),
    ("See [the guide][guide] and the [Rust book].", "Siehe [die Anleitung][guide] und das [Rust-Handbuch].",
     "drops link target 'https://doc.rust-lang.org/book/'"),
    ("See [the guide][guide] and the [Rust book].", "Siehe die Anleitung und das [Rust book].", "drops link target 'docs/setup.md'"),
    ("Read the [glossary][] first.[^note]", "Lies zuerst das [Glossar][].[^note]", "drops link target 'glossary.md'"),
    ("Read the [glossary][] first.[^note]", "Lies zuerst das [glossary][].", "drops footnote reference '[^note]'"),
    ("Read the [glossary][] first.[^note]", "Lies zuerst das [glossary][].[^other]", "adds footnote reference '[^other]'"),
    ("Also [the manual][manual], [the other manual][other].", "Auch [das Handbuch][other], [das andere][manual] und [x][guide].",
     "adds link target 'docs/setup.md'"),
    ("Also [the manual][manual], [the other manual][other].", "Auch [das Handbuch][other], [das andere][other].",
     "drops link target 'manual.md'"),
    ("First line\\\nsecond line.", "Erste Zeile zweite Zeile.", "drops 1 hard line break"),
    ("Setup guide {#setup}", "Anleitung {#evil}", "changes the heading attribute '{#setup}' to '{#evil}'"),
    ("Setup guide {#setup}", "Anleitung", "drops the heading attribute '{#setup}'"),
    ("Visit <https://example.com> or [home](index.md).", "Besuche <https://example.com> oder [Start](index.md) "
     "[hier](javascript:alert(document.cookie)).", "adds link target 'javascript:alert(document.cookie)' with the scheme 'javascript:'"),
    ("Visit <https://example.com> or [home](index.md).", "Besuche <javascript:alert(1)> oder [Start](index.md).",
     "adds link target 'javascript:alert(1)' with the scheme 'javascript:'"),
]


@pytest.mark.parametrize("msgid,msgstr,reason", REFUSED, ids=[r[2][:40] for r in REFUSED])
def test_a_translation_that_breaks_a_link_footnote_break_or_id_is_refused(msgid: str, msgstr: str, reason: str) -> None:
    found, context = segments()
    problems = structure_problems(found[msgid], msgstr, context)
    assert any(reason in problem for problem in problems), problems
    assert not keeps_structure(found[msgid], msgstr, context)


KEPT = [
    ("See [the guide][guide] and the [Rust book].", "Siehe [die Anleitung][guide] und das [Rust-Buch][rust book]."),
    ("See [the guide][guide] and the [Rust book].", "Siehe [die Anleitung][guide] und das [Rust-Buch]."),  # same target
    ("Read the [glossary][] first.[^note]", "Lies zuerst das [Glossar][glossary].[^note]"),
    ("Also [the manual][manual], [the other manual][other].", "Auch [das andere][other] und [das Handbuch][manual]."),
    ("First line\\\nsecond line.", "Erste Zeile  \nzweite Zeile."),
    ("Setup guide {#setup}", "Einrichtung {#setup}"),
    ("Visit <https://example.com> or [home](index.md).", "Besuche [Start](index.md) oder <https://example.com>."),
]


@pytest.mark.parametrize("msgid,msgstr", KEPT, ids=[k[1][:30] for k in KEPT])
def test_a_translation_that_keeps_every_target_is_accepted(msgid: str, msgstr: str) -> None:
    found, context = segments()
    assert structure_problems(found[msgid], msgstr, context) == []


def test_an_allowed_scheme_may_be_added_and_a_heading_may_not_gain_an_id() -> None:
    document = parse("a.md", "# Title\n\nSee [the site](ftp://example.com/a).\n")
    title, text = document.segments
    assert structure_problems(title, "Titel {#x}")[0].startswith("translation adds the heading attribute '{#x}'")
    moved = "Siehe <ftp://example.com/b> und [die Seite](ftp://example.com/a)."
    assert "with the scheme 'ftp:'" in structure_problems(text, moved)[0]
    assert "with the scheme" not in structure_problems(text, moved, Context(schemes=("ftp",)))[0]


def test_a_source_link_outside_the_safe_schemes_may_stay() -> None:
    (segment,) = parse("a.md", "Run [this](javascript:void(0)) now.\n").segments
    assert structure_problems(segment, "Führe [das](javascript:void(0)) aus.") == []


def write_project(root: Path, article: str, translations: dict[str, str], settings: str = "") -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "guide.md").write_text(article, encoding="utf-8")
    (root / "pyproject.toml").write_text(f"[tool.localize]\n{settings}", encoding="utf-8")
    code, _, err = run(root, "extract")
    assert code == 0, err
    po_path = root / "locale" / "de" / "LC_MESSAGES" / "guide.po"
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = translations.get(entry.msgid, entry.msgstr)
    po_path.write_text(format_po(po), encoding="utf-8")
    return po_path


def test_build_refuses_and_check_reports_a_renamed_reference_label(tmp_path: Path) -> None:
    source = "See [the guide][guide] and the [Rust book].[^1]"
    translation = "Siehe [die Anleitung][Anleitung] und das [Rust-Buch]."
    article = f"# Guide\n\n{source}\n\n[guide]: setup.md\n[rust book]: https://doc.rust-lang.org/book/\n[^1]: A note.\n"
    po_path = write_project(tmp_path, article, {source: translation, "Guide": "Anleitung"})
    line = po_path.read_text(encoding="utf-8").split("\n").index(f'msgid "{source}"') + 1
    code, _, err = run(tmp_path, "build", "--strict")
    assert code == 1
    where = f"locale/de/LC_MESSAGES/guide.po:{line}: warning: translation drops"
    assert f"{where} footnote reference '[^1]'; source text kept (articles/guide.md:3)" in err, err
    assert f"{where} link target 'setup.md' (reference [guide]); source text kept (articles/guide.md:3)" in err
    built = (tmp_path / "build" / "de" / "guide.md").read_text(encoding="utf-8")
    assert "# Anleitung\n" in built and source in built and translation not in built
    code, out, err = run(tmp_path, "check")
    assert code == 1
    assert f"locale/de/LC_MESSAGES/guide.po:{line}: error: translation drops link target 'setup.md'" in out + err
    assert "number missing" not in out + err  # a footnote is named as one, not as a number


def test_link_schemes_setting_allows_a_scheme(tmp_path: Path) -> None:
    source = "Get [the file](files/a.zip)."
    translation = "Hol [die Datei](files/a.zip) oder <ftp://example.com/a.zip>."
    write_project(tmp_path, f"# Files\n\n{source}\n", {source: translation})
    code, _, err = run(tmp_path, "build", "--strict")
    assert code == 1 and "with the scheme 'ftp:'" in err
    (tmp_path / "pyproject.toml").write_text('[tool.localize]\nlink_schemes = ["https", "ftp"]\n', encoding="utf-8")
    code, _, err = run(tmp_path, "build", "--strict")
    assert code == 1 and "adds link target 'ftp://example.com/a.zip'" in err and "scheme" not in err


def test_link_schemes_must_be_schemes(tmp_path: Path) -> None:
    from test_cli import one_line_error

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.localize]\nlink_schemes = ["https", "java script"]\n', encoding="utf-8")
    code, _, err = run(tmp_path, "build")
    one_line_error(code, err, "pyproject.toml:2")


def test_a_text_that_is_its_own_label_is_not_offered() -> None:
    from localize.segment import SegmentOptions

    definitions = "\n\n[foo]: /url\n[bar]: /other\n"
    for image in ("![foo]", "![foo][]", "![Foo][]"):
        assert parse("a.md", image + definitions).segments == ()
    assert [s.source for s in parse("a.md", "![foo][bar]" + definitions).segments] == ["foo"]
    assert [s.source for s in parse("a.md", "![foo](x.png)" + definitions).segments] == ["foo"]
    toc = SegmentOptions(toc=True)
    assert [s.kind for s in parse("SUMMARY.md", "- [foo][]\n- [foo]\n" + definitions, options=toc).segments] == []
    assert [s.source for s in parse("SUMMARY.md", "- [Intro][bar]\n" + definitions, options=toc).segments] == ["Intro"]


def test_a_heading_id_cannot_be_replaced_by_a_translation(tmp_path: Path) -> None:
    write_project(tmp_path, "# Guide\n\n## Setup steps\n\nText.\n", {"Setup steps": "Schritte {#evil}"}, 'heading_ids = "attribute"\n')
    code, _, err = run(tmp_path, "build", "--strict")
    assert code == 1 and "adds the heading attribute '{#evil}'" in err and "(articles/guide.md:3)" in err
    built = (tmp_path / "build" / "de" / "guide.md").read_text(encoding="utf-8")
    assert "## Setup steps {#setup-steps}" in built and "evil" not in built


def test_check_reports_what_only_the_build_of_the_whole_article_refuses(tmp_path: Path) -> None:
    """A translation that turns a paragraph into a paragraph and a table passes every rule on
    its own; the build refuses it when it parses the article again, and so does `check`."""
    article = "# Title\n\nA paragraph here.\n\nAnother paragraph.\n"
    write_project(tmp_path, article, {"A paragraph here.": "Ein Absatz\n| a | b |\n|---|---|"})
    code, _, err = run(tmp_path, "build", "--strict")
    assert code == 1 and "block structure" in err
    code, out, _ = run(tmp_path, "check")
    assert code == 1
    assert "error: the build refuses this translation: translation changes the article's block structure" in out
    assert "(articles/guide.md:3)" in out
    code, junit, _ = run(tmp_path, "coverage", "--format", "junit")
    assert "refused at articles/guide.md:3: translation changes the article" in junit


# -- unit cases ----------------------------------------------------------------------


def test_inline_facts_are_targets_sources_code_and_html() -> None:
    facts = inline_facts('A [link](x.md "T"), ![pic](p.png), `code`, <b>bold</b> and *em*.')
    assert sorted(facts) == [
        ("code span", "code"), ("image source", "p.png"), ("inline HTML", "</b>"), ("inline HTML", "<b>"),
        ("link target", "x.md"),
    ]


@pytest.mark.parametrize(
    ("source", "translation", "problem"),
    [
        ("See [a](x.md).", "Siehe a.", "translation drops link target 'x.md'"),
        ("Run it.", "Führe `rm -rf` aus.", "translation adds code span 'rm -rf'"),
        ("Two [a](x.md) [b](x.md).", "Zwei [a](x.md) b.", "translation drops link target 'x.md'"),
        ("One line.", "Eine\n\nZeile.", "blank line in a paragraph translation would split it into several blocks"),
    ],
)
def test_structure_problems_name_what_a_translation_loses(source: str, translation: str, problem: str) -> None:
    segment = parse("a.md", source + "\n").segments[0]
    assert structure_problems(segment, translation) == [problem]
    assert structure_problems(segment, source) == []


def test_a_line_break_in_a_heading_translation_is_a_problem() -> None:
    segment = parse("a.md", "# Title\n").segments[0]
    assert structure_problems(segment, "Zwei\nZeilen") == ["line break in a heading translation"]


def test_block_signature_sees_blocks_not_words() -> None:
    assert block_signature("# Title\n\nSome words.\n") == block_signature("# Titel\n\nAndere Wörter hier.\n")
    assert block_signature("Some words.\n") != block_signature("- Some words.\n")
    assert block_signature("- item\n") != block_signature("* item\n")
    assert block_signature("# Title\n") != block_signature("Title\n=====\n")
    assert block_signature("```\ncode\n```\n") != block_signature("```\nother\n```\n")
