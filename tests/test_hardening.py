"""Trying to break it: bad input, hostile translations, faults, pathological articles, random edits."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize import files
from localize.pofile import format_po
from localize.render import Translation, build
from localize.segment import parse
from test_cli import run


def one_line_error(code: int, err: str, where: str) -> None:
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("localize: error: ") and where in err
    assert "Traceback" not in err


# -- bad input ----------------------------------------------------------------------------------


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


# -- hostile or broken translations ---------------------------------------------------------------


HOSTILE = [
    ("That’s the point.", "Genau.\n\nDarum.", "blank line"),
    ("That’s the point.", "# Genau darum geht es.", "block structure"),
    ("That’s the point.", "- Genau darum geht es.", "block structure"),
    ("That’s the point.", "Genau\n```\ndarum", "block structure"),
    ("That’s the point.", "Genau <script>alert(1)</script> darum.", "adds inline HTML '<script>'"),
    ("The uncomfortable truth for OpenAI", "Die unbequeme\nWahrheit", "line break in a heading"),
    ("OpenAI and Anthropic logos side by side", "Logos](javascript:alert(1)) [x", "unescaped '['"),
]


@pytest.mark.parametrize("msgid,msgstr,reason", HOSTILE, ids=[h[1][:24] for h in HOSTILE])
def test_hostile_translation_is_refused_and_the_source_kept(project: Path, msgid: str, msgstr: str, reason: str) -> None:
    po_path = project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po"
    po = polib.pofile(str(po_path))
    po.find(msgid).msgstr = msgstr
    po_path.write_text(format_po(po), encoding="utf-8")
    code, _, err = run(project, "build", "--strict")
    assert code == 1
    assert any(part in err for part in reason.split("|")), err
    built = (project / "build" / "de" / "openai-scale-anthropic-trust.md").read_text(encoding="utf-8")
    assert msgid in built and msgstr not in built
    assert "<script>" not in built and "javascript:" not in built


# -- faults -------------------------------------------------------------------------------------


@pytest.mark.parametrize("failure", [errno.ENOSPC, errno.EACCES, errno.EROFS], ids=["full disk", "denied", "read-only"])
def test_a_write_that_fails_is_a_clear_error_and_leaves_no_partial_file(project: Path, monkeypatch, failure: int) -> None:
    article = project / "articles" / "openai-scale-anthropic-trust.md"
    article.write_text(article.read_text(encoding="utf-8").replace("That’s the point.", "That’s it."), encoding="utf-8")
    po = project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po"
    before = po.read_bytes()
    real_open = open

    def failing_open(path, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if "w" in mode and str(path).endswith(".tmp"):
            raise OSError(failure, os.strerror(failure))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)
    code, _, err = run(project, "extract", "-j", "1")
    one_line_error(code, err, "cannot write: " + os.strerror(failure))
    assert po.read_bytes() == before
    assert not list((project / "locale").rglob("*.tmp"))


def test_two_extracts_at_once_leave_valid_catalogs(project: Path) -> None:
    article = project / "articles" / "openai-scale-anthropic-trust.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    command = [sys.executable, "-m", "localize", "extract", "-j", "1"]
    runs = [subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = [process.communicate(timeout=120) for process in runs]
    assert [process.returncode for process in runs] == [0, 0], results
    for po in (project / "locale").rglob("*.po"):
        files.read_messages(po, str(po))  # parses and checks
    po = polib.pofile(str(project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po"))
    assert po.find("One more paragraph.") is not None
    assert sum(1 for e in po if e.msgstr and not e.obsolete) == 34


# -- pathological articles (time bounds live in benchmarks/pathological.py) ------------------------


PATHOLOGICAL = {
    "table of 5,000 rows": "| a | b |\n|---|---|\n" + "".join(f"| cell {i} | value {i} |\n" for i in range(5000)),
    "list nested 50 deep": "".join("  " * i + f"- item level {i}\n" for i in range(50)),
    "quote nested 50 deep": "".join(">" * (i + 1) + f" quote level {i}\n" for i in range(50)),
    "line of 1 MB": "word " * 200_000 + "\n",
    "heading of 100 kB": "# " + "long " * 20_000 + "\n",
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_articles_round_trip(text: str) -> None:
    document = parse("x.md", text)
    assert document.segments
    assert build(document, lambda s: Translation(s.source, "", 0)).text == text
    marked = build(document, lambda s: Translation("DE " + s.source, "", 0))
    assert marked.refused == 0
    assert marked.text.count("DE ") == len(document.segments)


# -- random catalog edits lose no translation -----------------------------------------------------


ARTICLE = "# Title\n\n" + "\n\n".join(f"Paragraph number {word} of the text." for word in
                                        ("one", "two", "three", "four", "five", "six")) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    order=st.permutations(range(7)),
    width=st.sampled_from([0, 20, 40, 79, 200]),
    comments=st.lists(st.booleans(), min_size=7, max_size=7),
    flags=st.lists(st.sampled_from([[], ["no-wrap"], ["fuzzy"], ["python-format"]]), min_size=7, max_size=7),
)
def test_reextraction_after_random_catalog_edits_loses_no_translation(
    tmp_path_factory: pytest.TempPathFactory, order, width, comments, flags
) -> None:
    project = tmp_path_factory.mktemp("edits")
    (project / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    (project / "articles").mkdir()
    (project / "articles" / "a.md").write_text(ARTICLE, encoding="utf-8")
    assert run(project, "extract")[0] == 0
    path = project / "locale" / "de" / "LC_MESSAGES" / "a.po"
    po = polib.pofile(str(path), wrapwidth=width)
    entries = [e for e in po]
    for number, entry in enumerate(entries):
        entry.msgstr = f"Übersetzung {number}"
        entry.tcomment = f"note {number}" if comments[number] else ""
        entry.flags = list(flags[number])
    edited = polib.POFile(wrapwidth=width)
    edited.metadata = po.metadata
    for index in order:
        edited.append(entries[index])
    edited.save(str(path))
    assert run(project, "extract")[0] == 0
    after = {e.msgid: e for e in polib.pofile(str(path))}
    for number, entry in enumerate(entries):
        kept = after[entry.msgid]
        assert kept.msgstr == f"Übersetzung {number}" and not kept.obsolete
        assert kept.tcomment == entry.tcomment and kept.flags == entry.flags
