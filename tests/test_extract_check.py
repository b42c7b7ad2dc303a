"""`extract --check` is about content: translators' tools may re-save a catalog their way,
missing and orphaned catalogs are named as such, `--prune` removes orphans, the `wrap`
setting chooses the layout, and a check of an unchanged project reads the run record."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from conftest import ROOT, SHARED, needs_gettext
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cli import run, snapshot

from localize.pofile import format_po

ARTICLE = """# Guide

## Setup

Install the tool with pip.

A strategic split is defining the future of artificial intelligence. While open-source models
proliferate, Anthropic is taking a deliberate, contrarian path with Claude, building a closed
fortress of trust for enterprise customers. This is not just a licensing choice—it is a bet.

Run the first command.

Remove this paragraph later.

| Feature | Status |
|---|---|
| Speed | fast |
"""


def catalog_path(project: Path, name: str = "guide") -> Path:
    return project / "locale" / "de" / "LC_MESSAGES" / f"{name}.po"


def template_path(project: Path, name: str = "guide") -> Path:
    return project / "locale" / "templates" / f"{name}.pot"


def edit(project: Path, old: str, new: str) -> None:
    article = project / "articles" / "guide.md"
    text = article.read_text(encoding="utf-8")
    assert old in text
    article.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    """A catalog with everything a translator leaves: translations, a translator comment,
    a flag, a fuzzy entry with its previous msgid, an obsolete entry, a header field."""
    project = tmp_path / "guide"
    (project / "articles").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    (project / "articles" / "guide.md").write_text(ARTICLE, encoding="utf-8")
    assert run(project, "extract")[0] == 0
    po = polib.pofile(str(catalog_path(project)))
    for entry in po:
        entry.msgstr = f"DE {entry.msgid}" if entry.msgid else entry.msgstr
        if entry.msgid == "Guide":
            entry.tcomment = "Keep it short.\nReviewed."
        if entry.msgid == "Speed":
            entry.flags.append("python-brace-format")
    po.metadata["Last-Translator"] = "Jana Beispiel <jana@example.org>"
    po.save(str(catalog_path(project)))
    edit(project, "Run the first command.", "Run the first command now.")
    edit(project, "Remove this paragraph later.\n\n", "")
    assert run(project, "extract")[0] == 0
    return project


def work(path: Path) -> dict[tuple[str, bool], tuple]:
    """What a translator put in a catalog, entry by entry."""
    po = polib.pofile(str(path))
    fields = {("", False): (tuple(sorted(po.metadata.items())), po.header)}
    for e in po:
        fields[(e.msgid, e.obsolete)] = (e.msgstr, e.tcomment, tuple(e.flags), e.previous_msgid, e.msgctxt)
    return fields


def test_the_guide_holds_what_a_translator_leaves(guide: Path) -> None:
    po = polib.pofile(str(catalog_path(guide)))
    fuzzy = [e for e in po if "fuzzy" in e.flags]
    assert [e.previous_msgid for e in fuzzy] == ["Run the first command."]
    assert [e.msgid for e in po.obsolete_entries()] == ["Remove this paragraph later."]
    assert any(e.tcomment for e in po) and any("python-brace-format" in e.flags for e in po)


# -- translators' tools ---------------------------------------------------------------------


def polib_save(wrapwidth: int | None) -> Callable[[Path], None]:
    def save(path: Path) -> None:
        po = polib.pofile(str(path)) if wrapwidth is None else polib.pofile(str(path), wrapwidth=wrapwidth)
        po.save(str(path))

    return save


def edit_like_a_translator(store) -> None:
    """Two translations changed in translate-toolkit (which re-wraps only the units it changes)."""
    next(unit for unit in store.units if unit.source == "fast").target = "schnell"
    long = next(unit for unit in store.units if unit.source.startswith("A strategic split"))
    long.target = "Eine strategische Spaltung bestimmt die Zukunft der künstlichen Intelligenz. " * 2


def translate_toolkit_save(path: Path) -> None:
    """What Weblate writes with: translate-toolkit's PO storage, a unit edited and saved
    (it keeps GNU gettext's layout, so the edit is what changes the file)."""
    po = pytest.importorskip("translate.storage.po")
    store = po.pofile.parsefile(str(path))
    edit_like_a_translator(store)
    store.save()
    path.write_bytes(bytes(po.pofile(path.read_bytes())))


def weblate_save(width: int) -> Callable[[Path], None]:
    """translate-toolkit at the width Weblate configures (`po_line_wrap`: 77, or -1 for none)."""

    def save(path: Path) -> None:
        po = pytest.importorskip("translate.storage.po")
        store = po.pofile(path.read_bytes(), width=width)
        edit_like_a_translator(store)
        path.write_bytes(bytes(store))

    return save


def msgcat(*options: str) -> Callable[[Path], None]:
    def save(path: Path) -> None:
        text = subprocess.run(["msgcat", *options, str(path)], check=True, capture_output=True).stdout
        path.write_bytes(text)

    return save


def poedit_save(path: Path) -> None:
    """What Poedit 3 writes: the header fields it sets (revision date, translator, its own
    name) after the others, as Poedit leaves them, the entries sorted by source text
    ("may reorder"), wrapped at 79 by gettext's rules, and a compiled `.mo` beside it."""
    po = polib.pofile(str(path))
    active = sorted((e for e in po if not e.obsolete), key=lambda e: e.msgid)
    po[:] = active + [e for e in po if e.obsolete]
    po.save(str(path))
    msgcat()(path)  # gettext's own wrapping at 79
    header, rest = path.read_text(encoding="utf-8").split("\n\n", 1)
    fields = dict(line[1:-3].split(": ", 1) for line in header.splitlines() if line.startswith('"'))
    moved = {key: fields.pop(key) for key in ("Last-Translator", "Plural-Forms", "Language")}
    fields |= {"PO-Revision-Date": "2026-12-01 10:15+0100", "X-Generator": "Poedit 3.4.2",
               "Last-Translator": "Jana Beispiel <jana@example.org>"} | moved
    lines = [line for line in header.splitlines() if not line.startswith('"')]
    lines += [f'"{key}: {value}\\n"' for key, value in fields.items()]
    path.write_text("\n".join(lines) + "\n\n" + rest, encoding="utf-8")
    subprocess.run(["msgfmt", "-c", "-o", str(path.with_suffix(".mo")), str(path)], check=True)


TOOLS = {
    "polib": polib_save(None),
    "polib-wrapwidth-0": polib_save(0),
    "polib-wrapwidth-20": polib_save(20),
    "polib-wrapwidth-33": polib_save(33),
    "polib-wrapwidth-40": polib_save(40),
    "polib-wrapwidth-120": polib_save(120),
    "translate-toolkit": translate_toolkit_save,
    "weblate-wrap-77": weblate_save(77),
    "weblate-no-wrap": weblate_save(-1),
    "msgcat-no-wrap": msgcat("--no-wrap"),
    "msgcat-w-40": msgcat("-w", "40"),
    "msgcat-w-76": msgcat("-w", "76"),
    "msgcat-w-200": msgcat("-w", "200"),
    "poedit": poedit_save,
}


@needs_gettext
@pytest.mark.parametrize("tool", TOOLS, ids=str)
def test_a_catalog_re_saved_by_a_tool_passes_and_keeps_all_its_work(guide: Path, tool: str) -> None:
    path = catalog_path(guide)
    original = path.read_bytes()
    TOOLS[tool](path)
    saved = work(path)
    assert path.read_bytes() != original, "the tool changed nothing: the test would prove nothing"
    code, out, err = run(guide, "extract", "--check")
    assert (code, err) == (0, ""), err
    assert "up to date" in out
    if not tool.startswith(("translate-toolkit", "weblate")):  # (their layout may be GNU's)
        assert "laid out otherwise" in out
    assert run(guide, "extract")[0] == 0
    assert work(path) == saved  # every translation, comment, flag, previous msgid, header field
    if tool != "poedit":  # (Poedit sorted the entries; extract puts them in the article's order)
        assert path.read_text(encoding="utf-8") == msgcat_text(path, 79)  # GNU gettext's layout again


@needs_gettext
@pytest.mark.parametrize("wrapwidth", [33])
def test_polib_wrapping_comments_after_a_hyphen_is_no_change(guide: Path, wrapwidth: int) -> None:
    edit(guide, "## Setup", "## Setup of self-contained, long-running, well-known catalogs")
    assert run(guide, "extract")[0] == 0
    for path in (catalog_path(guide), template_path(guide)):
        polib_save(wrapwidth)(path)
    comments = [line for line in catalog_path(guide).read_text(encoding="utf-8").splitlines() if line.startswith("#.")]
    assert any(line.endswith("-") for line in comments)  # split after a hyphen
    code, _, err = run(guide, "extract", "--check")
    assert code == 0, err


@pytest.mark.parametrize("tool", ["polib-wrapwidth-40", "msgcat-no-wrap", "msgcat-w-40"])
def test_a_re_saved_template_is_not_out_of_date_and_keeps_its_date(guide: Path, tool: str, monkeypatch) -> None:
    path = template_path(guide)
    original = path.read_bytes()
    TOOLS[tool](path)
    assert run(guide, "extract", "--check")[0] == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # a date that moved would show
    assert run(guide, "extract")[0] == 0
    assert path.read_bytes() == original  # same layout as before, and POT-Creation-Date did not move


@needs_gettext
@pytest.mark.parametrize("tool", ["polib", "msgcat-w-40", "poedit", "translate-toolkit"])
def test_a_re_saved_catalog_is_still_out_of_date_when_its_article_changed(guide: Path, tool: str) -> None:
    TOOLS[tool](catalog_path(guide))
    edit(guide, "Run the first command now.", "Run the last command.")
    code, _, err = run(guide, "extract", "--check")
    assert code == 1
    assert "locale/de/LC_MESSAGES/guide.po: out of date with its article" in err
    assert "locale/templates/guide.pot: out of date with its article" in err


def test_a_reference_written_twice_is_no_change(guide: Path) -> None:
    """Text twice on one line was cited twice by earlier versions; msgcat writes it once."""
    edit(guide, "| Speed | fast |", "| Speed | fast |\n| same | same |")
    assert run(guide, "extract")[0] == 0
    path = catalog_path(guide)
    original = path.read_bytes()
    assert original.count(b"#: articles/guide.md:16\n") == 1
    path.write_bytes(original.replace(b"#: articles/guide.md:16\n", b"#: articles/guide.md:16 articles/guide.md:16\n"))
    assert run(guide, "extract", "--check")[0] == 0
    assert run(guide, "extract")[0] == 0 and path.read_bytes() == original


def test_an_entry_a_translator_deleted_is_out_of_date(guide: Path) -> None:
    path = catalog_path(guide)
    po = polib.pofile(str(path))
    po.remove(next(e for e in po if e.msgid == "Speed"))
    po.save(str(path))
    code, _, err = run(guide, "extract", "--check")
    assert code == 1 and err.startswith("locale/de/LC_MESSAGES/guide.po: out of date with its article\n")


def test_a_header_field_extract_would_change_is_out_of_date(guide: Path) -> None:
    path = catalog_path(guide)
    text = path.read_text(encoding="utf-8")
    assert '"POT-Creation-Date: ' in text
    # The creation date is the template's, not content; the catalog's other fields are.
    path.write_text(text.replace('"POT-Creation-Date: 20', '"POT-Creation-Date: 19', 1), encoding="utf-8")
    assert run(guide, "extract", "--check")[0] == 0
    template = template_path(guide)
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace('"Language-Team: LANGUAGE <LL@li.org>\\n"\n', ""), encoding="utf-8")
    code, _, err = run(guide, "extract", "--check")
    assert code == 1 and "locale/templates/guide.pot: out of date" in err


