"""Structure checks: what a translation must keep from its source.

Per segment: link and image targets, code spans and line structure. Per document: the
block structure of the built article must equal the source's (the idea of mdformat's
`is_md_equal`), so no translation can turn a paragraph into a list or split a table.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .codeblocks import skeleton
from .inline import NO_CONTEXT, Context, Inline, analyze, is_safe
from .model import Segment
from .parsing import block_parser, mask_toml_front_matter

if TYPE_CHECKING:
    from markdown_it.token import Token

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
UNESCAPED_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")
"""A `|` that would end a table cell (the group holds the backslash pairs before it)."""
_UNESCAPED_BRACKET = re.compile(r"(?<!\\)(?:\\\\)*[\[\]]")
_CHECKED_CHARACTERS = frozenset("[`<\n")
"""A link, footnote, code span, tag or hard break needs one of these."""
_DIRECTIVE = re.compile(r"\{\{(?:#[^{}]*|<[^{}]*>|%[^{}]*%)\}\}")
"""A preprocessor directive: mdBook's `{{#include file}}`, Hugo's `{{< shortcode >}}` and
`{{% shortcode %}}`. A translation must keep the source's, and may add none: an added
`{{#include ../secret}}` would pull a file into the published book."""
_TEXT_CONTENT_BLOCKS = frozenset({"fence", "code_block", "html_block"})


def inline_facts(markdown: str, context: Context = NO_CONTEXT) -> Counter[tuple[str, str]]:
    """What a translation must keep of an inline text: link targets and image sources (as the
    article resolves them), footnote references, code spans and inline HTML tags."""
    return _facts(_read(markdown, context))


def keeps_structure(segment: Segment, translation: str, context: Context = NO_CONTEXT) -> bool:
    """Whether `translation` keeps the structure of `segment`'s source, read in its article."""
    return not structure_problems(segment, translation, context)


def structure_problems(segment: Segment, translation: str, context: Context = NO_CONTEXT) -> list[str]:
    """Why `translation` cannot replace `segment` as it stands, read in the article's
    `context` (its reference and footnote definitions); empty when it can."""
    shape = _shape_problems(segment, translation)
    if shape is not None:
        return shape
    problems = _heading_id(segment, translation)
    source, translated = _read(segment.source, context), _read(translation, context)
    source_facts, translated_facts = _facts(source), _facts(translated)
    if "{{" in segment.source or "{{" in translation:
        source_facts.update(("preprocessor directive", d) for d in _DIRECTIVE.findall(segment.source))
        translated_facts.update(("preprocessor directive", d) for d in _DIRECTIVE.findall(translation))
    problems += _dropped(source_facts - translated_facts, source, segment.source)
    problems += _added(translated_facts - source_facts, translated, context)
    dropped = (source.hard_breaks if source else 0) - (translated.hard_breaks if translated else 0)
    if dropped > 0:
        problems.append(f"translation drops {dropped} hard line break{'s' if dropped > 1 else ''}")
    return problems


def _shape_problems(segment: Segment, translation: str) -> list[str] | None:
    """What is wrong with the lines or brackets of a translation; [] when nothing more is
    checked (a front matter value), None when its inline text is to be checked next."""
    what = segment.kind
    if "\n" in translation and not segment.multiline:
        return [f"line break in a {what} translation"]
    if _BLANK_LINE.search(translation):
        return [f"blank line in a {what} translation would split it into several blocks"]
    if segment.syntax.startswith(("yaml", "toml")):
        return []
    if segment.kind in ("image alt", "contents entry") and _brackets(translation) != _brackets(segment.source):
        return [f"unescaped '[' or ']' in a {what} translation would end the link text early"]
    return None


def _dropped(missing: Counter[tuple[str, str]], source: Inline | None, written: str) -> list[str]:
    """The facts of the source (written `written`) that a translation lacks, a reference link's label named."""
    links = source.links if source else ()
    labels = {link.target: _as_written(link.label, written) for link in links if link.label}
    problems = []
    for (kind, value), count in sorted(missing.items()):
        shown = f"{kind} '{value}'"
        if value in labels and kind == "link target":
            shown += f" (reference [{labels[value]}])"
        problems.append(f"translation drops {shown}" + (f" ({count}×)" if count > 1 else ""))
    return problems


