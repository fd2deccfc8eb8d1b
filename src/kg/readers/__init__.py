"""Readers turn an input into plain Document records (and know nothing of RDF).

Each reader declares its input format (``kg.readers.input_format``): how to recognise it and how
to open it. ``kg.readers.registry`` keeps them in their order of precedence; ``read_document``
reads a file into one Document by the first format that gives one and recognises it: HTML pages
(.html/.htm/.xhtml, gzipped or not, or any file that starts like an HTML document), JSONL/CSV
glossary files, World Factbook country files (.json), and the saved-page text format of news and
analysis sites (a glossary and an article saved as text). Web archives (WARC) and corpora
(JSONL/CSV records) hold many documents: ``kg.build.inputs`` opens them into one work item each.

Site profiles (``kg.readers.html.profiles``) steer the HTML reader for sites its heuristics miss: pass
your own as ``profiles=`` (SiteProfile objects, e.g. from ``load_profile(path)``); the bundled
ones in ``kg/profiles`` are always tried after them.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.documents import Document
from kg.errors import InputError
from kg.readers import registry
from kg.readers.html.page import read_html
from kg.readers.html.profiles import (SiteProfile, bundled_profiles, load_profile, load_profiles, profile_for,
                                profiles_digest)
from kg.readers.input_format import Probe, content_hash
from kg.readers.text_input import read_bytes

__all__ = ["content_hash", "read_document", "read_html", "SiteProfile", "load_profile", "load_profiles",
           "bundled_profiles", "profile_for", "profiles_digest"]


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
    probe = Probe(path, source, data=data, profiles=profiles)
    fmt = registry.opening_one(probe)
    if fmt is None:
        raise InputError(source, registry.NOT_RECOGNISED)
    return fmt.read(probe)
