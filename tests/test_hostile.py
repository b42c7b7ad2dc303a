"""Hostile translations, settings and links: refused, reported, the source kept and nothing written outside."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import set_translations
from test_bad_input import FIRST, change_first_article, retranslate_first_article, tree
from test_cli import one_line_error, run

HOSTILE = [
    ("That’s the point.", "Genau.\n\nDarum.", "blank line"),
    ("That’s the point.", "# Genau darum geht es.", "block structure"),
    ("That’s the point.", "- Genau darum geht es.", "block structure"),
    ("That’s the point.", "Genau\n```\ndarum", "block structure"),
    ("That’s the point.", "Genau <script>alert(1)</script> darum.", "adds inline HTML '<script>'"),
    ("The uncomfortable truth for OpenAI", "Die unbequeme\nWahrheit", "line break in a heading"),
    ("Two boxes side by side: OpenAI, labelled “scale”, versus Anthropic, labelled “trust”", "Logos](javascript:alert(1)) [x", "unescaped '['"),
]


@pytest.mark.parametrize("msgid,msgstr,reason", HOSTILE, ids=[h[1][:24] for h in HOSTILE])
def test_hostile_translation_is_refused_and_the_source_kept(project: Path, msgid: str, msgstr: str, reason: str) -> None:
    set_translations(project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po", {msgid: msgstr})
    code, _, err = run(project, "build", "--strict")
    assert code == 1
    assert any(part in err for part in reason.split("|")), err
    built = (project / "build" / "de" / "openai-scale-anthropic-trust.md").read_text(encoding="utf-8")
    assert msgid in built and msgstr not in built
    assert "<script>" not in built and "javascript:" not in built


# -- every write inside the project's locale and build folders ---------------------------------

@pytest.fixture
def decoy(project: Path) -> Path:
    """A folder beside the project, which no command may touch."""
    folder = project.parent / "decoy"
    (folder / "de").mkdir(parents=True)
    (folder / "keep.md").write_text("# Keep\n\nOutside the project.\n", encoding="utf-8")
    return folder


def refused(project: Path, command: tuple[str, ...], where: str) -> None:
    """`command` exits 2 with one line naming `where`, and nothing beside the project or in it changed."""
    before = tree(project.parent)
    code, _, err = run(project, *command)
    one_line_error(code, err, where)
    assert tree(project.parent) == before


def test_pattern_reaching_out_of_nested_articles_is_refused(project: Path, decoy: Path) -> None:
    nested = project / "docs" / "en" / "articles"
    shutil.move(project / "articles", nested)
    (project / "README.md").write_text("# Readme\n\nThe project's own readme.\n", encoding="utf-8")
    (project / "pyproject.toml").write_text(
        '[tool.localize]\narticles = "docs/en/articles"\ninclude = ["../../../*.md"]\n', encoding="utf-8"
    )
    for command in ("extract", "build"):
        refused(project, (command,), "pyproject.toml:3: [tool.localize] include: pattern '../../../*.md' reaches outside")


@pytest.mark.parametrize(
    "setting, problem",
    [
        ('include = ["/etc/*.conf"]', "include: pattern '/etc/*.conf' is absolute"),
        ('include = ["guides/../../*.md"]', "include: pattern 'guides/../../*.md' reaches outside"),
        ('exclude = ["/tmp/*.md"]', "exclude: pattern '/tmp/*.md' is absolute"),
        ('build = "articles"', "build: build ('articles') is the same folder as articles"),
        ('articles = "."', "articles: build ('build') is inside articles ('.')"),
        ('locale = "articles/locale"', "locale: locale ('articles/locale') is inside articles"),
        ('articles = "locale/en"', "articles: locale ('locale') contains articles ('locale/en')"),
        ('build = "locale/build"', "build: build ('locale/build') is inside locale"),
        ('locale = "build/locale"', "locale: build ('build') contains locale ('build/locale')"),
        ('build = "."', "build: build ('.') contains articles"),
        ('locale = "build"', "locale: build ('build') is the same folder as locale ('build')"),
    ],
)
def test_settings_reaching_outside_or_overlapping_are_refused(project: Path, decoy: Path, setting: str, problem: str) -> None:
    if setting.startswith("articles = \"locale"):
        shutil.copytree(project / "articles", project / "locale" / "en")
    (project / "pyproject.toml").write_text(f"[tool.localize]\n{setting}\n", encoding="utf-8")
    for command in ("extract", "build", "review"):
        refused(project, (command,), f"pyproject.toml:2: [tool.localize] {problem}")


def test_an_output_folder_linked_inside_the_articles_is_refused(project: Path, decoy: Path) -> None:
    assert run(project, "build")[0] == 0
    shutil.rmtree(project / "build" / "de")
    (project / "articles" / "de").mkdir()
    (project / "build" / "de").symlink_to(project / "articles" / "de", target_is_directory=True)
    refused(project, ("build",), f"build/de/{FIRST}.md: leads outside the project's locale/ and build/ folders")


@pytest.mark.parametrize(
    "folder, command",
    [
        ("build/de", ("build",)),
        ("build/en", ("build", "--format", "html")),
        ("build/review", ("review",)),
        ("locale/templates", ("extract",)),
        ("locale/templates", ("init", "fr")),
    ],
)
def test_an_output_folder_linked_outside_the_project_is_refused(
    project: Path, decoy: Path, folder: str, command: tuple[str, ...]
) -> None:
    assert run(project, "build", "--format", "md", "--format", "html")[0] == 0
    assert run(project, "review")[0] == 0
    target = decoy / folder.replace("/", "-")
    shutil.move(project / folder, target)  # what was built stays (outside), and is linked to
    (project / folder).symlink_to(target, target_is_directory=True)
    retranslate_first_article(project)
    change_first_article(project)
    refused(project, command, f"{folder}/")
    err = run(project, *command)[2]
    assert "leads outside the project's locale/ and build/ folders" in err


def test_a_linked_catalog_folder_is_refused(project: Path, decoy: Path) -> None:
    messages = project / "locale" / "de" / "LC_MESSAGES"
    shutil.move(messages, decoy / "messages")
    messages.symlink_to(decoy / "messages", target_is_directory=True)
    change_first_article(project)
    page = decoy / "seite.md"
    page.write_text("# Die unbequeme Wahrheit\n\nDas ist der Punkt, und er ist wichtig für alle.\n", encoding="utf-8")
    for command in (("extract",), ("build",), ("review",), ("import", "de", str(page), "--article", FIRST)):
        refused(project, command, "locale/de/LC_MESSAGES/")


@pytest.mark.parametrize("command", [("extract",), ("build",), ("review",), ("init", "fr")])
def test_a_linked_run_record_folder_is_refused(project: Path, decoy: Path, command: tuple[str, ...]) -> None:
    (project / "build").mkdir()
    (project / "build" / ".cache").symlink_to(decoy, target_is_directory=True)
    change_first_article(project)
    refused(project, command, "build/.cache/lock: leads outside the project's locale/ and build/ folders")
    assert not (decoy / "lock").exists()


def test_a_linked_output_file_is_refused(project: Path, decoy: Path) -> None:
    assert run(project, "build")[0] == 0
    output = project / "build" / "de" / f"{FIRST}.md"
    output.unlink()
    output.symlink_to(decoy / "keep.md")
    retranslate_first_article(project)
    refused(project, ("build",), f"build/de/{FIRST}.md: leads outside the project's locale/ and build/ folders")


def test_discovery_refuses_an_article_found_outside_the_articles_folder(project: Path) -> None:
    from localize.config import Config
    from localize.files import discover_articles
    from localize.model import LocalizeError

    (project / "README.md").write_text("# Readme\n", encoding="utf-8")
    config = Config(root=project, include=("../*.md",))  # past the configuration's own check
    with pytest.raises(LocalizeError, match="lies outside the articles folder articles/"):
        discover_articles(config)


def test_a_folder_linked_from_the_articles_to_the_outputs_is_refused(project: Path, decoy: Path) -> None:
    assert run(project, "build")[0] == 0
    (project / "articles" / "loop").symlink_to(project / "build", target_is_directory=True)
    # `**` does not enter linked folders; a pattern naming the folder does
    (project / "pyproject.toml").write_text('[tool.localize]\ninclude = ["*.md", "loop/*/*.md"]\n', encoding="utf-8")
    for command in ("extract", "build"):
        refused(project, (command,), f"articles/loop/de/{FIRST}.md: article lies in locale/ or build/ (symlink?)")


def test_a_locale_folder_linked_into_the_articles_is_refused(project: Path, decoy: Path) -> None:
    shutil.move(project / "locale", project / "articles" / "locale")
    (project / "locale").symlink_to(project / "articles" / "locale", target_is_directory=True)
    for command in ("extract", "build"):
        refused(project, (command,), "pyproject.toml: [tool.localize] locale: locale ('locale') is inside articles ('articles')")


@pytest.mark.parametrize("name", ["new\nline", "tab\there", "bell\x07", "sep\u2028arator"])
def test_an_article_name_that_would_break_the_catalogs_is_refused(project: Path, name: str) -> None:
    (project / "articles" / f"{name}.md").write_text("# Title\n\nText.\n", encoding="utf-8")
    before = tree(project)
    code, _, err = run(project, "extract")
    one_line_error(code, err, "articles/")
    assert "control character or line break" in err
    assert tree(project) == before


def test_github_annotations_escape_the_file_property() -> None:
    from localize.cli import _github
    from localize.model import Diagnostic

    line = _github(Diagnostic("locale/de/LC_MESSAGES/b,line=9::x.po", 18, "a: b, c", "warning"))
    assert line == "::warning file=locale/de/LC_MESSAGES/b%2Cline=9%3A%3Ax.po,line=18::a: b, c"


@pytest.mark.parametrize(
    "msgstr",
    [
        "Genau {{#include ../../etc/passwd}} darum.",
        "Genau {{< raw-html >}} darum.",
        "Genau {{% include \"secret.md\" %}} darum.",
    ],
)
def test_a_translation_that_adds_a_preprocessor_directive_is_refused(project: Path, msgstr: str) -> None:
    set_translations(project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po", {"That’s the point.": msgstr})
    code, _, err = run(project, "build", "--strict")
    assert code == 1 and "adds preprocessor directive" in err
    built = (project / "build" / "de" / "openai-scale-anthropic-trust.md").read_text(encoding="utf-8")
    assert "That’s the point." in built and "{{" not in built
    code, out, _ = run(project, "check")
    assert code == 1 and "adds preprocessor directive" in out
