"""Template building and merging: translations are never lost."""

from __future__ import annotations

import dataclasses

import polib
from test_lifecycle import guide  # noqa: F401 (fixture)

from localize import catalog
from localize.lookup import Lookup, usable
from localize.pofile import format_body, format_po, scan
from localize.segment import parse

DATE = "2026-01-01 00:00+0000"


def pot_for(text: str) -> polib.POFile:
    return catalog.template(parse("a.md", text, name="a"), DATE)


def translated(pot: polib.POFile, translations: dict[str, str]) -> polib.POFile:
    po = catalog.new_catalog(pot, "de", catalog.plural_forms("de"), DATE)
    po, _ = catalog.merge(pot, po)
    for entry in po:
        entry.msgstr = translations.get(entry.msgid, "")
    return po


def by_msgid(po: polib.POFile) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po}


def test_identical_text_is_one_entry_with_every_reference() -> None:
    pot = pot_for("Same.\n\nOther.\n\nSame.\n")
    assert [e.msgid for e in pot] == ["Same.", "Other."]
    assert pot[0].occurrences == [("a.md", "1"), ("a.md", "5")]


def test_reference_styles() -> None:
    document = parse("a.md", "One.\n\nOne.\n")
    assert catalog.template(document, DATE, "file")[0].occurrences == [("a.md", "")]
    assert catalog.template(document, DATE, "none")[0].occurrences == []


def test_a_fresh_catalog_is_the_merge_into_an_empty_one() -> None:
    pot = pot_for("# Title\n\nSame.\n\n| a | b |\n|---|---|\n| c | Same. |\n\n- item\n")
    fresh, fresh_stats = catalog.fresh_catalog(pot, "de", catalog.plural_forms("de"))
    empty = catalog.new_catalog(pot, "de", catalog.plural_forms("de"), DATE)
    merged, merged_stats = catalog.merge(pot, empty)
    assert format_po(fresh) == format_po(merged)
    assert fresh_stats == merged_stats
    assert all(a is not b for a, b in zip(fresh, pot, strict=True))  # filling the catalog leaves the template alone


def test_a_catalog_with_the_template_entries_reuses_their_text() -> None:
    pot = pot_for("Same.\n\nA paragraph long enough to be wrapped across lines by the writer, as GNU does.\n")
    fresh, _ = catalog.fresh_catalog(pot, "de", catalog.plural_forms("de"))
    assert format_po(fresh, format_body(pot)) == format_po(fresh)


def test_new_catalog_header_has_language_and_babel_plural_forms() -> None:
    po = catalog.new_catalog(pot_for("Text.\n"), "de", catalog.plural_forms("de"), DATE)
    assert po.metadata["Language"] == "de"
    assert po.metadata["Plural-Forms"] == catalog.plural_forms("de")


def test_merge_keeps_unchanged_translations_and_translator_comments() -> None:
    pot = pot_for("Hello world.\n\nSecond paragraph here.\n")
    old = translated(pot, {"Hello world.": "Hallo Welt."})
    old[0].tcomment = "checked by Anna"
    merged, stats = catalog.merge(pot_for("Hello world.\n\nA brand new paragraph.\n"), old)
    entries = by_msgid(merged)
    assert entries["Hello world."].msgstr == "Hallo Welt."
    assert entries["Hello world."].tcomment == "checked by Anna"
    assert stats.kept == 1


def test_edited_source_becomes_fuzzy_with_previous_msgid() -> None:
    pot = pot_for("The quick brown fox jumps over the lazy dog.\n")
    old = translated(pot, {"The quick brown fox jumps over the lazy dog.": "Der schnelle braune Fuchs springt."})
    merged, stats = catalog.merge(pot_for("The quick brown fox jumped over the lazy dog.\n"), old)
    entry = merged[0]
    assert entry.msgstr == "Der schnelle braune Fuchs springt."
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == "The quick brown fox jumps over the lazy dog."
    assert stats.fuzzy == 1
    assert not [e for e in merged if e.obsolete]


