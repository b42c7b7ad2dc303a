"""Terminology: the termbase read from the configuration and its glossaries, matched by whole
words, checked by `localize check`, and shown in each entry's `#.` comment."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import polib
import pytest
from conftest import ROOT, needs_gettext, set_translations
from test_cli import one_line_error, run

from localize import terms
from localize.model import LocalizeError
from localize.terms import Term, Termbase

TARGETS = {"de": "de"}


def termbase(keep: tuple[str, ...] = (), **german: str | tuple[str, ...]) -> Termbase:
    glossary = [
        Term(source.replace("_", " "), translations=(("de", (wanted,) if isinstance(wanted, str) else wanted),))
        for source, wanted in german.items()
    ]
    return Termbase(tuple(Term(name, keep=True) for name in keep) + tuple(glossary))


def found(base: Termbase, text: str) -> list[tuple[str, str]]:
    return [(hit.term.source, hit.text) for hit in base.matcher("de").find(text)]


# -- matching -------------------------------------------------------------------------------


def test_english_terms_match_whole_words_ignoring_case_with_their_plural() -> None:
    base = termbase(**{"trade-off": "Zielkonflikt", "policy": "Richtlinie", "prompt": "Prompt"})
    text = "Trade-offs, a tradeoff, one trade off; policies and a Policy; prompts, promptly, reprompt."
    assert found(base, text) == [("trade-off", "Trade-offs"), ("policy", "policies"), ("prompt", "prompts")]
    assert found(base, "promptly reprompted") == []


def test_kept_names_match_exactly_and_a_longer_term_wins() -> None:
    base = termbase(keep=("Claude", "Constitutional AI"), AI="KI")
    assert found(base, "claude uses Constitutional AI.") == [("Constitutional AI", "Constitutional AI")]
    assert found(base, "Constitutional AI, and AI too.") == [("Constitutional AI", "Constitutional AI"), ("AI", "AI")]
    assert found(base, "#ConstitutionalAI and Claude’s answer") == [
        ("Constitutional AI", "ConstitutionalAI"),
        ("Claude", "Claude"),
    ]


@pytest.mark.parametrize(
    ("rendering", "german", "used"),
    [
        ("Zielkonflikt", "Zwei Zielkonflikte.", True),
        ("Zielkonflikt", "Des Zielkonflikts wegen.", True),
        ("Zielkonflikt", "Mit Zielkonflikten leben.", True),
        ("Zielkonflikt", "Eine Zielkonfliktanalyse.", False),
        ("Konstitutionelle KI", "Mit konstitutioneller KI trainiert.", True),
        ("Konstitutionelle KI", "Die konstitutionellen KIs.", True),
        ("Regulierungsbehörde", "Viele Regulierungsbehörden fragen.", True),
        ("Angriffs-Prompt", "Bei Angriffsprompts und Angriffs-Prompts.", True),
        ("Governance", "Eine Unternehmensführung.", False),
    ],
)
def test_german_translations_match_with_their_endings(rendering: str, german: str, used: bool) -> None:
    base = termbase(term=rendering)
    term = base.terms[0]
    assert (base.matcher("de").rendering(term, "de", german) == 0) is used


def test_a_kept_name_may_take_a_genitive_s_but_not_change() -> None:
    base = termbase(keep=("Anthropic",))
    matcher = base.matcher("de")
    hit = matcher.find("Anthropic’s posture")[0]
    assert matcher.kept_in(hit, "Anthropics Haltung") is None
    assert matcher.kept_in(hit, "Die Haltung von ANTHROPIC") == "ANTHROPIC"
    assert matcher.kept_in(hit, "Die Haltung des Unternehmens") == ""


def test_a_regional_language_uses_its_base_translations() -> None:
    base = termbase(governance="Governance")
    assert base.terms[0].renderings("de_AT") == ("Governance",)
    assert [hit.term.source for hit in base.matcher("de_AT").find("good governance")] == ["governance"]
    assert base.matcher("fr").find("good governance") == []


def test_the_note_names_each_term_once_with_its_translations() -> None:
    base = termbase(keep=("Claude",), **{"trade-off": ("Zielkonflikt", "Abwägung"), "governance": "Governance"})
    text = "Claude's trade-offs: governance, Claude and more trade-offs."
    assert base.matcher("de").note(text) == (
        "terms: trade-off → Zielkonflikt (or Abwägung); governance → Governance; keep: Claude"
    )
    several = Termbase(
        (Term("governance", translations=(("de", ("Governance",)), ("fr", ("gouvernance",)))),)
    )
    assert several.matcher("de", "fr").note("governance") == "terms: governance → de Governance, fr gouvernance"
    assert base.matcher("de").note("Nothing here.") == ""


def test_many_terms_are_one_pattern_each_side() -> None:
    words = [f"term{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(200)]
    base = Termbase(tuple(Term(word, translations=(("de", (word.upper(),)),)) for word in words))
    matcher = base.matcher("de")
    assert [hit.term.source for hit in matcher.find("termaa, termhr and termzz; termhrs")] == ["termaa", "termhr"]
    assert matcher is base.matcher("de")  # compiled once


# -- glossaries -----------------------------------------------------------------------------

TBX2 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">
<martif type="TBX" xml:lang="en">
<text><body>
<termEntry id="1">
  <langSet xml:lang="en"><tig><term>trade-off</term></tig></langSet>
  <langSet xml:lang="de"><tig><term>Zielkonflikt</term></tig><tig><term>Abwägung</term></tig>
    <tig><term>Tradeoff</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  </langSet>
  <langSet xml:lang="fr"><tig><term>compromis</term></tig></langSet>
</termEntry>
<termEntry id="2"><langSet xml:lang="en"><tig><term>orphan</term></tig></langSet></termEntry>
</body></text>
</martif>
"""

