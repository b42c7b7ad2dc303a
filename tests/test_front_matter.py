"""Front matter translations keep their scalar's type; TOML front matter is front matter."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_checks import write_project
from test_cli import run

from localize.render import Translation, build
from localize.segment import parse

YAML = "---\ntitle: Hello world\ndescription: 'Single'\n---\n\n# Body\n"


@pytest.mark.parametrize(
    "translation,written",
    [
        ("yes", '"yes"'), ("No", '"No"'), ("null", '"null"'), ("~", '"~"'), ("123", '"123"'), ("-1.5e3", '"-1.5e3"'),
        (".inf", '".inf"'), ("2024-01-31", '"2024-01-31"'), ("12:30", '"12:30"'), ("Hallo: Welt", '"Hallo: Welt"'),
        ("# Hallo", '"# Hallo"'), ("Hallo Welt", "Hallo Welt"), ("Jahr 2024", "Jahr 2024"),
        ("Beispiel:", '"Beispiel:"'), ("Kurz\tgefasst", '"Kurz\\tgefasst"'), ("a\u2028b", '"a\\u2028b"'),
        ("Steuer\x01zeichen", '"Steuer\\u0001zeichen"'), ("Ende\x7f", '"Ende\\u007F"'), ("N\x85L", '"N\\u0085L"'),
    ],
)
def test_a_plain_yaml_translation_stays_a_string(translation: str, written: str) -> None:
    document = parse("a.md", YAML)
    built = build(document, lambda s: Translation(translation, "", 0) if s.source == "Hello world" else None)
    assert built.text.split("\n")[1] == f"title: {written}"


def test_control_characters_are_escaped_in_quoted_strings_or_refused_where_they_cannot_be() -> None:
    source = "---\ntitle: \"Hello world\"\ndescription: 'Single'\n---\n\n# Body\n"
    translations = {"Hello world": "Hallo\x01Welt", "Single": "Ein\x02zeln"}
    built = build(parse("a.md", source), lambda s: Translation(translations[s.source], "", 0) if s.source in translations else None)
    assert built.text.split("\n")[1:3] == ['title: "Hallo\\u0001Welt"', "description: 'Single'"]
    assert any("cannot be written in a '…' string" in d.message for d in built.diagnostics)


def test_control_characters_in_a_toml_basic_string_are_escaped() -> None:
    import tomllib

    built = build(parse("a.md", TOML), lambda s: Translation("Ein\x01Titel\u2028", "", 0) if s.line == 2 else None)
    assert tomllib.loads(built.text.split("+++")[1])["title"] == "Ein\x01Titel\u2028"


def test_a_yaml_value_that_is_no_string_is_not_offered() -> None:
    document = parse("a.md", "---\ntitle: yes\ndescription: Off\n---\n\n# Body\n")
    assert [s.source for s in document.segments] == ["Body"]


TOML = '+++\ntitle = "A \\"quoted\\" title"\ndescription = \'Literal text\' # note\ndraft = true\n[extra]\ntitle = "Nested"\n+++\n\n# Body\n\nText here.\n'


def test_toml_front_matter_offers_its_top_level_keys() -> None:
    document = parse("a.md", TOML)
    assert [(s.kind, s.source, s.line) for s in document.segments] == [
        ("front matter", 'A "quoted" title', 2),
        ("front matter", "Literal text", 3),
        ("heading", "Body", 9),
        ("paragraph", "Text here.", 11),
    ]
    assert document.rebuild(lambda s: s.source if s.syntax == "markdown" else None) == TOML


def test_toml_front_matter_builds_escaped_and_refuses_what_it_cannot_hold(tmp_path: Path) -> None:
    translations = {'A "quoted" title': 'Ein "zitierter" Titel \\ mit Schrägstrich', "Literal text": "Wört'lich", "Body": "Rumpf"}
    write_project(tmp_path, TOML, translations)
    code, _, err = run(tmp_path, "build")
    assert code == 0, err
    assert "a TOML literal string ('…') cannot hold a \"'\"" in err and "(articles/guide.md:3)" in err
    built = (tmp_path / "build" / "de" / "guide.md").read_text(encoding="utf-8")
    assert built.split("\n")[1] == 'title = "Ein \\"zitierter\\" Titel \\\\ mit Schrägstrich"'
    assert "description = 'Literal text' # note" in built and "# Rumpf" in built
    import tomllib

    assert tomllib.loads(built.split("+++")[1])["title"] == 'Ein "zitierter" Titel \\ mit Schrägstrich'


def test_toml_front_matter_is_not_shown_on_the_html_page(tmp_path: Path) -> None:
    write_project(tmp_path, TOML, {"Body": "Rumpf"}, 'formats = ["md", "html"]\n')
    code, _, err = run(tmp_path, "build")
    assert code == 0, err
    page = (tmp_path / "build" / "de" / "guide.html").read_text(encoding="utf-8")
    assert "Rumpf" in page and "+++" not in page and "draft" not in page
