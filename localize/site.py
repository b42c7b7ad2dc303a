"""The site around the HTML pages: the order of the articles, their titles and dates.

Everything here is pure: the build reads the articles, their catalogs and `SUMMARY.md`
once, before the pages are rendered, and hands every page the same `SiteMap`. An article
named `index` at the top of the articles folder is the home page (`index.html`); mdBook's
`SUMMARY.md` gives the order and the titles of the navigation, and has no page of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from .links import Site
from .model import Diagnostic, LocalizeError
from .parsing import EOL, markdown_parser, mask_toml_front_matter, toml_front_matter_end

HOME = "index"
"""The article that is the home page, at the top of the articles folder."""
SUMMARY = "SUMMARY"
"""mdBook's table of contents, at the top of the articles folder: the navigation, not a page."""


@dataclass(frozen=True, slots=True)
class SiteMap:
    """What every page needs to know about the whole site."""

    order: tuple[str, ...]
    """The articles that have a page (names without `.md`), in the navigation's order."""
    titles: Mapping[str, Mapping[str, str]]
    """Language → article → its title in the navigation and the index."""
    dates: Mapping[str, dt.date]
    """Article → its date: front matter `date`, else the build's date or the file's time."""
    links: Site | None = None
    """What the pages' links are resolved against, the files they reference included."""

    @property
    def home(self) -> bool:
        """Whether an `index` article is the home page (the list of articles then goes there)."""
        return HOME in self.order

    def title(self, language: str, article: str) -> str:
        return self.titles.get(language, {}).get(article) or self.titles.get("", {}).get(article, article)

    def neighbours(self, article: str) -> tuple[str | None, str | None]:
        """The articles before and after this one in the navigation."""
        if article not in self.order:
            return None, None
        index = self.order.index(article)
        before = self.order[index - 1] if index > 0 else None
        after = self.order[index + 1] if index + 1 < len(self.order) else None
        return before, after

    def newest_first(self) -> list[str]:
        """The articles for the index: newest first, then in the navigation's order."""
        place = {name: index for index, name in enumerate(self.order)}
        return sorted(self.order, key=lambda name: (-self.dates[name].toordinal(), place[name]))

    def digest(self) -> str:
        """What the article pages show of the site, as a digest (for the run record). The dates
        count only where the home page lists the articles: a file's time changes at every edit."""
        titles = {language: dict(names) for language, names in self.titles.items()}
        dates = {name: day.isoformat() for name, day in self.dates.items()} if self.home else {}
        data: list[object] = [self.order, titles, dates]
        if self.links is not None:
            data += [sorted(self.links.pages), sorted(self.links.files or ()), self.links.assets]
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def has_page(article: str) -> bool:
    """Whether an article gets an HTML page: all but the top `SUMMARY.md`."""
    return article != SUMMARY


_DATE = re.compile(r"""^date[ \t]*[:=][ \t]*(["']?)(.*?)\1[ \t]*(?:#.*)?$""")


def front_matter_date(text: str, shown: str) -> dt.date | None:
    """The `date` of the article's YAML (`date: 2024-05-01`) or TOML (`date = 2024-05-01`)
    front matter, or None; a date and time gives its day. One that is no date is an error."""
    lines = EOL.split(text)
    end = toml_front_matter_end(lines)
    if not end and lines and lines[0].rstrip() == "---":
        end = next((number + 1 for number in range(1, len(lines)) if lines[number].rstrip() in ("---", "...")), 0)
    for number in range(1, end - 1):
        found = _DATE.match(lines[number].rstrip())
        if found is None:
            continue
        day = _day(found.group(2))
        if day is None:
            message = f"front matter date '{found.group(2)}' is not a date like 2024-05-01"
            raise LocalizeError(Diagnostic(shown, number + 1, message))
        return day
    return None


def _day(value: str) -> dt.date | None:
    """The day an ISO date or date and time names (`2024-05-01`, `2024-05-01T10:00:00Z`)."""
    if not re.match(r"\d{4}-\d\d-\d\d(?:[T ]|$)", value):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def summary_links(markdown: str, articles: Iterable[str]) -> list[tuple[str, str]]:
    """The articles `SUMMARY.md` links to, in its order, each once: (article, link text)."""
    known = set(articles)
    found: dict[str, str] = {}
    tokens = markdown_parser().parse(mask_toml_front_matter(markdown))
    for token in tokens:
        if token.type != "inline":
            continue
        target: str | None = None
        text: list[str] = []
        for child in token.children or []:
            if child.type == "link_open":
                target, text = _article_of(str(child.attrGet("href") or ""), known), []
            elif child.type == "link_close":
                if target is not None and target not in found:
                    found[target] = "".join(text).strip()
                target = None
            elif target is not None and child.type in ("text", "code_inline"):
                text.append(child.content)
    return list(found.items())


def _article_of(href: str, known: set[str]) -> str | None:
    """The article a relative link of `SUMMARY.md` leads to, if it is one."""
    path = unquote(href.split("#", 1)[0].split("?", 1)[0])
    if not path.endswith(".md") or ":" in path or path.startswith("/"):
        return None
    name = posixpath.normpath(path)[: -len(".md")]
    return name if name in known else None


def navigation_order(articles: Sequence[str], summary: Sequence[str]) -> tuple[str, ...]:
    """The articles with a page: those `SUMMARY.md` lists, in its order, then the others in
    the articles' order; the home page first."""
    listed = [name for name in summary if has_page(name)]
    rest = [name for name in articles if has_page(name) and name not in set(listed)]
    ordered = listed + rest
    if HOME in ordered:
        ordered.remove(HOME)
        ordered.insert(0, HOME)
    return tuple(ordered)


_TARGET_MARK = re.compile(r"""(?:\]\(|\]:|\b(?:src|href)\s*=)\s*[<"']?([^\s)>"']*)""", re.IGNORECASE)
_HARMLESS = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|#|[^#?]*\.md(?:[#?]|$)")
"""A target with a scheme, a fragment alone, or an article: no file to place."""


def may_reference_files(text: str) -> bool:
    """Whether an article may link to a file that is no article (an image, a download): a
    quick look that only rules out the articles whose every inline link, reference
    definition and HTML `href`/`src` leads to a URL with a scheme, a fragment or an
    article. The links themselves are read with `links.references`."""
    return any(_HARMLESS.match(found.group(1)) is None for found in _TARGET_MARK.finditer(text))


def lead(text: str, lines: int) -> str:
    """The first `lines` lines of a text (the whole text when it is no longer)."""
    ends = [found.end() for found in EOL.finditer(text)]
    return text if len(ends) < lines else text[: ends[lines - 1]]
