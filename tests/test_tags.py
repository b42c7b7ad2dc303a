"""Language tags as people type them, gettext's names for them, and a regional language's
fallback to its base (`de_AT` → `de`) in build and coverage."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from conftest import SHARED
from test_cli import one_line_error, run

from localize.tags import base_of, bcp47, gettext_name, tag_of

MAPPED = [
    ("de", "de"),
    ("de-DE", "de_DE"),
    ("de_AT", "de_AT"),
    ("DE-at", "de_AT"),
    ("pt-BR", "pt_BR"),
    ("pt_pt", "pt_PT"),
    ("sr-Latn", "sr@latin"),
    ("sr-Latn-RS", "sr_RS@latin"),
    ("sr@latin", "sr@latin"),
    ("sr-Cyrl", "sr"),
    ("uz-Cyrl", "uz@cyrillic"),
    ("zh-Hant-TW", "zh_TW"),
    ("zh-Hant", "zh_TW"),
    ("zh-Hans", "zh"),
    ("zh-CN", "zh_CN"),
    ("de-Latn-AT", "de_AT"),
    ("es-419", "es_419"),
    ("fil", "fil"),
]


@pytest.mark.parametrize(("tag", "name"), MAPPED)
def test_tags_map_to_gettext_names(tag: str, name: str) -> None:
    assert gettext_name(tag) == name
    assert gettext_name(name) == name  # a gettext name is its own name
    assert gettext_name(bcp47(name)) == name  # and its BCP-47 form maps back


@pytest.mark.parametrize(
    ("name", "form"), [("de_AT", "de-AT"), ("sr@latin", "sr-Latn"), ("sr_RS@latin", "sr-Latn-RS"), ("zh_TW", "zh-TW")]
)
def test_bcp47_form(name: str, form: str) -> None:
    assert bcp47(name) == form


@pytest.mark.parametrize(
    "tag", ["qq", "de-XX", "de-Cyrl", "zh-Hans-TW", "de-1996", "de@euro", "sr-Latn@latin", "x", "de--AT", "", "en-US-x-y"]
)
def test_unknown_tags_are_refused(tag: str) -> None:
    with pytest.raises(ValueError, match="unknown language|no name"):
        gettext_name(tag)


@pytest.mark.parametrize(
    ("name", "base"),
    [("de_AT", "de"), ("de_DE", "de"), ("pt_BR", "pt"), ("sr_RS@latin", "sr@latin"), ("en_GB", "en"),
     ("zh_TW", None), ("sr_ME", None), ("de", None), ("sr@latin", None)],
)
def test_a_regional_name_falls_back_only_within_its_script(name: str, base: str | None) -> None:
    assert base_of(name) == base


def test_the_same_language_however_written() -> None:
    assert tag_of(gettext_name("de")) == tag_of(gettext_name("de-DE"))
    assert tag_of(gettext_name("de")) != tag_of(gettext_name("de-AT"))
    assert tag_of(gettext_name("sr-Latn")) == tag_of(gettext_name("sr-Latn-RS"))


# -- the commands --------------------------------------------------------------------------


def test_configured_tags_name_gettext_folders(project: Path) -> None:
    """`languages = ["de-DE"]` was an internal error (exit 70)."""
    (project / "pyproject.toml").write_text('[tool.localize]\nlanguages = ["de-DE", "sr-Latn"]\n', encoding="utf-8")
    code, _, err = run(project, "extract")
    assert code == 0, err
    for name in ("de_DE", "sr@latin"):
        catalog = polib.pofile(str(project / "locale" / name / "LC_MESSAGES" / "openai-scale-anthropic-trust.po"))
        assert catalog.metadata["Language"] == name
    assert "nplurals=3" in catalog.metadata["Plural-Forms"]  # Serbian's, from the installed data
    assert run(project, "build")[0] == 0
    assert (project / "build" / "de_DE" / "openai-scale-anthropic-trust.md").is_file()
    assert run(project, "coverage", "-l", "de-DE")[1].startswith("de_DE: ")


def test_init_and_lang_take_tags(project: Path) -> None:
    """`localize init de-AT` was an internal error (exit 70)."""
    code, out, err = run(project, "init", "de-AT")
    assert code == 0, err
    assert (project / "locale" / "de_AT" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po").is_file()
    assert 'languages = ["de", "de_AT"]' in out
    code, out, err = run(project, "build", "-l", "de-AT", "-l", "de_AT")
    assert code == 0, err
    assert "2 article(s) built" in out  # the same language twice is built once
    assert run(project, "init", "en-US")[0] == 2


@pytest.mark.parametrize(
    "args",
    [("build", "-l", "xx-YY"), ("coverage", "--lang", "de-1996"), ("init", "qq"), ("import", "zz", "page.md")],
)
def test_unknown_tags_on_the_command_line(project: Path, args: tuple[str, ...]) -> None:
    (project / "page.md").write_text("# Titel\n", encoding="utf-8")
    before = sorted(project.rglob("*"))
    code, _, err = run(project, *args)
    one_line_error(code, err, "unknown language")
    assert sorted(project.rglob("*")) == before


# -- regional fallback ---------------------------------------------------------------------

ARTICLE = """# Title of the guide

