"""What an inline Markdown text shows a reader and what it links to, in its article's context.

One parse with markdown-it-py's inline rules, given the article's reference and footnote
definitions, answers every question the other modules ask of a segment's text: the visible
text and its words, link and image targets (inline, reference, autolink), reference labels,
footnote references, code spans, inline HTML, emphasis and hard breaks.

Links are parsed whatever their scheme (markdown-it's renderer refuses `javascript:` and
leaves such a link as text, but other renderers do not), so a check sees every one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SAFE_SCHEMES = ("http", "https", "mailto")
"""Link schemes a translation may add (relative targets, without a scheme, are always safe)."""

_MARKUP_CHARACTERS = frozenset("[]`<&\\\n")
"""Without one of these a text has no link, code, tag, entity, escape or hard break."""
_SCHEME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789+.-")


@dataclass(frozen=True, slots=True)
class Link:
    """A link, image or autolink as the article resolves it."""

    kind: Literal["link", "image", "autolink"]
    target: str
    """The href or src, with a reference resolved to its definition's destination."""
    label: str | None = None
    """The normalised reference label (`[text][label]`, `[label][]`, `[label]`); None for inline."""

    @property
    def scheme(self) -> str:
        return scheme_of(self.target)

    def describe(self) -> str:
        what = "image source" if self.kind == "image" else "link target"
        return f"{what} '{self.target}'" + (f" (reference [{self.label}])" if self.label else "")


@dataclass(frozen=True, slots=True)
class Inline:
    """Everything the project needs to know about one inline Markdown text."""

    text: str
    """What a reader sees: text, code, link texts and image alts; no targets, titles,
    entities as written, tags or autolinks. A tag or line break reads as a space."""
    prose: str
    """The visible text without code spans: the words a person wrote in a language."""
    links: tuple[Link, ...] = ()
    footnotes: tuple[str, ...] = ()
    """Labels of footnote references (`[^label]`) that the article defines."""
    code: tuple[str, ...] = ()
    """Contents of code spans."""
    html: tuple[str, ...] = ()
    """Inline HTML tags and comments as written."""
    emphasis: Mapping[str, int] = field(default_factory=dict)
    """How many "em" and "strong" spans."""
    hard_breaks: int = 0
    plain: str = ""
    """The text tokens alone, joined: where markers that closed nothing are left."""
    only_link: Link | None = None
    """The link, when the whole text is one link and nothing else."""


