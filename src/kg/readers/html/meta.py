"""What an HTML page says about itself: JSON-LD (``NewsArticle`` and kin), OpenGraph, ``<meta>``
tags, ``<link rel=canonical>``, ``<html lang>``, and htmldate for the publication date.

JSON-LD is read with ``json`` only: ``@context`` is never fetched or expanded (kg reads the
schema.org terms by name). Each field comes from the first source that has it, in this order:
the site profile's selector; JSON-LD; OpenGraph and ``article:*``; other ``<meta>`` tags; last,
for the date, htmldate's search of the whole page.
"""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from kg.readers.dates import parse_date
from kg.readers.html.tree import clean, element_text, select

ARTICLE_TYPES = ("NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
                 "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "Article",
                 "Report", "BlogPosting", "LiveBlogPosting", "SocialMediaPosting", "TechArticle",
                 "ScholarlyArticle")
PAGE_TYPES = ("WebPage", "ItemPage", "CollectionPage")
_DATE_METAS = ("article:published_time", "og:article:published_time", "og:published_time",
               "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
               "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
               "date", "sailthru.date", "parsely-pub-date", "article.published",
               "citation_publication_date", "originalpublicationdate", "displaydate")
_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " l ", " / ", ": ")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASH_DATE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\D|$)")


@dataclass(frozen=True)
class PageMeta:
    title: str | None = None
    published: date | None = None
    authors: tuple[str, ...] = ()
    section: str | None = None
    tags: tuple[str, ...] = ()
    canonical_url: str | None = None
    language: str | None = None
    publisher: str | None = None
    date_source: str | None = None  # where the date came from, for notes


def parse_date_value(value: str | None) -> date | None:
    """A date as written in metadata: ISO 8601 (the calendar date as written, never shifted to
    UTC), "2023/09/11", "20230911", RFC 2822, or "11 September 2023"-style."""
    if not value:
        return None
    value = value.strip()
    for pattern in (_ISO_DATE, _SLASH_DATE, _COMPACT_DATE):
        m = pattern.match(value)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    return parse_date(re.split(r"\s+\d{1,2}:\d{2}", value)[0].strip(" ,"))


def _types(obj: dict) -> set[str]:
    t = obj.get("@type", ())
    t = [t] if isinstance(t, str) else t if isinstance(t, list) else []
    return {x.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for x in t if isinstance(x, str)}


def _walk(root):
    """The objects of a JSON-LD block, ``@graph``/``mainEntity``/``itemListElement`` opened up, in
    document order, without recursion (a block nested 900 levels deep is still a page's data)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(reversed([node[key] for key in ("@graph", "mainEntity", "itemListElement") if key in node]))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def json_ld_objects(root) -> list[dict]:
    """Every JSON-LD object on the page (``@graph`` and lists opened up); unparsable blocks are
    left out. Nothing is fetched."""
    found: list[dict] = []
    for script in root.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        if kind != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        raw = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$|^<!--|-->$", "", raw).strip()
        try:  # numbers as their digits: a 5,000-digit one is past what int() reads
            data = json.loads(raw, strict=False, parse_int=str)
        except RecursionError:
            continue  # nested too deep to read: the page is read without it
        except ValueError:
            try:  # a trailing comma is the commonest slip
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False, parse_int=str)
            except (ValueError, RecursionError):
                continue
        found.extend(_walk(data))
    return found


def _article_object(objects: list[dict]) -> dict | None:
    ranked = [(min((ARTICLE_TYPES + PAGE_TYPES).index(t) for t in _types(o) if t in ARTICLE_TYPES + PAGE_TYPES), i, o)
              for i, o in enumerate(objects) if _types(o) & set(ARTICLE_TYPES + PAGE_TYPES)]
    return min(ranked, key=lambda r: (r[0], r[1]))[2] if ranked else None


def _names(value) -> list[str]:
    """Names from a JSON-LD value: a string, a {"name"} object, or a list of them."""
    if isinstance(value, str):
        return [clean(value)] if clean(value) else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _first_str(value) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, (str, dict))), None)
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or value.get("name")
    return clean(value) if isinstance(value, str) and clean(value) else None


def _split_tags(values) -> list[str]:
    out: list[str] = []
    for value in values:
        if isinstance(value, list):
            out += _split_tags(value)
        elif isinstance(value, dict):
            out += _names(value)
        elif isinstance(value, str):
            parts = re.split(r"\s*[,;]\s*", value)
            out += [clean(p) for p in parts if clean(p)]
    return list(dict.fromkeys(out))


class _Metas:
    """The page's ``<meta>`` tags by lowercased name/property/itemprop/http-equiv."""

    def __init__(self, root):
        self.values: dict[str, list[str]] = {}
        for meta in root.iter("meta"):
            content = meta.get("content")
            if content is None or not clean(content):
                continue
            for attr in ("property", "name", "itemprop", "http-equiv"):
                key = meta.get(attr)
                if key:
                    self.values.setdefault(key.strip().lower(), []).append(clean(content))

    def get(self, *keys: str) -> str | None:
        for key in keys:
            if self.values.get(key):
                return self.values[key][0]
        return None

    def all(self, key: str) -> list[str]:
        return self.values.get(key, [])


