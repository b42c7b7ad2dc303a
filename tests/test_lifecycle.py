"""Catalog lifecycle: source edits, removals, moves, memory, checks, locks and safe writes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import needs_gettext
from test_cli import run

from localize import catalog, files

ARTICLE = """# Guide

## Setup

Install the tool with pip.

Run the first command.

## Usage

Write an article in Markdown.

Build the German pages.
"""
GERMAN = {
    "Guide": "Anleitung",
    "Setup": "Einrichtung",
    "Install the tool with pip.": "Installieren Sie das Werkzeug mit pip.",
    "Write an article in Markdown.": "Schreiben Sie einen Artikel in Markdown.",
}


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    """A project with one article and a half-translated German catalog."""
    (tmp_path / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "guide.md").write_text(ARTICLE, encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    path = catalog_path(tmp_path)
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = GERMAN.get(entry.msgid, "")
    po.save(str(path))
    assert run(tmp_path, "extract")[0] == 0  # back to the GNU layout
    return tmp_path


def catalog_path(project: Path) -> Path:
    return project / "locale" / "de" / "LC_MESSAGES" / "guide.po"


def entries(project: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(catalog_path(project)))}


def edit(project: Path, old: str, new: str) -> None:
    article = project / "articles" / "guide.md"
    text = article.read_text(encoding="utf-8")
    assert old in text
    article.write_text(text.replace(old, new), encoding="utf-8")


def test_editing_one_word_makes_only_that_entry_fuzzy(guide: Path) -> None:
    before = entries(guide)
    edit(guide, "Install the tool with pip.", "Install the tool with pipx.")
    assert run(guide, "extract")[0] == 0
    after = entries(guide)
    changed = after["Install the tool with pipx."]
    assert changed.msgstr == "Installieren Sie das Werkzeug mit pip."
    assert changed.flags == ["fuzzy"] and changed.previous_msgid == "Install the tool with pip."
    for msgid, entry in before.items():
        if msgid != "Install the tool with pip.":
            assert (after[msgid].msgstr, after[msgid].flags) == (entry.msgstr, entry.flags)
    assert "Install the tool with pip." not in after


def test_deleted_paragraph_becomes_obsolete_and_comes_back_translated(guide: Path) -> None:
    edit(guide, "Write an article in Markdown.\n\n", "")
    assert run(guide, "extract")[0] == 0
    gone = entries(guide)["Write an article in Markdown."]
    assert gone.obsolete and gone.msgstr == "Schreiben Sie einen Artikel in Markdown."
    edit(guide, "Build the German pages.", "Write an article in Markdown.\n\nBuild the German pages.")
    assert run(guide, "extract")[0] == 0
    back = entries(guide)["Write an article in Markdown."]
    assert not back.obsolete and not back.flags and back.msgstr == "Schreiben Sie einen Artikel in Markdown."


def test_purge_obsolete_drops_them_on_purpose(guide: Path) -> None:
    edit(guide, "Write an article in Markdown.\n\n", "")
    assert run(guide, "extract")[0] == 0
    assert any(e.obsolete for e in entries(guide).values())
    assert run(guide, "extract", "--purge-obsolete")[0] == 0
    assert not any(e.obsolete for e in entries(guide).values())


def test_swapping_sections_loses_nothing_and_references_follow(guide: Path) -> None:
    article = guide / "articles" / "guide.md"
    head, setup, usage = article.read_text(encoding="utf-8").split("## ")
    article.write_text(head + "## " + usage.rstrip("\n") + "\n\n## " + setup.rstrip("\n") + "\n", encoding="utf-8")
    assert run(guide, "extract")[0] == 0
    after = entries(guide)
    for msgid, german in GERMAN.items():
        assert after[msgid].msgstr == german and not after[msgid].flags
    assert after["Setup"].occurrences == [("articles/guide.md", "9")]


def test_duplicated_paragraph_is_built_translated_twice(guide: Path) -> None:
    edit(guide, "Build the German pages.", "Build the German pages.\n\nInstall the tool with pip.")
    assert run(guide, "extract")[0] == 0
    assert entries(guide)["Install the tool with pip."].occurrences == [
        ("articles/guide.md", "5"),
        ("articles/guide.md", "15"),
    ]
    assert run(guide, "build")[0] == 0
    built = (guide / "build" / "de" / "guide.md").read_text(encoding="utf-8")
    assert built.count("Installieren Sie das Werkzeug mit pip.") == 2


def test_translator_comments_and_flags_survive(guide: Path) -> None:
    path = catalog_path(guide)
    po = polib.pofile(str(path))
    po.find("Setup").tcomment = "Reviewed by Anna"
    po.find("Guide").flags.append("no-wrap")
    path.write_text(_format(po), encoding="utf-8")
    edit(guide, "Run the first command.", "Run the first command now.")
    assert run(guide, "extract")[0] == 0
    after = entries(guide)
    assert after["Setup"].tcomment == "Reviewed by Anna"
    assert "no-wrap" in after["Guide"].flags


def _format(po: polib.POFile) -> str:
    from localize.pofile import format_po

    return format_po(po)


def test_memory_fills_from_another_article(guide: Path) -> None:
    (guide / "articles" / "other.md").write_text("# Setup\n\nInstall the tool with pipx.\n", encoding="utf-8")
    code, out, _ = run(guide, "extract")
    assert code == 0 and "filled from memory" in out
    other = {e.msgid: e for e in polib.pofile(str(guide / "locale" / "de" / "LC_MESSAGES" / "other.po"))}
    assert other["Setup"].msgstr == "Einrichtung" and not other["Setup"].flags
    close = other["Install the tool with pipx."]
    assert close.msgstr == "Installieren Sie das Werkzeug mit pip."
    assert "fuzzy" in close.flags and close.previous_msgid == "Install the tool with pip."


def test_compendium(guide: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    compendium = tmp_path_factory.mktemp("tm") / "memory.po"
    compendium.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Run the first command."\nmsgstr "Führen Sie den ersten Befehl aus."\n',
        encoding="utf-8",
    )
    assert run(guide, "extract", "--no-memory")[0] == 0
    assert entries(guide)["Run the first command."].msgstr == ""
    assert run(guide, "extract", "--compendium", str(compendium))[0] == 0
    assert entries(guide)["Run the first command."].msgstr == "Führen Sie den ersten Befehl aus."
    assert run(guide, "extract", "--compendium", str(compendium) + ".missing")[0] == 2


def test_check_writes_nothing_and_names_stale_files(guide: Path) -> None:
    code, out, _ = run(guide, "extract", "--check")
    assert code == 0 and "up to date" in out
    before = {p: p.read_bytes() for p in (guide / "locale").rglob("*.po*")}
    edit(guide, "Run the first command.", "Run the second command.")
    code, _, err = run(guide, "extract", "--check")
    assert code == 1
    assert "locale/templates/guide.pot: out of date" in err and "locale/de/LC_MESSAGES/guide.po: out of date" in err
    assert {p: p.read_bytes() for p in (guide / "locale").rglob("*.po*")} == before


def test_second_extract_touches_no_file(guide: Path) -> None:
    stamps = {p: p.stat().st_mtime_ns for p in (guide / "locale").rglob("*.po*")}
    code, out, _ = run(guide, "extract")
    assert code == 0 and "0 file(s) written" in out
    assert {p: p.stat().st_mtime_ns for p in (guide / "locale").rglob("*.po*")} == stamps


def test_dates_move_only_with_content_and_follow_source_date_epoch(guide: Path, monkeypatch) -> None:
    template = guide / "locale" / "templates" / "guide.pot"
    before = template.read_text(encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run(guide, "extract", "--no-memory")[0] == 0
    assert template.read_text(encoding="utf-8") == before  # content unchanged: old date kept
    edit(guide, "Run the first command.", "Run the next command.")
    assert run(guide, "extract")[0] == 0
    assert '"POT-Creation-Date: 2023-11-14 22:13+0000\\n"' in template.read_text(encoding="utf-8")
    assert '"POT-Creation-Date: 2023-11-14 22:13+0000\\n"' in catalog_path(guide).read_text(encoding="utf-8")


def test_interrupted_write_keeps_the_previous_catalog(guide: Path, monkeypatch) -> None:
    path = catalog_path(guide)
    before = path.read_bytes()
    edit(guide, "Run the first command.", "Run the other command.")

    def killed(source: str, target: str) -> None:
        raise KeyboardInterrupt  # the process is stopped between writing and renaming

    monkeypatch.setattr(os, "replace", killed)
    assert run(guide, "extract", "-j", "1")[0] != 0  # click reports the interruption as "Aborted!"
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_held_lock_makes_a_second_run_wait_then_fail(guide: Path, monkeypatch) -> None:
    import fcntl

    lock = guide / "build" / ".cache" / "lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.3)
    with open(lock, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        code, _, err = run(guide, "extract")
    assert code == 2
    assert "another localize run holds this project" in err and "held the project" in err
    assert run(guide, "extract")[0] == 0


def test_more_languages_and_init(guide: Path) -> None:
    code, out, _ = run(guide, "init", "fr")
    assert code == 0 and 'languages = ["de", "fr"]' in out
    assert (guide / "locale" / "fr" / "LC_MESSAGES" / "guide.po").exists()
    (guide / "pyproject.toml").write_text('[tool.localize]\nlanguages = ["de", "fr"]\n', encoding="utf-8")
    assert run(guide, "extract")[0] == 0
    french = polib.pofile(str(guide / "locale" / "fr" / "LC_MESSAGES" / "guide.po"))
    assert french.metadata["Plural-Forms"] == catalog.plural_forms("fr")
    assert run(guide, "build")[0] == 0
    assert (guide / "build" / "fr" / "guide.md").read_text(encoding="utf-8") == ARTICLE
    code, out, _ = run(guide, "coverage")
    assert "de:" in out and "fr: 0.0%" in out
    assert run(guide, "init", "en")[0] == 2


def test_diff_shows_the_changed_words(guide: Path) -> None:
    edit(guide, "Install the tool with pip.", "Install the tool with pipx.")
    assert run(guide, "extract")[0] == 0
    code, out, _ = run(guide, "diff")
    assert code == 0
    assert "source: Install the tool with [-pip-]{+pipx+}." in out
    assert "de: Installieren Sie das Werkzeug mit pip." in out
    assert "1 fuzzy entry" in out


@needs_gettext
def test_msgmerge_and_msgcat_leave_catalogs_unchanged(guide: Path) -> None:
    edit(guide, "Install the tool with pip.", "Install the tool with pipx.")
    edit(guide, "Write an article in Markdown.\n\n", "")
    assert run(guide, "extract")[0] == 0
    po, pot = catalog_path(guide), guide / "locale" / "templates" / "guide.pot"
    merged = subprocess.run(["msgmerge", "--previous", "-q", str(po), str(pot)], capture_output=True, text=True)
    assert merged.stdout == po.read_text(encoding="utf-8")
    for path in (po, pot):
        assert subprocess.run(["msgcat", str(path)], capture_output=True, text=True).stdout == path.read_text(
            encoding="utf-8"
        )


@needs_gettext
def test_catalog_resaved_by_another_tool_is_read_without_loss(guide: Path) -> None:
    path = catalog_path(guide)
    original = path.read_text(encoding="utf-8")
    resaved = subprocess.run(["msgcat", "--no-wrap", "--width=40", str(path)], capture_output=True, text=True).stdout
    resaved = resaved.replace('"Plural-Forms:', '"X-Generator: Poedit 3.5\\n"\n"Plural-Forms:')
    path.write_text(resaved, encoding="utf-8")
    assert run(guide, "extract")[0] == 0
    after = path.read_text(encoding="utf-8")
    assert "X-Generator: Poedit 3.5" in after
    assert after.replace('"X-Generator: Poedit 3.5\\n"\n', "") == original
