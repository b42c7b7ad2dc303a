"""Publishable HTML: whole pages per language, an index per language, and a review page.

Pages are rendered with markdown-it-py and finished with beautifulsoup4. Heading ids come
from the English headings in every language, so `#technical-deep-dive` works on the German
page too; text still in English carries `lang="en"`; a translation can never bring in a
script, an event handler or a `javascript:` link that the English page does not have.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mdit_py_plugins.anchors.index import slugify, unique_slug

from .inline import visible_text
from .parsing import html_parser, markdown_parser, mask_toml_front_matter
from .segment import has_letters
from .tags import babel_locale, bcp47

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag
    from markdown_it.token import Token

    from .coverage import ArticleCoverage, State
    from .model import SegmentKind

STYLESHEET = """
body { font: 17px/1.6 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1, h2, h3 { line-height: 1.25; }
img { max-width: 100%; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.95em; }
th, td { border: 1px solid #bbb; padding: 0.35rem 0.6rem; vertical-align: top; }
th { background: #f3f3f3; }
code { background: #f3f3f3; padding: 0 0.2em; border-radius: 3px; }
pre { background: #f6f6f6; padding: 0.8rem; overflow-x: auto; }
blockquote { border-left: 4px solid #ddd; margin-left: 0; padding-left: 1rem; color: #444; }
nav.languages { font-size: 0.9em; margin-bottom: 1.5rem; }
nav.pages { font-size: 0.9em; margin-top: 2.5rem; border-top: 1px solid #ddd; padding-top: 0.8rem; }
nav.pages a[rel] { display: inline-block; margin-right: 1.5rem; }
.footnotes { font-size: 0.9em; }
.fallback-notice { background: #fff4d6; border-left: 4px solid #e0a800; padding: 0.4rem 0.8rem; }
""".strip()

NOTICES = {
    "de": "Dieser Abschnitt ist noch nicht übersetzt.",
    "fr": "Cette section n’est pas encore traduite.",
    "es": "Esta sección aún no está traducida.",
    "it": "Questa sezione non è ancora tradotta.",
    "nl": "Deze sectie is nog niet vertaald.",
}
"""The notice above a section kept in English, by language (English where unknown)."""
ARTICLE_NOTICES = {
    "de": "Dieser Artikel ist noch nicht übersetzt.",
    "fr": "Cet article n’est pas encore traduit.",
}
RUN_NOTICES = {
    "de": "Der folgende Text ist noch nicht übersetzt und wird auf Englisch angezeigt.",
    "fr": "Le texte qui suit n’est pas encore traduit et s’affiche en anglais.",
    "es": "El texto siguiente aún no está traducido y se muestra en inglés.",
    "it": "Il testo che segue non è ancora tradotto ed è mostrato in inglese.",
    "nl": "De volgende tekst is nog niet vertaald en wordt in het Engels getoond.",
}
"""The one notice before a run of sections kept in English (several in a row, or English text
leading into one), by language (English where unknown)."""
_HEADING = re.compile(r"^h[1-6]$")


def slug(text: str) -> str:
    """A heading id from the heading's visible text, by the slug function of mdit-py-plugins'
    anchors plugin (GitHub's way: lower case, spaces to hyphens, no punctuation, `_` stays),
    with two choices of ours: letters lose their accents (`Über` gives `uber`: ids stay
    ASCII), and whitespace or punctuation at either end leaves no hyphen there."""
    folded = unicodedata.normalize("NFKD", visible_text(text)).encode("ascii", "ignore").decode("ascii")
    words = [slugify(word) for word in re.split(r"\s", folded)]
    kept = [index for index, word in enumerate(words) if word]
    return "-".join(words[kept[0] : kept[-1] + 1]) if kept else "section"


def heading_ids(english_tokens: Sequence[Token]) -> list[str]:
    """Unique ids for the headings of the English article, in order: a repeated one gets
    `-1`, `-2`… (the first of those not taken), as the anchors plugin numbers them."""
    ids: list[str] = []
    taken: set[str] = set()
    for index, token in enumerate(english_tokens):
        if token.type == "heading_open":
            ids.append(unique_slug(slug(english_tokens[index + 1].content), taken))
    return ids


_CLOSING_HASHES = re.compile(r"(?<![ \t])(?:[ \t]+#+)?[ \t]*$")


def with_heading_ids(markdown: str, english: str) -> str:
    """The Markdown with `{#id}` after each ATX heading, ids from the English headings."""
    parser = markdown_parser()
    ids = iter(heading_ids(parser.parse(english)))
    lines = markdown.split("\n")
    for token in parser.parse(markdown):
        if token.type != "heading_open" or token.map is None:
            continue
        identifier = next(ids, None)
        line = token.map[0]
        if identifier is None or token.markup not in ("#", "##", "###", "####", "#####", "######"):
            continue
        text = lines[line].rstrip("\r")
        ending = lines[line][len(text):]
        if re.search(r"\{#[^{}]*\}\s*$", text):
            continue
        body = _CLOSING_HASHES.sub("", text)
        lines[line] = f"{body} {{#{identifier}}}{ending}"
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Link:
    """A link to another page of the site."""

    title: str
    url: str
    """Relative to the page the link is on."""
    lang: str = ""
    """The title's language where it is not the page's (a title not translated yet)."""
    date: dt.date | None = None
    """In the list of articles: the article's date."""

    def html_title(self) -> str:
        escaped = html.escape(self.title)
        return f'<span lang="{bcp47(self.lang)}">{escaped}</span>' if self.lang else escaped


@dataclass(frozen=True)
class Page:
    """What a page needs besides its Markdown."""

    language: str
    article: str
    title: str
    alternates: dict[str, str]
    """Language → relative URL of every language version (this one included)."""
    previous: Link | None = None
    """The article before this one in the navigation."""
    next: Link | None = None
    """The article after this one."""
    home: Link | None = None
    """The home page (the index, or the `index` article), None on the home page itself."""
    contents: Sequence[Link] = ()
    """On the home page: every article (with its date), newest first."""


def render_article(
    markdown: str,
    english: str,
    page: Page,
    kept_english: Iterable[tuple[str, ...]] = (),
    url: Callable[[str], str] | None = None,
) -> str:
    """A complete HTML5 page for one language version of an article.

    `english` is the English Markdown: it gives the heading ids, tells which text is still
    English, and is what any script, handler or script link must come from.
    `kept_english` names sections shown in English on purpose (with a notice).
    Footnotes are listed at the end, linked both ways; HTML comments are not published.
    `url` gives the href or src each link or image target gets on this page. A page with
    no title takes its first heading's.
    """
    parser = html_parser()
    tokens = parser.parse(mask_toml_front_matter(markdown))  # TOML front matter is no text
    if not page.title:
        page = dataclasses.replace(page, title=_heading_text(tokens, page.article))
    english_tokens = parser.parse(mask_toml_front_matter(english)) if page.language != "en" else tokens
    ids = heading_ids(english_tokens)
    _mark(tokens, english_tokens, ids, page.language)
    _drop_comments(tokens)
    if url is not None:
        _rewrite_links(tokens, url)
    body = parser.renderer.render(tokens, parser.options, {})
    if page.language != "en":
        _drop_comments(english_tokens)
        body = _sanitize(body, parser.renderer.render(english_tokens, parser.options, {}))
    body = _notices(body, kept_english, page.language)
    if page.contents:
        body += _contents(page)
    return _document(page, body)


_COMMENT = re.compile(r"<!--(?:>|->|[\s\S]*?-->)|<!--[\s\S]*\Z")
"""An HTML comment, or one never closed (markdown-it's HTML block then runs to the end)."""
_RAW_TEXT = re.compile(r"<(?:script|style|textarea)\b", re.IGNORECASE)
"""HTML blocks whose `<!--` is their text (a script's, say), not a comment."""


_HTML_LINK = re.compile(r"<(?:a|img)\b[^<>]*>", re.IGNORECASE)  # no `<` inside: linear on runs of `<a`
_HTML_TARGET = re.compile(r"""(\s(?:href|src)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)


def _rewrite_links(tokens: Sequence[Token], url: Callable[[str], str]) -> None:
    """Give every link and image target, in Markdown and in raw `<a href>` and `<img src>`,
    the URL `url` gives it."""
    for token in tokens:
        if token.type == "html_block":
            token.content = _rewrite_html(token.content, url)
        for child in token.children or ():
            if child.type == "link_open" or child.type == "image":
                name = "href" if child.type == "link_open" else "src"
                child.attrSet(name, url(str(child.attrGet(name) or "")))
            elif child.type == "html_inline":
                child.content = _rewrite_html(child.content, url)


def _rewrite_html(text: str, url: Callable[[str], str]) -> str:
    def attribute(found: re.Match[str]) -> str:
        value = next(group for group in found.groups()[1:] if group is not None)
        return f'{found.group(1)}"{html.escape(url(html.unescape(value.strip())))}"'

    return _HTML_LINK.sub(lambda tag: _HTML_TARGET.sub(attribute, tag.group(0)), text)


def _drop_comments(tokens: Sequence[Token]) -> None:
    """Empty the HTML comments of the raw HTML, in blocks and in text: they are notes to the
    writers (`<!-- TODO … -->`), never for the reader."""
    for token in tokens:
        if token.type == "html_block" and "<!--" in token.content and not _RAW_TEXT.match(token.content):
            token.content = _COMMENT.sub("", token.content)
        for child in token.children or ():
            if child.type == "html_inline" and child.content.startswith("<!--"):
                child.content = ""


def _mark(tokens: Sequence[Token], english_tokens: Sequence[Token], ids: list[str], language: str) -> None:
    """Set heading ids, and `lang="en"` on blocks whose text is the English text."""
    headings = iter(ids)
    same_shape = [t.type for t in tokens] == [t.type for t in english_tokens]
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            token.attrSet("id", next(headings, f"section-{index}"))
        if language == "en" or not same_shape or token.type != "inline" or index == 0:
            continue
        english = english_tokens[index]
        if token.content == english.content and has_letters(token.content):
            opening = index - 1
            while opening > 0 and tokens[opening].hidden:  # a tight list's paragraph is not rendered
                opening -= 1
            tokens[opening].attrSet("lang", "en")


_EVENT = re.compile(r"^on", re.IGNORECASE)


def _sanitize(body: str, english_body: str) -> str:
    """Drop scripts, event handlers and `javascript:` URLs that the English page does not have."""
    from bs4 import BeautifulSoup  # lazy: 55 ms of imports; only HTML pages need bs4, not Markdown heading ids

    allowed = BeautifulSoup(english_body, "html.parser")
    scripts = {str(tag) for tag in allowed.find_all("script")}
    attributes = {
        (name, str(value))
        for tag in allowed.find_all(True)
        for name, value in tag.attrs.items()
        if _EVENT.match(name) or "javascript:" in str(value).lower()
    }
    soup = BeautifulSoup(body, "html.parser")
    for tag in soup.find_all("script"):
        if str(tag) not in scripts:
            tag.decompose()
    for tag in soup.find_all(True):
        for name, value in list(tag.attrs.items()):
            risky = _EVENT.match(name) or "javascript:" in str(value).lower().replace(" ", "")
            if risky and (name, str(value)) not in attributes:
                del tag.attrs[name]
    return str(soup)


def _notices(body: str, sections: Iterable[tuple[str, ...]], language: str) -> str:
    """A notice for the sections kept in English: under the heading of a lone one, or once before
    a run of them (sections in a row, with the English text just before them)."""
    sections = list(sections)
    if not sections:
        return body
    from bs4 import BeautifulSoup  # lazy: 55 ms of imports; only HTML pages need bs4, not Markdown heading ids

    soup = BeautifulSoup(body, "html.parser")
    base = _base(language)
    for run in _kept_runs(soup, {path[-1] for path in sections if path}):
        lead = _english_before(run[0])
        if len(run) == 1 and not lead:
            run[0].insert_after(_notice(soup, language, NOTICES.get(base, "This section is not translated yet.")))
        else:
            text = RUN_NOTICES.get(base, "The following text is not translated yet and is shown in English.")
            (lead[-1] if lead else run[0]).insert_before(_notice(soup, language, text))
    if () in sections:
        soup.insert(0, _notice(soup, language, ARTICLE_NOTICES.get(base, "This article is not translated yet.")))
    return str(soup)


WORDS = {
    "de": {"previous": "Zurück", "next": "Weiter", "home": "Startseite", "articles": "Artikel"},
    "fr": {"previous": "Précédent", "next": "Suivant", "home": "Accueil", "articles": "Articles"},
}
"""The navigation's words by language (English where unknown)."""
ENGLISH_WORDS = {"previous": "Previous", "next": "Next", "home": "Home", "articles": "Articles"}


def _word(language: str, key: str) -> str:
    return WORDS.get(_base(language), ENGLISH_WORDS)[key]


def _document(page: Page, body: str) -> str:
    links = "\n".join(
        f'<link rel="alternate" hreflang="{bcp47(lang)}" href="{html.escape(url)}">'
        for lang, url in sorted(page.alternates.items())
    )
    return f"""<!DOCTYPE html>
<html lang="{bcp47(page.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(page.title)}</title>
{links}
<style>
{STYLESHEET}
</style>
</head>
<body>
{_switcher(page)}
<main>
{body}</main>
{_navigation(page)}</body>
</html>
"""


def _switcher(page: Page) -> str:
    """Every language version of the page, this one named but not linked."""
    languages = " · ".join(
        f'<a href="{html.escape(url)}" hreflang="{bcp47(lang)}" lang="{bcp47(lang)}">{_language_name(lang)}</a>'
        if lang != page.language
        else f'<strong lang="{bcp47(lang)}" aria-current="page">{_language_name(lang)}</strong>'
        for lang, url in sorted(page.alternates.items())
    )
    return f'<nav class="languages">{languages}</nav>' if len(page.alternates) > 1 else '<nav class="languages"></nav>'


def _navigation(page: Page) -> str:
    """Links to the previous and the next article and to the home page ("" when none)."""
    parts = [
        f'<a rel="{rel}" href="{html.escape(link.url)}">{label}: {link.html_title()}</a>'
        for rel, label, link in (
            ("prev", "← " + _word(page.language, "previous"), page.previous),
            ("next", "→ " + _word(page.language, "next"), page.next),
        )
        if link is not None
    ]
    if page.home is not None:
        parts.append(f'<a href="{html.escape(page.home.url)}">{_word(page.language, "home")}</a>')
    return f'<nav class="pages">\n{" ".join(parts)}\n</nav>\n' if parts else ""


def _contents(page: Page, heading: str = "h2") -> str:
    """The list of articles under a heading: title, link, and date in the language's format."""
    from babel.dates import format_date  # lazy: 8 ms of imports; only the home pages need it

    locale = babel_locale(page.language)

    def item(link: Link) -> str:
        day, when = link.date, ""
        if day is not None:
            when = f' <time datetime="{day.isoformat()}">{format_date(day, format="long", locale=locale)}</time>'
        return f'<li><a href="{html.escape(link.url)}">{link.html_title()}</a>{when}</li>'

    items = "\n".join(item(link) for link in page.contents)
    title = html.escape(_word(page.language, "articles"))
    return f'<nav class="contents" id="articles">\n<{heading}>{title}</{heading}>\n<ul>\n{items}\n</ul>\n</nav>\n'


def _language_name(language: str) -> str:
    try:
        locale = babel_locale(language)
    except (ValueError, TypeError):  # pragma: no cover - validated languages parse
        return language
    name = locale.get_display_name(locale)
    return name[:1].upper() + name[1:] if name else language  # capitalize() would write Deutsch (österreich)


def _base(language: str) -> str:
    """The language of a gettext name without region or script: `de_AT` → `de`."""
    return language.partition("@")[0].partition("_")[0]


def _notice(soup: BeautifulSoup, language: str, text: str) -> Tag:
    notice = soup.new_tag("p", attrs={"class": "fallback-notice", "lang": bcp47(language)})
    notice.string = text
    return notice


def _kept_runs(soup: BeautifulSoup, titles: set[str]) -> list[list[Tag]]:
    """Headings of the sections kept in English, grouped where one follows another."""
    runs: list[list[Tag]] = []
    previous: Tag | None = None
    for heading in soup.find_all(_HEADING):
        kept = heading.get_text() in titles
        if kept and previous is not None and runs and runs[-1][-1] is previous and previous.parent is heading.parent:
            runs[-1].append(heading)
        elif kept:
            runs.append([heading])
        previous = heading
    return runs


def _english_before(heading: Tag) -> list[Tag]:
    """The blocks right before a heading that are all English text (nearest first)."""
    blocks = []
    block = heading.find_previous_sibling(True)
    while block is not None and not _HEADING.match(block.name) and _is_english(block):
        blocks.append(block)
        block = block.find_previous_sibling(True)
    return blocks


def _is_english(block: Tag) -> bool:
    """Whether every text of the block is marked `lang="en"` (the block itself or what holds it)."""
    texts = [text for text in block.find_all(string=True) if text.strip()]
    return block.get("lang") == "en" or bool(texts) and all(text.find_parent(lang="en") for text in texts)


def title_of(markdown: str, fallback: str) -> str:
    """The text of the first heading (or the fallback), without Markdown."""
    return _heading_text(markdown_parser().parse(mask_toml_front_matter(markdown)), fallback)


def _heading_text(tokens: Sequence[Token], fallback: str) -> str:
    """The text of the first heading of parsed Markdown (or the fallback)."""
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            children = tokens[index + 1].children or []
            return "".join(c.content for c in children if c.type in ("text", "code_inline")) or fallback
    return fallback


def render_index(page: Page) -> str:
    """The language's list of articles (`page.contents`), where no `index` article is the home page."""
    titled = Page(page.language, page.article, _word(page.language, "articles"), page.alternates)
    return _document(titled, _contents(page, "h1"))


@dataclass(frozen=True)
class ReviewRow:
    """One segment of the review page."""

    line: int
    kind: SegmentKind
    english: str
    translation: str
    state: State
    catalog_line: int
    reason: str = ""
    """Why the build refuses the translation (state "refused")."""


def render_review(
    article: str,
    language: str,
    rows: list[ReviewRow],
    report: ArticleCoverage,
    catalog_link: str,
) -> str:
    """English and translation side by side, segment by segment, with coverage per section."""
    from babel.numbers import format_percent  # lazy: 6 ms of imports; only review pages need it

    def percent(value: float) -> str:
        return format_percent(value / 100, locale=babel_locale(language), format="#,##0.0%")

    sections = "\n".join(
        f"<tr class=\"{s.status}\"><td>{html.escape(s.title)}</td><td>{percent(s.counts.percent)}</td>"
        f"<td>{s.counts.total_words}</td></tr>"
        for s in report.sections
    )
    body_rows = "\n".join(
        f'<tr class="{row.state}"><td>{row.line}</td><td>{html.escape(row.kind)}</td>'
        f'<td lang="en">{html.escape(row.english)}</td>'
        f'<td lang="{bcp47(language)}">{html.escape(row.translation)}</td>'
        f'<td>{row.state}{": " + html.escape(row.reason) if row.reason else ""}</td>'
        f'<td><a href="{html.escape(catalog_link)}">{html.escape(catalog_link.rsplit("/", 1)[-1])}'
        f'{":" + str(row.catalog_line) if row.catalog_line else ""}</a></td></tr>'
        for row in rows
    )
    style = (
        "tr.untranslated td, tr.english td, tr.refused td { background: #fde2e1; } tr.fuzzy td { background: #fff4d6; }"
        " tr.partial td { background: #fff4d6; } td { font-size: 0.9em; }"
        " body { max-width: none; }"
    )
    page = Page(language, article, f"Review: {article} ({language})", {})
    content = f"""<h1>Review: {html.escape(article)} ({language})</h1>
<p>{percent(report.counts.percent)} of words translated · {html.escape(report.summary())}</p>
<h2>Sections</h2>
<table class="sections"><thead><tr><th>Section</th><th>Translated</th><th>Words</th></tr></thead>
<tbody>
{sections}
</tbody></table>
<h2>Segments</h2>
<table class="segments"><thead><tr><th>Line</th><th>Kind</th><th>English</th><th>{language}</th><th>State</th>
<th>Catalog</th></tr></thead>
<tbody>
{body_rows}
</tbody></table>
<style>{style}</style>
"""
    return _document(page, content)
