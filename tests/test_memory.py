"""Translation memory: exact, normalised and link-wrapped matches; fill never overwrites."""

from __future__ import annotations

from localize.memory import Memory, fill
from localize.pofile import Catalog, Entry


def catalog(*entries: tuple[str, str, bool]) -> Catalog:
    return Catalog([Entry(msgid, msgstr, flags=["fuzzy"] if fuzzy else []) for msgid, msgstr, fuzzy in entries])


def test_memory_finds_exact_normalised_and_link_wrapped_matches() -> None:
    memory = Memory()
    memory.add(catalog(("Getting started", "Erste Schritte", False), ("Two  words", "Zwei Wörter", False)))
    assert memory.lookup("Getting started") == ("Erste Schritte", False, "Getting started")
    assert memory.lookup("Two words").msgstr == "Zwei Wörter"
    assert memory.lookup("[Getting started](start.md)").msgstr == "[Erste Schritte](start.md)"
    assert memory.lookup("Something else") is None


def test_a_translated_memory_wins_over_a_fuzzy_one() -> None:
    memory = Memory()
    memory.add(catalog(("Hello", "Hallo?", True)))
    memory.add(catalog(("Hello", "Hallo", False)))
    assert memory.lookup("Hello") == ("Hallo", False, "Hello")


def test_fill_never_overwrites_and_marks_close_matches_fuzzy() -> None:
    memory = Memory()
    memory.add(catalog(("The quick brown fox jumps over the dog.", "Der schnelle braune Fuchs.", False),
                       ("Kept", "Aus dem Speicher", False)))
    po = catalog(("The quick brown fox jumps over the cat.", "", False), ("Kept", "Behalten", False),
                 ("The quick brown fox jumps over the dog.", "", False), ("Unrelated text here", "", False))
    stats = fill(po, memory)
    close, kept, exact, unrelated = po
    assert (stats.exact, stats.fuzzy) == (1, 1)
    assert close.msgstr == "Der schnelle braune Fuchs." and close.flags == ["fuzzy"]
    assert close.previous_msgid == "The quick brown fox jumps over the dog."
    assert kept.msgstr == "Behalten" and exact.msgstr == "Der schnelle braune Fuchs." and exact.flags == []
    assert unrelated.msgstr == ""
