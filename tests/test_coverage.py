"""Coverage: segments and words by state, and the truth: a translation the build refuses is not translated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_checks import write_project
from test_cli import run

from localize.coverage import article_coverage, words
from localize.lookup import Lookup
from localize.pofile import Catalog, Entry
from localize.render import build
from localize.segment import parse

PARAGRAPHS = [f"Paragraph number {n} of the [guide](guide-{n}.md)." for n in range(1, 16)]
ARTICLE = "# Title\n\n## Section\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
"""17 segments: a title, a section heading and 15 paragraphs."""
TRANSLATIONS = {
    "Title": "Titel",
    "Section": "Abschnitt",
    **{PARAGRAPHS[n]: f"Absatz Nummer {n + 1} der [Anleitung](guide-{n + 1}.md)." for n in range(4)},
    PARAGRAPHS[4]: "Absatz Nummer 5 der Anleitung.",  # drops its link: refused
}


def test_coverage_counts_what_the_build_applies(tmp_path: Path) -> None:
    write_project(tmp_path, ARTICLE, TRANSLATIONS)
    code, out, err = run(tmp_path, "build")
    assert code == 0, err
    assert "translation drops link target 'guide-5.md'" in err
    built = (tmp_path / "build" / "de" / "guide.md").read_text(encoding="utf-8")
    assert built.count("Absatz Nummer") == 4 and PARAGRAPHS[4] in built

    code, out, err = run(tmp_path, "coverage", "--format", "json")
    assert code == 0, err
    report = json.loads(out)["languages"]["de"]
    assert report["segments"]["total"] == 17
    assert report["segments"]["translated"] == 6
    assert report["segments"]["refused"] == 1
    (article,) = report["articles"]
    assert article["refused"] == [
        {"line": 13, "msgid": PARAGRAPHS[4], "reason": "translation drops link target 'guide-5.md'"}
    ]
    assert article["words"]["refused"] == 5  # "5" and the target are no words

    code, out, _ = run(tmp_path, "coverage")
    assert "6 of 17 segments" in out
    assert f"refused at articles/guide.md:13: translation drops link target 'guide-5.md': {PARAGRAPHS[4][:20]}" in out

    code, _, _ = run(tmp_path, "coverage", "--format", "markdown")
    assert code == 0


def test_a_refused_translation_fails_the_threshold_like_untranslated_text(tmp_path: Path) -> None:
    article = "# Title\n\nSee [the guide](guide.md).\n"
    translations = {"Title": "Titel", "See [the guide](guide.md).": "Siehe die Anleitung."}
    write_project(tmp_path, article, translations)
    code, out, _ = run(tmp_path, "coverage", "--fail-under", "50")
    assert code == 1, out
    code, out, _ = run(tmp_path, "coverage", "--format", "junit", "--fail-under", "50")
    assert code == 1 and "<failure" in out
    translations["See [the guide](guide.md)."] = "Siehe [die Anleitung](guide.md)."
    write_project(tmp_path / "fixed", article, translations)
    code, out, _ = run(tmp_path / "fixed", "coverage", "--fail-under", "100")
    assert code == 0, out


def test_the_review_page_shows_a_refused_translation_with_its_reason(tmp_path: Path) -> None:
    write_project(tmp_path, ARTICLE, TRANSLATIONS)
    code, out, err = run(tmp_path, "review")
    assert code == 0, err
    page = (tmp_path / "build" / "review" / "guide.html").read_text(encoding="utf-8")
    assert '<tr class="refused">' in page
    assert "refused: translation drops link target &#x27;guide-5.md&#x27;" in page
    assert page.count("<td>translated</td>") == 6


@pytest.mark.parametrize(
    "text,translation,refused",
    [
        ("Text one.\n\nText two.\n", "Text\n\n# eins.", True),  # blank line
        ("Text one.\n\nText two.\n", "- Text eins.", True),  # block structure: found only on the whole article
        ("Text one.\n\nText two.\n", "Text eins.", False),
    ],
)
def test_build_and_coverage_agree_segment_by_segment(text: str, translation: str, refused: bool) -> None:
    document = parse("a.md", text, name="a")
    translations = Lookup(Catalog([Entry("Text one.", translation)]))
    built = build(document, translations.translation)
    report = article_coverage("de", document, translations)
    assert built.refused == report.counts.segments["refused"] == int(refused)
    assert built.translated == report.counts.segments["translated"] == int(not refused)


# -- unit cases ----------------------------------------------------------------------


def test_words_leave_link_targets_and_tags_out() -> None:
    assert words("See [the guide](docs/setup.md) and <kbd>Ctrl</kbd> now.") == 6
    assert words("`x` 42 — ok") == 2


def test_article_coverage_counts_segments_and_words_by_state() -> None:
    document = parse("a.md", "# Title\n\nOne two three.\n\nFour five.\n\nSix.\n", name="a")
    po = Catalog([Entry("Title", "Titel"), Entry("One two three.", "Eins zwei drei.", flags=["fuzzy"]), Entry("Four five.")])
    coverage = article_coverage("de", document, Lookup(po, "de.po"))
    assert coverage.counts.segments == {"translated": 1, "fuzzy": 1, "untranslated": 2, "english": 0, "refused": 0, "fallback": 0}
    assert coverage.counts.words == {"translated": 1, "fuzzy": 3, "untranslated": 3, "english": 0, "refused": 0, "fallback": 0}
    assert coverage.counts.percent == pytest.approx(100 / 7)


def test_an_article_without_words_is_wholly_translated() -> None:
    coverage = article_coverage("de", parse("a.md", "```\ncode\n```\n", name="a"), Lookup(Catalog(), "de.po"))
    assert coverage.counts.percent == 100.0 and coverage.status == "translated"
