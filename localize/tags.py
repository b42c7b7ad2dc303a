"""Language tags: what people type (BCP-47 `de-AT`, `sr-Latn`, `zh-Hant-TW`, or gettext's
`de_AT`, `sr@latin`) mapped to the one gettext locale name that names catalog folders.

The rule, on CLDR's data as Babel ships it:

- `-` and `_` are the same separator; case does not matter (`EN-us` is `en_US`).
- A script that is the usual one for the language (and region) is dropped: `de-Latn-AT` is
  `de_AT`, `zh-Hant-TW` is `zh_TW`, `sr-Cyrl` is `sr`.
- A script without a region that is the usual script of exactly one likely region takes that
  region, as gettext names Chinese: `zh-Hant` is `zh_TW` (`zh-Hans` is `zh`).
- Any other script becomes gettext's modifier: `sr-Latn` is `sr@latin`, `sr-Latn-RS` is
  `sr_RS@latin`.
- Variants, extensions, unknown languages, regions and scripts are errors.

A regional name falls back to its base, the name without its region (`de_AT` → `de`,
`sr_RS@latin` → `sr@latin`), only when both are written in the same script (`zh_TW` has none:
`zh` is Simplified Chinese).
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from babel import Locale, UnknownLocaleError
from babel.core import get_global

MODIFIERS = {"Latn": "latin", "Cyrl": "cyrillic", "Arab": "arabic", "Deva": "devanagari", "Grek": "greek"}
"""Scripts gettext writes as a modifier (`sr@latin`, `uz@cyrillic`)."""
_SCRIPTS = {modifier: script for script, modifier in MODIFIERS.items()}
_TAG = re.compile(
    r"(?P<language>[A-Za-z]{2,3})(?:[-_](?P<script>[A-Za-z]{4}))?(?:[-_](?P<region>[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:@(?P<modifier>[A-Za-z]+))?"
)


class Tag(NamedTuple):
    """A language as CLDR describes it, every part filled in."""

    language: str
    script: str
    region: str | None


def gettext_name(tag: str) -> str:
    """The gettext locale name of a language tag; ValueError (saying why) when it names none.

    >>> [gettext_name(t) for t in ("de-DE", "pt-BR", "sr-Latn", "zh-Hant-TW", "de_AT", "sr@latin")]
    ['de_DE', 'pt_BR', 'sr@latin', 'zh_TW', 'de_AT', 'sr@latin']
    """
    return _gettext_name(tag.strip())


@cache
def _gettext_name(tag: str) -> str:
    found = _TAG.fullmatch(tag)
    if not found:
        raise ValueError(f"unknown language '{tag}' (expected a tag such as 'de', 'de-AT' or 'pt_BR')")
    language = found["language"].lower()
    script = found["script"].title() if found["script"] else None
    region = found["region"].upper() if found["region"] else None
    modifier = found["modifier"]
    if modifier:
        if script or modifier.lower() not in _SCRIPTS:
            raise ValueError(f"unknown language '{tag}' (gettext modifiers: {', '.join(sorted(_SCRIPTS))})")
        script = _SCRIPTS[modifier.lower()]
    usual = _usual_script(language, region)
    if usual is None or (script is not None and _script_of(language, script, region) != script):
        raise ValueError(f"unknown language '{tag}' (no such language, region or script in CLDR)")
    if script is None or script == usual:
        return _join(language, region)
    if region is None:
        likely = _likely(f"{language}_{script}")
        if likely and likely.region and _usual_script(language, likely.region) == script:
            return _join(language, likely.region)
    if script not in MODIFIERS:
        raise ValueError(f"'{tag}': gettext has no name for the script {script}")
    return f"{_join(language, region)}@{MODIFIERS[script]}"


def bcp47(name: str) -> str:
    """The BCP-47 form of a gettext name, as HTML `lang` and `hreflang` want it.

    >>> [bcp47(n) for n in ("de_AT", "sr@latin", "sr_RS@latin", "zh_TW")]
    ['de-AT', 'sr-Latn', 'sr-Latn-RS', 'zh-TW']
    """
    base, _, modifier = name.partition("@")
    language, _, region = base.partition("_")
    parts = [language, _SCRIPTS.get(modifier, ""), region]
    return "-".join(part for part in parts if part)


def tag_of(name: str) -> Tag:
    """Every part of a gettext name: `de_AT` → (de, Latn, AT); `de` → (de, Latn, DE)."""
    base, _, modifier = name.partition("@")
    language, _, region = base.partition("_")
    script = _SCRIPTS.get(modifier) or _usual_script(language, region or None) or ""
    likely = _likely(f"{language}_{script}") or _likely(language)
    return Tag(language, script, region or (likely.region if likely else None))


def base_of(name: str) -> str | None:
    """The language a regional one falls back to (`de_AT` → `de`), or None.

    >>> [base_of(n) for n in ("de_AT", "sr_RS@latin", "zh_TW", "de", "sr_ME")]
    ['de', 'sr@latin', None, None, None]
    """
    base, at, modifier = name.partition("@")
    language, _, region = base.partition("_")
    if not region:
        return None
    fallback = language + at + modifier
    return fallback if tag_of(fallback).script == tag_of(name).script else None


def _join(language: str, region: str | None) -> str:
    return f"{language}_{region}" if region else language


@cache
def _usual_script(language: str, region: str | None) -> str | None:
    """The script CLDR expects for the language (in the region); None when it knows neither."""
    try:
        locale = Locale.parse(_join(language, region))
    except (UnknownLocaleError, ValueError):
        return None
    if locale.language != language or locale.territory != region:
        return None
    likely = _likely(language)
    return locale.script or (likely.script if likely else None) or "Latn"


def _script_of(language: str, script: str, region: str | None) -> str | None:
    """The script Babel settles on for language, script and region (None: no such locale)."""
    try:
        locale = Locale.parse("_".join(part for part in (language, script, region) if part))
    except (UnknownLocaleError, ValueError):
        return None
    return locale.script or _usual_script(language, region)


def _likely(key: str) -> Tag | None:
    value = get_global("likely_subtags").get(key)
    if not value:
        return None
    parts = value.split("_")
    return Tag(parts[0], parts[1] if len(parts) > 2 else "", parts[-1] if len(parts) > 1 else None)


def babel_locale(name: str) -> Locale:
    """Babel's locale for a gettext name (`sr@latin` is Serbian in Latin script)."""
    return Locale.parse(bcp47(name), sep="-")