@dataclass(frozen=True)
class Context:
    """The article a text belongs to: its definitions, and the link schemes allowed."""

    references: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Reference definitions as markdown-it keeps them: normalised label → href and title."""
    footnotes: frozenset[str] = frozenset()
    """Labels of footnote definitions."""
    schemes: tuple[str, ...] = SAFE_SCHEMES

    @classmethod
    def of(cls, definitions: Mapping[str, object], schemes: Sequence[str] = SAFE_SCHEMES) -> Context:
        """The context from markdown-it's environment after an article's block pass."""
        references = definitions.get("references") or {}
        footnotes = definitions.get("footnotes") or {}
        refs = footnotes.get("refs", {}) if isinstance(footnotes, dict) else {}
        return cls(
            references if isinstance(references, Mapping) else {},
            frozenset(key[1:] for key in refs),
            tuple(s.lower() for s in schemes),
        )

    def env(self) -> dict[str, object]:
        """A fresh environment for one parse (markdown-it writes into it)."""
        env: dict[str, object] = {"references": self.references}
        if self.footnotes:
            env["footnotes"] = {"refs": {":" + label: -1 for label in self.footnotes}, "list": {}}
        return env


NO_CONTEXT = Context()


class _AnyLabel(dict[str, dict[str, str]]):
    """Reference definitions that define every label (with an empty target)."""

    def get(self, key: object, default: object = None) -> dict[str, str]:
        return {"href": "", "title": ""}

    # markdown-it-py 3 asks `label in references`, then `references[label]`; 4 calls `get`.
    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: object) -> dict[str, str]:
        return self.get(key)


ANY_REFERENCE = Context(references=_AnyLabel())
"""For a text read without its article (a catalog entry): every `[text][label]` is a link."""


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """CommonMark inline rules, footnote references, and links of any scheme."""
    # lazy: markdown-it costs 25 ms at import, and a no-op extract or build (no article changed) reads no text
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    class AnyScheme(MarkdownIt):
        def validateLink(self, url: str) -> bool:
            return True  # a link of any scheme is a link

    return AnyScheme("commonmark", {"store_labels": True}).use(footnote_plugin, inline=False, move_to_end=False)


def tokens(markdown: str, context: Context = NO_CONTEXT) -> list[Token]:
    """The inline tokens of a text (the children of its one `inline` token)."""
    parsed = parser().parseInline(markdown, context.env())
    return (parsed[0].children or []) if parsed else []


def analyze(markdown: str, context: Context = NO_CONTEXT) -> Inline:
    """What `markdown` shows and links to, read in `context`."""
    if not _MARKUP_CHARACTERS.intersection(markdown) and "*" not in markdown and "_" not in markdown:
        return Inline(text=markdown, prose=markdown, plain=markdown)  # nothing but text: no parse
    key = (markdown, id(context))
    known = _ANALYZED.get(key)
    if known is not None and known[0] is context:
        return known[1]
    result = _collect(tokens(markdown, context))
    if len(_ANALYZED) >= _ANALYZED_SIZE:
        del _ANALYZED[next(iter(_ANALYZED))]
    _ANALYZED[key] = (context, result)  # the context is held, so its id names no other meanwhile
    return result


_ANALYZED: dict[tuple[str, int], tuple[Context, Inline]] = {}
"""The last texts read, with their context: a build, a check and coverage each ask about one
segment's text several times, and a parse costs (seconds on a line of 100,000 `[`)."""
_ANALYZED_SIZE = 256


class _Reading:
    """What the walk over one text's tokens has collected so far."""

    __slots__ = (
        "shown", "prose", "plain", "links", "footnotes", "code", "html", "emphasis", "hard_breaks", "autolink_depth"
    )

    def __init__(self) -> None:  # by hand: a dataclass's default factories cost a microsecond per text
        self.shown: list[str] = []
        self.prose: list[str] = []
        self.plain: list[str] = []
        self.links: list[Link] = []
        self.footnotes: list[str] = []
        self.code: list[str] = []
        self.html: list[str] = []
        self.emphasis: Counter[str] = Counter()
        self.hard_breaks = 0
        self.autolink_depth = 0


def _code(reading: _Reading, token: Token) -> None:
    reading.code.append(token.content)
    reading.shown.append(token.content)


def _break(reading: _Reading, token: Token) -> None:
    reading.hard_breaks += token.type == "hardbreak"
    reading.shown.append(" ")
    reading.prose.append(" ")


def _link_open(reading: _Reading, token: Token) -> None:
    automatic = token.markup == "autolink"
    reading.autolink_depth += automatic
    label = token.meta.get("label") if token.meta else None
    reading.links.append(Link("autolink" if automatic else "link", str(token.attrGet("href") or ""), label))


def _link_close(reading: _Reading, token: Token) -> None:
    reading.autolink_depth -= token.markup == "autolink"


def _image(reading: _Reading, token: Token) -> None:
    label = token.meta.get("label") if token.meta else None
    reading.links.append(Link("image", str(token.attrGet("src") or ""), label))


def _footnote(reading: _Reading, token: Token) -> None:
    reading.footnotes.append(token.meta["label"])


def _html(reading: _Reading, token: Token) -> None:
    reading.html.append(token.content)
    reading.shown.append(" ")
    reading.prose.append(" ")


def _emphasis(reading: _Reading, token: Token) -> None:
    reading.emphasis[token.type.removesuffix("_open")] += 1


_READERS: Mapping[str, Callable[[_Reading, Token], None]] = {
    "code_inline": _code,
    "softbreak": _break,
    "hardbreak": _break,
    "link_open": _link_open,
    "link_close": _link_close,
    "image": _image,
    "footnote_ref": _footnote,
    "html_inline": _html,
    "em_open": _emphasis,
    "strong_open": _emphasis,
}
"""What each inline token type adds to the reading of a text (text, the most frequent, is read
in the loop); other types add nothing."""


