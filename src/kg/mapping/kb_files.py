"""A user's knowledge-base files, whatever their format, into :class:`kg.kb.user_files.UserActors`.

YAML and CSV files are read by :mod:`kg.kb.user_files`; RDF files are read here (mapping is the
floor that knows RDF): Turtle (``.ttl``) with rdflib, JSON-LD (``.jsonld``) and RDF/XML (``.rdf``)
with pyoxigraph — resources typed with a kg actor class, labelled with rdfs:label and
skos:altLabel; the id comes from the IRI.

The files are untrusted: nothing they name is ever fetched or opened. A JSON-LD ``@context`` (or
``@import``) that refers to a document, remote or ``file:``, is refused (give the context inline),
an RDF/XML DOCTYPE (where external entities would be declared) is refused, and IRIs, whatever
their scheme (``file:``, ``javascript:``), are names, never dereferenced.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

from kg.errors import InputError
from kg.kb.actors import ACTOR_CLASSES, ID_PREFIX, Actor
from kg.kb.user_files import TABLE_SUFFIXES, UserActors, checked, make_actor, read_actor_file, read_text
from kg.vocab import KG, KGID

RDF_SUFFIXES = {".ttl": "Turtle", ".jsonld": "JSON-LD", ".json-ld": "JSON-LD", ".rdf": "RDF/XML"}


def load_kb_files(paths: Iterable[Path | str]) -> UserActors | None:
    """The actors of ``paths`` (None for none), in the order given."""
    paths = [Path(p) for p in paths]
    if not paths:
        return None
    actors = [actor for path in paths for actor in load_actors(path)]
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in paths)).hexdigest()[:16]
    return UserActors(tuple(actors), digest)


def load_actors(path: Path | str) -> list[Actor]:
    """The actors of one file: YAML (``.yaml``/``.yml``: a list of mappings with id, class, label,
    aliases, iso3, cameo, roles), CSV (header ``id,class,label,aliases,iso3,cameo``; aliases
    separated by ``|``), Turtle, JSON-LD or RDF/XML. Raises InputError naming the file (and the
    line, where it can) when it is malformed."""
    path = Path(path)
    source = str(path)
    text = read_text(path)
    suffix = path.suffix.lower()
    try:
        if suffix in TABLE_SUFFIXES:
            actors = read_actor_file(path, text)
        elif suffix == ".ttl":
            actors = _from_turtle(source, path, text)
        elif suffix in (".jsonld", ".json-ld"):
            actors = _from_jsonld(source, path, text)
        elif suffix == ".rdf":
            actors = _from_rdfxml(source, path, text)
        else:
            raise InputError(source, f"unknown format {suffix or '(no suffix)'}: use .yaml, .yml, .csv, .ttl, "
                                     ".jsonld or .rdf")
    except RecursionError:
        raise InputError(source, "nested too deeply to read (lists, mappings or blank nodes inside one another)") \
            from None
    return checked(source, actors)


def _from_turtle(source: str, path: Path, text: str) -> list[tuple[Actor, int | None]]:
    from rdflib import Graph

    graph = Graph()
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except Exception as e:  # rdflib raises BadSyntax and others
        line = getattr(e, "lines", None)  # BadSyntax counts lines from 0
        lines = [x.strip() for x in str(e).splitlines() if x.strip()]
        problem = next((x for x in lines if x.startswith("Bad syntax")), lines[0] if lines else type(e).__name__)
        problem = re.sub(r"\s*at \^ in:$", "", problem)
        raise InputError(source, f"not valid Turtle: {problem}", line + 1 if isinstance(line, int) else None) from None
    return _actors_from_graph(source, graph)


def _check_contexts(source: str, data) -> None:
    """Refuse a JSON-LD document whose contexts refer to other documents (kg fetches nothing)."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    for context in value if isinstance(value, list) else [value]:
                        if isinstance(context, str):
                            raise InputError(source, f"its @context {context!r} refers to another document: kg "
                                                     "fetches no context (remote or file:); put the context inline")
                        if isinstance(context, dict) and "@import" in context:
                            raise InputError(source, f"its @context imports {context['@import']!r}: kg fetches no "
                                                     "context (remote or file:); put the context inline")
                stack.append(value)