# -- missing and orphaned catalogs, --prune -----------------------------------------------


def test_missing_catalogs_are_named_as_missing(guide: Path) -> None:
    catalog_path(guide).unlink()
    template_path(guide).unlink()
    code, _, err = run(guide, "extract", "--check")
    assert code == 1
    assert "locale/templates/guide.pot: missing (run localize extract)\n" in err
    assert "locale/de/LC_MESSAGES/guide.po: missing (run localize extract)\n" in err
    assert "out of date" not in err.replace("2 missing", "")


def test_a_new_article_has_missing_catalogs(guide: Path) -> None:
    (guide / "articles" / "news.md").write_text("# News\n", encoding="utf-8")
    code, _, err = run(guide, "extract", "--check")
    assert code == 1 and "locale/de/LC_MESSAGES/news.po: missing (run localize extract)" in err


def built(project: Path) -> None:
    assert run(project, "build", "--format", "md", "--format", "html")[0] == 0
    assert run(project, "review")[0] == 0


def test_a_renamed_article_leaves_orphans_that_prune_removes(guide: Path) -> None:
    built(guide)
    (guide / "articles" / "guide.md").rename(guide / "articles" / "manual.md")
    code, _, err = run(guide, "extract", "--check")
    assert code == 1
    orphaned = "orphaned (its article articles/guide.md no longer exists; localize extract --prune removes it)"
    assert f"locale/templates/guide.pot: {orphaned}\n" in err
    assert f"locale/de/LC_MESSAGES/guide.po: {orphaned}\n" in err
    assert "locale/de/LC_MESSAGES/manual.po: missing" in err
    # A plain extract creates the new catalogs (its translations from the orphan, by memory) and says
    # what is left; --prune then removes the orphans, their outputs and their run-record entries.
    code, _, err = run(guide, "extract")
    assert code == 0 and "2 orphaned file(s)" in err
    assert catalog_path(guide).exists()
    assert polib.pofile(str(catalog_path(guide, "manual"))).find("Guide").msgstr == "DE Guide"
    outside = {p: v for p, v in snapshot(guide).items() if not p.startswith(("locale", "build"))}
    code, out, _ = run(guide, "extract", "--prune")
    assert code == 0
    removed = [line.split(":")[0] for line in out.splitlines() if line.endswith("removed (its article no longer exists)")]
    assert removed == [
        "locale/templates/guide.pot", "locale/de/LC_MESSAGES/guide.po", "build/en/guide.html",
        "build/de/guide.md", "build/de/guide.html", "build/review/guide.html",
    ]
    for shown in removed:
        assert not (guide / shown).exists()
    assert (guide / "build" / "de" / "index.html").exists() and (guide / "build" / "en" / "index.html").exists()
    assert {p: v for p, v in snapshot(guide).items() if not p.startswith(("locale", "build"))} == outside
    record = (guide / "build" / ".cache" / "localize.json").read_text(encoding="utf-8")
    assert '"guide"' not in record and '"de/guide"' not in record and '"manual"' in record
    assert run(guide, "extract", "--check")[0] == 0