def _collect(children: list[Token]) -> Inline:
    reading = _Reading()
    readers = _READERS
    plain, shown, prose = reading.plain, reading.shown, reading.prose
    for token in walk(children):
        if token.type == "text":
            plain.append(token.content)
            if not reading.autolink_depth:
                shown.append(token.content)
                prose.append(token.content)
            continue
        reader = readers.get(token.type)
        if reader is not None:
            reader(reading, token)
    links = reading.links
    significant = [c for c in children if not (c.type == "text" and not c.content.strip())]
    whole = len(significant) >= 2 and significant[0].type == "link_open" and significant[-1].type == "link_close"
    only = links[0] if whole and len(links) == 1 and not any(c.type == "image" for c in significant) else None
    return Inline(
        text="".join(reading.shown),
        prose="".join(reading.prose),
        links=tuple(links),
        footnotes=tuple(reading.footnotes),
        code=tuple(reading.code),
        html=tuple(reading.html),
        emphasis=dict(reading.emphasis),
        hard_breaks=reading.hard_breaks,
        plain="".join(reading.plain),
        only_link=only,
    )


def walk(tokens: list[Token]) -> Iterator[Token]:
    """Tokens and their children (an image's alt text), depth first."""
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def link_parts(markdown: str, context: Context = ANY_REFERENCE) -> tuple[str, str] | None:
    """(text, rest) of a text that is exactly one link: `[text](target)` gives `text` and
    `(target)`, `[text][label]` gives `text` and `[label]`, as written. None otherwise, and
    for `[label]` and `[label][]`, whose text is their label."""
    if not markdown.startswith("[") or markdown != markdown.strip() or analyze(markdown, context).only_link is None:
        return None
    # lazy, as in `parser` (markdown-it is loaded by now: `analyze` above parsed the text)
    from markdown_it.rules_inline import StateInline

    state = StateInline(markdown, parser(), context.env(), [])
    end = parser().helpers.parseLinkLabel(state, 0)
    rest = markdown[end + 1 :]
    return (markdown[1:end], rest) if end > 0 and rest not in ("", "[]") else None


def visible_text(markdown: str, context: Context = NO_CONTEXT) -> str:
    return analyze(markdown, context).text


def words(text: str) -> list[str]:
    """The words of a plain text: runs of letters and digits (with inner `'` or `-`) that
    hold a letter; a token with `://` (a bare URL) is no word."""
    found: list[str] = []
    for chunk in text.split():
        if "://" in chunk:
            continue
        word: list[str] = []
        for index, char in enumerate(chunk):
            inner = char in "'’-" and word and index + 1 < len(chunk) and chunk[index + 1].isalnum()
            if char.isalnum() or inner:
                word.append(char)
            else:
                _flush(word, found)
        _flush(word, found)
    return found


def _flush(word: list[str], found: list[str]) -> None:
    if word and any(char.isalpha() for char in word):
        found.append("".join(word))
    word.clear()


def word_count(markdown: str, context: Context = NO_CONTEXT) -> int:
    """Words a reader sees in an inline Markdown text (targets, titles, entities and tags left out)."""
    return len(words(analyze(markdown, context).text))


def scheme_of(target: str) -> str:
    """The lower-case scheme of a link target, "" for a relative one.

    Control characters and white space are dropped first, as browsers do.
    """
    cleaned = "".join(char for char in target if char > " " and char != "\x7f")
    colon = cleaned.find(":")
    if colon <= 0:
        return ""
    scheme = cleaned[:colon].lower()
    if not scheme[0].isalpha() or not _SCHEME_CHARACTERS.issuperset(scheme):
        return ""  # "/a:b", "?q=a:b", "#x:y": a path, query or fragment, not a scheme
    return scheme


def is_safe(link: Link, schemes: Sequence[str] = SAFE_SCHEMES) -> bool:
    scheme = link.scheme
    return not scheme or scheme in schemes