def _from_jsonld(source: str, path: Path, text: str) -> list[tuple[Actor, int | None]]:
    try:
        data = json.loads(text, parse_int=str)  # only its @context is read here; pyoxigraph reads the rest
    except json.JSONDecodeError as e:
        raise InputError(source, f"not valid JSON-LD: {e.msg}", e.lineno) from None
    except RecursionError:
        raise InputError(source, "not valid JSON-LD: nested too deeply to read") from None
    _check_contexts(source, data)
    return _from_oxigraph(source, path, text, "JSON_LD")


_DOCTYPE = re.compile(r"<!DOCTYPE|<!ENTITY", re.I)


def _from_rdfxml(source: str, path: Path, text: str) -> list[tuple[Actor, int | None]]:
    if _DOCTYPE.search(text):
        raise InputError(source, "RDF/XML with a DOCTYPE (entity declarations) is refused: kg reads no "
                                 "external entities; remove the DOCTYPE")
    return _from_oxigraph(source, path, text, "RDF_XML")


def _from_oxigraph(source: str, path: Path, text: str, fmt: str) -> list[tuple[Actor, int | None]]:
    """Parse with pyoxigraph (which loads no remote JSON-LD context and no external entity),
    then read the actors as from Turtle."""
    import pyoxigraph as ox
    from rdflib import BNode, Graph, Literal, URIRef

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language)
        return Literal(t.value, datatype=URIRef(t.datatype.value))

    graph = Graph()
    try:
        for quad in ox.parse(text.encode("utf-8"), format=getattr(ox.RdfFormat, fmt), base_iri=path.resolve().as_uri()):
            if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
                continue  # RDF-star quoted triples name no actor
            graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    except (SyntaxError, ValueError) as e:
        lines = [x.strip() for x in str(e).splitlines() if x.strip()]
        label = "JSON-LD" if fmt == "JSON_LD" else "RDF/XML"
        raise InputError(source, f"not valid {label}: {lines[0] if lines else type(e).__name__}") from None
    return _actors_from_graph(source, graph)


def _actors_from_graph(source: str, graph) -> list[tuple[Actor, int | None]]:
    from rdflib import RDF, RDFS, Literal, URIRef
    from rdflib.namespace import SKOS

    kg = KG
    kgid_actor = KGID + "actor/"
    found: dict[URIRef, str] = {}
    for subject, cls in graph.subject_objects(RDF.type):
        name = str(cls)[len(kg):] if str(cls).startswith(kg) else None
        if name in ACTOR_CLASSES and isinstance(subject, URIRef):
            current = found.get(subject)
            if current is None or ACTOR_CLASSES.index(name) < ACTOR_CLASSES.index(current):
                found[subject] = name
    out = []
    for subject in sorted(found):
        cls = found[subject]
        labels = [o for o in graph.objects(subject, RDFS.label) if isinstance(o, Literal)]
        labels.sort(key=lambda o: (o.language not in (None, "en"), o.language or "", str(o)))
        alt = [str(o) for o in graph.objects(subject, SKOS.altLabel) if isinstance(o, Literal)]
        alt += [str(o) for o in graph.objects(subject, SKOS.prefLabel) if isinstance(o, Literal)]
        if not labels and not alt:
            raise InputError(source, f"{subject} (a kg:{cls}) has no rdfs:label")
        label = str(labels[0]) if labels else sorted(alt)[0]
        iri = str(subject)
        iso3 = next((str(o) for o in graph.objects(subject, URIRef(kg + "iso3166Alpha3"))), None)
        cameo = next((str(o) for o in graph.objects(subject, URIRef(kg + "cameoCode"))), None)
        if iri.startswith(kgid_actor + "state/"):
            iso3 = iso3 or iri.rsplit("/", 1)[1]
            ident = f"state:{iri.rsplit('/', 1)[1]}"
        else:
            local = re.split(r"[/#]", iri.rstrip("/#"))[-1] or "actor"
            ident = f"{ID_PREFIX.get(cls, 'actor')}:{local}"
        aliases = [label] + sorted({str(o) for o in labels[1:]} | set(alt))
        values = {"id": ident, "class": cls, "label": label, "aliases": aliases, "iso3": iso3, "cameo": cameo}
        out.append((make_actor(source, None, values), None))
    return out