def _added(extra: Counter[tuple[str, str]], translated: Inline | None, context: Context) -> list[str]:
    """The facts a translation has and its source has not, a link of a scheme not allowed named."""
    links = translated.links if translated else ()
    unsafe = {link.target: link.scheme for link in links if not is_safe(link, context.schemes)}
    problems = []
    for (kind, value), count in sorted(extra.items()):
        shown = f"{kind} '{value}'"
        if kind != "inline HTML" and value in unsafe:
            allowed = ", ".join(context.schemes)
            shown += f" with the scheme '{unsafe[value]}:' (allowed: {allowed} and relative targets)"
        problems.append(f"translation adds {shown}" + (f" ({count}×)" if count > 1 else ""))
    return problems


def _as_written(label: str, source: str) -> str:
    """A normalised reference label (upper case) as the source writes it, where it can be found."""
    found = source.upper().find(label)
    return source[found : found + len(label)] if found >= 0 and len(source.upper()) == len(source) else label


def _read(markdown: str, context: Context) -> Inline | None:
    """The inline model of a text, None when it holds nothing a check looks at."""
    if not _CHECKED_CHARACTERS.intersection(markdown):
        return None
    return analyze(markdown, context)


def _facts(read: Inline | None) -> Counter[tuple[str, str]]:
    facts: Counter[tuple[str, str]] = Counter()
    if read is None:
        return facts
    for link in read.links:
        facts[("image source" if link.kind == "image" else "link target", link.target)] += 1
    for label in read.footnotes:
        facts[("footnote reference", f"[^{label}]")] += 1
    for code in read.code:
        facts[("code span", code)] += 1
    for tag in read.html:
        facts[("inline HTML", tag)] += 1
    return facts


def _heading_id(segment: Segment, translation: str) -> list[str]:
    """A heading attribute (`{#id}`, `{: #id .class}`) at the end of a heading is its id:
    a translation must keep it as it is and may not add one."""
    if segment.kind != "heading":
        return []
    source, translated = _attribute(segment.source), _attribute(translation)
    if source == translated:
        return []
    if source is None:
        return [f"translation adds the heading attribute '{translated}' (it would set the heading's id)"]
    if translated is None:
        return [f"translation drops the heading attribute '{source}'"]
    return [f"translation changes the heading attribute '{source}' to '{translated}'"]


def _attribute(heading: str) -> str | None:
    text = heading.rstrip()
    if not text.endswith("}"):
        return None
    start = text.rfind("{")
    if start < 0 or "#" not in text[start:]:
        return None
    return text[start:]


def _brackets(text: str) -> list[str]:
    """The unescaped `[` and `]` of a text, in order (an alt text may nest them, balanced)."""
    return [match[-1] for match in _UNESCAPED_BRACKET.findall(text)]


def block_signature(text: str, code_translated: bool = False, tokens: Sequence[Token] = ()) -> str:
    """A digest of the block structure of a Markdown text, blind to the wording of its inline text.

    With `code_translated`, fenced code is compared without its comments and strings. A
    digest, not the token list, so a large article is compared in little memory. `tokens`:
    the text's block tokens, when already parsed.
    """
    digest = hashlib.sha1()
    for token in tokens or block_parser().parse(mask_toml_front_matter(text)):
        if token.type == "inline":
            continue
        entry: tuple[object, ...] = (token.type, token.tag, token.level, token.markup, token.info)
        if token.type == "fence" and code_translated:
            entry += (skeleton(token.info, token.content),)
        elif token.type in _TEXT_CONTENT_BLOCKS:
            entry += (token.content,)
        if token.attrs:
            entry += (tuple(sorted((k, str(v)) for k, v in token.attrs.items())),)
        digest.update(repr(entry).encode("utf-8"))
    return digest.hexdigest()


