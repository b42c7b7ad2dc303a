"""The build's splice (render): a translation replaces its span, refused ones keep the source."""

from __future__ import annotations

import pytest

from localize.lookup import Translation
from localize.render import _bisect, build
from localize.segment import parse


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