TBX3 = """<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body>
<conceptEntry id="c1">
  <langSec xml:lang="en-US"><termSec><term>governance</term></termSec></langSec>
  <langSec xml:lang="de-DE"><termSec><term>Governance</term></termSec></langSec>
</conceptEntry>
</body></text>
</tbx>
"""


def test_tbx_2_and_3_give_each_entry_in_the_target_languages() -> None:
    assert terms.parse_tbx(TBX2.encode(), "g.tbx", "en", TARGETS) == [("trade-off", "de", ["Zielkonflikt", "Abwägung"])]
    assert terms.parse_tbx(TBX3.encode(), "g.tbx", "en", TARGETS) == [("governance", "de", ["Governance"])]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE martif [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&lol2;</term></tig></langSet></termEntry></body></text></martif>
"""


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (BILLION_LAUGHS, 2, "a DTD with an internal subset"),
        ('<?xml version="1.0"?>\n<martif>\n<term>&xxe;</term></martif>', 3, "not valid XML"),
        ('<?xml version="1.0"?>\n<martif>\n<termEntry></martif>', 3, "not valid XML"),
    ],
)
def test_a_hostile_or_broken_tbx_is_refused_at_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(LocalizeError) as raised:
        terms.parse_tbx(text.encode(), "g.tbx", "en", TARGETS)
    assert raised.value.diagnostic.line == line
    assert message in raised.value.diagnostic.message


def test_csv_columns_name_languages_and_a_repeated_one_gives_alternatives() -> None:
    data = "\ufeffen,de,de,note\ntrade-off,Zielkonflikt,Abwägung,a choice\ngovernance,Governance,,\n,Leer,,\n".encode()
    assert terms.parse_csv(data, "g.csv", "en", TARGETS) == [
        ("trade-off", "de", ["Zielkonflikt", "Abwägung"]),
        ("governance", "de", ["Governance"]),
    ]
    with pytest.raises(LocalizeError) as raised:
        terms.parse_csv(b"source,target\nx,y\n", "g.csv", "en", TARGETS)
    assert raised.value.diagnostic.line == 1
    assert "no column for the source language 'en'" in raised.value.diagnostic.message


# -- configuration ----------------------------------------------------------------------------


def write_config(project: Path, body: str) -> None:
    (project / "pyproject.toml").write_text("[tool.localize]\n\n" + textwrap.dedent(body), encoding="utf-8")


BAD = [
    ('[tool.localize.terminology]\nkeep = "Claude"\n', 4, "keep must be a list of non-empty strings"),
    ('[tool.localize.terminology]\nkeep = ["Claude", "Claude"]\n', 4, "keep names 'Claude' twice"),
    ('[tool.localize.terminology]\nkepe = ["Claude"]\n', 4, "unknown key 'kepe'"),
    ("[tool.localize.terminology.fr]\ngovernance = \"gouvernance\"\n", 3, "'fr' is not one of the target languages (de)"),
    ('[tool.localize.terminology.de]\n\ngovernance = 3\n', 5, "'governance' must be a translation or a list"),
    ('[tool.localize.terminology.de]\ngovernance = []\n', 4, "'governance' must be a translation or a list"),
    ('[tool.localize.terminology.de]\ngovernance = "G"\n"Governance" = "H"\n', 5, "are the same term"),
    ('[tool.localize.terminology]\nglossaries = ["terms/none.tbx"]\n', 4, "'terms/none.tbx' does not exist"),
    ('[tool.localize.terminology]\nglossaries = ["../outside.csv"]\n', 4, "'../outside.csv' is outside the project"),
    ('[tool.localize.terminology]\nglossaries = ["pyproject.toml"]\n', 4, "neither TBX (.tbx) nor CSV (.csv)"),
]


@pytest.mark.parametrize(("settings", "line", "message"), BAD)
def test_bad_terminology_is_one_line_naming_its_line(project: Path, settings: str, line: int, message: str) -> None:
    write_config(project, settings)
    (project.parent / "outside.csv").write_text("en,de\nx,y\n", encoding="utf-8")
    before = sorted(project.rglob("*"))
    code, _, err = run(project, "extract")
    one_line_error(code, err, f"pyproject.toml:{line}: ")
    assert message in err
    assert sorted(project.rglob("*")) == before


def test_a_bad_glossary_is_named_with_its_line(project: Path) -> None:
    write_config(project, '[tool.localize.terminology]\nglossaries = ["terms/g.tbx"]\n')
    (project / "terms").mkdir(exist_ok=True)
    (project / "terms" / "g.tbx").write_text(BILLION_LAUGHS, encoding="utf-8")
    code, _, err = run(project, "check")
    one_line_error(code, err, "terms/g.tbx:2: ")


# -- the check --------------------------------------------------------------------------------

ARTICLE = """# Claude and governance

Claude is trained with Constitutional AI. That trade-off is intentional.

Good governance matters to regulators.
"""

TRANSLATIONS = {
    "Claude and governance": "Claude und Governance",
    "Claude is trained with Constitutional AI. That trade-off is intentional.":
        "claude wird mit konstitutioneller KI trainiert. Dieser Kompromiss ist gewollt.",
    "Good governance matters to regulators.": "Gute Unternehmensführung ist Regulierungsbehörden wichtig.",
}

TERMINOLOGY = """\
[tool.localize.terminology]
keep = ["Claude", "Constitutional AI"]

[tool.localize.terminology.de]
"trade-off" = ["Zielkonflikt", "Abwägung"]
governance = "Governance"
regulator = "Regulierungsbehörde"
"""


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "guide.md").write_text(ARTICLE, encoding="utf-8")
    write_config(tmp_path, TERMINOLOGY)
    assert run(tmp_path, "extract", "--no-memory")[0] == 0
    set_translations(tmp_path / "locale" / "de" / "LC_MESSAGES" / "guide.po", TRANSLATIONS)
    return tmp_path


def test_check_reports_each_term_at_its_entry(guide: Path) -> None:
    code, out, _ = run(guide, "check")
    assert code == 1
    po = "locale/de/LC_MESSAGES/guide.po"
    lines = [line for line in out.splitlines() if line.startswith("locale/")]
    assert lines == [
        f"{po}:25: error: kept term 'Claude' changed in the translation: 'claude' (articles/guide.md:3)",
        f"{po}:25: error: kept term 'Constitutional AI' missing from the translation (articles/guide.md:3)",
        f"{po}:25: error: term 'trade-off' not translated as 'Zielkonflikt' or 'Abwägung' (articles/guide.md:3)",
        f"{po}:34: error: term 'governance' not translated as 'Governance' (articles/guide.md:5)",
    ]
    assert "4 error(s), 0 warning(s)" in out


def test_check_reports_terms_as_github_annotations(guide: Path) -> None:
    code, out, _ = run(guide, "check", "--format", "github")
    assert code == 1
    assert (
        "::error file=locale/de/LC_MESSAGES/guide.po,line=34::term 'governance' not translated as 'Governance' "
        "(articles/guide.md:5)"
    ) in out


def test_a_translation_that_follows_the_termbase_passes(guide: Path) -> None:
    set_translations(guide / "locale" / "de" / "LC_MESSAGES" / "guide.po", {
        "Claude is trained with Constitutional AI. That trade-off is intentional.":
            "Claude wird mit Constitutional AI trainiert. Dieser Zielkonflikt ist gewollt.",
        "Good governance matters to regulators.": "Gute Governance ist Regulierungsbehörden wichtig.",
    })
    code, out, _ = run(guide, "check", "--strict")
    assert code == 0, out
    assert "0 error(s), 0 warning(s)" in out


def test_a_term_translated_in_several_ways_across_the_project_is_a_warning(guide: Path) -> None:
    articles = guide / "articles"
    (articles / "more.md").write_text("Every trade-off counts.\n\nEach trade-off too.\n", encoding="utf-8")
    (articles / "last.md").write_text("A trade-off again.\n", encoding="utf-8")
    assert run(guide, "extract", "--no-memory")[0] == 0
    catalogs = guide / "locale" / "de" / "LC_MESSAGES"
    set_translations(catalogs / "guide.po", {
        "Claude is trained with Constitutional AI. That trade-off is intentional.":
            "Claude wird mit Constitutional AI trainiert. Diese Abwägung ist gewollt.",
    })
    set_translations(catalogs / "more.po", {"Every trade-off counts.": "Jeder Zielkonflikt zählt.",
                                            "Each trade-off too.": "Jeder Zielkonflikt auch."})
    set_translations(catalogs / "last.po", {"A trade-off again.": "Wieder ein Zielkonflikt."})
    code, out, err = run(guide, "check")
    warnings = [line for line in out.splitlines() if ": warning: " in line]
    assert warnings == [
        "locale/de/LC_MESSAGES/guide.po:25: warning: term 'trade-off' translated as 'Abwägung' here but as "
        "'Zielkonflikt' in 3 other entries (locale/de/LC_MESSAGES/last.po:19, locale/de/LC_MESSAGES/more.po:19, "
        "locale/de/LC_MESSAGES/more.po:25) (articles/guide.md:3)"
    ]
    assert code == 1  # the governance error in guide.po remains


def test_kept_names_are_no_english_for_the_language_check(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "book.md").write_text("Read The Lord of the Rings today.\n", encoding="utf-8")
    write_config(tmp_path, "")
    assert run(tmp_path, "extract", "--no-memory")[0] == 0
    po = tmp_path / "locale" / "de" / "LC_MESSAGES" / "book.po"
    set_translations(po, {"Read The Lord of the Rings today.": "Lies heute The Lord of the Rings."})
    assert "reads as English" in run(tmp_path, "check")[1]
    write_config(tmp_path, '[tool.localize.terminology]\nkeep = ["The Lord of the Rings"]\n')
    code, out, _ = run(tmp_path, "check", "--strict")
    assert code == 0, out


# -- the comments of the catalogs -------------------------------------------------------------


def comments(po: Path) -> dict[str, str]:
    return {entry.msgid: entry.comment for entry in polib.pofile(str(po))}


def test_each_entry_names_its_terms_in_template_and_catalog(guide: Path) -> None:
    for path in (guide / "locale" / "templates" / "guide.pot", guide / "locale" / "de" / "LC_MESSAGES" / "guide.po"):
        found = comments(path)
        assert found["Claude and governance"] == "heading 1 · title\nterms: governance → Governance; keep: Claude"
        assert found["Good governance matters to regulators."].endswith(
            "\nterms: governance → Governance; regulator → Regulierungsbehörde"
        )
        assert found["Claude is trained with Constitutional AI. That trade-off is intentional."].endswith(
            "\nterms: trade-off → Zielkonflikt (or Abwägung); keep: Claude, Constitutional AI"
        )


def test_re_extraction_changes_no_byte_and_follows_a_changed_termbase(guide: Path) -> None:
    locale = guide / "locale"
    before = {path: path.read_bytes() for path in locale.rglob("*.po*")}
    shutil.rmtree(guide / "build")  # no run record: every article is extracted again
    assert run(guide, "extract", "--no-memory")[0] == 0
    assert {path: path.read_bytes() for path in locale.rglob("*.po*")} == before
    write_config(guide, TERMINOLOGY.replace('governance = "Governance"', 'governance = "Steuerung"'))
    code, _, err = run(guide, "extract", "--check")
    assert code == 1 and "guide.pot" in err
    assert run(guide, "extract", "--no-memory")[0] == 0
    found = comments(locale / "de" / "LC_MESSAGES" / "guide.po")
    assert found["Claude and governance"].endswith("terms: governance → Steuerung; keep: Claude")
    assert polib.pofile(str(locale / "de" / "LC_MESSAGES" / "guide.po")).find("Claude and governance").msgstr


@needs_gettext
def test_msgmerge_leaves_the_catalog_as_it_is(guide: Path) -> None:
    po = guide / "locale" / "de" / "LC_MESSAGES" / "guide.po"
    pot = guide / "locale" / "templates" / "guide.pot"
    merged = subprocess.run(["msgmerge", "--previous", "-q", str(po), str(pot)], capture_output=True, text=True)
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout == po.read_text(encoding="utf-8")


# -- the shipped project ----------------------------------------------------------------------


@pytest.mark.shipped
def test_the_shipped_german_catalogs_pass_the_shipped_termbase(tmp_path: Path) -> None:
    project = tmp_path / "shipped"
    for folder in ("articles", "locale", "terms"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    code, out, _ = run(project, "check", "--strict")
    assert code == 0, out
    assert "0 error(s), 0 warning(s)" in out
    code, _, err = run(project, "extract", "--check")
    assert code == 0, err
    notes = comments(project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po")
    assert any("keep: " in note and "Claude" in note for note in notes.values())
