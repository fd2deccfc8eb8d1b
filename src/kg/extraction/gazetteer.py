"""Canonical actors and the surface forms that name them.

The bundled knowledge base (``kg/data/kb/actors.jsonl``, made by ``scripts/build_kb.py`` from ISO
3166, the World Factbook, the PETRARCH2 Phoenix dictionaries and kg's own supplement; sources and
notices in ``kg/data/kb/NOTICE.md``) holds every ISO 3166 state, intergovernmental organisations,
armed groups and persons with dated roles. Users add or override actors with
:func:`load_user_actors` and :meth:`Gazetteer.with_actors`.

Matching is case-sensitive, longest-first and on word boundaries (a hyphen counts as part of a
word), so "US" matches the state and "us" does not, and "Russian" is not read as "Russia". It
walks a trie of tokens, so its cost does not grow with the number of names.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import InputError

KB_RESOURCE = "data/kb/actors.jsonl"

# kg's actor classes (ontology/kg.ttl), most specific first.
ACTOR_CLASSES = (
    "State", "IntergovernmentalOrganization", "Alliance", "ArmedGroup", "Movement", "PoliticalParty",
    "GovernmentBody", "Person", "EthnicGroup", "ReligiousGroup", "Organization", "Actor",
)
# Which actor keeps a surface form that several claim: states, then organisations, then groups.
_CLASS_RANK = {"State": 0, "IntergovernmentalOrganization": 1, "Alliance": 1, "ArmedGroup": 2,
               "Movement": 2, "PoliticalParty": 2, "Person": 4}
_ID_PREFIX = {"State": "state", "Person": "person", "IntergovernmentalOrganization": "igo", "Alliance": "igo",
              "ArmedGroup": "group", "Movement": "group", "PoliticalParty": "group", "GovernmentBody": "gov"}
_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class Role:
    """A position a person held: in ``state`` (ISO alpha-3, or None for an organisation), with a
    ``title`` ("Prime Minister"), a ``role`` ("head of government", "government", "elite"), from
    ``start`` to ``end`` (ISO 8601 dates, possibly of reduced precision: "2021-09-10", "2018-04",
    "1997"; None is unknown for a start and ongoing for an end), and its CAMEO code."""

    state: str | None = None
    title: str | None = None
    role: str | None = None
    start: str | None = None
    end: str | None = None
    cameo: str | None = None

    @property
    def start_date(self) -> date | None:
        return _parse_date(self.start, last=False)

    @property
    def end_date(self) -> date | None:
        return _parse_date(self.end, last=True)

    def holds_on(self, day: date) -> bool:
        start, end = self.start_date, self.end_date
        return (start is None or start <= day) and (end is None or day <= end)


@dataclass(frozen=True)
class Actor:
    """A canonical actor: ``id`` is stable ("state:ARM", "igo:NATO", "person:nikol-pashinyan");
    ``cls`` is a kg class name; ``aliases`` are the surface forms matched in text; ``cameo`` is its
    CAMEO actor code where one exists; ``roles`` are a person's positions; ``part_of`` is the
    actor (or its id) this one belongs to (a government body's state)."""

    id: str
    cls: str
    label: str
    aliases: tuple[str, ...] = ()
    iso3: str | None = None
    cameo: str | None = None
    roles: tuple[Role, ...] = ()
    part_of: Actor | str | None = None


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    surface: str
    actor: Actor


_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORDISH = re.compile(r"[\w-]")
_END = None  # the trie key that marks a complete form


def _form_keys(form: str) -> list[str]:
    """Trie keys of a surface form: its tokens, each after the first marked by whether space
    precedes it ("U.N." and "U. N." differ; "White House" matches "White\\nHouse")."""
    keys, previous = [], None
    for m in _TOKEN.finditer(form):
        if previous is None:
            keys.append(m.group(0))
        else:
            keys.append((" " if m.start() > previous else "") + m.group(0))
        previous = m.end()
    return keys


class Gazetteer:
    """Actors by id and the surface forms that name them.

    ``match_labels``: whether an actor's label is matched besides its aliases (the bundled
    knowledge base lists every matchable form in ``aliases``, and leaves out labels that are
    ambiguous, so it is loaded with ``match_labels=False``)."""

    def __init__(self, actors: Iterable[Actor], *, match_labels: bool = True):
        self._layers: list[tuple[tuple[Actor, ...], bool]] = [(tuple(actors), match_labels)]
        self._build()

    def with_actors(self, extra: Iterable[Actor]) -> Gazetteer:
        """A gazetteer with ``extra`` actors added; they win over these actors with the same id
        or the same surface form."""
        combined = Gazetteer.__new__(Gazetteer)
        combined._layers = [(tuple(extra), True)] + self._layers
        combined._build()
        return combined

    def _build(self) -> None:
        actors: dict[str, Actor] = {}
        for layer, _ in reversed(self._layers):  # later layers (users) replace earlier ones
            for actor in layer:
                actors[actor.id] = actor
        self.actors = actors
        forms: dict[str, Actor] = {}
        for layer, match_labels in self._layers:  # first layer first: it wins
            current = [a for a in layer if actors.get(a.id) is a]
            current.sort(key=lambda a: (_CLASS_RANK.get(a.cls, 3), a.id))
            claimed: dict[str, Actor] = {}
            for actor in current:
                for form in actor.aliases:
                    if form and form not in forms:
                        claimed.setdefault(form, actor)
            if match_labels:
                labels: dict[str, list[Actor]] = {}
                for actor in current:
                    labels.setdefault(actor.label, []).append(actor)
                for label, owners in labels.items():
                    # A label shared by different actors names none of them.
                    if label and label not in forms and label not in claimed and len(owners) == 1:
                        claimed[label] = owners[0]
            forms.update(claimed)
        self._forms = forms
        trie: dict = {}
        for form, actor in forms.items():
            keys = _form_keys(form)
            if not keys:
                continue
            node = trie
            for k in keys:
                node = node.setdefault(k, {})
            node[_END] = form
        self._trie = trie
        exact = {f: a for f, a in forms.items()}
        folded: dict[str, Actor] = {}
        for form, actor in forms.items():
            folded.setdefault(" ".join(form.split()).casefold(), actor)
        self._exact, self._casefold = exact, folded

    def find(self, text: str, offset: int = 0) -> Iterator[Match]:
        """Every non-overlapping mention in ``text``, leftmost then longest; positions are
        shifted by ``offset``."""
        tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
        trie, n, length = self._trie, len(tokens), len(text)
        i = 0
        while i < n:
            start, _, first = tokens[i]
            node = trie.get(first)
            best = None
            if node is not None and not (start > 0 and _WORDISH.match(text[start - 1])):
                j = i
                while True:
                    form = node.get(_END)
                    if form is not None:
                        end = tokens[j][1]
                        if end >= length or not _WORDISH.match(text[end]):
                            best = (j, form)
                    j += 1
                    if j >= n:
                        break
                    gap = " " if tokens[j][0] > tokens[j - 1][1] else ""
                    node = node.get(gap + tokens[j][2])
                    if node is None:
                        break
            if best is None:
                i += 1
                continue
            j, form = best
            end = tokens[j][1]
            yield Match(start + offset, end + offset, text[start:end], self._forms[form])
            i = j + 1

    def lookup(self, name: str) -> Actor | None:
        """Whole-name lookup, exact case first, then case-insensitive: for tags and glossary
        terms."""
        name = " ".join(name.split())
        return self._exact.get(name) or self._casefold.get(name.casefold())

    def state_of(self, actor: Actor | str, on: date | None = None) -> Actor | None:
        """The state ``actor`` acts for on the day ``on``: a state is its own; a government body
        its ``part_of``; a person the state of the role held that day (the one begun last, if
        several), or of the latest role when ``on`` is None. None when no role fits."""
        if isinstance(actor, str):
            actor = self.actors.get(actor)
            if actor is None:
                return None
        if isinstance(on, datetime):
            on = on.date()
        if actor.cls == "State":
            return self.actors.get(actor.id, actor)
        if actor.part_of is not None:
            return self.state_of(actor.part_of, on)
        roles = [r for r in actor.roles if r.state]
        if on is None:
            held = roles
            pick = max(held, key=lambda r: (r.end is None, r.end_date or date.min, r.start_date or date.min),
                       default=None)
        else:
            held = [r for r in roles if r.holds_on(on)]
            pick = max(held, key=lambda r: r.start_date or date.min, default=None)
        if pick is None:
            return None
        return self.actors.get(f"state:{pick.state}")


def _parse_date(text: str | None, last: bool) -> date | None:
    """"2021-09-10" -> that day; "2018-04" / "1997" -> the first (or, with ``last``, the last)
    day of that month or year."""
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        year, month = parts
        if not last:
            return date(year, month, 1)
        following = date(year + (month == 12), month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)


# -------------------------------------------------------------------------------------------------
# the bundled knowledge base

def actor_from_record(record: dict) -> Actor:
    """An Actor from one line of ``actors.jsonl``."""
    roles = tuple(Role(**{k: v for k, v in r.items() if k in Role.__dataclass_fields__})
                  for r in record.get("roles") or ())
    return Actor(record["id"], record["class"], record["label"], tuple(record.get("aliases") or ()),
                 record.get("iso3"), record.get("cameo"), roles)


@lru_cache(maxsize=1)
def bundled_actors() -> tuple[Actor, ...]:
    text = resources.files("kg").joinpath(KB_RESOURCE).read_text(encoding="utf-8")
    return tuple(actor_from_record(json.loads(line)) for line in text.splitlines() if line.strip())


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The bundled knowledge base (its aliases are exactly the forms to match)."""
    return Gazetteer(bundled_actors(), match_labels=False)


# -------------------------------------------------------------------------------------------------
# users' own actors

def load_user_actors(path: Path) -> list[Actor]:
    """Actors from a user's file: YAML (``.yaml``/``.yml``: a list of mappings with id, class,
    label, aliases, iso3, cameo, roles), CSV (header ``id,class,label,aliases,iso3,cameo``;
    aliases separated by ``|``) or RDF: Turtle (``.ttl``), JSON-LD (``.jsonld``) or RDF/XML
    (``.rdf``): resources typed with a kg class, labelled with rdfs:label and skos:altLabel; the
    id comes from the IRI. Raises InputError naming the file (and the line, where it can) when
    the file is malformed.

    The file is untrusted data: it is read whole only up to ``kg.limits``' ``max_document_bytes``;
    YAML is read with the safe loader; nothing it names is ever fetched or opened: a JSON-LD
    ``@context`` (or ``@import``) that refers to a document, remote or ``file:``, is refused (give
    the context inline), an RDF/XML DOCTYPE (where external entities would be declared) is refused,
    and IRIs, whatever their scheme (``file:``, ``javascript:``), are names, never dereferenced."""
    from kg.readers.text_input import read_bytes

    path = Path(path)
    source = str(path)
    if not path.exists() and not path.is_symlink():
        raise InputError(source, "no such file")
    data = read_bytes(path)  # InputError for a non-regular, unreadable or oversized file
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(source, f"not UTF-8 text ({e.reason} at byte {e.start})") from None
    suffix = path.suffix.lower()
    try:
        if suffix in (".yaml", ".yml"):
            actors = _from_yaml(source, text)
        elif suffix == ".csv":
            actors = _from_csv(source, text)
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
    if not actors:
        raise InputError(source, "no actors in the file")
    seen: dict[str, int | None] = {}
    for actor, line in actors:
        if actor.id in seen:
            raise InputError(source, f"actor {actor.id} is defined twice", line)
        seen[actor.id] = line
    return [actor for actor, _ in actors]


_FIELDS = ("id", "class", "label", "aliases", "iso3", "cameo", "roles")
_ROLE_FIELDS = tuple(Role.__dataclass_fields__)


def _make_actor(source: str, line: int | None, values: dict, roles: tuple[Role, ...] = ()) -> Actor:
    unknown = sorted(set(values) - set(_FIELDS))
    if unknown:
        raise InputError(source, f"unknown field(s) {', '.join(unknown)} (known: {', '.join(_FIELDS)})", line)
    ident, cls, label = (values.get(k) for k in ("id", "class", "label"))
    for name, value in (("id", ident), ("class", cls), ("label", label)):
        if not isinstance(value, str) or not value.strip():
            raise InputError(source, f"an actor needs {'an' if name == 'id' else 'a'} {name}", line)
    ident, cls, label = ident.strip(), cls.strip(), label.strip()
    if not re.fullmatch(r"[A-Za-z][\w.-]*:\S+", ident):
        raise InputError(source, f"id {ident!r} is not of the form prefix:name (e.g. group:WAGNER)", line)
    if cls not in ACTOR_CLASSES:
        raise InputError(source, f"class {cls!r} is not a kg actor class ({', '.join(ACTOR_CLASSES)})", line)
    aliases = values.get("aliases") or ()
    if isinstance(aliases, str):
        aliases = aliases.split("|")
    if not isinstance(aliases, (list, tuple)) or not all(isinstance(a, str) for a in aliases):
        raise InputError(source, "aliases must be a list of names (or names separated by |)", line)
    aliases = tuple(dict.fromkeys(a.strip() for a in aliases if a.strip()))
    iso3 = values.get("iso3") or None
    if iso3 is not None and not (isinstance(iso3, str) and re.fullmatch(r"[A-Z]{3}", iso3.strip())):
        raise InputError(source, f"iso3 {iso3!r} is not an ISO 3166 alpha-3 code", line)
    cameo = values.get("cameo") or None
    if cameo is not None and not (isinstance(cameo, str) and re.fullmatch(r"[A-Z0-9]{3,}", cameo.strip())):
        raise InputError(source, f"cameo {cameo!r} is not a CAMEO actor code", line)
    return Actor(ident, cls, label, aliases, iso3.strip() if iso3 else None, cameo.strip() if cameo else None, roles)


def _role(source: str, line: int | None, value) -> Role:
    if not isinstance(value, dict):
        raise InputError(source, "a role must be a mapping (state, title, role, start, end, cameo)", line)
    unknown = sorted(set(value) - set(_ROLE_FIELDS))
    if unknown:
        raise InputError(source, f"unknown role field(s) {', '.join(unknown)}", line)
    out = {}
    for name in _ROLE_FIELDS:
        v = value.get(name)
        if isinstance(v, (date, datetime)):
            v = (v.date() if isinstance(v, datetime) else v).isoformat()
        if v is not None and not isinstance(v, (str, int)):
            raise InputError(source, f"role {name} must be text", line)
        v = str(v).strip() if v is not None else None
        if name in ("start", "end") and v:
            if not _ISO_DATE.match(v):
                raise InputError(source, f"role {name} {v!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", line)
            try:
                _parse_date(v, last=False)
            except ValueError:
                raise InputError(source, f"role {name} {v!r} is not a valid date", line) from None
        if name == "state" and v and not re.fullmatch(r"[A-Z]{3}", v):
            raise InputError(source, f"role state {v!r} is not an ISO 3166 alpha-3 code", line)
        out[name] = v or None
    return Role(**out)


def _from_yaml(source: str, text: str) -> list[tuple[Actor, int | None]]:
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML is installed with kg's test extras
        raise InputError(source, "reading YAML needs PyYAML (pip install pyyaml)") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        problem = getattr(e, "problem", None) or str(e)
        raise InputError(source, f"not valid YAML: {problem}", mark.line + 1 if mark else None) from None
    if isinstance(data, dict) and "actors" in data and isinstance(root, yaml.MappingNode):
        data = data["actors"]
        root = next(v for k, v in root.value if k.value == "actors")
    if not isinstance(data, list) or not isinstance(root, yaml.SequenceNode):
        line = root.start_mark.line + 1 if root is not None else 1
        raise InputError(source, "expected a list of actors (mappings with id, class, label...)", line)
    out = []
    for item, node in zip(data, root.value):
        line = node.start_mark.line + 1
        if not isinstance(item, dict):
            raise InputError(source, "each actor must be a mapping (id, class, label, ...)", line)
        roles_value = item.get("roles") or []
        if not isinstance(roles_value, list):
            raise InputError(source, "roles must be a list", line)
        role_nodes = []
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == "roles" and isinstance(v, yaml.SequenceNode):
                    role_nodes = v.value
        roles = tuple(_role(source, (role_nodes[i].start_mark.line + 1) if i < len(role_nodes) else line, r)
                      for i, r in enumerate(roles_value))
        values = {k: v for k, v in item.items() if k != "roles"}
        out.append((_make_actor(source, line, values, roles), line))
    return out


_CSV_COLUMNS = ("id", "class", "label", "aliases", "iso3", "cameo")


def _from_csv(source: str, text: str) -> list[tuple[Actor, int | None]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="\0extra")
    try:
        header = reader.fieldnames
    except csv.Error as e:
        raise InputError(source, f"not valid CSV: {e}", 1) from None
    if not header:
        raise InputError(source, "empty file: expected a header id,class,label,aliases,iso3,cameo", 1)
    header = [h.strip() for h in header]
    reader.fieldnames = header
    unknown = [h for h in header if h not in _CSV_COLUMNS]
    missing = [h for h in ("id", "class", "label") if h not in header]
    if unknown or missing:
        problem = (f"unknown column(s) {', '.join(unknown)}" if unknown else f"missing column(s) {', '.join(missing)}")
        raise InputError(source, f"{problem} in the header (expected {','.join(_CSV_COLUMNS)})", 1)
    out = []
    try:
        for row in reader:
            line = reader.line_num
            extra = row.get("\0extra")
            if extra is not None:
                raise InputError(source, f"{len(header) + len(extra)} fields where the header has {len(header)}", line)
            if all(not (v or "").strip() for v in row.values()):
                continue
            values = {k: (v or "").strip() for k, v in row.items()}
            out.append((_make_actor(source, line, values), line))
    except csv.Error as e:
        raise InputError(source, f"not valid CSV: {e}", reader.line_num) from None
    return out


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

    kg = "https://w3id.org/kg/ontology#"
    kgid_actor = "https://w3id.org/kg/id/actor/"
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
            ident = f"{_ID_PREFIX.get(cls, 'actor')}:{local}"
        aliases = [label] + sorted({str(o) for o in labels[1:]} | set(alt))
        values = {"id": ident, "class": cls, "label": label, "aliases": aliases, "iso3": iso3, "cameo": cameo}
        out.append((_make_actor(source, None, values), None))
    return out
