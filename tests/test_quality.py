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
    (tmp_path / "articles" / "setup.md").write_text("# Setup\n", encoding="utf-8")  # what the article links to
    (tmp_path / "articles" / "logo.png").write_bytes(b"")
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


# -- report counts agree -------------------------------------------------------------------

REPORTED = """# Counting the reports

A paragraph that is translated.

Another paragraph, translated as well.

A paragraph whose translation is fuzzy.

A paragraph nobody has translated yet.

One more paragraph still waiting.
"""


@pytest.fixture
def counted(tmp_path: Path) -> Path:
    """One article whose catalog has translated, fuzzy, untranslated and obsolete entries, and
    one whose msgstr copies the English."""
    import polib

    (tmp_path / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    article = tmp_path / "articles" / "counted.md"
    article.write_text(REPORTED + "\nA paragraph that will be removed.\n", encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    path = tmp_path / "locale" / "de" / "LC_MESSAGES" / "counted.po"
    po = polib.pofile(str(path))
    german = {
        "Counting the reports": "Die Berichte zählen",
        "A paragraph that is translated.": "Ein übersetzter Absatz.",
        "Another paragraph, translated as well.": "Noch ein Absatz, auch übersetzt.",
        "A paragraph whose translation is fuzzy.": "Ein Absatz mit ungeprüfter Übersetzung.",
        "A paragraph that will be removed.": "Ein Absatz, der entfernt wird.",
        "One more paragraph still waiting.": "One more paragraph still waiting.",
    }
    for entry in po:
        entry.msgstr = german.get(entry.msgid, "")
        if entry.msgid == "A paragraph whose translation is fuzzy.":
            entry.flags.append("fuzzy")
    po.save()
    article.write_text(REPORTED, encoding="utf-8")
    assert run(tmp_path, "extract", "--no-memory")[0] == 0  # the removed paragraph's entry becomes obsolete
    return tmp_path


def _numbers(counted: Path, fmt: str, *extra: str) -> dict[str, float]:
    """translated, fuzzy, untranslated, english, total (segments) and percent, as one format says."""
    import re

    code, out, err = run(counted, "coverage", "--format", fmt, *extra)
    if fmt == "json":
        article = json.loads(out)["languages"]["de"]["articles"][0]
        return {**{k: float(v) for k, v in article["segments"].items() if k != "fallback"}, "percent": article["percent"]}
    if fmt == "junit":
        case = next(c for c in ET.fromstring(out).iter("testcase") if c.get("name") == "counted")
        text = case.findtext("system-out") or ""
        return {"percent": float(re.search(r"([\d.]+)%$", text).group(1))}  # type: ignore[union-attr]
    if fmt == "markdown":
        row = next(line for line in out.splitlines() if line.startswith("| `counted`"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        translated, total = cells[2].split("/")
        return {"percent": float(cells[1].rstrip("%")), "translated": float(translated), "total": float(total),
                "fuzzy": float(cells[3]), "untranslated": float(cells[4]), "english": float(cells[5])}
    row = next(line for line in out.splitlines() if line.lstrip().startswith("counted "))
    percent, fraction, fuzzy, untranslated, english = row.split()[1:6]
    translated, total = fraction.split("/")
    return {"percent": float(percent.rstrip("%")), "translated": float(translated), "total": float(total),
            "fuzzy": float(fuzzy), "untranslated": float(untranslated), "english": float(english)}


def test_every_coverage_format_gives_the_same_numbers_as_the_catalog(counted: Path) -> None:
    import polib

    reports = {fmt: _numbers(counted, fmt) for fmt in ("text", "json", "markdown", "junit")}
    exact = reports["json"]
    for fmt, numbers in reports.items():
        for key, value in numbers.items():
            assert value == pytest.approx(exact[key], abs=0.05 if key == "percent" else 0), (fmt, key, reports)
    po = polib.pofile(str(counted / "locale" / "de" / "LC_MESSAGES" / "counted.po"))
    # polib counts the copied English as translated; coverage counts it apart, as "english".
    assert exact["translated"] + exact["english"] == len(po.translated_entries()) == 4
    assert exact["english"] == 1
    assert exact["fuzzy"] == len(po.fuzzy_entries()) == 1
    assert exact["untranslated"] == len(po.untranslated_entries()) == 1
    assert exact["total"] == len([e for e in po if not e.obsolete])
    article = json.loads(run(counted, "coverage", "--format", "json")[1])["languages"]["de"]["articles"][0]
    assert article["obsolete"] == len(po.obsolete_entries()) == 1


def _assert_junit_counts_its_cases(xml: str) -> ET.Element:
    root = ET.fromstring(xml)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "-1")) == len(cases)
        assert int(suite.get("failures", "-1")) == sum(len(c.findall("failure")) for c in cases)
        assert int(suite.get("errors", "-1")) == sum(len(c.findall("error")) for c in cases)
        assert int(suite.get("skipped", "-1")) == sum(len(c.findall("skipped")) for c in cases)
    for attribute in ("tests", "failures", "errors", "skipped"):
        assert int(root.get(attribute, "-1")) == sum(int(s.get(attribute, "0")) for s in suites), attribute
    return root


def test_junit_attributes_count_the_cases_written(project: Path) -> None:
    """`tests="3" failures="0"` was written for a suite of 4 cases, one failing."""
    (project / "pyproject.toml").write_text(
        '[tool.localize]\nlanguages = ["de", "de-AT"]\n[tool.localize.thresholds]\n"de:anthropic-trust-first-strategy" = 50\n',
        encoding="utf-8",
    )
    code, out, _ = run(project, "coverage", "--format", "junit", "--fail-under", "50")
    assert code == 1
    root = _assert_junit_counts_its_cases(out)
    german, austrian = root.findall("testsuite")
    assert (german.get("tests"), german.get("failures")) == ("3", "2")  # the language and one article
    assert (austrian.get("tests"), austrian.get("failures")) == ("3", "1")  # the language only
    assert (root.get("tests"), root.get("failures")) == ("6", "3")
    code, out, _ = run(project, "coverage", "--format", "junit")
    assert code == 1  # the article threshold still fails
    assert _assert_junit_counts_its_cases(out).get("failures") == "1"
