"""The command line on a copy of the shipped project: exit codes, messages, no churn."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from localize import cli


def run(project: Path, *args: str) -> tuple[int, str, str]:
    """Run `localize` inside `project`, in this process; returns (exit code, stdout, stderr)."""
    cwd = os.getcwd()
    os.chdir(project)
    try:
        with CliRunner().isolation() as (out, err, _):
            code = cli.run(args)
            # read here: click 8.2.0 closes the streams when the isolation ends
            return code, out.getvalue().decode(), err.getvalue().decode()
    finally:
        os.chdir(cwd)


def one_line_error(code: int, err: str, where: str) -> None:
    """An input error: exit 2 and one line on stderr, naming `where`, no traceback."""
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("localize: error: ") and where in err
    assert "Traceback" not in err


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(directory)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def test_extract_twice_writes_nothing_the_second_time(project: Path) -> None:
    assert run(project, "extract")[0] == 0
    before = snapshot(project / "locale")
    code, out, _ = run(project, "extract")
    assert code == 0
    assert "0 file(s) written" in out
    assert snapshot(project / "locale") == before


def test_extract_on_the_shipped_project_changes_nothing(project: Path) -> None:
    before = snapshot(project / "locale")
    assert run(project, "extract")[0] == 0
    assert {k: v[0] for k, v in snapshot(project / "locale").items()} == {k: v[0] for k, v in before.items()}


def test_extract_creates_catalogs_for_a_new_article(project: Path) -> None:
    (project / "articles" / "guides").mkdir()
    (project / "articles" / "guides" / "intro.md").write_text("# Intro\n\nHello.\n", encoding="utf-8")
    code, out, _ = run(project, "extract")
    assert code == 0
    assert (project / "locale" / "templates" / "guides" / "intro.pot").exists()
    po = project / "locale" / "de" / "LC_MESSAGES" / "guides" / "intro.po"
    assert 'msgid "Hello."' in po.read_text(encoding="utf-8")


def test_source_edit_keeps_translation_as_fuzzy(project: Path) -> None:
    article = project / "articles" / "openai-scale-anthropic-trust.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("That’s the point.", "That’s exactly the point."), encoding="utf-8")
    assert run(project, "extract")[0] == 0
    po = (project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po").read_text(encoding="utf-8")
    assert '#, fuzzy\n#| msgid "That’s the point."\nmsgid "That’s exactly the point."\nmsgstr "Genau darum geht es."' in po


def test_build_writes_german_articles_and_reports(project: Path) -> None:
    code, out, err = run(project, "build")
    assert code == 0, err
    assert "build/de/openai-scale-anthropic-trust.md: 34 of 34 segments translated" in out
    built = (project / "build" / "de" / "openai-scale-anthropic-trust.md").read_text(encoding="utf-8")
    assert built.startswith("# OpenAI beherrscht die Skalierung.")


def test_build_with_identity_catalogs_is_byte_identical(project: Path) -> None:
    for po_path in (project / "locale" / "de").rglob("*.po"):
        text = po_path.read_text(encoding="utf-8")
        import polib

        po = polib.pofile(text)
        for entry in po:
            entry.msgstr = entry.msgid
        po_path.write_text(str(po), encoding="utf-8")
    assert run(project, "build")[0] == 0
    for article in (project / "articles").glob("*.md"):
        assert (project / "build" / "de" / article.name).read_bytes() == article.read_bytes()


def test_coverage_reports_untranslated_body(project: Path) -> None:
    code, out, _ = run(project, "coverage")
    assert code == 0
    assert "openai-scale-anthropic-trust    100.0%" in out
    assert "- Technical Deep Dive" in out
    assert "- AINews Verdict & Predictions" in out


def test_coverage_json_and_threshold(project: Path) -> None:
    code, out, _ = run(project, "coverage", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["version"] == 3
    articles = {a["article"]: a for a in report["languages"]["de"]["articles"]}
    assert articles["openai-scale-anthropic-trust"]["percent"] == 100.0
    second = articles["anthropic-trust-first-strategy"]
    assert second["percent"] < 20
    assert second["status"] == "body untranslated"
    assert "Technical Deep Dive" in second["untranslated_sections"]
    code, _, err = run(project, "coverage", "--fail-under", "90")
    assert code == 1
    assert "de:" in err and "below 90%" in err
    assert run(project, "coverage", "--fail-under", "10")[0] == 0


def test_fail_under_from_configuration(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.localize]\nfail_under = 95\n", encoding="utf-8")
    assert run(project, "coverage")[0] == 1


@pytest.mark.parametrize(
    "content,expected",
    [
        ('msgid "unterminated\n', "anthropic-trust-first-strategy.po:"),
        ('msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', ":8: duplicate message"),
    ],
)
def test_malformed_catalog_is_a_one_line_error(project: Path, content: str, expected: str) -> None:
    po = project / "locale" / "de" / "LC_MESSAGES" / "anthropic-trust-first-strategy.po"
    po.write_text(content, encoding="utf-8")
    for command in ("extract", "build", "coverage"):
        code, _, err = run(project, command)
        assert code == 2
        assert err.count("\n") == 1 and expected in err and "Traceback" not in err


def test_catalog_that_is_not_utf8(project: Path) -> None:
    po = project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po"
    po.write_bytes(po.read_bytes().replace("ü".encode(), "ü".encode("latin-1")))
    code, _, err = run(project, "build")
    assert code == 2
    assert "openai-scale-anthropic-trust.po:" in err and "not valid UTF-8" in err


def test_unknown_language(project: Path) -> None:
    code, _, err = run(project, "build", "--lang", "xx")
    assert code == 2 and "unknown language 'xx'" in err
    (project / "pyproject.toml").write_text('[tool.localize]\nlanguages = ["de", "qq"]\n', encoding="utf-8")
    code, _, err = run(project, "extract")
    assert code == 2 and "pyproject.toml:2:" in err and "unknown language 'qq'" in err


def test_bad_configuration_values(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.localize]\narticles = "../elsewhere"\n', encoding="utf-8")
    code, _, err = run(project, "extract")
    assert code == 2 and "outside the project" in err
    (project / "pyproject.toml").write_text("[tool.localize]\nlanguages = \"de\"\n", encoding="utf-8")
    code, _, err = run(project, "extract")
    assert code == 2 and "wrong type" in err
    (project / "pyproject.toml").write_text("[tool.localize]\nlanguage = [\"de\"]\n", encoding="utf-8")
    code, _, err = run(project, "extract")
    assert code == 2 and "unknown key 'language'" in err


def test_missing_article_and_missing_configuration(project: Path, tmp_path: Path) -> None:
    code, _, err = run(project, "build", "no-such-article")
    assert code == 2 and "no-such-article" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(empty, "extract")
    assert code == 2 and "[tool.localize]" in err
    shutil.rmtree(project / "articles")
    code, _, err = run(project, "extract")
    assert code == 2 and "articles directory does not exist" in err


def test_strict_build_fails_on_a_refused_translation(project: Path) -> None:
    po = project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Die unbequeme Wahrheit für OpenAI"', 'msgstr "Die unbequeme\\nWahrheit"'), encoding="utf-8")
    code, _, err = run(project, "build")
    assert code == 0
    assert "openai-scale-anthropic-trust.po:" in err and "line break in a heading translation" in err
    assert "(articles/openai-scale-anthropic-trust.md:" in err
    built = (project / "build" / "de" / "openai-scale-anthropic-trust.md").read_text(encoding="utf-8")
    assert "## The uncomfortable truth for OpenAI\n" in built
    assert run(project, "build", "--strict")[0] == 1


def test_python_dash_m_and_version() -> None:
    result = subprocess.run([sys.executable, "-m", "localize", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "localize, version" in result.stdout


@pytest.mark.parametrize(
    "content,expected",
    [
        ('msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "a\\q"\nmsgstr "b"\n', ":5: malformed catalog: invalid escape"),
        ('msgid "a"\nmsgstr "b"\n', ":1: malformed catalog: no header entry"),
        ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n', ":3: declares charset ISO-8859-1"),
        ("", ":1: empty catalog"),
    ],
)
def test_more_malformed_catalogs(project: Path, content: str, expected: str) -> None:
    po = project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po"
    po.write_text(content, encoding="utf-8")
    code, _, err = run(project, "build")
    assert code == 2 and expected in err, err
    assert err.startswith("localize: error: locale/de/LC_MESSAGES/openai-scale-anthropic-trust.po:")


def test_an_unexpected_fault_is_one_line_not_a_traceback(project: Path) -> None:
    script = (
        "import localize.files as p\n"
        "def boom(*args, **kwargs):\n    raise RuntimeError('unexpected state')\n"
        "p.select_articles = boom\n"
        "import sys; sys.argv = ['localize', 'extract']\n"
        "from localize.cli import main\nmain()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True)
    assert result.returncode == 70
    assert result.stderr == "localize: internal error: RuntimeError: unexpected state (set LOCALIZE_DEBUG=1 for details)\n"


def test_run_returns_the_exit_code_and_leaves_the_process_alone(project: Path, monkeypatch) -> None:
    """`cli.run` reports through its return value: no SystemExit, whatever the outcome, and the
    process's signal handler and collector settings are as they were."""
    import gc
    import signal

    before = signal.getsignal(signal.SIGTERM), gc.get_threshold()
    assert run(project, "--version")[0] == 0
    assert run(project, "coverage", "--fail-under", "100")[:1] == (1,)
    code, out, err = run(project, "build", "no-such-article")
    assert code == 2 and out == "" and err.startswith("localize: error: ")
    code, _, err = run(project, "extract", "--check", "--prune")
    assert code == 2 and "Error: --prune removes files and --check writes none" in err
    code, _, err = run(project, "no-such-command")
    assert code == 2 and "No such command" in err
    monkeypatch.setattr("localize.files.select_articles", lambda *args: (_ for _ in ()).throw(RuntimeError("bad")))
    code, _, err = run(project, "extract")
    assert code == 70 and err == "localize: internal error: RuntimeError: bad (set LOCALIZE_DEBUG=1 for details)\n"
    assert (signal.getsignal(signal.SIGTERM), gc.get_threshold()) == before


