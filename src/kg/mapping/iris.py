"""Deterministic IRIs: the same input gives the same IRIs on every machine and run.

IRIs are minted from a type, a normalised name and (where names can collide) a disambiguator,
never from a label alone.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from pyoxigraph import NamedNode

from kg.labels import term_key
from kg.mapping.namespaces import KGID


def slug(text: str, max_length: int = 60) -> str:
    """Lower-case ASCII slug: "Wahhabism & Extremism" -> "wahhabism-extremism"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not cleaned:
        # A name with no ASCII letters still needs a stable, distinct slug.
        return "x" + short_hash(text)
    return cleaned[:max_length].rstrip("-")


def short_hash(text: str, length: int = 8) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def document_key(key: str) -> str:
    """``{slug}-{hash8}`` for a document's key (its path as named, ``FILE#ID``, ``FILE#URL``): the slug
    of its file name and record ("page-txt", "world-csv-12"), readable and as short whatever the
    directories; the hash of the whole key keeps ``a/page.txt`` and ``b/page.txt`` apart."""
    path, sep, record = key.partition("#")
    return f"{slug(path.rsplit('/', 1)[-1] + sep + record, 40)}-{short_hash(key)}"


def legacy_graph_iri(key: str) -> NamedNode:
    """The graph kg gave ``key`` before issue 21 (the slug of the whole key): where a store built
    then holds a document (kg.build.run replaces it by the graph of the document's new key)."""
    return KGID[f"graph/{slug(key, 40)}-{short_hash(key)}"]


def class_slug(class_local_name: str) -> str:
    """"ArmedGroup" -> "armed-group"."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", class_local_name).lower()


def state_iri(iso3: str) -> NamedNode:
    return KGID[f"actor/state/{iso3.upper()}"]


def actor_iri(class_local_name: str, name: str) -> NamedNode:
    return KGID[f"actor/{class_slug(class_local_name)}/{slug(name)}"]


def publisher_iri(site: str) -> NamedNode:
    return KGID[f"publisher/{slug(site)}"]


def glossary_iri(site: str) -> NamedNode:
    return KGID[f"glossary/{slug(site)}"]


def topic_iri(site: str, term: str) -> NamedNode:
    """A publisher's topic: one for every spelling of its term that differs only in letter case,
    invisible characters or whitespace ("Kurds", "KURDS", "Kur\u200bds")."""
    return KGID[f"topic/{slug(site)}/{slug(term_key(term))}"]


def document_iri(key: str) -> NamedNode:
    return KGID[f"doc/{document_key(key)}"]


def graph_iri(key: str) -> NamedNode:
    return KGID[f"graph/{document_key(key)}"]


def article_iri(key: str) -> NamedNode:
    return KGID[f"article/{document_key(key)}"]


def build_activity_iri(key: str, content_hash: str, version: str) -> NamedNode:
    return KGID[f"build/{document_key(key)}/{content_hash[:16]}/{slug(version)}"]


def software_iri(version: str) -> NamedNode:
    return KGID[f"software/kg/{slug(version)}"]


def under(document: NamedNode, *parts: object) -> NamedNode:
    """An IRI nested under a document's IRI: spans, mentions, definitions."""
    return NamedNode(document.value + "/" + "/".join(str(p) for p in parts))
