"""Importing existing translated pages: alignment, divergences, and never a wrong pair."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from conftest import ROOT
from test_cli import run

from localize.importer import align
from localize.segment import parse

HERE = Path(__file__).parent / "import"
ENGLISH = (HERE / "guide.md").read_text(encoding="utf-8")
GERMAN = (HERE / "guide.de.md").read_text(encoding="utf-8")
TRUTH = {  # the right translation of every English segment in guide.md
    s.source: t.source for s, t in zip(parse("en.md", ENGLISH).segments, parse("de.md", GERMAN).segments, strict=False)
}


def pairs_of(german: str) -> tuple[dict[str, tuple[str, bool]], list[str]]:
    """English msgid → (German text, certain), and the divergences, for a German variant."""
    alignment = align(
        parse("guide.md", ENGLISH).segments, parse("guide.de.md", german).segments, ENGLISH, german, language="de"
    )
    return {p.english.source: (p.other.source, p.certain) for p in alignment.pairs}, alignment.divergences


def assert_no_wrong_pair(pairs: dict[str, tuple[str, bool]]) -> None:
    for english, (german, certain) in pairs.items():
        assert german == TRUTH[english], f"{english!r} paired with {german!r} (certain={certain})"


def test_identical_structure_pairs_everything() -> None:
    pairs, divergences = pairs_of(GERMAN)
    assert divergences == []
    assert_no_wrong_pair(pairs)
    assert len(pairs) == len(TRUTH) and all(certain for _, certain in pairs.values())


def test_an_added_german_paragraph() -> None:
    german = GERMAN.replace(
        "Bitten Sie eine zweite Person",
        "Dieser Absatz steht nur in der deutschen Fassung und hat kein Gegenstück.\n\nBitten Sie eine zweite Person",
    )
    pairs, divergences = pairs_of(german)
    assert_no_wrong_pair(pairs)
    # The added paragraph and its unanchored neighbour cannot be told apart: reported as a region.
    assert any("German lines 11–13" in d for d in divergences), divergences
    assert pairs["Check that `git status` shows a clean working tree before you start."][1]
    assert pairs["Update `CHANGELOG.md` with every change since version 2.0."][1]
    assert len(pairs) >= len(TRUTH) - 1  # at most the block next to the gap is held back


def test_a_dropped_list_item_in_the_middle() -> None:
    german = GERMAN.replace("- Laden Sie die Archive mit `twine upload dist/*` hoch.\n", "")
    pairs, divergences = pairs_of(german)
    assert_no_wrong_pair(pairs)
    assert "Upload the archives with `twine upload dist/*`." not in pairs
    assert any("English list item at line 24 has no counterpart" in d for d in divergences), divergences
    for kept in ("Tag the release with `git tag v3.0`.", "Close milestone 3.0 in the tracker."):
        assert kept in pairs and pairs[kept][1]
    assert "Announce the release on the mailing list." in pairs  # unanchored, next to the gap: fuzzy at most


def test_two_dropped_items_in_a_list_of_code_examples() -> None:
    german = GERMAN.replace("- `make lint` prüft den Stil des Codes.\n", "").replace(
        "- `make dist` erstellt die Archive der Veröffentlichung.\n", ""
    )
    pairs, divergences = pairs_of(german)
    assert_no_wrong_pair(pairs)
    assert "`make lint` checks the style of the code." not in pairs
    assert "`make dist` creates the release archives." not in pairs
    for kept in ("`make test` runs the whole test suite.", "`make docs` builds the documentation pages.",
                 "`make sign` signs the archives with your key."):
        assert pairs[kept][1], kept
    assert sum("has no counterpart" in d for d in divergences) == 2


def test_a_table_with_a_missing_row() -> None:
    german = GERMAN.replace("| 2.0 | 2025 | Sicherheitskorrekturen |\n", "")
    pairs, divergences = pairs_of(german)
    assert_no_wrong_pair(pairs)
    assert "Security fixes" not in pairs
    assert pairs["Full support"][0] == "Volle Unterstützung" and pairs["Ended"][0] == "Beendet"
    assert any("English table row at line 33 has no counterpart" in d for d in divergences), divergences


def test_a_reordered_section() -> None:
    checklist = GERMAN[GERMAN.index("## Checkliste"):GERMAN.index("## Versionen")]
    german = GERMAN.replace(checklist, "").replace("## Danach", checklist + "## Danach")
    pairs, divergences = pairs_of(german)
    assert_no_wrong_pair(pairs)
    assert divergences, "the move is reported"
    assert pairs["Preparation"][0] == "Vorbereitung" and pairs["Afterwards"][0] == "Danach"


def test_import_command_on_the_german_seed_page_recreates_the_shipped_catalog(project: Path) -> None:
    shipped = {e.msgid: e.msgstr for e in polib.pofile(str(project / "locale/de/LC_MESSAGES/anthropic-trust-first-strategy.po"))}
    shutil.rmtree(project / "locale")
    assert run(project, "extract")[0] == 0
    code, out, err = run(project, "import", "de", str(HERE / "anthropic-trust-first-strategy.de.html"))
    assert code == 0, err
    assert "imported 6 translation(s), 0 as fuzzy" in out
    assert "German paragraph at line 15 has no counterpart" in err  # the site's notice
    imported = {e.msgid: e.msgstr for e in polib.pofile(str(project / "locale/de/LC_MESSAGES/anthropic-trust-first-strategy.po"))}
    assert imported == shipped
    entry = polib.pofile(str(project / "locale/de/LC_MESSAGES/anthropic-trust-first-strategy.po"))[0]
    assert entry.tcomment.startswith("imported from anthropic-trust-first-strategy.de.html:")


def test_import_of_the_fully_translated_first_article(project: Path, tmp_path: Path) -> None:
    assert run(project, "build")[0] == 0
    page = tmp_path / "openai-scale-anthropic-trust.de.md"
    shutil.copy(project / "build" / "de" / "openai-scale-anthropic-trust.md", page)
    shipped = {e.msgid: e.msgstr for e in polib.pofile(str(ROOT / "locale/de/LC_MESSAGES/openai-scale-anthropic-trust.po")) if not e.obsolete}
    shutil.rmtree(project / "locale")
    assert run(project, "extract")[0] == 0
    code, out, _ = run(project, "import", "de", str(page))
    assert code == 0 and "imported 34 translation(s)" in out
    imported = {e.msgid: e.msgstr for e in polib.pofile(str(project / "locale/de/LC_MESSAGES/openai-scale-anthropic-trust.po"))}
    assert imported == shipped
    _, out, _ = run(project, "coverage")
    assert "openai-scale-anthropic-trust    100.0%" in out


def test_import_never_overwrites_unless_asked_and_dry_run_writes_nothing(project: Path, tmp_path: Path) -> None:
    page = tmp_path / "anthropic-trust-first-strategy.html"
    page.write_text((HERE / "anthropic-trust-first-strategy.de.html").read_text(encoding="utf-8").replace(
        "Eine strategische Spaltung", "Eine andere Spaltung"), encoding="utf-8")
    po = project / "locale/de/LC_MESSAGES/anthropic-trust-first-strategy.po"
    before = po.read_bytes()
    code, out, _ = run(project, "import", "de", str(page))
    assert code == 0 and "6 already translated" in out
    assert po.read_bytes() == before
    code, out, _ = run(project, "import", "de", str(page), "--overwrite", "--dry-run")
    assert code == 0 and "would import 6" in out and "Eine andere Spaltung" in out
    assert po.read_bytes() == before
    assert run(project, "import", "de", str(page), "--overwrite")[0] == 0
    assert "Eine andere Spaltung" in po.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "content,message",
    [
        ("", "empty file"),
        ("<html><body><script>x()</script></body></html>", "no headings, paragraphs or table cells"),
        ("<h1>The strategy of the company</h1><p>This is the text that was left in English and it is long.</p>",
         "reads as English"),
    ],
    ids=["empty", "no text", "wrong language"],
)
def test_bad_pages_are_clear_errors_and_leave_the_catalog(project: Path, tmp_path: Path, content: str, message: str) -> None:
    page = tmp_path / "anthropic-trust-first-strategy.html"
    page.write_text(content, encoding="utf-8")
    po = project / "locale/de/LC_MESSAGES/anthropic-trust-first-strategy.po"
    before = po.read_bytes()
    code, _, err = run(project, "import", "de", str(page))
    assert code == 2 and message in err and err.count("\n") == 1
    assert po.read_bytes() == before
    code, _, err = run(project, "import", "de", str(tmp_path / "missing.html"), "--article", "anthropic-trust-first-strategy")
    assert code == 2 and "no such file" in err


def test_html_pages_with_bare_divs_and_chrome() -> None:
    from localize.html import read_blocks

    page = (
        "<html><head><script>var x = 1;</script></head><body><nav>Menü</nav><div class='post'>"
        "<h1>Titel</h1><div>Erster Absatz mit <span>Fett</span>.</div><p>Zweiter <b>Absatz</b>.</p>"
        "<ul><li>Punkt <code>x</code><ul><li>Unterpunkt</li></ul></li></ul>"
        "<p><img src='a.png' alt='Ein Bild'></p></div><footer>Fußzeile</footer></body></html>"
    )
    blocks = [(b.kind, b.source) for b in read_blocks(page, "x.html")]
    assert blocks == [
        ("heading", "Titel"),
        ("paragraph", "Erster Absatz mit Fett."),
        ("paragraph", "Zweiter **Absatz**."),
        ("list item", "Punkt `x`"),
        ("list item", "Unterpunkt"),
        ("image alt", "Ein Bild"),
    ]


def test_a_page_with_demoted_headings_still_aligns() -> None:
    german = GERMAN.replace("\n## ", "\n### ").replace("# Leitfaden", "## Leitfaden")
    pairs, divergences = pairs_of(german)
    assert divergences == []
    assert_no_wrong_pair(pairs)
    assert len(pairs) == len(TRUTH)


@pytest.mark.parametrize(
    ("language", "name"), [("de", "German"), ("fr", "French"), ("de_AT", "German (Austria)"), ("pt_BR", "Portuguese (Brazil)")]
)
def test_divergences_name_the_language_of_the_page(language: str, name: str) -> None:
    """The page's language, by its English name, on every side of a divergence: not always German."""
    german = GERMAN.replace(
        "Bitten Sie eine zweite Person",
        "Dieser Absatz steht nur in der deutschen Fassung und hat kein Gegenstück.\n\nBitten Sie eine zweite Person",
    ).replace("## Danach", "## Danach\n\n## Nur hier\n\nEin Abschnitt ohne Gegenstück.")
    alignment = align(
        parse("guide.md", ENGLISH).segments, parse("guide.x.md", german).segments, ENGLISH, german, language=language
    )
    assert any(f"{name} lines 11–13" in d and f"{name} block(s)" in d for d in alignment.divergences)
    assert any(d.startswith(f'{name} heading "') for d in alignment.divergences), alignment.divergences
    if not name.startswith("German"):
        assert not any("German" in d for d in alignment.divergences)


