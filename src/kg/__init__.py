"""kg: a knowledge-graph builder for topic glossaries and events.

The documented Python API, importable from here (each name is loaded when first used, so that
``import kg`` stays light)::

    import kg

    with kg.open_store("my-store") as store:            # or kg.Store(path), kg.open_store(endpoint=URL)
        summary = kg.build(["pages/"], store)           # BuildSummary: outcomes, counts, exit_status
        report = kg.validate_store(store)               # ValidationReport: conforms, violations
        result = kg.run_query(store, kg.load_query("topics"))
        with open("graph.trig", "wb") as f:
            kg.export(store, "trig", f)

    with kg.open("my-store") as store:                  # read-only; kg.open(path, write=True) writes
        events = kg.run_query(store, kg.load_query("events")).to_pandas()   # needs kg[notebook]
        count = kg.sparql(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").to_pandas()

The floors below (readers → kb → extraction → mapping → store → services → build → web, plots →
cli) are importable too; README's "Python API" section says what each offers.
"""
__version__ = "0.1.0"

# name -> the module that defines it
_API = {
    # stores
    "open": "kg", "KgStore": "kg.store.base", "Store": "kg.store.local", "RemoteStore": "kg.store.remote", "open_store": "kg.store",
    # building
    "build": "kg", "BuildSummary": "kg.build.run", "Outcome": "kg.build.run",
    "work_items": "kg.build.inputs", "input_key": "kg.build.inputs", "ColumnMap": "kg.readers.corpus",
    # reading and extracting, without a store
    "read_document": "kg.readers", "Document": "kg.documents", "extract": "kg.extraction.extract",
    "code_records": "kg.services.coding", "code_stream": "kg.services.coding",
    # services
    "validate_store": "kg.services.validate", "ValidationReport": "kg.services.validate.core",
    "load_query": "kg.services.query", "run_query": "kg.services.query", "bundled_queries": "kg.services.query",
    "QueryResult": "kg.services.query", "sparql": "kg", "export": "kg.services.export", "export_file": "kg.services.export",
    "export_events_csv": "kg.services.export", "push": "kg.services.push",
    "check_ontology": "kg.services.ontology",
    # serving
    "start_web": "kg.web.serve",
    # errors
    "KgError": "kg.errors", "InputError": "kg.errors", "UsageError": "kg.errors", "StoreError": "kg.errors",
}
__all__ = ["__version__", *sorted(_API)]

from kg import _moved  # noqa: E402  (old module paths, for one release)

_moved.install()


def open(path=None, *, write: bool = False, wait: float = 0):  # noqa: A001  (kg.open, as in a notebook)
    """The kg store at ``path`` (default ``$KG_STORE``, else ``./.kg/store``), **read-only** unless
    ``write=True``: nothing done through it can change the store, and it takes no writer's lock
    (open it while no ``kg build`` writes the store: Oxigraph leaves reading a store another process
    is writing undefined). Use it as a context manager, or close it.

    Read-only, a path that is not a kg store (missing, a file, a directory of something else) is a
    :class:`kg.errors.StoreError`, never a new empty store. ``write=True`` makes the store if need
    be (an empty or missing directory) and refuses a directory holding something else; ``wait`` is
    how many seconds to wait for another kg process writing to it (0: refuse at once).
    For a SPARQL server: :func:`kg.open_store` with ``endpoint=URL``."""
    import importlib
    from pathlib import Path

    from kg.errors import StoreError, shown_name

    # imported by name, as __getattr__ does: kg itself sits on no floor, and the floors below that
    # import kg (extraction) must not reach the store through it
    local = importlib.import_module("kg.store.local")
    where = Path(path) if path is not None else local.default_store_path()
    is_store = (where / "CURRENT").is_file()  # what every Oxigraph (RocksDB) store directory has
    if not write and not is_store:
        what = "no such directory" if not where.exists() else "not a kg store"
        raise StoreError(f"{shown_name(where)}: {what} (build one with `kg build PAGES --store DIR`, "
                         f"or make one with kg.open(path, write=True))")
    if write and where.exists() and not is_store and (not where.is_dir() or any(where.iterdir())):
        what = "a directory of other files" if where.is_dir() else "a file"
        raise StoreError(f"{shown_name(where)}: not a kg store ({what}): kg makes a store only in a new "
                         f"or empty directory")
    return local.Store(where, read_only=not write, wait=wait)


def sparql(store, query: str):
    """Run the SPARQL SELECT text ``query`` on ``store`` (over the union of its graphs);
    the same :class:`kg.services.query.QueryResult` as :func:`kg.run_query` (``.columns``,
    ``.rows``, ``.to_pandas()``). A text that does not parse is a :class:`kg.errors.QueryError`
    saying where."""
    import importlib
    from pathlib import Path

    from kg.errors import QueryError

    queries = importlib.import_module("kg.services.query")  # by name: see open()
    if not isinstance(query, str):
        bundled = isinstance(query, queries.NamedQuery)
        raise QueryError(f"kg.sparql takes the query's text (a str), not {type(query).__name__}"
                         + (": run a bundled query with kg.run_query" if bundled else ""))
    return queries.run_query(store, queries.NamedQuery("sparql", Path("inline query"), query, "a query given as text"))


def __getattr__(name: str):
    if name in _API:
        import importlib

        if name == "build":  # the package kg.build, callable: kg.build(paths, store) (see kg/build/__init__.py)
            return importlib.import_module("kg.build")
        value = getattr(importlib.import_module(_API[name]), name)
        globals()[name] = value  # once found, an ordinary attribute
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
