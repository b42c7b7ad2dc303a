"""Unit tests of the build's splice (render), the structure checks, coverage and memory."""

from __future__ import annotations

import pytest

from localize.checks import block_signature, inline_facts, structure_problems
from localize.coverage import article_coverage, words
from localize.lookup import Lookup
from localize.memory import Memory, fill
from localize.pofile import Catalog, Entry
from localize.render import Translation, _bisect, build
from localize.segment import parse

# -- render ----------------------------------------------------------------------------


def translated(text: str, translations: dict[str, str]):
    document = parse("a.md", text)
    return build(document, lambda s: Translation(translations[s.source], "de.po", 7) if s.source in translations else None)


def test_a_translation_replaces_exactly_its_span() -> None:
    built = translated("# Title\n\nFirst one.\n\nSecond one.\n", {"First one.": "Erster."})
    assert built.text == "# Title\n\nErster.\n\nSecond one.\n"
    assert (built.total, built.translated, built.refused, built.diagnostics) == (3, 1, 0, [])


def test_an_msgstr_equal_to_its_msgid_counts_as_translated_and_changes_nothing() -> None:
    built = translated("One.\n\nTwo.\n", {"One.": "One."})
    assert (built.text, built.translated) == ("One.\n\nTwo.\n", 1)


def test_a_multi_line_translation_gets_the_container_prefix_on_each_line() -> None:
    built = translated("> Quoted  \n> text.\n", {"Quoted  \ntext.": "Zitiert  \n   Text."})
    assert built.text == "> Zitiert  \n> Text.\n"


def test_a_pipe_in_a_table_cell_translation_is_escaped_with_a_note() -> None:
    built = translated("| a | b |\n|---|---|\n| cell | x |\n", {"cell": "Zelle|Feld"})
    assert "| Zelle\\|Feld | x |" in built.text
    assert [d.severity for d in built.diagnostics] == ["warning"]


@pytest.mark.parametrize(
    ("line", "translation", "written"),
    [
        ("title: Plain words", "Schlichte Wörter: mit Doppelpunkt", 'title: "Schlichte Wörter: mit Doppelpunkt"'),
        ('title: "Quoted"', 'Mit "Zitat" und \\', 'title: "Mit \\"Zitat\\" und \\\\"'),
        ("title: 'Single'", "Ein 'Wort'", "title: 'Ein ''Wort'''"),
    ],
)
def test_front_matter_translations_stay_valid_yaml_scalars(line: str, translation: str, written: str) -> None:
    source = {"title: Plain words": "Plain words", 'title: "Quoted"': "Quoted", "title: 'Single'": "Single"}[line]
    built = translated(f"---\n{line}\n---\n\nText.\n", {source: translation})
    assert built.text.split("\n")[1] == written


def test_a_refused_translation_keeps_the_source_and_names_both_places() -> None:
    built = translated("Intro.\n\nSee [docs](a.md).\n", {"See [docs](a.md).": "Siehe Doku.", "Intro.": "Einleitung."})
    assert built.text == "Einleitung.\n\nSee [docs](a.md).\n"
    assert (built.translated, built.refused) == (1, 1)
    assert [str(d) for d in built.diagnostics] == [
        "de.po:7: warning: translation drops link target 'a.md'; source text kept (a.md:3)"
    ]


def test_bisection_finds_each_culprit_and_refuses_a_harmful_combination_whole() -> None:
    calls: list[list[int]] = []

    def breaks_with(culprits: set[int]):
        def breaks(subset: list[int]) -> bool:
            calls.append(subset)
            return bool(culprits & set(subset))
        return breaks

    assert _bisect(list(range(64)), breaks_with({3, 40})) == [3, 40]
    assert len(calls) <= 2 * 2 * 6  # two culprits, two halves tried per level, six levels

    def together(subset: list[int]) -> bool:
        return {2, 5} <= set(subset)

    assert _bisect(list(range(8)), together) == list(range(8))


