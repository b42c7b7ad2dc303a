"""Updating a large catalog after its sources were edited: localize's merge against Babel's.

    python3 benchmarks/update.py [--entries 5000] [--edited 0.1] [--no-babel]

Babel's Catalog.update compares every new source with every old one: at 5,000 entries it
takes minutes (--no-babel leaves it out).

A catalog of N translated entries (generated sentences) is updated to a template in which a
share of the sources had one word changed, added or removed. Both merges must find the old
translation of every edited source as a fuzzy match; the script prints time and hits.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from localize import catalog, pofile  # noqa: E402

WORDS = (
    "the model article reader catalog translation source build section table heading paragraph list "
    "enterprise trust safety rules release review update policy system answer question team writer "
    "language german english structure link code span image report coverage memory fuzzy entry"
).split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
    return " ".join(words).capitalize() + "."


def edited(text: str, rng: random.Random) -> str:
    words = text[:-1].split(" ")
    position = rng.randrange(len(words))
    action = rng.choice(("change", "add", "drop"))
    if action == "change":
        words[position] = rng.choice(WORDS) + "s"
    elif action == "add":
        words.insert(position, rng.choice(WORDS))
    elif len(words) > 2:
        del words[position]
    return " ".join(words) + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--edited", type=float, default=0.1)
    parser.add_argument("--no-babel", action="store_true")
    args = parser.parse_args()
    rng = random.Random(7)
    sources = list(dict.fromkeys(sentence(rng) for _ in range(args.entries * 2)))[: args.entries]
    changed = {index: edited(sources[index], rng) for index in rng.sample(range(len(sources)), int(len(sources) * args.edited))}
    changed = {i: text for i, text in changed.items() if text not in sources}
    new_sources = [changed.get(i, text) for i, text in enumerate(sources)]

    old = pofile.Catalog(metadata={"Content-Type": "text/plain; charset=UTF-8", "POT-Creation-Date": "2026-01-01 00:00+0000"})
    for text in sources:
        old.append(pofile.Entry(msgid=text, msgstr="DE " + text))
    pot = pofile.Catalog(metadata=dict(old.metadata))
    for text in new_sources:
        pot.append(pofile.Entry(msgid=text, msgstr=""))

    start = time.perf_counter()
    merged, stats = catalog.merge(pot, old)
    ours = time.perf_counter() - start
    right = {changed[i]: sources[i] for i in changed}
    our_hits = sum(1 for e in merged if "fuzzy" in e.flags and right.get(e.msgid) == e.previous_msgid)

    print(f"entries {len(sources)}, edited sources {len(changed)}")
    print(f"localize merge   {ours:8.3f} s   fuzzy matches to the right old source: {our_hits} / {len(changed)}"
          f"   (kept {stats.kept}, fuzzy {stats.fuzzy}, new {stats.new}, obsolete {stats.obsolete})")
    if args.no_babel:
        return
    from babel.messages.catalog import Catalog

    babel_old, babel_pot = Catalog(locale="de"), Catalog()
    for text in sources:
        babel_old.add(text, "DE " + text)
    for text in new_sources:
        babel_pot.add(text)
    start = time.perf_counter()
    babel_old.update(babel_pot)
    babel_time = time.perf_counter() - start
    babel_hits = sum(
        1 for m in babel_old if m.id and m.fuzzy and right.get(m.id) in (m.previous_id or [None])
    )

    print(f"Babel update     {babel_time:8.3f} s   fuzzy matches to the right old source: {babel_hits} / {len(changed)}")


if __name__ == "__main__":
    main()
