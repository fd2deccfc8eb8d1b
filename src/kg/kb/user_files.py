"""Actors of a user's own: YAML and CSV files (``kg build --kb FILE``, ``kg code --kb FILE``).

:func:`read_actor_file` reads one file into actors, checked field by field, with the file (and the
line, where it can) named in every error. RDF knowledge-base files (Turtle, JSON-LD, RDF/XML) are
read by :mod:`kg.mapping.kb_files`, which knows RDF and builds on :func:`make_actor`; what the rest of
kg is given is :class:`UserActors`.

The file is untrusted data: it is read whole only up to ``kg.limits``' ``max_document_bytes``;
YAML is read with the safe loader; nothing it names is ever fetched or opened.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from kg.errors import InputError
from kg.kb.actors import ACTOR_CLASSES, ISO_DATE, Actor, Role, partial_date

TABLE_SUFFIXES = {".yaml": "YAML", ".yml": "YAML", ".csv": "CSV"}


@dataclass(frozen=True)
class UserActors:
    """The actors of a user's knowledge-base files, and a digest of the files' bytes (it goes into
    each document's extraction fingerprint, so that a changed file rebuilds what it may change)."""

    actors: tuple[Actor, ...]
    digest: str


def read_text(path: Path) -> str:
    """The UTF-8 text of a user's file (InputError for a missing, non-regular, unreadable or
    oversized file, and for bytes that are not UTF-8)."""
    from kg.readers.text_input import read_bytes

    path = Path(path)
    source = str(path)
    if not path.exists() and not path.is_symlink():
        raise InputError(source, "no such file")
    data = read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(source, f"not UTF-8 text ({e.reason} at byte {e.start})") from None


def read_actor_file(path: Path, text: str) -> list[tuple[Actor, int | None]]:
    """The actors (each with the line it starts on, where known) of a YAML or CSV file."""
    source = str(path)
    kind = TABLE_SUFFIXES.get(Path(path).suffix.lower())
    if kind == "YAML":
        return _from_yaml(source, text)
    if kind == "CSV":
        return _from_csv(source, text)
    raise InputError(source, "not a YAML or CSV file of actors")


def checked(source: str, actors: list[tuple[Actor, int | None]]) -> list[Actor]:
    """The actors of one file, refused when there are none or an id comes twice."""
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


def make_actor(source: str, line: int | None, values: dict, roles: tuple[Role, ...] = ()) -> Actor:
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
            if not ISO_DATE.match(v):
                raise InputError(source, f"role {name} {v!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", line)
            try:
                partial_date(v, last=False)
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
        out.append((make_actor(source, line, values, roles), line))
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
            out.append((make_actor(source, line, values), line))
    except csv.Error as e:
        raise InputError(source, f"not valid CSV: {e}", reader.line_num) from None
    return out
