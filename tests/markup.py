"""Helpers for tests that translate real Markdown: the CommonMark spec's examples, a
translation that changes words but keeps every piece of markup, and an article's structure."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from conftest import SHARED

from localize.inline import walk
from localize.parsing import markdown_parser

SPEC = SHARED / "commonmark" / "spec.txt"
_FENCE = "`" * 32
_WORD = re.compile(r"[A-Za-z]+")


def spec_examples(path: Path = SPEC) -> dict[int, str]:
    """The Markdown of every example in the spec, by its number (→ stands for a tab)."""
    examples: dict[int, str] = {}
    lines = path.read_text(encoding="utf-8").split("\n")
    inside: list[str] | None = None
    for line in lines:
        if line.startswith(_FENCE + " example"):
            inside = []
        elif inside is not None and line == ".":
            examples[len(examples) + 1] = "".join(part + "\n" for part in inside).replace("→", "\t")
            inside = None
        elif inside is not None:
            inside.append(line)
    return examples


def _inline_shape(markdown: str, env: dict) -> list[tuple]:
    """Everything of an inline text's tokens except the letters of its text."""
    tokens = markdown_parser().parseInline(markdown, dict(env))
    shape = []
    for token in walk(tokens[0].children or [] if tokens else []):
        content = None if token.type in ("text", "image") else token.content
        attrs = tuple(sorted((k, str(v)) for k, v in (token.attrs or {}).items()))
        shape.append((token.type, token.markup, token.info, attrs, content))
    return shape


def reword(text: str) -> str:
    """Other words of the same length and case: every ASCII letter rotated by 13."""
    return codecs.encode(text, "rot13")


def markup_keeping(msgid: str, env: dict) -> str:
    """A translation that changes the letters of every visible text run of `msgid` and
    nothing else: never code spans, targets, titles, labels, autolinks, entities or HTML.

    Each word of each text token of the parse (in the article's `env`: its reference
    definitions) is found in the msgid in order and reworded there; a rewording that changes
    anything but the text (a shortcut reference's label, an entity that a rotated name would
    spell, a word found inside a target) is left out.
    """
    expected = _inline_shape(msgid, env)
    tokens = markdown_parser().parseInline(msgid, dict(env))
    result, cursor = msgid, 0
    for token in walk(tokens[0].children or [] if tokens else []):
        if token.type != "text":
            continue
        for word in _WORD.findall(token.content):
            found = result.find(word, cursor)
            if found < 0:
                break
            end = found + len(word)
            candidate = result[:found] + reword(word) + result[end:]
            if _inline_shape(candidate, env) == expected:
                result = candidate
            cursor = end
    return result


def article_env(text: str) -> dict:
    """markdown-it's environment of a whole article: its reference definitions."""
    env: dict = {}
    markdown_parser().parse(text, env)
    return env


def structure(markdown: str) -> list[tuple]:
    """Block and inline token types, link and image targets, code and HTML: what a
    translation must keep (the words of text, alt texts and titles, and where lines are
    soft-wrapped, aside)."""
    kept = ("code_inline", "code_block", "fence", "html_inline", "html_block")
    shape: list[tuple] = []
    for token in walk(markdown_parser().parse(markdown)):
        if token.type == "inline":
            continue
        if token.type in ("text", "softbreak"):  # a soft break is white space: a translation is wrapped anew
            if not shape or shape[-1] != ("text",):  # how a text run is split is no structure
                shape.append(("text",))
            continue
        target = token.attrGet("href") if token.type == "link_open" else token.attrGet("src")
        content = token.content if token.type in kept else None
        shape.append((token.type, token.tag, token.nesting, token.markup, token.info, target, content))
    return shape


_SHORTCUT_OR_COLLAPSED = re.compile(r"(?<![\]\\])\[([^\[\]`<>\\]+)\](?=\[\]|[^\[(]|$)")
"""`[label]` or `[label][]`: its text is its label (neither a target nor a label follows)."""


def _shifted(text: str) -> str:
    """Every ASCII letter one further in the alphabet (not undone by `reword`)."""
    return "".join(
        chr((ord(c) - base + 1) % 26 + base) if c.isascii() and c.isalpha() else c
        for c in text
        for base in [ord("a") if c.islower() else ord("A")]
    )


def labels_reworded(msgid: str, env: dict) -> str:
    """The markup-keeping translation, and the text of every shortcut and collapsed reference
    to a defined label reworded too, as a translator who translates what a reader sees would:
    the label changes with it, so the link is lost unless the build refuses it."""
    defined = env.get("references", {})

    def label(match: re.Match[str]) -> str:
        text = match.group(1)
        if " ".join(text.split()).upper() not in defined:
            return match.group(0)
        return "[" + _shifted(text) + "]"

    return _SHORTCUT_OR_COLLAPSED.sub(label, markup_keeping(msgid, env))