def test_prune_removes_nested_orphans_and_their_empty_folders(guide: Path) -> None:
    (guide / "articles" / "old").mkdir()
    (guide / "articles" / "old" / "note.md").write_text("# Note\n", encoding="utf-8")
    assert run(guide, "extract")[0] == 0
    assert run(guide, "build")[0] == 0
    shutil.rmtree(guide / "articles" / "old")
    code, _, err = run(guide, "extract", "--check")
    assert code == 1 and "locale/de/LC_MESSAGES/old/note.po: orphaned (its article articles/old/note.md" in err
    assert run(guide, "extract", "--prune")[0] == 0
    assert not (guide / "locale" / "templates" / "old").exists()
    assert not (guide / "locale" / "de" / "LC_MESSAGES" / "old").exists()
    assert not (guide / "build" / "de" / "old").exists()
    assert (guide / "locale" / "de" / "LC_MESSAGES").is_dir() and (guide / "build" / "de").is_dir()


@needs_gettext
def test_prune_removes_the_compiled_catalog_poedit_left(guide: Path) -> None:
    poedit_save(catalog_path(guide))
    (guide / "articles" / "guide.md").unlink()
    (guide / "articles" / "other.md").write_text("# Other\n", encoding="utf-8")
    assert run(guide, "extract", "--prune")[0] == 0
    assert list((guide / "locale" / "de" / "LC_MESSAGES").iterdir()) == [catalog_path(guide, "other")]