def test_removed_text_becomes_obsolete_and_comes_back() -> None:
    pot = pot_for("Keep me.\n\nRemove me soon.\n")
    old = translated(pot, {"Keep me.": "Behalte mich.", "Remove me soon.": "Entferne mich bald."})
    removed, stats = catalog.merge(pot_for("Keep me.\n"), old)
    obsolete = [e for e in removed if e.obsolete]
    assert [(e.msgid, e.msgstr) for e in obsolete] == [("Remove me soon.", "Entferne mich bald.")]
    assert stats.obsolete == 1
    restored, _ = catalog.merge(pot, removed)
    entries = by_msgid(restored)
    assert entries["Remove me soon."].msgstr == "Entferne mich bald."
    assert not entries["Remove me soon."].obsolete
    assert "fuzzy" not in entries["Remove me soon."].flags


def test_merge_keeps_unknown_header_fields_and_revision_date() -> None:
    pot = pot_for("Text.\n")
    old = translated(pot, {})
    old.metadata["X-Generator"] = "Poedit 3.5"
    old.metadata["PO-Revision-Date"] = "2025-05-05 10:00+0200"
    merged, _ = catalog.merge(catalog.template(parse("a.md", "Text.\n", name="a"), "2026-02-02 00:00+0000"), old)
    assert merged.metadata["X-Generator"] == "Poedit 3.5"
    assert merged.metadata["PO-Revision-Date"] == "2025-05-05 10:00+0200"
    assert merged.metadata["POT-Creation-Date"] == "2026-02-02 00:00+0000"


def test_fuzzy_entries_are_not_used_by_the_build() -> None:
    pot = pot_for("One.\n\nTwo.\n")
    po = translated(pot, {"One.": "Eins.", "Two.": "Zwei."})
    po[1].flags.append("fuzzy")
    read = Lookup(scan(format_po(po)).catalog)
    assert [msgid for msgid in ("One.", "Two.") if usable(read.entry((None, msgid)))] == ["One."]
    assert [msgid for msgid in ("One.", "Two.") if usable(read.entry((None, msgid)), use_fuzzy=True)] == ["One.", "Two."]


def test_untranslated_removed_entries_are_dropped_not_kept() -> None:
    pot = pot_for("Stays.\n\nGoes away.\n")
    merged, stats = catalog.merge(pot_for("Stays.\n"), translated(pot, {}))
    assert [e.msgid for e in merged] == ["Stays."]
    assert stats.obsolete == 0


def test_text_repeated_everywhere_stays_one_short_entry() -> None:
    pot = pot_for("## Part\n\nSame words.\n\n" * 2000)
    same = pot.find("Same words.")
    assert len(same.occurrences) == 2000
    assert same.comment.count("\n") == catalog.MAX_COMMENTS
    assert same.comment.endswith("… and in 1995 more places")


