"""Hostile or broken translations: refused, reported, and the source kept."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from localize.pofile import format_po
from test_cli import run


HOSTILE = [
    ("That’s the point.", "Genau.\n\nDarum.", "blank line"),
    ("That’s the point.", "# Genau darum geht es.", "block structure"),
    ("That’s the point.", "- Genau darum geht es.", "block structure"),
    ("That’s the point.", "Genau\n```\ndarum", "block structure"),
    ("That’s the point.", "Genau <script>alert(1)</script> darum.", "adds inline HTML '<script>'"),
    ("The uncomfortable truth for OpenAI", "Die unbequeme\nWahrheit", "line break in a heading"),
    ("OpenAI and Anthropic logos side by side", "Logos](javascript:alert(1)) [x", "unescaped '['"),
]


@pytest.mark.parametrize("msgid,msgstr,reason", HOSTILE, ids=[h[1][:24] for h in HOSTILE])
def test_hostile_translation_is_refused_and_the_source_kept(project: Path, msgid: str, msgstr: str, reason: str) -> None:
    po_path = project / "locale" / "de" / "LC_MESSAGES" / "openai-scale-anthropic-trust.po"
    po = polib.pofile(str(po_path))
    po.find(msgid).msgstr = msgstr
    po_path.write_text(format_po(po), encoding="utf-8")
    code, _, err = run(project, "build", "--strict")
    assert code == 1
    assert any(part in err for part in reason.split("|")), err
    built = (project / "build" / "de" / "openai-scale-anthropic-trust.md").read_text(encoding="utf-8")
    assert msgid in built and msgstr not in built
    assert "<script>" not in built and "javascript:" not in built