def test_prune_never_follows_a_link_outside(guide: Path, tmp_path: Path) -> None:
    built(guide)
    outside = tmp_path / "elsewhere"
    shutil.move(guide / "build" / "de", outside)
    (guide / "build" / "de").symlink_to(outside)
    (guide / "articles" / "guide.md").rename(guide / "articles" / "manual.md")
    before = snapshot(guide / "locale"), snapshot(outside)
    code, _, err = run(guide, "extract", "--no-memory", "--prune", "manual")
    assert code == 2 and "build/de/guide.md" in err and "outside" in err
    assert (guide / "locale" / "templates" / "guide.pot").exists() and (outside / "guide.md").exists()
    assert snapshot(outside) == before[1]


def test_a_compendium_beside_the_catalogs_is_no_orphan(guide: Path) -> None:
    memory = guide / "locale" / "de" / "LC_MESSAGES" / "memory.po"
    shutil.copy(catalog_path(guide), memory)
    configure(guide, 'compendium = ["locale/de/LC_MESSAGES/memory.po"]')
    assert run(guide, "extract", "--check")[0] == 0
    assert run(guide, "extract", "--prune")[0] == 0 and memory.exists()
    configure(guide, "")
    code, _, err = run(guide, "extract", "--check")
    assert code == 1 and "memory.po: orphaned (its article articles/memory.md" in err


