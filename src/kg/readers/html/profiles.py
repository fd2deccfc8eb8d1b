"""Site profiles: CSS selectors for sites whose pages the heuristics read wrong.

A profile is a small TOML file (format: docs/html-input.md)::

    name = "Example Monitor"
    hosts = ["example.org"]          # these hosts and their subdomains; "*" matches any page
    publisher = "Example Monitor"    # optional: the publisher's name when the page does not say

    [article]                        # every key optional
    remove = [".share", "#comments"] # dropped from the page before anything is read
    body = "div.story"               # the article body: its paragraphs and subheadings
    paragraphs = "p"                 # inside body (default "p, blockquote, li")
    subheadings = "h2, h3"           # inside body (default "h2, h3, h4, h5, h6")
    title = "h1.headline"
    date = "time.published"          # a datetime/content attribute, else the element's text
    author = ".byline a"
    section = ".kicker"
    tags = ".tags a"
    related = ".related a"

    [glossary]
    items = "#in-focus .item"        # one element per glossary item
    term = ".term"                   # inside an item
    definition = ".definition"       # inside an item

The reader picks a profile by the page's host (its canonical URL, og:url, or the URL it came
from): profiles the caller gives first, then the ones bundled in ``kg/profiles``; among them the
one naming the longest matching host wins. ``load_profile`` checks a file fully (keys, types,
every selector compiles) and raises a one-line InputError naming the file and key.
"""
from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg import resources
from kg.errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ARTICLE_KEYS = ("remove", "body", "paragraphs", "subheadings", "title", "date", "author", "section",
                "tags", "related")
GLOSSARY_KEYS = ("items", "term", "definition")
TOP_KEYS = ("name", "hosts", "publisher", "article", "glossary")
DEFAULT_PARAGRAPHS = "p, blockquote, li"
DEFAULT_SUBHEADINGS = "h2, h3, h4, h5, h6"


@dataclass(frozen=True)
class SiteProfile:
    """A parsed profile: selectors as strings (so it pickles to worker processes)."""

    name: str
    hosts: tuple[str, ...]
    source: str = ""
    publisher: str | None = None
    article: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    glossary: dict[str, str] = field(default_factory=dict)
    digest: str = ""  # SHA-256 of the profile's text: what a build's fingerprint should include

    def match(self, host: str | None) -> int:
        """How specifically this profile names ``host``: the length of the matching host
        pattern (0 for "*"), or -1 when it does not match."""
        host = (host or "").lower().rstrip(".")
        if host.startswith("www."):
            host = host[4:]
        best = -1
        for pattern in self.hosts:
            if pattern == "*":
                best = max(best, 0)
            elif host and (host == pattern or host.endswith("." + pattern)):
                best = max(best, len(pattern))
        return best

    def __hash__(self) -> int:  # the dict fields do not hash: the text's digest stands for them
        return hash((self.name, self.hosts, self.source, self.digest))


def parse_profile(text: str, source: str) -> SiteProfile:
    """A profile from TOML text; InputError naming ``source`` for anything malformed."""
    from kg.readers.html.tree import selector

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(source, f"is not a valid TOML profile ({exc})") from exc
    unknown = sorted(set(data) - set(TOP_KEYS))
    if unknown:
        raise InputError(source, f"unknown key {unknown[0]!r} in the profile (known: {', '.join(TOP_KEYS)})")
    hosts = data.get("hosts")
    if isinstance(hosts, str):
        hosts = [hosts]
    if not hosts or not isinstance(hosts, list) or not all(isinstance(h, str) and h.strip() for h in hosts):
        raise InputError(source, 'a profile needs "hosts", a list of host names (or "*")')
    name = data.get("name", Path(source).stem)
    publisher = data.get("publisher")
    for key, value in (("name", name), ("publisher", publisher)):
        if value is not None and not isinstance(value, str):
            raise InputError(source, f"{key!r} must be a string")

    def section(key: str, allowed: Sequence[str]) -> dict:
        table = data.get(key, {})
        if not isinstance(table, dict):
            raise InputError(source, f"[{key}] must be a table of CSS selectors")
        out: dict = {}
        for k, v in table.items():
            if k not in allowed:
                raise InputError(source, f"unknown key {k!r} in [{key}] (known: {', '.join(allowed)})")
            values = v if k == "remove" and isinstance(v, list) else [v]
            if not all(isinstance(x, str) and x.strip() for x in values):
                raise InputError(source, f"[{key}] {k} must be a CSS selector string"
                                         + (" or a list of them" if k == "remove" else ""))
            for css in values:
                try:
                    selector(css)
                except Exception as exc:  # cssselect's SelectorSyntaxError / ExpressionError
                    raise InputError(source, f"[{key}] {k}: bad CSS selector {css!r} ({exc})") from exc
            out[k] = tuple(values) if k == "remove" else v
        return out

    article = section("article", ARTICLE_KEYS)
    glossary = section("glossary", GLOSSARY_KEYS)
    if glossary and not {"items", "term", "definition"} <= set(glossary):
        raise InputError(source, "[glossary] needs items, term and definition")
    return SiteProfile(name=name, hosts=tuple(h.strip().lower() for h in hosts), source=source,
                       publisher=publisher, article=article, glossary=glossary,
                       digest=hashlib.sha256(text.encode("utf-8")).hexdigest())


def load_profile(path: Path | str) -> SiteProfile:
    """Read and check a profile file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(str(path), "profile file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"profile cannot be read ({exc})") from exc
    return parse_profile(text, str(path))


def load_profiles(paths: Iterable[Path | str | SiteProfile]) -> tuple[SiteProfile, ...]:
    """Profiles from files (SiteProfile objects are passed through)."""
    return tuple(p if isinstance(p, SiteProfile) else load_profile(p) for p in paths)


def profiles_digest(profiles: Iterable[SiteProfile]) -> str:
    """One digest for a set of user profiles (order-free), for a build's extractor fingerprint:
    pages read with other profiles must not count as unchanged."""
    return hashlib.sha256("\n".join(sorted(p.digest for p in profiles)).encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def bundled_profiles() -> tuple[SiteProfile, ...]:
    """The profiles shipped in ``kg/profiles`` (sorted by file name)."""
    folder = resources.package_path("profiles")
    if not folder.is_dir():
        return ()
    found = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    return tuple(parse_profile(f.read_text(encoding="utf-8"), f"kg/profiles/{f.name}") for f in found)


def profile_for(host: str | None, profiles: Sequence[SiteProfile] = (), *,
                bundled: bool = True) -> SiteProfile | None:
    """The profile for a page on ``host``: the caller's ``profiles`` first, then the bundled
    ones; the most specific match within each group."""
    groups = [tuple(profiles)] + ([bundled_profiles()] if bundled else [])
    for group in groups:
        scored = [(p.match(host), -i, p) for i, p in enumerate(group)]
        scored = [s for s in scored if s[0] >= 0]
        if scored:
            return max(scored, key=lambda s: (s[0], s[1]))[2]
    return None
