"""Plural entries (`msgid_plural`) that translators' tools write: kept, checked, never misused."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import needs_gettext
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cli import one_line_error, run, snapshot
from test_lifecycle import catalog_path, edit, guide  # noqa: F401 (fixture)

from localize import catalog, files
from localize.lookup import usable
from localize.memory import Memory, fill
from localize.pofile import Catalog, Entry, format_po, scan

PLURAL_OF_SETUP = """\
# A translator's own note.
msgid "Setup"
msgid_plural "Setups"
msgstr[0] "Einrichtung"
msgstr[1] "Einrichtungen"
"""
FILES = """\
msgid "{count} file"
msgid_plural "{count} files"
msgstr[0] "{count} Datei"
msgstr[1] "{count} Dateien"
"""


def add_entry(project: Path, entry: str) -> None:
    path = catalog_path(project)
    path.write_text(path.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")


def replace_entry(project: Path, msgid: str, entry: str) -> None:
    """Put `entry` in place of the catalog's (active) entry for `msgid`."""
    path = catalog_path(project)
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    found = [i for i, block in enumerate(blocks) if f'\nmsgid "{msgid}"\n' in f"\n{block}\n"]
    assert len(found) == 1
    blocks[found[0]] = entry.rstrip("\n")
    path.write_text("\n\n".join(blocks), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines.index(text) + 1


def by_key(project: Path) -> dict[tuple[str, bool], polib.POEntry]:
    return {(e.msgid, e.obsolete): e for e in polib.pofile(str(catalog_path(project)))}


def test_a_plural_entry_the_template_lacks_stays_obsolete_with_every_form(guide: Path) -> None:
    add_entry(guide, FILES)
    assert run(guide, "extract")[0] == 0
    kept = by_key(guide)[("{count} file", True)]
    assert kept.msgid_plural == "{count} files"
    assert kept.msgstr_plural == {0: "{count} Datei", 1: "{count} Dateien"}
    assert run(guide, "extract")[0] == 0  # and stays so
    assert by_key(guide)[("{count} file", True)].msgstr_plural == kept.msgstr_plural
    assert run(guide, "extract", "--purge-obsolete")[0] == 0  # the one way to drop it
    assert ("{count} file", True) not in by_key(guide)


def test_a_plural_entry_whose_msgid_is_a_segment_stays_active_and_unused(guide: Path) -> None:
    replace_entry(guide, "Setup", PLURAL_OF_SETUP)
    assert run(guide, "extract")[0] == 0
    entry = by_key(guide)[("Setup", False)]
    assert (entry.msgid_plural, entry.msgstr_plural) == ("Setups", {0: "Einrichtung", 1: "Einrichtungen"})
    assert entry.tcomment == "A translator's own note." and entry.occurrences  # template's references too
    # The build leaves the segment English; coverage counts it untranslated.
    assert run(guide, "build")[0] == 0
    built = (guide / "build" / "de" / "guide.md").read_text(encoding="utf-8")
    assert "## Setup\n" in built and "Einrichtung" not in built
    code, out, _ = run(guide, "coverage", "--format", "json")
    import json

    segments = json.loads(out)["languages"]["de"]["articles"][0]["segments"]
    assert segments["translated"] == 3 and segments["untranslated"] == 4  # Setup is one of them
    # The source edited: the plural entry is no fuzzy match for it; it stays whole, obsolete.
    edit(guide, "## Setup", "## Setup steps")
    assert run(guide, "extract")[0] == 0
    entries = by_key(guide)
    assert entries[("Setup", True)].msgstr_plural == {0: "Einrichtung", 1: "Einrichtungen"}
    assert entries[("Setup steps", False)].msgstr == ""


def test_memory_never_fills_or_learns_a_plural_entry(guide: Path) -> None:
    memory = Memory()
    memory.add(scan(PLURAL_OF_SETUP.replace("Setup", "Usage")).catalog)
    assert memory.lookup("Usage") is None  # msgstr[0] is not a translation of the msgid alone
    memory.add([Entry(msgid="Usage", msgstr="Verwendung")])
    po = scan('msgid "Usage"\nmsgid_plural "Usages"\nmsgstr[0] ""\nmsgstr[1] ""\n').catalog
    assert fill(po, memory).total == 0
    assert (po[0].msgstr, po[0].msgstr_plural) == ("", {0: "", 1: ""})


def test_extract_with_memory_leaves_an_untranslated_plural_entry_alone(guide: Path) -> None:
    (guide / "articles" / "other.md").write_text("# Usage\n", encoding="utf-8")
    replace_entry(guide, "Usage", 'msgid "Usage"\nmsgid_plural "Usages"\nmsgstr[0] ""\nmsgstr[1] ""\n')
    other = catalog_path(guide).with_name("other.po")
    assert run(guide, "extract")[0] == 0
    po = polib.pofile(str(other))
    po.find("Usage").msgstr = "Verwendung"
    po.save(str(other))
    assert run(guide, "extract")[0] == 0
    entry = by_key(guide)[("Usage", False)]
    assert (entry.msgstr, entry.msgstr_plural) == ("", {0: "", 1: ""})


@needs_gettext
def test_plural_entries_keep_gnu_layout(guide: Path) -> None:
    replace_entry(guide, "Setup", PLURAL_OF_SETUP)
    add_entry(guide, FILES.replace("{count} file", "A long plural message " * 4 + "{count} file"))
    assert run(guide, "extract")[0] == 0
    path = catalog_path(guide)
    text = path.read_text(encoding="utf-8")
    assert "#~ msgid_plural" in text and "#~ msgstr[1]" in text and 'msgstr[1] "Einrichtungen"' in text
    assert subprocess.run(["msgcat", str(path)], capture_output=True, text=True).stdout == text
    checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


MSGID_SETUP = 'msgid "Setup"'
HEADER = """\
msgid ""
msgstr ""
"Language: de\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""

MALFORMED = {
    "msgstr[0]-without-msgid_plural": ('msgid "Setup"\nmsgstr[0] "Einrichtung"\n', "without msgid_plural"),
    "plain-msgstr-on-a-plural": ('msgid "Setup"\nmsgid_plural "Setups"\nmsgstr "Einrichtung"\n', "plain msgstr"),
    "both-msgstr-and-msgstr[N]": (
        'msgid "Setup"\nmsgid_plural "Setups"\nmsgstr "E"\nmsgstr[0] "E"\nmsgstr[1] "En"\n',
        "plain msgstr",
    ),
    "missing-index": (
        'msgid "Setup"\nmsgid_plural "Setups"\nmsgstr[0] "Einrichtung"\nmsgstr[2] "Einrichtungen"\n',
        "wrong index",
    ),
    "too-few-forms": ('msgid "Setup"\nmsgid_plural "Setups"\nmsgstr[0] "Einrichtung"\n', "nplurals = 2"),
    "too-many-forms": (
        'msgid "Setup"\nmsgid_plural "Setups"\nmsgstr[0] "E"\nmsgstr[1] "En"\nmsgstr[2] "Enn"\n',
        "nplurals = 2",
    ),
    "with-msgctxt": ('msgctxt "title"\nmsgid "Setup"\nmsgstr[0] "Einrichtung"\n', "without msgid_plural"),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed_plural_use_is_a_catalog_error_at_the_msgid_line(guide: Path, case: str) -> None:
    entry, problem = MALFORMED[case]
    replace_entry(guide, "Setup", "#. heading\n#: articles/guide.md:3\n" + entry)
    edit(guide, "Build the German pages.", "Build the German pages now.")
    path = catalog_path(guide)
    where = f"{path.relative_to(guide)}:{line_of(path, MSGID_SETUP)}: "
    before = snapshot(guide)
    for command in ("extract", "build", "coverage", "check"):
        code, _, err = run(guide, command)
        one_line_error(code, err, where)
        assert problem in err
    assert snapshot(guide) == before  # nothing written


@needs_gettext
@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_msgfmt_refuses_the_same_entries(tmp_path: Path, case: str) -> None:
    entry, _ = MALFORMED[case]
    path = tmp_path / "x.po"
    path.write_text(HEADER + entry, encoding="utf-8")
    checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert checked.returncode != 0
    with pytest.raises(Exception) as raised:
        files.read_po(path, "x.po")
    line = str(raised.value).split(":")[1]
    # msgfmt cites the msgid line, or (for a misplaced msgstr) a line of the same entry.
    cited = {int(found.split(":")[1]) for found in checked.stderr.splitlines() if found.startswith(str(path))}
    entry_lines = set(range(HEADER.count("\n") + 1, HEADER.count("\n") + entry.count("\n") + 1))
    assert int(line) == line_of(path, MSGID_SETUP) and cited & entry_lines


def test_a_well_formed_plural_entry_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text(HEADER + PLURAL_OF_SETUP, encoding="utf-8")
    po = files.read_po(path, "x.po")
    assert [(e.msgid, e.msgstr, e.msgid_plural) for e in po] == [("Setup", "", "Setups")]
    assert [e for e in po if usable(e, use_fuzzy=True)] == []  # no segment uses a plural entry


def add_context(project: Path) -> str:
    """Give the translated entry "Setup" a msgctxt, as a translator might; returns the old text."""
    path = catalog_path(project)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgid "Setup"\n', 'msgctxt "section title"\nmsgid "Setup"\n'), encoding="utf-8")
    return text


@needs_gettext
def test_msgmerge_turns_an_added_msgctxt_fuzzy(guide: Path) -> None:
    add_context(guide)
    pot = guide / "locale" / "templates" / "guide.pot"
    merged = subprocess.run(
        ["msgmerge", "--previous", "-q", str(catalog_path(guide)), str(pot)], capture_output=True, text=True
    ).stdout
    assert {e.msgid: e.flags for e in polib.pofile(merged)}["Setup"] == ["fuzzy"]


def test_an_added_msgctxt_is_refused_and_the_advice_keeps_the_translation(guide: Path) -> None:
    original = add_context(guide)
    edit(guide, "Run the first command.", "Run the first command twice.")
    path = catalog_path(guide)
    before = snapshot(guide)
    for arguments in (("extract",), ("extract", "--check")):
        code, _, err = run(guide, *arguments)
        one_line_error(code, err, f"{path.relative_to(guide)}:{line_of(path, MSGID_SETUP)}: ")
        assert 'msgctxt "section title"' in err and "delete the msgctxt line" in err
    assert snapshot(guide) == before
    # Doing what it says: the translation is kept, and msgmerge agrees.
    path.write_text(path.read_text(encoding="utf-8").replace('msgctxt "section title"\n', ""), encoding="utf-8")
    assert path.read_text(encoding="utf-8") == original
    assert run(guide, "extract")[0] == 0
    assert by_key(guide)[("Setup", False)].msgstr == "Einrichtung"
    if shutil.which("msgmerge"):
        pot = guide / "locale" / "templates" / "guide.pot"
        merged = subprocess.run(["msgmerge", "--previous", "-q", str(path), str(pot)], capture_output=True, text=True)
        assert merged.stdout == path.read_text(encoding="utf-8")


def test_a_msgctxt_on_text_the_article_dropped_just_becomes_obsolete(guide: Path) -> None:
    add_context(guide)
    edit(guide, "## Setup\n", "")
    assert run(guide, "extract")[0] == 0
    entry = by_key(guide)[("Setup", True)]
    assert (entry.msgctxt, entry.msgstr) == ("section title", "Einrichtung")


def test_a_restored_plural_forms_header_must_fit_the_plural_entries(guide: Path) -> None:
    path = catalog_path(guide)
    replace_entry(guide, "Setup", PLURAL_OF_SETUP.replace('msgstr[1] "Einrichtungen"\n', ""))
    text = path.read_text(encoding="utf-8")
    without = "".join(line for line in text.splitlines(keepends=True) if not line.startswith('"Plural-Forms:'))
    path.write_text(without, encoding="utf-8")
    before = snapshot(guide)
    code, _, err = run(guide, "extract")
    one_line_error(code, err, f"{path.relative_to(guide)}:{line_of(path, MSGID_SETUP)}: ")
    assert "has 1 plural form(s)" in err and "nplurals=2" in err
    assert snapshot(guide) == before
    # With both forms, the header comes back and the entry stays.
    path.write_text(without.replace('msgstr[0] "Einrichtung"\n', 'msgstr[0] "Einrichtung"\nmsgstr[1] "Einrichtungen"\n'),
                    encoding="utf-8")
    assert run(guide, "extract")[0] == 0
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in path.read_text(encoding="utf-8")
    assert by_key(guide)[("Setup", False)].msgstr_plural == {0: "Einrichtung", 1: "Einrichtungen"}


def test_nothing_is_written_when_a_later_language_refuses(guide: Path) -> None:
    (guide / "pyproject.toml").write_text('[tool.localize]\nlanguages = ["de", "pl"]\n', encoding="utf-8")
    edit(guide, "Run the first command.", "Run the first command twice.")  # template and catalogs change
    replace_entry(guide, "Setup", PLURAL_OF_SETUP)  # two forms: right for German, not for Polish
    pl = catalog_path(guide).parents[1].with_name("pl") / "LC_MESSAGES" / "guide.po"
    pl.parent.mkdir(parents=True)
    text = catalog_path(guide).read_text(encoding="utf-8").replace("Language: de", "Language: pl")
    pl.write_text("".join(line for line in text.splitlines(keepends=True) if "Plural-Forms" not in line),
                  encoding="utf-8")
    before = snapshot(guide)
    code, _, err = run(guide, "extract")
    one_line_error(code, err, f"locale/pl/LC_MESSAGES/guide.po:{line_of(pl, MSGID_SETUP)}: ")
    assert snapshot(guide) == before  # neither the template nor the German catalog


FUZZY_PLURAL = """\
#, fuzzy
#| msgid "Set up"
#| msgid_plural "Set ups"
msgid "Setup"
msgid_plural "Setups"
msgstr[0] "Einrichtung"
msgstr[1] "Einrichtungen"
"""


def test_a_fuzzy_plural_entry_is_kept_counted_as_coverage_does_and_shown_by_diff(guide: Path) -> None:
    import json
    import re

    replace_entry(guide, "Setup", FUZZY_PLURAL)
    edit(guide, "Run the first command.", "Run the first command twice.")
    code, out, _ = run(guide, "extract")
    assert code == 0
    entry = by_key(guide)[("Setup", False)]
    assert (entry.flags, entry.previous_msgid, entry.previous_msgid_plural) == (["fuzzy"], "Set up", "Set ups")
    line = next(line for line in out.splitlines() if line.startswith("guide: "))
    numbers = dict((what, int(n)) for n, what in re.findall(r"(\d+) (translated|fuzzy|untranslated|plural)", line))
    article = json.loads(run(guide, "coverage", "--format", "json")[1])["languages"]["de"]["articles"][0]
    assert numbers == {
        "translated": article["segments"]["translated"],
        "fuzzy": article["segments"]["fuzzy"],
        "untranslated": article["segments"]["untranslated"],
        "plural": 1,
    }
    code, out, _ = run(guide, "diff")
    assert f"guide.po:{line_of(catalog_path(guide), MSGID_SETUP)}: fuzzy" in out
    assert "de: Einrichtung | Einrichtungen" in out


def test_import_leaves_a_plural_entry_whole(guide: Path) -> None:
    replace_entry(guide, "Setup", PLURAL_OF_SETUP.replace('"Einrichtung"', '""').replace('"Einrichtungen"', '""'))
    assert run(guide, "extract")[0] == 0
    page = guide / "guide.de.md"
    page.write_text("# Anleitung\n\n## Aufbau\n\nInstallieren Sie das Werkzeug mit pip.\n\nFühren Sie den ersten "
                    "Befehl aus.\n\n## Verwendung\n\nSchreiben Sie einen Artikel.\n\nBauen Sie die deutschen Seiten.\n",
                    encoding="utf-8")
    before = catalog_path(guide).read_text(encoding="utf-8")
    code, out, _ = run(guide, "import", "de", str(page), "--overwrite")
    assert code == 0, out
    entry = by_key(guide)[("Setup", False)]
    assert (entry.msgstr, entry.msgstr_plural, entry.flags, entry.tcomment) == ("", {0: "", 1: ""}, [], "A translator's own note.")
    assert catalog_path(guide).read_text(encoding="utf-8") != before  # other entries were imported


def test_a_msgctxt_beside_the_plain_entry_becomes_obsolete_as_msgmerge_makes_it() -> None:
    from localize.segment import parse

    pot = catalog.template(parse("a.md", "# Setup\n", name="a"), "2026-01-01 00:00+0000")
    old = scan(HEADER + 'msgid "Setup"\nmsgstr "Einrichtung"\n\nmsgctxt "menu"\nmsgid "Setup"\nmsgstr "Einrichten"\n').catalog
    assert catalog.added_context(pot, old) is None
    merged, stats = catalog.merge(pot, old, "de")
    assert [(e.msgctxt, e.msgstr, e.obsolete, e.flags) for e in merged] == [
        (None, "Einrichtung", False, []), ("menu", "Einrichten", True, []),
    ]
    assert stats.obsolete == 1


WORDS = st.sampled_from(["Setup", "Usage", "file", "dog", "A long sentence that wraps " * 4, "x\ny"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(WORDS, st.booleans(), st.booleans(), st.lists(st.sampled_from(["", "eins", "zwei"]), min_size=2,
                                                                max_size=2)),
        min_size=1, max_size=5, unique_by=lambda t: (t[0], t[2]),
    ),
    st.sets(WORDS, max_size=3),
)
def test_merging_loses_no_plural_form(entries, template_words) -> None:
    """Whatever plural entries a catalog holds, active or obsolete, fuzzy or not, and whatever
    the template keeps: after a merge every translated one is there with every form, and the
    text reads back the same."""
    pot = Catalog(metadata={"POT-Creation-Date": "2026-01-01 00:00+0000"})
    for word in sorted(template_words):
        pot.append(Entry(msgid=word, msgstr=""))
    old = scan(HEADER).catalog
    keys = set()
    for word, fuzzy, obsolete, forms in entries:
        if word in keys:
            continue  # one entry per msgid (an active and an obsolete one would be two keys)
        keys.add(word)
        old.append(Entry(msgid=word, msgid_plural=word + "s", msgstr_plural=dict(enumerate(forms)),
                         flags=["fuzzy"] if fuzzy else [], obsolete=obsolete))
    merged, _ = catalog.merge(pot, old, "de")
    text = format_po(merged)
    assert scan(text).error is None
    again = {(e.msgid, e.obsolete): e for e in polib.pofile(text)}
    for entry in old:
        if not any(entry.msgstr_plural.values()):
            continue
        kept = again[(entry.msgid, entry.msgid not in template_words)]
        assert (kept.msgid_plural, kept.msgstr_plural) == (entry.msgid_plural, entry.msgstr_plural)
        assert kept.flags == entry.flags
    assert format_po(catalog.merge(pot, scan(text).catalog, "de")[0]) == text  # a second merge changes nothing