def normalise_language(tag: str | None) -> str | None:
    """A BCP 47 tag as written ("en_US" -> "en-US"; "EN" -> "en"); None for nothing usable."""
    if not tag:
        return None
    tag = tag.strip().replace("_", "-").split(",")[0].strip()
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*", tag):
        return None
    primary, *rest = tag.split("-")
    return "-".join([primary.lower()] + [r.upper() if len(r) == 2 else r for r in rest])


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # what urllib cannot take apart ("http://[::1") names no host
        return None
    return host[4:] if host.startswith("www.") else (host or None)


def _compact(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def strip_site_name(title: str, names: list[str]) -> str:
    """"Headline | Site Name" -> "Headline" when the part cut off names the site (its name or
    host); the same for "Site Name - Headline"."""
    keys = [_compact(n) for n in names if n and len(_compact(n)) >= 3]
    if not keys:
        return title
    for sep in _SEPARATORS:
        if sep not in title:
            continue
        head, tail = title.rsplit(sep, 1)
        if any(k in _compact(tail) or _compact(tail) in k for k in keys if _compact(tail)) and head.strip():
            return strip_site_name(head.strip(), names)
        head, tail = title.split(sep, 1)
        if any(k in _compact(head) or _compact(head) in k for k in keys if _compact(head)) and tail.strip():
            return strip_site_name(tail.strip(), names)
    return title


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and clean(a).casefold() == clean(b).casefold()


def choose_title(root, candidates: list[str], site_names: list[str]) -> str | None:
    """The headline: a page ``<h1>`` that one of the metadata titles (JSON-LD headline,
    og:title, ``<title>``, trafilatura's title; site names cut off) confirms; else the first
    metadata title; else the only ``<h1>``."""
    raws = [clean(c) for c in candidates if c and clean(c)]
    metas = [clean(strip_site_name(c, site_names)) for c in raws]
    h1s = [t for t in (element_text(h) for h in root.iter("h1")) if t and len(t) <= 400]
    for h1 in h1s:
        if any(_same(h1, m) for m in metas):
            return h1
    for h1 in h1s:  # an <h1> that a title carries whole, with something (a site name) beside it
        key = clean(h1).casefold()
        if len(key.split()) >= 3 and any(
                m.casefold().startswith(key + sep.casefold()) or m.casefold().endswith(sep.casefold() + key)
                for m in metas + raws for sep in _SEPARATORS):
            return h1
    if metas:
        return metas[0]
    return h1s[0] if len(h1s) == 1 else None


def page_meta(root, *, url: str | None = None, title_hints: tuple[str | None, ...] = (),
              profile=None, use_htmldate: bool = True) -> PageMeta:
    """The page's metadata; ``root`` is the parsed page (it is not modified); ``url`` where it
    came from; ``title_hints`` extra title candidates (trafilatura's); ``profile`` a SiteProfile."""
    metas = _Metas(root)
    objects = json_ld_objects(root)
    art = _article_object(objects) or {}
    rules = profile.article if profile is not None else {}

    def by_profile(key: str) -> list:
        css = rules.get(key)
        return select(root, css) if css else []

    def profile_text(key: str) -> str | None:
        return next((t for t in (element_text(e) for e in by_profile(key)) if t), None)

    # where the page lives
    canonical = None
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = link.get("href").strip()
            break
    canonical = canonical or metas.get("og:url") or _first_str(art.get("url")) or _first_str(art.get("mainEntityOfPage"))
    try:
        if canonical and url:
            canonical = urljoin(url, canonical)
        if canonical:
            urlsplit(canonical)
    except ValueError:  # a canonical URL urllib cannot take apart ("http://[::1") is no URL
        canonical = None
    if canonical and not canonical.lower().startswith(("http://", "https://")):
        canonical = None

    publisher_names = [n for o in objects if _types(o) & {"Organization", "NewsMediaOrganization", "WebSite"}
                       for n in _names(o.get("name"))][:3]
    publisher = (
        (profile.publisher if profile is not None else None)
        or metas.get("og:site_name")
        or next(iter(_names(art.get("publisher"))), None)
        or metas.get("application-name")
        or (publisher_names[0] if publisher_names else None)
    )
    site_names = [n for n in [publisher, host_of(canonical), host_of(url),
                              (host_of(canonical) or host_of(url) or "").split(".")[0]] + publisher_names if n]

    # title
    title = profile_text("title")
    if title is None:
        candidates = [*(_names(art.get("headline")) or _names(art.get("name")))[:1],
                      metas.get("og:title"), metas.get("twitter:title"),
                      next((element_text(t) for t in root.iter("title")), None), *title_hints]
        title = choose_title(root, [c for c in candidates if c], site_names)

    # date
    published, date_source = None, None
    for element in by_profile("date"):
        published = parse_date_value(element.get("datetime") or element.get("content") or element_text(element))
        if published:
            date_source = "profile"
            break
    if published is None:
        stamp = _first_str(art.get("datePublished")) or _first_str(art.get("dateCreated"))
        published = parse_date_value(stamp)
        date_source = "json-ld" if published else None
        if published is None:
            stamp = metas.get(*_DATE_METAS)
            if stamp is None:
                stamp = next((t.get("datetime") for t in root.iter("time")
                              if t.get("itemprop") == "datePublished" or "pubdate" in t.attrib), None)
            published = parse_date_value(stamp)
            date_source = "meta" if published else None
        local = _local_date(root, stamp) if published else None
        if local is not None and local != published:
            published, date_source = local, f"{date_source}, as the page's local time gives it"
    if published is None and use_htmldate:
        published = _htmldate(root, url or canonical)
        date_source = "htmldate" if published else None

    # people, section, tags
    authors = [t for t in (element_text(e) for e in by_profile("author")) if t]
    if not authors:
        authors = _names(art.get("author"))
    if not authors:
        authors = [a for a in [metas.get("author"), metas.get("article:author"), metas.get("dc.creator")]
                   if a and not a.lower().startswith("http")][:1]
    section = profile_text("section")
    if section is None:
        section = next(iter(_names(art.get("articleSection"))), None) or metas.get("article:section")
    tags = [t for t in (element_text(e) for e in by_profile("tags")) if t]
    if not tags:
        tags = _split_tags([art.get("keywords")]) if art.get("keywords") else []
    if not tags:
        tags = _split_tags(metas.all("article:tag")) or _split_tags(
            [metas.get("news_keywords") or metas.get("keywords") or ""])

    language = None
    html = root if root.tag == "html" else next(root.iter("html"), None)
    for value in [html.get("lang") if html is not None else None,
                  html.get("{http://www.w3.org/XML/1998/namespace}lang") if html is not None else None,
                  _first_str(art.get("inLanguage")) if not isinstance(art.get("inLanguage"), dict)
                  else _first_str(art["inLanguage"].get("alternateName")),
                  metas.get("og:locale"), metas.get("content-language"), metas.get("language"),
                  metas.get("dc.language")]:
        language = normalise_language(value)
        if language:
            break

    return PageMeta(title=title, published=published, authors=tuple(dict.fromkeys(authors)),
                    section=section, tags=tuple(dict.fromkeys(tags)), canonical_url=canonical,
                    language=language, publisher=publisher, date_source=date_source)


_UTC_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(?:Z|[+-]00:?00)$")
_LOCAL_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$")


def _local_date(root, stamp: str | None) -> date | None:
    """The publisher's local calendar date for a UTC timestamp, when a ``<time datetime>`` on the
    page gives the same moment as a local time (differing by whole quarter hours, at most 14
    hours): "2023-11-09T05:30:59Z" shown as "2023-11-08 23:30:59" was published on the 8th."""
    from datetime import datetime

    m = _UTC_STAMP.match((stamp or "").strip())
    if not m:
        return None
    utc = datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}")
    for element in root.iter("time"):
        local = _LOCAL_STAMP.match((element.get("datetime") or "").strip())
        if not local:
            continue
        shown = datetime.fromisoformat(f"{local.group(1)}T{local.group(2)}")
        minutes = (shown - utc).total_seconds() / 60
        if minutes and abs(minutes) <= 14 * 60 and minutes % 15 == 0:
            return shown.date()
    return None


def _htmldate(root, url: str | None) -> date | None:
    from htmldate import find_date

    try:
        # A copy: htmldate cleans the tree it is given. A tree, never a string: a string that
        # looks like a URL would be downloaded.
        found = find_date(copy.deepcopy(root), extensive_search=True, original_date=True, url=url)
    except Exception:  # htmldate is a heuristic: its failure is no date, not a failed page
        return None
    return parse_date_value(found)
