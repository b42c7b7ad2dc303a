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


# -- bad input writes nothing -----------------------------------------------------------------

FIRST, SECOND = "anthropic-trust-first-strategy", "openai-scale-anthropic-trust"


def tree(*roots: Path) -> dict[str, tuple[bytes, int] | None]:
    """Every file (bytes, mtime) and folder below `roots`; the lock file, and the folders
    made only to hold it, are not outputs."""
    state: dict[str, tuple[bytes, int] | None] = {}
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.name == "lock" and path.parent.name == ".cache":
                continue
            if path.name in ("build", ".cache") and path.is_dir() and all(p.name in ("lock", ".cache") for p in path.rglob("*")):
                continue
            state[str(path.relative_to(root.parent))] = (path.read_bytes(), path.stat().st_mtime_ns) if path.is_file() and not path.is_symlink() else None
    return state


def break_catalog(project: Path, name: str, how: str) -> str:
    """Damage one catalog; returns the `file:line` the error must name."""
    po = project / "locale" / "de" / "LC_MESSAGES" / f"{name}.po"
    text = po.read_text(encoding="utf-8")
    shown = f"locale/de/LC_MESSAGES/{name}.po"
    if how == "syntax":
        position = text.index('msgid "', text.index("\n\n"))
        po.write_text(text[:position] + "msgid unquoted\n" + text[position:], encoding="utf-8")
        return f"{shown}:{text.count(chr(10), 0, position) + 1}: malformed catalog"
    if how == "duplicate":
        entry = text[text.index("\n\n") + 2 :].split("\n\n")[1]
        text = text.rstrip("\n") + "\n\n" + entry + "\n"
        po.write_text(text, encoding="utf-8")
        return f"{shown}:{text.count(chr(10), 0, text.rindex(chr(10) + 'msgid ')) + 2}: duplicate message"
    if how == "charset":
        po.write_text(text.replace("charset=UTF-8", "charset=ISO-8859-1"), encoding="utf-8")
        return f"{shown}:{text[: text.index('Content-Type')].count(chr(10)) + 1}: declares charset ISO-8859-1"
    if how == "bom":
        po.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
        return f"{shown}:1: starts with a UTF-8 byte order mark"
    assert how == "latin-1"
    po.write_bytes(text.replace("ä", "\xe4").encode("utf-8", "surrogateescape").replace("\xe4".encode(), b"\xe4"))
    return f"{shown}:{text[: text.index('ä')].count(chr(10)) + 1}: is not valid UTF-8"


def change_first_article(project: Path) -> None:
    """An edit that changes the first article's template, catalog and built output."""
    article = project / "articles" / f"{FIRST}.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")


def retranslate_first_article(project: Path) -> None:
    """A catalog edit that changes the first article's built output."""
    po = project / "locale" / "de" / "LC_MESSAGES" / f"{FIRST}.po"
    text = po.read_text(encoding="utf-8")
    position = text.index('msgstr "', text.index("\n\n"))
    position = text.index('msgstr "', position + 1)
    po.write_text(text[: position + 8] + "Neu: " + text[position + 8 :], encoding="utf-8")


KINDS = ["syntax", "duplicate", "charset", "bom", "latin-1"]


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("how", KINDS)
def test_build_with_one_malformed_catalog_writes_nothing(project: Path, how: str, jobs: str) -> None:
    (project / "pyproject.toml").write_text('[tool.localize]\nformats = ["md", "html"]\n', encoding="utf-8")
    assert run(project, "build")[0] == 0
    retranslate_first_article(project)
    where = break_catalog(project, SECOND, how)
    before = tree(project)
    code, _, err = run(project, "build", "-j", jobs)
    one_line_error(code, err, where)
    assert tree(project) == before