def test_check_and_prune_together_are_a_usage_error(guide: Path) -> None:
    code, _, err = run(guide, "extract", "--check", "--prune")
    assert code == 2 and "--prune" in err


def test_orphans_of_an_unconfigured_language_are_left_alone(guide: Path) -> None:
    assert run(guide, "init", "fr")[0] == 0
    (guide / "articles" / "guide.md").rename(guide / "articles" / "manual.md")
    assert run(guide, "extract", "--prune")[0] == 0
    assert (guide / "locale" / "fr" / "LC_MESSAGES" / "guide.po").exists()
    assert not catalog_path(guide).exists()


# -- the wrap setting and the writer's width ------------------------------------------------


def msgcat_text(path: Path, width: int) -> str:
    options = ["--no-wrap"] if width == 0 else ["-w", str(width)]
    return subprocess.run(["msgcat", *options, str(path)], check=True, capture_output=True, text=True).stdout


WIDTHS = [0, 20, 40, 76, 79, 200]
CATALOGS = [pytest.param(p, marks=pytest.mark.shipped) for p in sorted((ROOT / "locale").rglob("*.po*"))] + [
    SHARED / "corpus" / "de.po"
]


@needs_gettext
@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"w{w}" if w else "no-wrap")
@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_the_writer_lays_out_a_width_as_msgcat_does(path: Path, width: int) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent")
    reference = msgcat_text(path, width)
    assert format_po(polib.pofile(reference), width=width) == reference


PIECES = list("abcdefghij ABC,.;:-/()[]{}'\"!?\\\t\näöüß—0123456789%$+#&*=<>@^_~|„“…€`") + [
    "word ", "longerword ", "`code` ", "x" * 30, " " * 25, "漢字", "🦀", "https://example.com/a/b?c=d", "(n != 1)",
]


@needs_gettext
@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=80).map("".join), min_size=1, max_size=4, unique=True),
       st.sampled_from([0, 20, 27, 40, 79, 120]))
def test_random_text_at_any_width_laid_out_like_msgcat(tmp_path_factory: pytest.TempPathFactory, texts, width) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for number, text in enumerate(texts):
        po.append(polib.POEntry(msgid=f"m{number} {text}", msgstr=text, occurrences=[("articles/a-long-name.md", str(100 * number + k + 1)) for k in range(3)]))
    path = tmp_path_factory.mktemp("po") / "random.po"
    path.write_text(format_po(po, width=width), encoding="utf-8")
    assert msgcat_text(path, width) == path.read_text(encoding="utf-8")


def configure(project: Path, line: str) -> None:
    (project / "pyproject.toml").write_text(f"[tool.localize]\n{line}\n", encoding="utf-8")


@needs_gettext
@pytest.mark.parametrize("setting,width", [("wrap = 40", 40), ("wrap = false", 0), ("wrap = 0", 0), ("wrap = 120", 120), ("wrap = 20", 20)])
def test_the_wrap_setting_keeps_a_chosen_layout(guide: Path, setting: str, width: int, monkeypatch) -> None:
    configure(guide, setting)
    code, out, _ = run(guide, "extract", "--check")  # only the layout differs
    assert code == 0 and "laid out otherwise" in out
    assert run(guide, "extract")[0] == 0
    for path in (catalog_path(guide), template_path(guide)):
        assert path.read_text(encoding="utf-8") == msgcat_text(path, width)
    before = snapshot(guide / "locale")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # a date that moved would show
    code, out, _ = run(guide, "extract", "--no-memory")  # no date churn, whatever the width
    assert code == 0 and "0 file(s) written" in out and snapshot(guide / "locale") == before
    code, out, _ = run(guide, "extract", "--check")
    assert code == 0 and "laid out otherwise" not in out
    configure(guide, "wrap = true")
    assert run(guide, "extract")[0] == 0
    assert catalog_path(guide).read_text(encoding="utf-8") == msgcat_text(catalog_path(guide), 79)


