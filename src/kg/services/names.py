"""Names where people think in names: an actor, topic or publisher given by its label, code or alias
rather than its IRI, resolved through the store.

Used by ``kg query`` for the parameters typed ``iri`` (:func:`kg.services.query.run_query`) and by ``kg
plot`` for ``--actor`` and ``--dyad``: one rule for both.

The rule, for a value ``v``:

1. ``v`` is an IRI when it starts with a scheme (``https:``, ``urn:``) or ``<``: taken as it is. A
   prefixed name with one of kg's prefixes (``kgid:actor/state/RUS``) is expanded. A knowledge-base
   id (``state:RUS``, ``igo:NATO``) is a code, below.
2. Otherwise ``v`` is a name (surrounding space dropped, inner runs of space as one). It matches a
   label written exactly so (``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``,
   ``schema:name``; plain or English), and a code, in any letter case, of an actor from the
   knowledge base (``kg:iso3166Alpha3``, ``kg:cameoCode``, its knowledge-base id ``state:RUS``, or
   that id without the kind: ``RUS``, ``NATO`` of ``igo:NATO``).
3. When nothing matched so: a label in any letter case (any language); when still nothing, an
   alias of a knowledge-base actor the store holds ("Kremlin", "Russian Federation", "Pashinyan"),
   from the knowledge base kg ships.
4. Of what matched, a document-scoped actor stands for its resolved actor (``owl:sameAs`` a
   ``kg:ResolvedActor``), and a glossary topic gives way to what it denotes when that matched too
   (``NATO``: the alliance, not the publisher's topic). If more than one remains and exactly one of
   them matched in the very letter case given, that one is taken.
5. One thing left: its IRI. None: an error naming close candidates (labels containing the name).
   Several: an error listing them (IRI and label, at most :data:`LISTED`). Both exit 2.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import Literal, NamedNode

from kg.errors import QueryError, shown_name
from kg.kb.actors import ID_PREFIX
from kg.mapping.namespaces import PREFIXES
from kg.services.results import compact

LISTED = 10  # candidates named in an error, at most

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
KB_KINDS = frozenset(ID_PREFIX.values())  # state, igo, group, gov, person: the kinds of knowledge-base ids

_PREFIXES = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX org: <http://www.w3.org/ns/org#>
"""

# Labels written exactly as the name (%s: the name as a plain and an English literal): index lookups.
_EXACT = _PREFIXES + """SELECT DISTINCT ?thing ?text WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel schema:name }
  VALUES ?text { %s }
  ?thing ?p ?text FILTER(isIRI(?thing))
}"""

# Labels equal to the name in any letter case (%s: the name in lower case, as a literal). One scan
# of the labels, the filter in the pattern: 0.1-0.3 s at 3M quads.
_LABELS = _PREFIXES + """SELECT DISTINCT ?thing ?text WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel schema:name }
  ?thing ?p ?text FILTER(isIRI(?thing) && LCASE(STR(?text)) = %s)
}"""

# The knowledge-base actors the store holds, with their codes (a few hundred rows: compared in Python).
_KB_CODES = _PREFIXES + """SELECT ?thing ?kb ?iso ?cameo WHERE {
  { SELECT ?thing ?kb WHERE { ?thing kg:fromKnowledgeBase ?kb } }
  OPTIONAL { ?thing kg:iso3166Alpha3 ?iso }
  OPTIONAL { ?thing kg:cameoCode ?cameo }
}"""

# What decides between candidates: the resolved actor of a document-scoped one, what a topic denotes.
_LINKS = _PREFIXES + """SELECT ?thing ?resolved ?denoted WHERE {
  VALUES ?thing { %s }
  OPTIONAL { ?thing owl:sameAs ?resolved . ?resolved a kg:ResolvedActor }
  OPTIONAL { ?thing kg:denotes ?denoted }
}"""