@pytest.mark.parametrize("how", KINDS)
def test_extract_with_one_malformed_catalog_writes_nothing(project: Path, how: str) -> None:
    assert run(project, "extract")[0] == 0
    change_first_article(project)
    where = break_catalog(project, SECOND, how)
    before = tree(project)
    for jobs in ("1", "2"):
        code, _, err = run(project, "extract", "-j", jobs)
        one_line_error(code, err, where)
        assert tree(project) == before


def test_extract_with_a_malformed_catalog_read_only_as_memory_writes_nothing(project: Path) -> None:
    change_first_article(project)  # its new paragraph is filled from the language's other catalogs
    orphan = project / "locale" / "de" / "LC_MESSAGES" / "gone.po"
    orphan.write_bytes((project / "locale" / "de" / "LC_MESSAGES" / f"{SECOND}.po").read_bytes())
    where = break_catalog(project, "gone", "duplicate")
    before = tree(project)
    code, _, err = run(project, "extract")
    one_line_error(code, err, where)
    assert tree(project) == before


def test_extract_and_build_with_one_malformed_article_write_nothing(project: Path) -> None:
    change_first_article(project)
    (project / "articles" / f"{SECOND}.md").write_bytes(b"# Title\n\nGr\xf6\xdfe\n")
    before = tree(project)
    for command in ("extract", "build"):
        code, _, err = run(project, command)
        one_line_error(code, err, f"articles/{SECOND}.md:3: is not valid UTF-8")
        assert tree(project) == before


def test_init_with_one_malformed_article_writes_nothing(project: Path) -> None:
    (project / "articles" / f"{SECOND}.md").write_bytes(b"\xef\xbb\xbf# Title\n")
    before = tree(project)
    code, _, err = run(project, "init", "fr")
    one_line_error(code, err, f"articles/{SECOND}.md:1: starts with a UTF-8 byte order mark")
    assert tree(project) == before and not (project / "locale" / "fr").exists()


def test_review_with_one_malformed_catalog_writes_nothing(project: Path) -> None:
    where = break_catalog(project, SECOND, "syntax")
    before = tree(project)
    code, _, err = run(project, "review")
    one_line_error(code, err, where)
    assert tree(project) == before and not (project / "build" / "review").exists()


def test_import_into_a_malformed_catalog_writes_nothing(project: Path) -> None:
    change_first_article(project)  # the import's extract would rewrite the template
    where = break_catalog(project, FIRST, "charset")
    page = project.parent / "page.md"
    page.write_text("# Die unbequeme Wahrheit\n\nDas ist der Punkt, und er ist wichtig für alle.\n", encoding="utf-8")
    before = tree(project)
    code, _, err = run(project, "import", "de", str(page), "--article", FIRST)
    one_line_error(code, err, where)
    assert tree(project) == before


def test_corpus_build_with_one_malformed_catalog_writes_nothing(tmp_path: Path) -> None:
    from conftest import SHARED

    source = SHARED / "corpus" / "en"
    if not source.is_dir():
        pytest.skip("no shared corpus")
    project = tmp_path / "corpus"
    shutil.copytree(source, project / "articles")
    (project / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    assert run(project, "extract", "--no-memory", "-j", "2")[0] == 0
    catalogs = sorted((project / "locale" / "de" / "LC_MESSAGES").rglob("*.po"))
    for po in catalogs:  # a translation for every article: every output would change
        po.write_text(po.read_text(encoding="utf-8").replace('msgstr ""\n\n', 'msgstr "DE"\n\n', 2), encoding="utf-8")
    assert run(project, "build", "-j", "2")[0] == 0
    for po in catalogs:
        po.write_text(po.read_text(encoding="utf-8").replace('msgstr "DE"', 'msgstr "DE2"'), encoding="utf-8")
    broken = catalogs[len(catalogs) * 2 // 3]
    broken.write_bytes(broken.read_bytes() + b'\nmsgid "x"\nmsgid "y"\n')
    before = tree(project)
    code, _, err = run(project, "build", "-j", "2")
    one_line_error(code, err, "malformed catalog")
    assert broken.relative_to(project).as_posix() in err
    assert tree(project) == before
