"""The quality gate: `localize check` finds each problem on its line; coverage formats and thresholds."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from test_cli import run

QUALITY = Path(__file__).parent / "quality"

# (catalog line of the msgid, severity, what the message says) for every problem seeded in quality/de.po
EXPECTED = [
    (12, "error", "translation drops link target 'setup.md'"),
    (12, "error", "translation adds link target 'install.md'"),
    (12, "error", "translation drops code span 'localize build'"),
    (12, "error", "translation adds code span 'localize bauen'"),
    (19, "error", "emphasis differs: source has 1× em, 1× strong, translation 1× strong"),
    (19, "error", "translation drops inline HTML '<kbd>'"),
    (19, "error", "translation drops inline HTML '</kbd>'"),
    (19, "error", "translation adds inline HTML '<b>'"),
    (19, "error", "translation adds inline HTML '</b>'"),
    (22, "error", "number missing: 35"),
    (25, "error", "line break in a heading translation"),
    (30, "error", "translation line 1 starts with '#', which would begin a new block"),
    (33, "error", "blank line in a paragraph translation would split it into several blocks"),
    (39, "error", "unbalanced emphasis marker"),
    (42, "error", "unescaped '|' in a table cell"),
    (45, "warning", "leading or trailing white space differs"),
    (48, "warning", "final punctuation differs: source '.', translation none"),
    (51, "warning", "translation reads as English, not 'de'"),
    (54, "warning", "translation is identical to the English source"),
]


@pytest.fixture
def quality(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    shutil.copy(QUALITY / "article.md", tmp_path / "articles" / "quality.md")
    catalogs = tmp_path / "locale" / "de" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    shutil.copy(QUALITY / "de.po", catalogs / "quality.po")
    return tmp_path


def test_check_reports_every_seeded_problem_on_its_line(quality: Path) -> None:
    code, out, err = run(quality, "check")
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("locale/")]
    for line, severity, what in EXPECTED:
        prefix = f"locale/de/LC_MESSAGES/quality.po:{line}: {severity}: {what}"
        assert any(found.startswith(prefix) for found in lines), f"missing: {prefix}\n" + "\n".join(lines)
    assert len(lines) == len(EXPECTED), "\n".join(lines)
    assert all("(articles/quality.md:" in found for found in lines)
    assert "15 error(s), 4 warning(s)" in err + out


def test_check_names_the_article_line(quality: Path) -> None:
    _, out, _ = run(quality, "check")
    assert "number missing: 35 (articles/quality.md:9)" in out


def test_check_in_github_format(quality: Path) -> None:
    code, out, _ = run(quality, "check", "--format", "github")
    assert code == 1
    assert "::error file=locale/de/LC_MESSAGES/quality.po,line=22::number missing: 35 (articles/quality.md:9)" in out
    assert "::warning file=locale/de/LC_MESSAGES/quality.po,line=54::" in out


def test_warnings_alone_fail_only_under_strict(quality: Path) -> None:
    po = quality / "locale" / "de" / "LC_MESSAGES" / "quality.po"
    text = po.read_text(encoding="utf-8")
    keep = text.split('msgid "Tone"')[0]
    po.write_text(keep + 'msgid "Copy me if you can."\nmsgstr "Copy me if you can."\n', encoding="utf-8")
    (quality / "articles" / "quality.md").write_text("Copy me if you can.\n", encoding="utf-8")
    assert run(quality, "check")[0] == 0
    assert run(quality, "check", "--strict")[0] == 1


def test_shipped_catalogs_have_no_findings(project: Path) -> None:
    code, out, _ = run(project, "check", "--strict")
    assert code == 0, out
    assert not [line for line in out.splitlines() if line.startswith("locale/")]


def test_coverage_lists_english_pasted_into_the_catalog(quality: Path) -> None:
    code, out, _ = run(quality, "coverage", "--format", "json")
    report = json.loads(out)
    article = report["languages"]["de"]["articles"][0]
    english = {item["msgid"] for item in article["english"]}
    assert english == {"This sentence is translated well.", "Copy me if you can."}
    assert article["segments"]["english"] == 2
    # Names stay alike without being flagged:
    assert "The product name is Localize." not in english


def test_coverage_markdown_and_junit(project: Path) -> None:
    code, out, _ = run(project, "coverage", "--format", "markdown")
    assert code == 0
    assert "| `anthropic-trust-first-strategy` | 5.6% |" in out
    assert "body untranslated" in out and "Technical Deep Dive" in out
    code, out, _ = run(project, "coverage", "--format", "junit", "--fail-under", "50")
    assert code == 1
    suites = ET.fromstring(out)
    suite = suites.find("testsuite")
    assert suite is not None and suite.get("name") == "coverage.de"
    names = [case.get("name") for case in suite.iter("testcase")]
    assert "openai-scale-anthropic-trust" in names and "(all articles)" in names


def test_thresholds_per_language_and_article(project: Path) -> None:
    config = project / "pyproject.toml"
    config.write_text('[tool.localize]\n[tool.localize.thresholds]\n"anthropic-trust-first-strategy" = 50\n', encoding="utf-8")
    code, _, err = run(project, "coverage")
    assert code == 1 and "de: anthropic-trust-first-strategy: 5.6% of words translated, below 50%" in err
    config.write_text('[tool.localize]\n[tool.localize.thresholds]\nde = 30\n"de:openai-scale-anthropic-trust" = 100\n', encoding="utf-8")
    assert run(project, "coverage")[0] == 0
    config.write_text("[tool.localize]\n[tool.localize.thresholds]\nde = 130\n", encoding="utf-8")
    code, _, err = run(project, "coverage")
    assert code == 2 and "pyproject.toml:3: [tool.localize.thresholds] \"de\": 130" in err


def test_first_article_complete_second_body_untranslated(project: Path) -> None:
    _, out, _ = run(project, "coverage")
    assert "openai-scale-anthropic-trust    100.0%" in out
    assert "body untranslated: only the title or lead is translated" in out
    for section in ("Technical Deep Dive", "Key Players & Case Studies", "Industry Impact & Market Dynamics",
                    "Risks, Limitations & Open Questions", "AINews Verdict & Predictions"):
        assert f"      - {section} (" in out