The first paragraph of the guide.

The second paragraph of the guide.

The third paragraph of the guide.

The fourth paragraph of the guide.
"""
GERMAN = {
    "Title of the guide": "Titel der Anleitung",
    "The first paragraph of the guide.": "Der erste Absatz der Anleitung.",
    "The second paragraph of the guide.": "Der zweite Absatz der Anleitung.",
    "The third paragraph of the guide.": "Der dritte Absatz der Anleitung.",
    "The fourth paragraph of the guide.": "Der vierte Absatz der Anleitung.",
}


@pytest.fixture
def regional(tmp_path: Path) -> Path:
    """`de` fully translated; `de_AT` with its own title and fourth paragraph, a fuzzy first,
    an empty second and no entry at all for the third."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.localize]\nlanguages = ["de", "de-AT"]\nformats = ["md", "html"]\n', encoding="utf-8"
    )
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "guide.md").write_text(ARTICLE, encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    german = polib.pofile(str(tmp_path / "locale" / "de" / "LC_MESSAGES" / "guide.po"))
    for entry in german:
        entry.msgstr = GERMAN[entry.msgid]
    german.save()
    path = tmp_path / "locale" / "de_AT" / "LC_MESSAGES" / "guide.po"
    austrian = polib.pofile(str(path))
    for entry in list(austrian):
        if entry.msgid == "Title of the guide":
            entry.msgstr = "Titel der Anleitung (AT)"
        elif entry.msgid == "The first paragraph of the guide.":
            entry.msgstr, entry.flags = "Der erste Absatz (AT, ungeprüft).", ["fuzzy"]
        elif entry.msgid == "The third paragraph of the guide.":
            austrian.remove(entry)
        elif entry.msgid == "The fourth paragraph of the guide.":
            entry.msgstr = "Der vierte Absatz (AT)."
    austrian.save()
    return tmp_path


def test_build_fills_in_from_the_base_language_and_says_so(regional: Path) -> None:
    code, out, err = run(regional, "build")
    assert code == 0, err
    assert "build/de_AT/guide.md: 5 of 5 segments translated, 3 of them from de" in out
    assert "build/de/guide.md: 5 of 5 segments translated\n" in out
    built = (regional / "build" / "de_AT" / "guide.md").read_text(encoding="utf-8")
    assert built == (
        "# Titel der Anleitung (AT)\n\nDer erste Absatz der Anleitung.\n\nDer zweite Absatz der Anleitung.\n\n"
        "Der dritte Absatz der Anleitung.\n\nDer vierte Absatz (AT).\n"
    )
    page = (regional / "build" / "de_AT" / "guide.html").read_text(encoding="utf-8")
    assert '<html lang="de-AT">' in page and "Der zweite Absatz der Anleitung." in page
    german = (regional / "build" / "de" / "guide.html").read_text(encoding="utf-8")
    assert '<a href="../de_AT/guide.html" hreflang="de-AT" lang="de-AT">Deutsch (Österreich)</a>' in german
    assert 'hreflang="de_AT"' not in page and 'lang="de_AT"' not in page


def test_use_fuzzy_prefers_the_languages_own_fuzzy_entry(regional: Path) -> None:
    _, out, _ = run(regional, "build", "--use-fuzzy", "-l", "de-AT")
    assert "build/de_AT/guide.md: 5 of 5 segments translated, 2 of them from de" in out
    assert "Der erste Absatz (AT, ungeprüft)." in (regional / "build" / "de_AT" / "guide.md").read_text("utf-8")


def test_coverage_counts_fallback_apart_and_agrees_with_build(regional: Path) -> None:
    code, out, err = run(regional, "coverage", "--format", "json", "-l", "de-AT")
    assert code == 0, err
    language = json.loads(out)["languages"]["de_AT"]
    assert language["fallback_language"] == "de"
    assert language["segments"] == {
        "total": 5, "translated": 2, "fuzzy": 0, "untranslated": 0, "english": 0, "refused": 0, "fallback": 3
    }
    assert language["percent"] == round(100 * language["words"]["translated"] / language["words"]["total"], 2)
    _, text, _ = run(regional, "coverage", "-l", "de-AT")
    assert "2 of 5 segments; 3 segments (18 words) from de" in text
    assert text.splitlines()[1].rstrip().endswith("from de")
    _, markdown, _ = run(regional, "coverage", "--format", "markdown", "-l", "de-AT")
    assert "| From de |" in markdown and "| `guide` | 35.7% | 2/5 | 0 | 0 | 0 | 0 | 3 |" in markdown


def test_without_a_base_catalog_nothing_falls_back(regional: Path) -> None:
    (regional / "locale" / "de" / "LC_MESSAGES" / "guide.po").unlink()
    _, out, _ = run(regional, "build", "-l", "de-AT")
    assert "build/de_AT/guide.md: 2 of 5 segments translated\n" in out
    _, report, _ = run(regional, "coverage", "--format", "json", "-l", "de-AT")
    segments = json.loads(report)["languages"]["de_AT"]["segments"]
    assert segments["fallback"] == 0 and segments["untranslated"] == 2 and segments["fuzzy"] == 1


def test_the_base_need_not_be_a_target_language(regional: Path) -> None:
    (regional / "pyproject.toml").write_text('[tool.localize]\nlanguages = ["de-AT"]\n', encoding="utf-8")
    _, out, _ = run(regional, "build")
    assert "build/de_AT/guide.md: 5 of 5 segments translated, 3 of them from de" in out
    assert not (regional / "build" / "de" / "guide.md").exists()


def test_an_edit_of_the_base_catalog_rebuilds_the_regional_article(regional: Path) -> None:
    assert run(regional, "build", "-l", "de-AT")[0] == 0
    path = regional / "locale" / "de" / "LC_MESSAGES" / "guide.po"
    german = polib.pofile(str(path))
    german.find("The second paragraph of the guide.").msgstr = "Der zweite Absatz, überarbeitet."
    german.save()
    _, out, _ = run(regional, "build", "-l", "de-AT")
    assert "build/de_AT/guide.md: 5 of 5 segments translated, 3 of them from de" in out
    assert "Der zweite Absatz, überarbeitet." in (regional / "build" / "de_AT" / "guide.md").read_text("utf-8")


def test_a_fuzzy_base_entry_is_not_used(regional: Path) -> None:
    path = regional / "locale" / "de" / "LC_MESSAGES" / "guide.po"
    german = polib.pofile(str(path))
    german.find("The third paragraph of the guide.").flags.append("fuzzy")
    german.save()
    _, out, _ = run(regional, "build", "-l", "de-AT")
    assert "build/de_AT/guide.md: 4 of 5 segments translated, 2 of them from de" in out
    _, report, _ = run(regional, "coverage", "--format", "json", "-l", "de-AT")
    assert json.loads(report)["languages"]["de_AT"]["segments"]["fallback"] == 2


def test_article_fallback_counts_what_readers_see(regional: Path) -> None:
    """fallback = "article": text from `de` counts toward keeping the article translated."""
    (regional / "pyproject.toml").write_text(
        '[tool.localize]\nlanguages = ["de", "de-AT"]\nfallback = "article"\nfallback_threshold = 90\n',
        encoding="utf-8",
    )
    _, out, _ = run(regional, "build", "-l", "de-AT")
    assert "3 of them from de" in out


# -- on a real documentation tree ----------------------------------------------------------

CORPUS = SHARED / "corpus"


@pytest.mark.skipif(not (CORPUS / "en").is_dir(), reason="../shared/corpus is absent")
def test_a_regional_language_on_the_corpus_shows_what_the_base_translates(tmp_path: Path) -> None:
    """A docs-only tree (localize.toml) with the corpus's German catalog as `de` and an empty
    `de-AT`: Austrian pages show exactly the German segments, and coverage counts them apart."""
    import re
    import shutil

    (tmp_path / "en").mkdir()
    for path in (CORPUS / "en").glob("*.md"):  # the top-level articles: enough, and quick
        shutil.copy(path, tmp_path / "en" / path.name)
    (tmp_path / "localize.toml").write_text('articles = "en"\nlanguages = ["de", "de-AT"]\n', encoding="utf-8")
    assert run(tmp_path, "extract", "-l", "de", "--compendium", str(CORPUS / "de.po"))[0] == 0
    assert run(tmp_path, "extract", "-l", "de-AT", "--no-memory")[0] == 0
    _, german, _ = run(tmp_path, "build", "-v", "-l", "de")
    _, austrian, _ = run(tmp_path, "build", "-v", "-l", "de-AT")
    translated = sum(int(n) for n in re.findall(r"^build/de/\S+: (\d+) of \d+ segments translated", german, re.MULTILINE))
    from_base = sum(int(n) for n in re.findall(r"(\d+) of them from de$", austrian, re.MULTILINE))
    assert translated > 100 and from_base == translated
    report = json.loads(run(tmp_path, "coverage", "--format", "json")[1])["languages"]
    assert report["de_AT"]["segments"]["fallback"] == report["de"]["segments"]["translated"]
    assert report["de_AT"]["segments"]["translated"] == 0 and report["de_AT"]["percent"] == 0


def test_import_takes_a_tag(project: Path) -> None:
    page = Path(__file__).parent / "import" / "anthropic-trust-first-strategy.de.html"
    code, out, err = run(project, "import", "de-AT", str(page))
    assert code == 0, err
    assert out.startswith("locale/de_AT/LC_MESSAGES/anthropic-trust-first-strategy.po: imported ")
    catalog = polib.pofile(str(project / "locale" / "de_AT" / "LC_MESSAGES" / "anthropic-trust-first-strategy.po"))
    assert catalog.metadata["Language"] == "de_AT" and catalog.translated_entries()


def test_a_base_translation_the_build_refuses_is_refused_in_coverage_too(regional: Path) -> None:
    path = regional / "locale" / "de" / "LC_MESSAGES" / "guide.po"
    german = polib.pofile(str(path))
    german.find("The second paragraph of the guide.").msgstr = "Der zweite Absatz.\n\n# Neue Überschrift"
    german.save()
    code, out, err = run(regional, "build", "-l", "de-AT")
    assert code == 0 and "source text kept" in err
    assert "4 of 5 segments translated, 2 of them from de" in out
    code, report, _ = run(regional, "coverage", "-l", "de-AT", "--format", "json")
    segments = json.loads(report)["languages"]["de_AT"]["segments"]
    assert segments["refused"] == 1 and segments["fallback"] == 2 and segments["translated"] == 2