# A label and a class to show with each candidate.
_SHOWN = _PREFIXES + """SELECT ?thing (MIN(STR(?l)) AS ?label) (MIN(STR(?c)) AS ?class) WHERE {
  VALUES ?thing { %s }
  OPTIONAL { { ?thing rdfs:label ?l } UNION { ?thing skos:prefLabel ?l } UNION { ?thing schema:name ?l } }
  OPTIONAL { ?thing a ?c FILTER(STRSTARTS(STR(?c), STR(kg:))) }
} GROUP BY ?thing"""

# Close candidates for a name nothing matched: labels containing it (events and offices left out).
_CLOSE = _PREFIXES + """SELECT ?thing (MIN(STR(?l)) AS ?label) WHERE {
  VALUES ?wanted { %s }
  { ?thing rdfs:label ?l } UNION { ?thing skos:prefLabel ?l } UNION { ?thing schema:name ?l }
  FILTER(isIRI(?thing) && CONTAINS(LCASE(STR(?l)), ?wanted))
  FILTER NOT EXISTS { ?thing a ?kind VALUES ?kind { kg:Event org:Membership kg:Happening } }
} GROUP BY ?thing"""


@dataclass(frozen=True)
class Candidate:
    """A thing a name may mean: its IRI, a label and its kg class (local name), where it has them."""

    iri: str
    label: str = ""
    kind: str = ""

    def shown(self) -> str:
        what = ", ".join(x for x in (self.label, self.kind) if x)
        return f"{compact(NamedNode(self.iri))} ({what})" if what else compact(NamedNode(self.iri))


@dataclass
class Resolution:
    """What a name matched, after the rule's reductions (``matched``: IRI → the texts that matched)."""

    name: str
    matched: dict[str, set[str]] = field(default_factory=dict)
    how: str = ""  # "label or code", "alias"


def normal(raw: str) -> str:
    return " ".join(raw.split())


def is_iri_text(raw: str) -> bool:
    """Whether a value is meant as an IRI (or a prefixed name) rather than a name: it starts with a
    scheme (``https:``, ``urn:``, ``kgid:``) or with ``<``, or is not text a name can be (empty, or
    not Unicode), so that the IRI parser says what is wrong with it."""
    text = raw.strip()
    kind, _, rest = text.partition(":")
    if kind in KB_KINDS and rest and not rest.startswith("//"):
        return False  # a knowledge-base id (state:RUS, igo:NATO): a code
    if not text or text.startswith("<") or _SCHEME.match(text):
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def expand_prefixed(value: str) -> str:
    """``kgid:actor/state/ARM`` with kg's prefixes expanded; anything else unchanged."""
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return value


def resolve(store, raw: str, subject: str) -> str:
    """The IRI ``raw`` stands for (by the module's rule), as text. ``subject`` starts the error
    message ("parameter actor", "--actor"). An IRI is returned as given (prefixed names expanded),
    unchecked: the IRI parser of the caller says whether it is one."""
    if is_iri_text(raw):
        return expand_prefixed(raw.strip())
    found = matches(store, raw)
    if len(found.matched) == 1:
        return next(iter(found.matched))
    if found.matched:
        listed = describe(store, sorted(found.matched, key=_order))
        raise QueryError(f"{subject}: {_quoted(raw)} is ambiguous: it names {len(listed)} things "
                         f"({_listing(listed)}); give one of them as an IRI")
    close = close_candidates(store, raw)
    hint = f"; close: {_listing(close)}" if close else ""
    raise QueryError(f"{subject}: {_quoted(raw)} is not an absolute IRI, nor a name the store knows "
                     f"(no label, code or alias is that name){hint}")


def matches(store, raw: str) -> Resolution:
    """What the name ``raw`` names in the store, after the rule's reductions (possibly nothing,
    possibly several things)."""
    name = normal(raw)
    found = Resolution(name, how="label or code")
    if not name:
        return found
    wanted = name.lower()
    for row in store.query(_EXACT % f"{Literal(name)} {Literal(name, language='en')}"):
        found.matched.setdefault(row[0].value, set()).add(row[1].value)
    held: dict[str, str] = {}  # knowledge-base id -> the store's node
    for row in store.query(_KB_CODES):
        thing, kb = row[0].value, row[1].value
        held[kb] = thing
        for code in (kb, kb.partition(":")[2], *(t.value for t in (row[2], row[3]) if t is not None)):
            if code.lower() == wanted:
                found.matched.setdefault(thing, set()).add(code)
    if not found.matched:
        for row in store.query(_LABELS % Literal(wanted)):
            found.matched.setdefault(row[0].value, set()).add(row[1].value)
    if not found.matched:
        found.how = "alias"
        for kb, alias in _kb_aliases().get(wanted, ()):
            if kb in held:
                found.matched.setdefault(held[kb], set()).add(alias)
    _reduce(store, found)
    return found


