"""The Plural-Forms rule: a new catalog's header comes from the installed Babel's table
(`babel.messages.plurals`, from CLDR data), as `pybabel init` writes it.

Checked against that data and against GNU gettext, never against a literal formula that a
data update would break.
"""

from __future__ import annotations

import gettext
import subprocess
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from conftest import needs_gettext

from localize import catalog

LANGUAGES = ["de", "fr", "pl", "ru", "ar", "ja", "pt_BR", "cs", "ga", "cy", "sl", "he"]
NUMBERS = [*range(0, 1100), 1_000_000, 2_000_000, 1_000_001, 10**9]


def parts(language: str) -> tuple[int, str]:
    header = catalog.plural_forms(language)
    count, expression = header.split(";", 1)
    assert count.startswith("nplurals=") and expression.strip().startswith("plural=") and header.endswith(";")
    return int(count.removeprefix("nplurals=")), expression.strip().removeprefix("plural=").removesuffix(";")


def test_the_rule_is_babels_table() -> None:
    for language in LANGUAGES:
        plural = get_plural(language)
        assert catalog.plural_forms(language) == f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_formula_gives_every_form_and_only_those(language: str) -> None:
    count, expression = parts(language)
    choose = gettext.c2py(expression)
    assert {choose(n) for n in NUMBERS} == set(range(count))


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_accepts_the_header_with_a_plural_entry(language: str, tmp_path: Path) -> None:
    count, _ = parts(language)
    forms = "".join(f'msgstr[{i}] "Form {i}"\n' for i in range(count))
    po = tmp_path / f"{language}.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: {language}\\n"\n"Plural-Forms: {catalog.plural_forms(language)}\\n"\n\n'
        f'msgid "One file"\nmsgid_plural "%d files"\n{forms}',
        encoding="utf-8",
    )
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
