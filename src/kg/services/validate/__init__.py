"""SHACL validation: the engines, the shapes and the report (:mod:`kg.services.validate.core`), the
shapes spread over worker processes (:mod:`kg.services.validate.parallel`), and the refusal of a
user's shapes whose SPARQL would reach another server (:mod:`kg.services.validate.shapes_sparql`).
:func:`validate_store` chooses between one process and several."""
from __future__ import annotations

_PUBLIC = {name: "kg.services.validate.core" for name in (
    "validate_graph", "ValidationReport", "Violation", "load_shapes", "DocumentChecker", "format_text",
    "ENGINES", "DEFAULT_ENGINE")}
__all__ = sorted([*_PUBLIC, "validate_store"])


def validate_store(store, shapes=None, engine: str | None = None, jobs: int | None = 1):
    """The whole store against the shapes (:class:`~kg.services.validate.core.ValidationReport`).
    ``engine``: "turbo" (default) or "pyshacl"; ``jobs``: worker processes that share the shapes
    (:mod:`kg.services.validate.parallel`; the same report); None: one for a small store, else the
    cores."""
    from kg.services.validate.core import DEFAULT_ENGINE, store_ntriples, validate_graph
    from kg.services.validate.parallel import default_jobs, validate_store_parallel

    engine = engine or DEFAULT_ENGINE
    if jobs is None:
        jobs = default_jobs(len(store))
    if jobs > 1:
        return validate_store_parallel(store, shapes, engine, jobs)
    return validate_graph(store_ntriples(store), shapes, engine)


def __getattr__(name: str):
    if name in _PUBLIC:
        import importlib
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'kg.services.validate' has no attribute {name!r}")
