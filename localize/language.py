"""Is a translation really in the target language? English against German, by function words.

Function words ("the", "und", "ist") make up a large share of any sentence and almost never
appear in the other language, so their counts tell English from German reliably once a text
has a few words. Names, numbers, code and short labels have none and are never flagged.
"""

from __future__ import annotations

import re

ENGLISH = frozenset(
    """a an and are as at be been but by can could do does for from had has have how if in into is it its
    more must not of on or our should so than that the their them then there these they this those to
    under was we were what when where which while who whom why will with without would you your""".split()
)
GERMAN = frozenset(
    """aber als am an auch auf aus bei bis das dass dem den der des die dies diese diesem diesen dieser doch
    du durch ein eine einem einen einer eines er es für hat haben ich ihr im in ist jedoch kann können mit
    nach nicht noch nur ob oder sich sie sind so über um und uns unter vom von vor war waren was weil wenn
    werden wie wir wird zu zum zur zwischen""".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NOT_PROSE = re.compile(r"`[^`]*`|\]\([^)\]]*\)|<[^<>]*>|https?://\S+")
LEAST_WORDS = 3
"""Texts with fewer words are never judged."""


def function_words(text: str) -> tuple[int, int, int]:
    """(words, English function words, German function words) of the prose in `text`."""
    words = [word.lower() for word in _WORD.findall(_NOT_PROSE.sub(" ", text))]
    english = sum(word in ENGLISH for word in words)
    german = sum(word in GERMAN for word in words)
    return len(words), english, german


def is_english_prose(text: str) -> bool:
    """English sentences (not a name, label or code): enough words, English function words."""
    words, english, german = function_words(text)
    return words >= LEAST_WORDS and english >= 1 and english > german


def not_in_language(text: str, language: str) -> bool:
    """Whether a translation into `language` reads as English prose instead (only "de" is judged)."""
    if not language.lower().startswith("de"):
        return False
    words, english, german = function_words(text)
    return words >= LEAST_WORDS and english >= 2 and english > 2 * german