def _reduce(store, found: Resolution) -> None:
    if not found.matched:
        return
    resolved, denoted = {}, {}
    values = " ".join(str(NamedNode(i)) for i in sorted(found.matched))
    for row in store.query(_LINKS % values):
        thing = row[0].value
        if row[1] is not None:
            resolved[thing] = row[1].value
        if row[2] is not None:
            denoted.setdefault(thing, set()).add(row[2].value)
    # a document-scoped actor stands for its resolved actor
    merged: dict[str, set[str]] = {}
    for iri, texts in found.matched.items():
        merged.setdefault(resolved.get(iri, iri), set()).update(texts)
    # a topic gives way to what it denotes, when that matched too
    kept = {i: t for i, t in merged.items() if not (denoted.get(i, set()) - {i}) & set(merged)}
    # several left: the one that matched in the very letter case given
    if len(kept) > 1:
        exact = [i for i, texts in kept.items() if found.name in {normal(t) for t in texts}]
        if len(exact) == 1:
            kept = {exact[0]: kept[exact[0]]}
    found.matched = kept


def describe(store, iris: list[str]) -> list[Candidate]:
    """``iris`` (in their order) with a label and class each, for a message."""
    if not iris:
        return []
    shown = {}
    values = " ".join(str(NamedNode(i)) for i in iris)
    for row in store.query(_SHOWN % values):
        label = row[1].value if row[1] is not None else ""
        kind = row[2].value.rsplit("#", 1)[-1] if row[2] is not None else ""
        shown[row[0].value] = Candidate(row[0].value, label, kind)
    return [shown.get(i, Candidate(i)) for i in iris]


def close_candidates(store, raw: str, limit: int = LISTED) -> list[Candidate]:
    """Things whose label contains ``raw`` (any letter case): those starting with it first, then
    shorter labels; document-scoped actors as their resolved actor."""
    name = normal(raw).lower()
    if len(name) < 2:
        return []
    labels: dict[str, str] = {}
    for row in store.query(_CLOSE % str(Literal(name))):
        labels[row[0].value] = row[1].value
    if not labels:
        return []
    found = Resolution(name, {i: {label} for i, label in labels.items()})
    _reduce(store, found)

    def rank(iri: str):
        label = min(found.matched[iri], key=len).lower()
        return (not label.startswith(name), not re.search(rf"\b{re.escape(name)}", label), len(label), iri)
    return describe(store, sorted(found.matched, key=rank)[:limit])


def _order(iri: str) -> tuple:
    # the knowledge base's and resolved actors before the document-scoped ones, then by IRI
    return ("/doc/" in iri, iri)


def _listing(candidates: list[Candidate]) -> str:
    shown = ", ".join(c.shown() for c in candidates[:LISTED])
    more = len(candidates) - LISTED
    return shown + (f", and {more} more" if more > 0 else "")


def _quoted(raw: str, limit: int = 60) -> str:
    text = shown_name(raw.strip())
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit]}...'"


@lru_cache(maxsize=1)
def _kb_aliases() -> dict[str, tuple[tuple[str, str], ...]]:
    """The bundled knowledge base's names (labels and aliases) in lower case → (actor id, the name as
    the knowledge base writes it). Read once, when a name is no label or code of the store."""
    from kg.kb.actors import bundled_actors

    index: dict[str, dict[str, str]] = {}
    for actor in bundled_actors():
        for text in (actor.label, *actor.aliases):
            index.setdefault(normal(text).lower(), {}).setdefault(actor.id, normal(text))
    return {k: tuple(sorted(v.items())) for k, v in index.items()}