REQUIRED = ("Language", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Plural-Forms")


def test_merge_restores_removed_header_fields_in_gnu_order() -> None:
    pot = pot_for("Text.\n")
    complete = translated(pot, {})
    for field in REQUIRED:
        old = translated(pot, {})
        del old.metadata[field]
        merged, _ = catalog.merge(pot, old, "de")
        assert list(merged.metadata) == list(complete.metadata), field
        assert merged.metadata[field] == complete.metadata[field]
    for content_type in ("text/plain", "text/plain; charset=CHARSET"):
        old = translated(pot, {})
        old.metadata["Content-Type"] = content_type
        assert catalog.merge(pot, old, "de")[0].metadata["Content-Type"] == "text/plain; charset=UTF-8"
    old = translated(pot, {})
    old.metadata["Plural-Forms"] = "nplurals=INTEGER; plural=EXPRESSION;"
    assert catalog.merge(pot, old, "de")[0].metadata["Plural-Forms"] == catalog.plural_forms("de")


def test_header_fields_that_are_present_stay_as_they_are() -> None:
    pot = pot_for("Text.\n")
    old = translated(pot, {})
    own = "nplurals=1; plural=0;"
    old.metadata = {"Plural-Forms": own, "X-Generator": "Poedit 3.5", "Language": "de_AT"}
    merged, _ = catalog.merge(pot, old, "de")
    assert merged.metadata["Plural-Forms"] == own and merged.metadata["Language"] == "de_AT"
    # Restored fields follow the ones GNU gettext writes before them (Language here).
    assert list(merged.metadata) == [
        "Plural-Forms", "X-Generator", "Language", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
        "POT-Creation-Date",
    ]
    assert catalog.with_required_header(merged.metadata, "de", "x") is merged.metadata  # nothing left to add


def test_extract_restores_removed_header_fields_once(tmp_path) -> None:
    import shutil
    import subprocess

    from test_cli import run

    (tmp_path / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text("# Title\n\nText.\n", encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    path = tmp_path / "locale" / "de" / "LC_MESSAGES" / "a.po"
    original = path.read_text(encoding="utf-8")
    stripped = "".join(
        line for line in original.splitlines(keepends=True) if not line.startswith(tuple(f'"{f}:' for f in REQUIRED))
    )
    assert stripped.count("\n") == original.count("\n") - len(REQUIRED)
    path.write_text(stripped, encoding="utf-8")
    code, out, _ = run(tmp_path, "extract")
    assert code == 0 and "1 file(s) written" in out
    assert path.read_text(encoding="utf-8") == original
    code, out, _ = run(tmp_path, "extract", "--no-memory")
    assert code == 0 and "0 file(s) written" in out
    if shutil.which("msgfmt"):
        checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr


def _line_counts(out: str, article: str) -> dict[str, int]:
    """The numbers of an article's line in extract's output, by what they count."""
    import re

    line = next(line for line in out.splitlines() if line.startswith(f"{article}: "))
    return {what: int(number) for number, what in re.findall(r"(\d+) (translated|fuzzy|untranslated|obsolete"
                                                             r"|newly fuzzy|newly obsolete|filled from memory"
                                                             r"|of them fuzzy)", line)}


def _polib_counts(path) -> dict[str, int]:
    po = polib.pofile(str(path))
    return {
        "translated": len(po.translated_entries()),
        "fuzzy": len(po.fuzzy_entries()),
        "untranslated": len(po.untranslated_entries()),
        "obsolete": len(po.obsolete_entries()),
    }


def test_extract_line_counts_what_the_catalog_and_coverage_hold(guide) -> None:
    import json

    from test_cli import run
    from test_lifecycle import catalog_path, edit

    edit(guide, "Install the tool with pip.", "Install the tool with pipx.")
    edit(guide, "Write an article in Markdown.", "Write an article in plain Markdown.")
    edit(guide, "# Guide\n", "# The Guide\n")
    edit(guide, "## Setup\n", "")  # translated: newly obsolete
    (guide / "articles" / "other.md").write_text(
        "# Setup\n\nInstall the tool with pip now.\n\nSomething else entirely.\n", encoding="utf-8"
    )
    code, out, _ = run(guide, "extract")
    assert code == 0
    counts = _line_counts(out, "guide")
    assert counts == {**_polib_counts(catalog_path(guide)), "newly fuzzy": 3, "newly obsolete": 1}
    assert counts["fuzzy"] == 3 and counts["translated"] == 0
    other = _line_counts(out, "other")
    assert other == {**_polib_counts(catalog_path(guide).with_name("other.po")),
                     "newly fuzzy": 1, "filled from memory": 2, "of them fuzzy": 1}
    assert "2 entries filled from memory, 1 of them fuzzy" in out.splitlines()[-1]
    report = json.loads(run(guide, "coverage", "--format", "json")[1])["languages"]["de"]["articles"]
    for article in report:  # no text repeats inside an article: entries and segments agree
        line = _line_counts(out, article["article"])
        segments = article["segments"]
        assert (segments["translated"], segments["fuzzy"], segments["untranslated"]) == (
            line["translated"], line["fuzzy"], line["untranslated"]
        )
        assert article["obsolete"] == line.get("obsolete", 0)
    code, out, _ = run(guide, "extract", "--purge-obsolete")
    assert "guide: 6 segments in 6 entries; de: 0 translated, 3 fuzzy, 3 untranslated, 0 obsolete (this run: 1 obsolete purged)" in out


CITED_ARTICLE = """# Guide

See [the setup](setup.md) for all 35 steps, which this guide walks through one by one in order.

Install the tool with pip.

Run the first command.
"""


def _cited_project(tmp_path):
    """A project whose catalog has comments, flags and wrapped msgids above each msgid line."""
    from test_cli import run

    (tmp_path / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "guide.md").write_text(CITED_ARTICLE, encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    path = tmp_path / "locale" / "de" / "LC_MESSAGES" / "guide.po"
    po = polib.pofile(str(path))
    for entry in po:
        entry.tcomment = "Reviewed by Anna.\nSecond note."
        if entry.msgid.startswith("See"):
            entry.msgstr = "Siehe [die Einrichtung](other.md) für alle Schritte, die diese Anleitung durchgeht."
        if entry.msgid.startswith("Install"):
            entry.msgstr = "Installieren Sie das Werkzeug mit pip."
            entry.flags = ["fuzzy"]
            entry.previous_msgid = "Install the tool."
    po.save(str(path))
    assert run(tmp_path, "extract")[0] == 0  # the GNU layout
    return path


def _msgid_line(path, msgid_start: str) -> int:
    """The line of an active entry's `msgid` keyword, found in the file itself."""
    lines = path.read_text(encoding="utf-8").split("\n")
    found = [number for number, line in enumerate(lines, 1) if line.startswith("msgid ")
             and (msgid_start in line or msgid_start in lines[number])]
    assert len(found) == 1
    return found[0]


def test_every_command_cites_an_entry_at_its_msgid_line(tmp_path) -> None:
    from test_cli import run

    path = _cited_project(tmp_path)
    shown = "locale/de/LC_MESSAGES/guide.po"
    see, install = _msgid_line(path, '"See ['), _msgid_line(path, '"Install')
    assert polib.pofile(str(path)).find(CITED_ARTICLE.split("\n")[2]).linenum == see - 4  # polib: its comments

    code, out, _ = run(tmp_path, "diff")
    assert f"{shown}:{install}: fuzzy" in out
    code, out, _ = run(tmp_path, "check")
    assert code == 1 and f"{shown}:{see}: error: number missing: 35" in out
    code, _, err = run(tmp_path, "build")
    assert f"{shown}:{see}: warning: translation drops link target 'setup.md'" in err
    page = tmp_path / "guide.de.md"
    page.write_text("# Anleitung\n\nSiehe alle Schritte.\n\nInstallieren Sie es.\n\nFühren Sie den ersten Befehl aus.\n",
                    encoding="utf-8")
    code, out, _ = run(tmp_path, "import", "de", str(page), "--dry-run")
    run_first = _msgid_line(path, '"Run the first')
    assert code == 0 and f"{shown}:{run_first}: Run the first command." in out


def test_a_msgctxt_entry_is_cited_at_its_msgid_line_as_msgfmt_does(tmp_path) -> None:
    import shutil
    import subprocess

    from test_cli import run

    path = _cited_project(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgid ""\n"See [', 'msgctxt "intro"\nmsgid ""\n"See ['), encoding="utf-8")
    see = _msgid_line(path, '"See [')
    code, out, _ = run(tmp_path, "check")  # the msgctxt falls back to the entry without one
    assert f"locale/de/LC_MESSAGES/guide.po:{see}: error: number missing: 35" in out
    # A duplicate: msgfmt names the second entry's msgid line, and so do we.
    duplicate = path.read_text(encoding="utf-8") + '\n#. again\nmsgctxt "intro"\nmsgid "Run the first command."\nmsgstr ""\n'
    duplicate = duplicate.replace('msgid "Run the first command."\n', 'msgctxt "intro"\nmsgid "Run the first command."\n', 1)
    path.write_text(duplicate, encoding="utf-8")
    second = len(duplicate.split("\n")) - 2
    code, _, err = run(tmp_path, "build")
    assert code == 2 and f"guide.po:{second}: duplicate message" in err
    if shutil.which("msgfmt"):
        checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert f"{path}:{second}: duplicate message definition" in checked.stderr


def test_text_twice_on_one_line_is_referenced_once_as_msgcat_writes_it(tmp_path) -> None:
    import shutil
    import subprocess

    pot = pot_for("| A | B |\n|---|---|\n| `x` | `x` |\n")
    assert pot.find("`x`").occurrences == [("a.md", "3")]
    assert pot.find("`x`").comment.count("\n") == 1  # both cells are still described
    if shutil.which("msgcat"):
        path = tmp_path / "a.pot"
        path.write_text(format_po(pot), encoding="utf-8")
        assert subprocess.run(["msgcat", str(path)], capture_output=True, text=True).stdout == format_po(pot)


def _segment(source: str, context: str | None = None):
    (segment,) = parse("a.md", source + "\n").segments
    return segment if context is None else dataclasses.replace(segment, context=context)


def test_one_lookup_with_the_msgctxt_fallback_and_the_base_language() -> None:
    """Build, check, coverage, review and import all find an entry this way."""
    from localize.pofile import Catalog, Entry

    own = Catalog([
        Entry("Added context.", "Hinzugefügter Kontext.", msgctxt="by hand"),
        Entry("Two contexts.", "Eins.", msgctxt="one"), Entry("Two contexts.", "Zwei.", msgctxt="two"),
        Entry("Fuzzy.", "Unscharf.", flags=["fuzzy"]),
        Entry("Own.", "Eigen."),
        Entry("Empty, added context.", ""), Entry("Empty, added context.", "Mit Kontext.", msgctxt="by hand"),
        Entry("Both.", "Ohne."), Entry("Both.", "Mit.", msgctxt="by hand"),
    ])
    base = Lookup(Catalog([Entry("Fuzzy.", "Basis."), Entry("Only in the base.", "Nur in der Basis."), Entry("Own.", "Basis.")]), "de.po")
    translations = Lookup(own, "de_AT.po", base)
    # A segment without context finds the one entry of its msgid with a context; two are no answer.
    assert translations.entry((None, "Added context.")).msgstr == "Hinzugefügter Kontext."
    assert translations.entry((None, "Two contexts.")) is None
    assert translations.entry(("two", "Two contexts.")).msgstr == "Zwei."
    # The entry without context answers, unless it has no translation and the added one has.
    assert translations.entry((None, "Empty, added context.")).msgstr == "Mit Kontext."
    assert translations.entry((None, "Both.")).msgstr == "Ohne."
    found = {text: translations.translation(_segment(text)) for text in ("Added context.", "Fuzzy.", "Only in the base.", "Own.", "Nowhere.")}
    assert found == {
        "Added context.": ("Hinzugefügter Kontext.", "de_AT.po", 0, False),
        "Fuzzy.": ("Basis.", "de.po", 0, True),  # its own is fuzzy: the base language's is used
        "Only in the base.": ("Nur in der Basis.", "de.po", 0, True),
        "Own.": ("Eigen.", "de_AT.po", 0, False),
        "Nowhere.": None,
    }
    assert translations.translation(_segment("Fuzzy."), use_fuzzy=True) == ("Unscharf.", "de_AT.po", 0, False)
    assert translations.base_translates((None, "Fuzzy.")) and not translations.base_translates((None, "Nowhere."))
    assert not translations.changes_nothing()
    assert Lookup(Catalog([Entry("Same.", "Same.")])).changes_nothing()