@pytest.mark.parametrize("setting", ["wrap = 19", "wrap = -1", 'wrap = "79"', "wrap = 7.5"])
def test_a_bad_wrap_setting_is_an_error_naming_it(guide: Path, setting: str) -> None:
    configure(guide, setting)
    before = snapshot(guide / "locale")
    code, _, err = run(guide, "extract")
    assert code == 2 and err.startswith("localize: error: pyproject.toml:2: ") and "wrap" in err
    assert snapshot(guide / "locale") == before


# -- speed: a check reads the run record -----------------------------------------------------


def test_a_check_of_an_unchanged_project_parses_nothing(guide: Path, parses: list[str]) -> None:
    (guide / "articles" / "other.md").write_text("# Other\n\nText.\n", encoding="utf-8")
    assert run(guide, "extract", "-j", "1")[0] == 0
    parses.clear()
    assert run(guide, "extract", "--check", "-j", "1")[0] == 0
    assert parses == []


def test_a_check_records_what_it_found_exact_and_not_what_is_only_laid_out_otherwise(
    guide: Path, parses: list[str]
) -> None:
    (guide / "articles" / "other.md").write_text("# Other\n\nText.\n", encoding="utf-8")
    assert run(guide, "extract", "-j", "1")[0] == 0
    (guide / "build" / ".cache" / "localize.json").unlink()  # a fresh clone: no record
    polib_save(0)(catalog_path(guide))
    parses.clear()
    assert run(guide, "extract", "--check", "-j", "1")[0] == 0
    assert sorted(parses) == ["guide", "other"]
    parses.clear()
    assert run(guide, "extract", "--check", "-j", "1")[0] == 0
    assert parses == ["guide"]  # "other" was recorded as checked, "guide" is laid out otherwise
    parses.clear()
    assert run(guide, "extract", "-j", "1")[0] == 0  # so extract rewrites its layout
    assert parses == ["guide"] and "msgid \"\"\n" in catalog_path(guide).read_text(encoding="utf-8")
    parses.clear()
    assert run(guide, "extract", "--check", "-j", "1")[0] == 0
    assert parses == []


def test_a_check_still_sees_an_edit_after_a_recorded_check(guide: Path) -> None:
    assert run(guide, "extract", "--check")[0] == 0
    edit(guide, "Run the first command now.", "Run the last command.")
    assert run(guide, "extract", "--check")[0] == 1
    catalog_path(guide).write_text(catalog_path(guide).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edit(guide, "Run the last command.", "Run the first command now.")
    assert run(guide, "extract", "--check")[0] == 0  # a blank line more is layout


def test_a_check_writes_no_catalog(guide: Path) -> None:
    edit(guide, "Run the first command now.", "Run the last command.")
    catalog_path(guide).write_text(catalog_path(guide).read_text(encoding="utf-8").replace("DE Guide", "Anleitung"))
    before = snapshot(guide / "locale")
    assert run(guide, "extract", "--check")[0] == 1
    assert snapshot(guide / "locale") == before
    assert os.path.exists(guide / "build" / ".cache" / "localize.json")


def test_a_check_never_records_through_a_link_outside(guide: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    shutil.move(guide / "build" / ".cache", outside)
    (outside / "localize.json").unlink()
    (guide / "build" / ".cache").symlink_to(outside)
    assert run(guide, "extract", "--check")[0] == 0
    assert not (outside / "localize.json").exists()


def test_runs_that_save_the_record_keep_each_others_entries(tmp_path: Path) -> None:
    from localize.cache import Cache

    path = tmp_path / "localize.json"
    first, second = Cache(path, "extract"), Cache(path, "extract")
    first.record_stamped("a", "inputs-a", [])
    second.record_stamped("b", "inputs-b", [])
    first.save()
    second.save()
    assert Cache(path, "extract").knows("a") and Cache(path, "extract").knows("b")
    third = Cache(path, "extract")
    third.forget("a")
    third.save()
    assert not Cache(path, "extract").knows("a") and Cache(path, "extract").knows("b")
