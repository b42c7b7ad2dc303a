"""Configuration gates: every threshold key, number and language is checked, in
`[tool.localize]` of pyproject.toml or at the top of localize.toml."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import one_line_error, run


def write(project: Path, body: str, name: str = "pyproject.toml") -> None:
    header = "[tool.localize]\n" if name == "pyproject.toml" else ""
    (project / name).write_text(header + body, encoding="utf-8")


# (settings after `[tool.localize]`, the line cited, what the message must say)
BAD = [
    ('[tool.localize.thresholds]\nde = 50\n"anthropic-trust-frist-strategy" = 50\n', 4,
     '"anthropic-trust-frist-strategy": names no target language (de) and no article'),
    ("[tool.localize.thresholds]\nfr = 50\n", 3, '"fr": names no target language (de) and no article'),
    ('[tool.localize.thresholds]\n"fr:anthropic-trust-first-strategy" = 50\n', 3,
     '"fr:anthropic-trust-first-strategy": \'fr\' is not one of the target languages (de)'),
    ('[tool.localize.thresholds]\n"de:no-such-article" = 50\n', 3, '"de:no-such-article": names no article in articles/'),
    ('[tool.localize.thresholds]\n"xx-YY:no-such-article" = 50\n', 3, '"xx-YY:no-such-article": names no target language'),
    ('[tool.localize.thresholds]\n"de:de:x" = 50\n', 3, '"de:de:x": names no article in articles/'),
    ('[tool.localize.thresholds]\n"de:" = 50\n', 3, '"de:": names no article'),
    ("fail_under = nan\n", 2, "fail_under = nan is not a finite number"),
    ("fail_under = inf\n", 2, "fail_under = inf is not a finite number"),
    ("fallback_threshold = -inf\n", 2, "fallback_threshold = -inf is not a finite number"),
    ("fallback_threshold = nan\n", 2, "fallback_threshold = nan is not a finite number"),
    ("[tool.localize.thresholds]\nde = nan\n", 3, '"de": nan is not a finite number'),
    ('[tool.localize.thresholds]\n"anthropic-trust-first-strategy" = inf\n', 3,
     '"anthropic-trust-first-strategy": inf is not a finite number'),
    ("[tool.localize.thresholds]\nde = 101\n", 3, '"de": 101 is not a number from 0 to 100'),
    ('[tool.localize.thresholds]\nde = "90"\n', 3, '"de": must be a number'),
    ("[tool.localize.thresholds]\nde = true\n", 3, '"de": must be a number'),
    ("thresholds = { de = nan }\n", 2, '"de": nan is not a finite number'),
    ('[tool.localize.thresholds]\nde = 50\n"de-DE" = 40\n', 4, '"de-DE": is the same key as another one'),
    ('[tool.localize.thresholds]\n"de-XX" = 40\n', 3, '"de-XX": names no target language (de)'),
    ('languages = ["de", "de"]\n', 2, "languages: 'de' is listed twice"),
    ('languages = ["de", "de-DE"]\n', 2, "languages: 'de-DE' and 'de' are the same language"),
    ('languages = ["de-AT", "de_at"]\n', 2, "languages: 'de_at' and 'de-AT' are the same language"),
    ('languages = ["en-US"]\n', 2, "the source language 'en' is also a target language (as 'en-US')"),
    ('source_language = "en-GB"\nlanguages = ["en_GB"]\n', 3, "the source language 'en-GB' is also a target language"),
    ('languages = ["de-XX"]\n', 2, "unknown language 'de-XX'"),
    ('source_language = "english"\n', 2, "source_language: unknown language 'english'"),
]


@pytest.mark.parametrize(("settings", "line", "message"), BAD)
def test_a_gate_that_would_do_nothing_is_an_error(project: Path, settings: str, line: int, message: str) -> None:
    write(project, settings)
    before = sorted(p for p in project.rglob("*"))
    code, out, err = run(project, "coverage")
    one_line_error(code, err, f"pyproject.toml:{line}: ")
    assert message in err
    assert out == ""
    assert sorted(p for p in project.rglob("*")) == before


def test_duplicate_threshold_keys_after_mapping(project: Path) -> None:
    write(project, 'languages = ["de-AT"]\n[tool.localize.thresholds]\nde_AT = 50\n"de-AT" = 40\n')
    code, _, err = run(project, "coverage")
    one_line_error(code, err, "pyproject.toml:5: ")
    assert '"de-AT": is the same key as another one' in err


def test_article_keys_are_checked_even_when_only_some_articles_are_reported(project: Path) -> None:
    write(project, '[tool.localize.thresholds]\n"openai-scale-anthropic-trust" = 100\n"typo" = 1\n')
    code, _, err = run(project, "coverage", "openai-scale-anthropic-trust")
    one_line_error(code, err, 'pyproject.toml:4: [tool.localize.thresholds] "typo"')


def test_good_keys_pass(project: Path) -> None:
    write(
        project,
        'languages = ["de", "de-AT"]\n[tool.localize.thresholds]\nde = 30\n"de-AT" = 0\n'
        "'de:anthropic-trust-first-strategy' = 5\n\"de:openai-scale-anthropic-trust\" = 100\n",
    )
    code, _, err = run(project, "coverage")
    assert code == 0, err


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "101", "-1"])
def test_fail_under_on_the_command_line_must_be_a_finite_percentage(project: Path, value: str) -> None:
    code, out, err = run(project, "coverage", f"--fail-under={value}")
    assert code == 2, (out, err)
    assert "Invalid value for '--fail-under'" in err


@pytest.mark.parametrize(
    "gate",
    [("fail_under = 1\n", ()), ("[tool.localize.thresholds]\nde = 1\n", ()), ("", ("--fail-under", "1"))],
    ids=["fail_under", "thresholds", "option"],
)
def test_coverage_at_zero_percent_fails_its_gate(project: Path, gate: tuple[str, tuple[str, ...]]) -> None:
    settings, options = gate
    for catalog in (project / "locale" / "de" / "LC_MESSAGES").glob("*.po"):
        catalog.unlink()
    write(project, settings)
    code, out, err = run(project, "coverage", *options)
    assert code == 1, (out, err)
    assert "de: 0.0% of words translated, below 1%" in err


def test_language_threshold_by_its_typed_tag(project: Path) -> None:
    write(project, 'languages = ["de-AT"]\n[tool.localize.thresholds]\n"de-AT" = 1\n')
    code, _, err = run(project, "coverage")
    assert code == 1 and "de_AT: 0.0% of words translated, below 1%" in err


@pytest.mark.parametrize(
    ("typed", "key"), [('languages = ["de"]', '"de-DE"'), ('languages = ["de-DE"]', "de"), ('languages = ["de"]', "DE")]
)
def test_a_threshold_key_names_a_language_however_written(project: Path, typed: str, key: str) -> None:
    write(project, f"{typed}\n[tool.localize.thresholds]\n{key} = 100\n")
    code, _, err = run(project, "coverage")
    assert code == 1 and "% of words translated, below 100%" in err, err


def test_two_threshold_keys_for_one_language_however_written(project: Path) -> None:
    write(project, '[tool.localize.thresholds]\nde = 10\n"de-DE" = 20\n')
    code, _, err = run(project, "coverage")
    one_line_error(code, err, "pyproject.toml:4:")
    assert "same key as another" in err


@pytest.mark.parametrize("setting", ['include = [""]', 'include = ["."]', 'exclude = [""]', 'toc = [" "]', 'include = ["./"]'])
@pytest.mark.parametrize("command", ["extract", "build", "coverage", "check"])
def test_a_pattern_that_names_no_file_is_an_error(project: Path, setting: str, command: str) -> None:
    write(project, setting + "\n")
    code, _, err = run(project, command)
    one_line_error(code, err, "pyproject.toml:2:")
    assert "names no file" in err


# -- localize.toml -------------------------------------------------------------------------


def test_localize_toml_holds_the_same_keys(project: Path) -> None:
    (project / "pyproject.toml").unlink()
    write(project, 'languages = ["de"]\nfail_under = 50\n', "localize.toml")
    code, _, err = run(project, "coverage")
    assert code == 1 and "de: 33.2% of words translated, below 50%" in err
    write(project, "[thresholds]\nde = 30\n\"de:anthropic-trust-first-strategy\" = 6\n", "localize.toml")
    code, _, err = run(project, "coverage")
    assert code == 1 and "de: anthropic-trust-first-strategy: 5.6% of words translated, below 6%" in err


def test_localize_toml_is_found_from_a_subdirectory(project: Path) -> None:
    (project / "pyproject.toml").unlink()
    write(project, 'build = "site"\n', "localize.toml")
    code, _, err = run(project / "articles", "build")
    assert code == 0, err
    assert (project / "site" / "de" / "openai-scale-anthropic-trust.md").is_file()


def test_a_pyproject_without_the_table_does_not_clash(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "docs"\n', encoding="utf-8")
    write(project, 'build = "site"\n', "localize.toml")
    assert run(project, "build")[0] == 0
    assert (project / "site" / "de").is_dir()


def test_the_nearest_configuration_wins(project: Path) -> None:
    """localize.toml in the project, pyproject.toml with [tool.localize] above it: the nearer."""
    (project / "pyproject.toml").unlink()
    write(project.parent, 'languages = ["qq"]\n')
    write(project, 'build = "site"\n', "localize.toml")
    assert run(project, "build")[0] == 0
    (project / "localize.toml").unlink()
    write(project, 'build = "site"\n')
    (project.parent / "pyproject.toml").unlink()
    write(project.parent, "languages = 3\n", "localize.toml")
    assert run(project / "articles", "build")[0] == 0


def test_both_files_in_one_directory_is_an_error(project: Path) -> None:
    write(project, 'build = "site"\n', "localize.toml")
    code, _, err = run(project, "build")
    one_line_error(code, err, "localize.toml")
    assert "both localize.toml and pyproject.toml [tool.localize]" in err
    assert not (project / "site").exists() and not (project / "build").exists()


@pytest.mark.parametrize(
    ("settings", "line", "message"),
    [
        ('languages = ["de"]\nlanguage = ["de"]\n', 2, "unknown key 'language'"),
        ('languages = ["de", "de"]\n', 1, "languages: 'de' is listed twice"),
        ("\n\n[thresholds]\nde = nan\n", 4, 'thresholds "de": nan is not a finite number'),
        ("fail_under = inf\n", 1, "fail_under = inf is not a finite number"),
        ('\nformats = ["pdf"]\n', 2, 'formats must list "md"'),
        ("languages = [\n", 2, "invalid TOML"),
        ('[thresholds]\n"typo" = 5\n', 2, 'thresholds "typo": names no target language'),
    ],
)
def test_errors_cite_localize_toml(project: Path, settings: str, line: int, message: str) -> None:
    (project / "pyproject.toml").unlink()
    write(project, settings, "localize.toml")
    code, _, err = run(project, "coverage")
    one_line_error(code, err, f"localize.toml:{line}: ")
    assert message in err
    assert "[tool.localize]" not in err


def test_no_configuration_names_both_files(tmp_path: Path) -> None:
    code, _, err = run(tmp_path, "coverage")
    assert code == 2 and "no localize.toml, nor pyproject.toml with a [tool.localize] table" in err


def test_a_tool_table_in_localize_toml_is_named_at_its_line(project: Path) -> None:
    (project / "pyproject.toml").unlink()
    write(project, 'languages = ["de"]\n[tool.localize]\nbuild = "out"\n', "localize.toml")
    code, _, err = run(project, "extract")
    one_line_error(code, err, "localize.toml:2:")
    assert "at the top level" in err
