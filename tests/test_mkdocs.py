"""A real MkDocs site with mkdocs-static-i18n, built from localize's German Markdown: `mkdocs build
--strict` (links, anchors, images checked) passes and the German pages say the German text."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import set_translations
from test_cli import run

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("mkdocs_static_i18n") is None,
    reason="mkdocs and mkdocs-static-i18n are not installed (the test extras have them)",
)

SQUARE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="blue"/></svg>\n'
)

ARTICLES = {
    "index.md": "# Welcome\n\nRead the [setup guide](guides/setup.md#install-the-tool) first.\n\n"
    "![A blue square](images/square.svg)\n",
    "guides/setup.md": "# Setup\n\n## Install the tool\n\nRun the installer and wait.\n\n"
    "![A blue square](../images/square.svg)\n\nBack to the [start](../index.md#welcome).\n",
    "guides/faq.md": "# Questions\n\n## Why this tool\n\nBecause it keeps the [setup](setup.md) short.\n",
}

GERMAN = {
    "index": {
        "Welcome": "Willkommen",
        "Read the [setup guide](guides/setup.md#install-the-tool) first.": "Lies zuerst die [Anleitung](guides/setup.md#install-the-tool).",
        "A blue square": "Ein blaues Quadrat",
    },
    "guides/setup": {
        "Setup": "Einrichtung",
        "Install the tool": "Das Werkzeug installieren",
        "Run the installer and wait.": "Starte das Installationsprogramm und warte.",
    },
}

# What mkdocs-static-i18n needs, as the README's recipe gives it; `validation` makes --strict
# fail on a link to a missing page or anchor (MkDocs 1.6 only reports anchors by default).
MKDOCS_YML = """\
site_name: Test site
docs_dir: {docs}
strict: true
markdown_extensions:
  - attr_list
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
plugins:
  - i18n:
      docs_structure: {structure}
      languages:
        - locale: en
          default: true
          name: English
        - locale: de
          name: Deutsch
"""


def make_site(root: Path, articles: str, settings: str, structure: str) -> None:
    """The articles, an image, a German catalog with some translations, and mkdocs.yml."""
    docs = root / articles
    for name, text in ARTICLES.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    (docs / "images").mkdir()
    (docs / "images" / "square.svg").write_text(SQUARE, encoding="utf-8")
    (root / "localize.toml").write_text(
        f'articles = "{articles}"\nheading_ids = "attribute"\n{settings}', encoding="utf-8"
    )
    docs_dir = articles if structure == "suffix" else str(Path(articles).parent)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(docs=docs_dir, structure=structure), encoding="utf-8")
    assert run(root, "extract")[0] == 0
    for name, translations in GERMAN.items():
        set_translations(root / "locale" / "de" / "LC_MESSAGES" / f"{name}.po", translations)
    code, out, err = run(root, "build", "--strict")
    assert code == 0, out + err


def mkdocs_build(root: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )


def assert_german_site(site: Path) -> None:
    home = (site / "de" / "index.html").read_text(encoding="utf-8")
    setup = (site / "de" / "guides" / "setup" / "index.html").read_text(encoding="utf-8")
    assert "Willkommen" in home and "Lies zuerst die" in home
    assert 'alt="Ein blaues Quadrat"' in home
    assert 'href="guides/setup/#install-the-tool"' in home  # the English id, kept by {#install-the-tool}
    assert "Das Werkzeug installieren" in setup and 'id="install-the-tool"' in setup
    assert "Starte das Installationsprogramm" in setup
    faq = (site / "de" / "guides" / "faq" / "index.html").read_text(encoding="utf-8")
    assert "Because it keeps" in faq  # untranslated: English, on the German site
    english = (site / "index.html").read_text(encoding="utf-8")
    assert "Welcome" in english and "Willkommen" not in english
    for page, text in (("index.html", home), ("guides/setup/index.html", setup)):
        for source in _image_sources(text):
            assert (site / "de" / page).parent.joinpath(source).resolve().is_file(), (page, source)


def _image_sources(html: str) -> list[str]:
    from bs4 import BeautifulSoup

    found = [img["src"] for img in BeautifulSoup(html, "html.parser").find_all("img")]
    assert found
    return [str(source) for source in found]


def test_a_suffix_layout_builds_with_mkdocs_static_i18n(tmp_path: Path) -> None:
    make_site(tmp_path, "docs", 'output = "suffix"\n', "suffix")
    assert (tmp_path / "docs" / "guides" / "setup.de.md").is_file()
    assert not (tmp_path / "locale" / "templates" / "guides" / "setup.de.pot").exists()
    result = mkdocs_build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert_german_site(tmp_path / "site")


def test_without_english_heading_ids_mkdocs_refuses_the_anchors(tmp_path: Path) -> None:
    make_site(tmp_path, "docs", 'output = "suffix"\n', "suffix")
    toml = tmp_path / "localize.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"attribute"', '"none"'), encoding="utf-8")
    assert run(tmp_path, "build")[0] == 0
    result = mkdocs_build(tmp_path)
    assert result.returncode != 0
    assert "does not contain an anchor '#install-the-tool'" in result.stderr


def test_a_folder_per_language_builds_with_mkdocs_static_i18n(tmp_path: Path) -> None:
    # MkDocs' folder structure: docs/en/ (the articles) and docs/de/, where the pattern puts the German
    make_site(tmp_path, "docs/en", 'output = "docs/{language}/{article}.md"\n', "folder")
    assert (tmp_path / "docs" / "de" / "guides" / "setup.md").is_file()
    placed = tmp_path / "docs" / "de" / "images" / "square.svg"
    assert placed.is_file() and os.path.samefile(placed, tmp_path / "docs" / "en" / "images" / "square.svg")
    result = mkdocs_build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert_german_site(tmp_path / "site")
