"""The CommonMark spec as a test: every example of ../shared/commonmark/spec.txt is an article.

Through the real pipeline (`localize extract`, then `localize build`): empty and identity
catalogs build byte-identical articles, and a translation that changes words but keeps all
markup (tests/markup.py) either leaves the source's structure or is refused with a warning.
Skipped when the spec is absent.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from markup import (
    SPEC,
    article_env,
    labels_reworded,
    markup_keeping,
    spec_examples,
    structure,
)
from test_cli import run

from localize.pofile import format_po

pytestmark = pytest.mark.skipif(not SPEC.is_file(), reason="../shared/commonmark/spec.txt is absent")

MARKINGS = {"words": markup_keeping, "words and reference labels": labels_reworded}

_WARNING = re.compile(r"^\S+: warning: (?P<message>.*) \(articles/(?P<article>ex-\d+)\.md:\d+\)$")


def name(number: int) -> str:
    return f"ex-{number:03d}"


@pytest.fixture(scope="module")
def spec_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, str]]:
    """A project with every example as an article, extracted."""
    examples = spec_examples()
    root = tmp_path_factory.mktemp("commonmark")
    (root / "pyproject.toml").write_text("[tool.localize]\n", encoding="utf-8")
    (root / "articles").mkdir()
    for number, text in examples.items():
        (root / "articles" / f"{name(number)}.md").write_bytes(text.encode("utf-8"))
    code, _, err = run(root, "extract", "--no-memory")
    assert code == 0, err
    return root, examples


def translate(root: Path, examples: dict[int, str], msgstr: Callable[[int, str], str]) -> None:
    for number in examples:
        path = root / "locale" / "de" / "LC_MESSAGES" / f"{name(number)}.po"
        if not path.exists():
            continue
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = msgstr(number, entry.msgid)
        path.write_text(format_po(po), encoding="utf-8")


def built(root: Path, number: int) -> str:
    return (root / "build" / "de" / f"{name(number)}.md").read_bytes().decode("utf-8")


def test_empty_and_identity_catalogs_build_every_example_byte_identical(spec_project) -> None:
    root, examples = spec_project
    code, _, err = run(root, "build")
    assert code == 0, err
    assert [n for n, text in examples.items() if built(root, n) != text] == []
    translate(root, examples, lambda _, msgid: msgid)
    code, _, err = run(root, "build", "--strict")
    assert code == 0, err
    assert [n for n, text in examples.items() if built(root, n) != text] == []


@pytest.mark.parametrize("marking", MARKINGS)
def test_a_markup_keeping_translation_never_changes_structure_silently(spec_project, marking: str) -> None:
    root, examples = spec_project
    envs = {number: article_env(text) for number, text in examples.items()}
    translate(root, examples, lambda number, msgid: MARKINGS[marking](msgid, envs[number]))
    code, _, err = run(root, "build")
    assert code == 0, err
    refused: dict[int, list[str]] = {}
    for line in err.splitlines():
        match = _WARNING.match(line)
        if match:
            refused.setdefault(int(match.group("article")[3:]), []).append(match.group("message"))
    changed = {n for n, text in examples.items() if structure(built(root, n)) != structure(text)}
    translated = sum(built(root, n) != text for n, text in examples.items())
    reasons = Counter(re.sub(r"'[^']*'", "'…'", message) for messages in refused.values() for message in messages)
    print(f"\n{translated} of {len(examples)} examples translated; {len(refused)} with a refusal:")
    for reason, count in reasons.most_common():
        print(f"  {count:>4}  {reason}")
    assert translated > len(examples) / 2, "the translation changes too little to test anything"
    assert sorted(changed) == [], "structure changed"
