"""A server's answer to a query, SPARQL 1.1 Query Results JSON, read into pyoxigraph terms: the
solutions of a SELECT (:class:`RemoteSolutions`, used like pyoxigraph's QuerySolutions) or the
boolean of an ASK, so that what reads a local store's answers reads a server's unchanged."""
from __future__ import annotations

import json
from collections.abc import Iterator

from pyoxigraph import BlankNode, Literal, NamedNode, Triple, Variable

from kg.store.remote_errors import RemoteError


class RemoteSolution:
    """One row of a SELECT result: ``solution["name"]``, ``solution[Variable("name")]`` or
    ``solution[0]`` give the term (None when unbound), like pyoxigraph's QuerySolution."""

    __slots__ = ("_names", "_terms")

    def __init__(self, names: list[str], terms: list):
        self._names = names
        self._terms = terms

    def __getitem__(self, key):
        if isinstance(key, int):
            return self._terms[key]
        name = key.value if isinstance(key, Variable) else str(key)
        try:
            return self._terms[self._names.index(name)]
        except ValueError:
            raise KeyError(name) from None

    def __iter__(self) -> Iterator:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def __repr__(self) -> str:
        return "<RemoteSolution " + " ".join(f"{n}={t}" for n, t in zip(self._names, self._terms)) + ">"


class RemoteSolutions:
    """The solutions of a SELECT query: ``variables`` (pyoxigraph Variables) and the rows, like
    pyoxigraph's QuerySolutions (but they can be iterated more than once)."""

    def __init__(self, names: list[str], rows: list[list]):
        self.variables = [Variable(n) for n in names]
        self._names = names
        self._rows = rows

    def __iter__(self) -> Iterator[RemoteSolution]:
        return (RemoteSolution(self._names, r) for r in self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def parse_term(value: dict, bnodes: dict[str, BlankNode]):
    """A pyoxigraph term from one SPARQL 1.1 JSON results binding.

    Accepts ``typed-literal`` (what older Virtuoso versions write) and RDF-star ``triple``
    terms; a blank-node label that is not a valid N-Triples label is mapped to a fresh blank
    node, the same one for the same label within one result."""
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return NamedNode(text)
    if kind in ("literal", "typed-literal"):
        if value.get("xml:lang"):
            return Literal(text, language=value["xml:lang"])
        if value.get("datatype"):
            return Literal(text, datatype=NamedNode(value["datatype"]))
        return Literal(text)
    if kind == "bnode":
        if text not in bnodes:
            try:
                bnodes[text] = BlankNode(text)
            except ValueError:
                bnodes[text] = BlankNode()
        return bnodes[text]
    if kind == "triple":
        inner = value["value"]
        return Triple(parse_term(inner["subject"], bnodes), parse_term(inner["predicate"], bnodes),
                      parse_term(inner["object"], bnodes))
    raise ValueError(f"unknown term type {kind!r}")


def parse_results(data: bytes, url: str = "the endpoint") -> RemoteSolutions | bool:
    """SPARQL 1.1 Query Results JSON (a SELECT's solutions, or an ASK's boolean)."""
    try:
        document = json.loads(data.decode("utf-8"))
        if "boolean" in document:
            return bool(document["boolean"])
        names = list(document["head"].get("vars", []))
        bnodes: dict[str, BlankNode] = {}
        rows = []
        for binding in document["results"]["bindings"]:
            rows.append([parse_term(binding[n], bnodes) if n in binding else None for n in names])
        return RemoteSolutions(names, rows)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        start = " ".join(data[:120].decode("utf-8", "replace").split())
        raise RemoteError(f"{url}: the answer is not SPARQL JSON results ({exc}): {start!r}",
                          kind="rejected") from exc