def test_a_translation_that_starts_a_list_is_refused_and_the_others_kept() -> None:
    built = translated("One.\n\nTwo.\n\nThree.\n", {"One.": "Eins.", "Two.": "- Zwei.", "Three.": "Drei."})
    assert built.text == "Eins.\n\nTwo.\n\nDrei.\n"
    assert built.refused == 1 and "block structure" in built.diagnostics[0].message


# -- checks ----------------------------------------------------------------------------


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


# -- coverage --------------------------------------------------------------------------


def test_words_leave_link_targets_and_tags_out() -> None:
    assert words("See [the guide](docs/setup.md) and <kbd>Ctrl</kbd> now.") == 6
    assert words("`x` 42 — ok") == 2


def test_article_coverage_counts_segments_and_words_by_state() -> None:
    document = parse("a.md", "# Title\n\nOne two three.\n\nFour five.\n\nSix.\n", name="a")
    po = Catalog([Entry("Title", "Titel"), Entry("One two three.", "Eins zwei drei.", flags=["fuzzy"]), Entry("Four five.")])
    coverage = article_coverage("de", document, Lookup(po, "de.po"))
    assert coverage.counts.segments == {"translated": 1, "fuzzy": 1, "untranslated": 2, "english": 0, "refused": 0, "fallback": 0}
    assert coverage.counts.words == {"translated": 1, "fuzzy": 3, "untranslated": 3, "english": 0, "refused": 0, "fallback": 0}
    assert coverage.counts.percent == pytest.approx(100 / 7)


def test_an_article_without_words_is_wholly_translated() -> None:
    coverage = article_coverage("de", parse("a.md", "```\ncode\n```\n", name="a"), Lookup(Catalog(), "de.po"))
    assert coverage.counts.percent == 100.0 and coverage.status == "translated"


# -- memory ----------------------------------------------------------------------------


def catalog(*entries: tuple[str, str, bool]) -> Catalog:
    return Catalog([Entry(msgid, msgstr, flags=["fuzzy"] if fuzzy else []) for msgid, msgstr, fuzzy in entries])


def test_memory_finds_exact_normalised_and_link_wrapped_matches() -> None:
    memory = Memory()
    memory.add(catalog(("Getting started", "Erste Schritte", False), ("Two  words", "Zwei Wörter", False)))
    assert memory.lookup("Getting started") == ("Erste Schritte", False, "Getting started")
    assert memory.lookup("Two words").msgstr == "Zwei Wörter"
    assert memory.lookup("[Getting started](start.md)").msgstr == "[Erste Schritte](start.md)"
    assert memory.lookup("Something else") is None


def test_a_translated_memory_wins_over_a_fuzzy_one() -> None:
    memory = Memory()
    memory.add(catalog(("Hello", "Hallo?", True)))
    memory.add(catalog(("Hello", "Hallo", False)))
    assert memory.lookup("Hello") == ("Hallo", False, "Hello")


def test_fill_never_overwrites_and_marks_close_matches_fuzzy() -> None:
    memory = Memory()
    memory.add(catalog(("The quick brown fox jumps over the dog.", "Der schnelle braune Fuchs.", False),
                       ("Kept", "Aus dem Speicher", False)))
    po = catalog(("The quick brown fox jumps over the cat.", "", False), ("Kept", "Behalten", False),
                 ("The quick brown fox jumps over the dog.", "", False), ("Unrelated text here", "", False))
    stats = fill(po, memory)
    close, kept, exact, unrelated = po
    assert (stats.exact, stats.fuzzy) == (1, 1)
    assert close.msgstr == "Der schnelle braune Fuchs." and close.flags == ["fuzzy"]
    assert close.previous_msgid == "The quick brown fox jumps over the dog."
    assert kept.msgstr == "Behalten" and exact.msgstr == "Der schnelle braune Fuchs." and exact.flags == []
    assert unrelated.msgstr == ""
