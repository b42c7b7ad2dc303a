"""Bad input: one line naming the file and line, exit 2, and nothing written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from test_cli import one_line_error, run


@pytest.mark.parametrize(
    "content,problem",
    [
        ("# Titel\n".encode("latin-1") + "Größe\n".encode("latin-1"), ":2: is not valid UTF-8"),
        ("# Title\n".encode("utf-16"), ":1: is UTF-16"),
        (b"\xef\xbb\xbf# Title\n", ":1: starts with a UTF-8 byte order mark"),
        (b"# Title\n\nA \x00 byte\n", ":3: contains a NUL byte"),
    ],
    ids=["latin-1", "utf-16", "bom", "nul"],
)
def test_article_in_a_wrong_encoding(project: Path, content: bytes, problem: str) -> None:
    article = project / "articles" / "openai-scale-anthropic-trust.md"
    article.write_bytes(content)
    before = {p: p.read_bytes() for p in (project / "locale").rglob("*.po*")}
    for command in ("extract", "build", "coverage", "check"):
        code, _, err = run(project, command)
        one_line_error(code, err, "articles/openai-scale-anthropic-trust.md" + problem)
    assert {p: p.read_bytes() for p in (project / "locale").rglob("*.po*")} == before
    assert not (project / "build" / "de" / "openai-scale-anthropic-trust.md").exists()


def test_catalog_in_utf16(project: Path) -> None:
    po = project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po"
    po.write_bytes(po.read_text(encoding="utf-8").encode("utf-16"))
    code, _, err = run(project, "extract")
    one_line_error(code, err, "openai-scale-anthropic-trust.po:1: is UTF-16")


def test_empty_project(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    code, _, err = run(tmp_path, "extract")
    one_line_error(code, err, "articles: no articles (**/*.md)")
    assert not (tmp_path / "locale").exists()


@pytest.mark.parametrize(
    "setting,problem",
    [
        ('articles = "/etc"', "articles points outside the project"),
        ('locale = "../x"', "locale points outside the project"),
        ('languages = ["de", 7]', "languages must be a list of strings"),
        ('references = "lines"', "references must be one of line, file, none"),
        ('code = "all"', "code must be one of none, comments-and-strings"),
        ("fail_under = 101", "fail_under must be between 0 and 100"),
        ('source_language = "zz"', "unknown language 'zz'"),
        ('languages = ["en"]', "the source language 'en' is also a target language"),
        ("languages = [", "invalid TOML"),
    ],
)
def test_bad_configuration(project: Path, setting: str, problem: str) -> None:
    (project / "pyproject.toml").write_text(f"[tool.localize]\n{setting}\n", encoding="utf-8")
    code, _, err = run(project, "extract")
    one_line_error(code, err, problem)
    assert "pyproject.toml:" in err


def test_article_symlinked_from_outside_the_project(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text("# Secret\n", encoding="utf-8")
    (project / "articles" / "secret.md").symlink_to(outside)
    code, _, err = run(project, "extract")
    one_line_error(code, err, "articles/secret.md: article lies outside the project")


def test_catalog_folder_symlinked_to_outside_the_project(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "de"
    shutil.copytree(project / "locale" / "de", outside)
    shutil.rmtree(project / "locale" / "de")
    (project / "locale" / "de").symlink_to(outside, target_is_directory=True)
    before = {p: p.read_bytes() for p in outside.rglob("*.po")}
    code, _, err = run(project, "extract")
    one_line_error(code, err, "locale/de/LC_MESSAGES/")
    assert "lies outside the project" in err
    assert {p: p.read_bytes() for p in outside.rglob("*.po")} == before


def test_real_folders_are_found_through_links_and_dots(tmp_path: Path) -> None:
    from localize.files import _real_directory

    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a" / "up").symlink_to(tmp_path, target_is_directory=True)
    for relative in ("a", "a/b", "link", "link/b", "link/b/..", "a/up/link/b", "a/./b", "missing/x"):
        directory = str(tmp_path / relative)
        assert _real_directory(directory) == os.path.realpath(directory), relative


def test_catalog_symlinked_to_outside_the_project(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    po = project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po"
    outside = tmp_path_factory.mktemp("elsewhere") / "catalog.po"
    outside.write_bytes(po.read_bytes())
    po.unlink()
    po.symlink_to(outside)
    before = outside.read_bytes()
    for command in ("extract", "build", "coverage"):
        code, _, err = run(project, command)
        one_line_error(code, err, "openai-scale-anthropic-trust.po: lies outside the project")
    assert outside.read_bytes() == before and po.is_symlink()