def test_the_import_command_names_the_language_it_imports(project: Path) -> None:
    assert run(project, "extract")[0] == 0
    page = HERE / "anthropic-trust-first-strategy.de.html"
    code, _, err = run(project, "import", "fr", str(page), "--article", "anthropic-trust-first-strategy", "--dry-run")
    assert "French paragraph at line 15 has no counterpart" in err, err
    assert "German" not in err


def test_an_import_cites_each_entry_at_its_line_in_the_catalog_it_fills(project: Path) -> None:
    """The catalog is brought up to date and filled in memory, then written once: the lines
    reported are those of the catalog as it was before the import's notes, the lines a dry
    run reports."""
    from localize import config as configuration
    from localize import pipeline

    shutil.rmtree(project / "locale")
    assert run(project, "extract")[0] == 0
    path = project / "locale/de/LC_MESSAGES/anthropic-trust-first-strategy.po"
    before = path.read_text(encoding="utf-8").split("\n")
    article = project / "articles" / "anthropic-trust-first-strategy.md"
    config = configuration.load(project)
    page = HERE / "anthropic-trust-first-strategy.de.html"
    dry = pipeline.import_page(config, "de", "anthropic-trust-first-strategy", article, page, dry_run=True)
    result = pipeline.import_page(config, "de", "anthropic-trust-first-strategy", article, page)
    assert result.imported == 6 and result.changes == dry.changes
    for line, msgid, _ in result.changes:
        assert before[line - 1] == f'msgid "{msgid}"' or before[line - 1] == 'msgid ""'
