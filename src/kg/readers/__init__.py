"""Readers turn an input into plain Document records (and know nothing of RDF).

``read_document`` picks the reader that recognises the input: JSONL/CSV glossary files by their
suffix, World Factbook country files (.json), HTML pages (.html/.htm/.xhtml, gzipped or not, or
any file that starts like an HTML document), and the saved-page text format of news and analysis
sites (a glossary and an article saved as text). Web archives (WARC) hold many pages: see
``kg.readers.warc``; ``kg.build.inputs`` opens them into one work item per page.

Site profiles (``kg.readers.html.profiles``) steer the HTML reader for sites its heuristics miss: pass
your own as ``profiles=`` (SiteProfile objects, e.g. from ``load_profile(path)``); the bundled
ones in ``kg/profiles`` are always tried after them.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from kg.documents import Document
from kg.errors import InputError
from kg.readers.factbook import read_factbook_country
from kg.readers.glossary_file import GLOSSARY_SUFFIXES, read_glossary_file
from kg.readers.html.page import gunzip, is_html_path, looks_like_html, read_html
from kg.readers.html.profiles import (SiteProfile, bundled_profiles, load_profile, load_profiles, profile_for,
                                profiles_digest)
from kg.readers.savedpage import looks_like_saved_page, read_saved_page
from kg.readers.text_input import decode_text, read_bytes

__all__ = ["content_hash", "read_document", "read_html", "SiteProfile", "load_profile", "load_profiles",
           "bundled_profiles", "profile_for", "profiles_digest"]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: Path, source: str | None = None, data: bytes | None = None,
                  profiles: Sequence[SiteProfile | Path | str] = ()) -> Document:
    """Read ``path`` (or ``data`` already read from it) into a Document.

    ``profiles`` are site profiles (or profile files) for HTML pages, tried before the bundled
    ones. Raises InputError naming the file when it is missing, empty, binary, undecodable or
    of no layout kg recognises.
    """
    path = Path(path)
    source = source or str(path)
    if data is None:
        data = read_bytes(path)
    if is_html_path(path.name) or looks_like_html(data):
        page = gunzip(data, source) if path.name.lower().endswith(".gz") else data
        return read_html(page, source, content_hash(data), profiles=load_profiles(profiles))
    text = decode_text(data, source)
    if path.suffix.lower() in GLOSSARY_SUFFIXES:
        return read_glossary_file(text, source, content_hash(data))
    if path.suffix.lower() == ".json":
        return read_factbook_country(text, source, content_hash(data))
    if not looks_like_saved_page(text):
        raise InputError(source, "no glossary or article recognised in this page "
                                 "(kg reads saved pages with an 'In Focus' glossary and/or an article)")
    return read_saved_page(text, source, content_hash(data))