def test_an_interrupted_command_is_exit_1_with_aborted(project: Path, monkeypatch) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("localize.files.select_articles", interrupted)
    code, _, err = run(project, "extract")
    assert code == 1 and err.endswith("Aborted!\n")


def test_main_exits_with_the_code_of_run(monkeypatch) -> None:
    monkeypatch.setattr(cli, "run", lambda argv=None: 3)
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 3


def test_the_console_script_is_main() -> None:
    text = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert 'localize = "localize.cli:main"' in text


def test_the_exit_codes_reach_the_shell(project: Path) -> None:
    """Through `python -m localize` (which exits as the console script does) and no os._exit."""
    command = [sys.executable, "-m", "localize"]
    assert subprocess.run([*command, "coverage", "--fail-under", "100"], cwd=project, capture_output=True).returncode == 1
    result = subprocess.run([*command, "build", "no-such-article"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 2 and result.stderr.startswith("localize: error: ")
    assert "os._exit(" not in Path(cli.__file__).read_text(encoding="utf-8")


def test_build_with_empty_catalogs_is_byte_identical(project: Path) -> None:
    import polib

    from localize.pofile import format_po

    for po_path in (project / "locale" / "de").rglob("*.po"):
        po = polib.pofile(str(po_path))
        for entry in po:
            entry.msgstr = ""
        po_path.write_text(format_po(po), encoding="utf-8")
    assert run(project, "build")[0] == 0
    for article in (project / "articles").glob("*.md"):
        assert (project / "build" / "de" / article.name).read_bytes() == article.read_bytes()


def test_articles_are_found_by_pattern_and_named_by_their_path(tmp_path: Path) -> None:
    from localize.config import load
    from localize.files import discover_articles

    articles = tmp_path / "articles"
    for relative in ("index.md", "guide/setup.md", "guide/v1.2/notes.md", "drafts/idea.md", "guide/image.png"):
        (articles / relative).parent.mkdir(parents=True, exist_ok=True)
        (articles / relative).write_text("# Title\n", encoding="utf-8")
    (articles / "folder.md").mkdir()  # a directory, not an article
    (tmp_path / "pyproject.toml").write_text('[tool.localize]\nexclude = ["drafts/*"]\n', encoding="utf-8")
    found = discover_articles(load(tmp_path))
    assert list(found) == ["guide/setup", "guide/v1.2/notes", "index"]
    assert found["guide/v1.2/notes"] == articles / "guide" / "v1.2" / "notes.md"
    (tmp_path / "pyproject.toml").write_text('[tool.localize]\ninclude = ["guide/*.md"]\n', encoding="utf-8")
    assert list(discover_articles(load(tmp_path))) == ["guide/setup"]
