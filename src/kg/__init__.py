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

The floors below (readers → kb → extraction → mapping → store → services → build → web, plots →
cli) are importable too; README's "Python API" section says what each offers.
"""
__version__ = "0.1.0"

# name -> the module that defines it
_API = {
    # stores
    "KgStore": "kg.store.base", "Store": "kg.store.local", "RemoteStore": "kg.store.remote", "open_store": "kg.store",
    # building
    "build": "kg", "BuildSummary": "kg.build.run", "Outcome": "kg.build.run",
    "work_items": "kg.build.inputs", "input_key": "kg.build.inputs", "ColumnMap": "kg.readers.corpus",
    # reading and extracting, without a store
    "read_document": "kg.readers", "Document": "kg.documents", "extract": "kg.extraction.extract",
    "code_records": "kg.services.coding", "code_stream": "kg.services.coding",
    # services
    "validate_store": "kg.services.validate", "ValidationReport": "kg.services.validate.core",
    "load_query": "kg.services.query", "run_query": "kg.services.query", "bundled_queries": "kg.services.query",
    "QueryResult": "kg.services.query", "export": "kg.services.export", "export_file": "kg.services.export",
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
