"""SHACL validation: the engines and the report (:mod:`kg.services.validate.core`), the shapes
spread over worker processes (:mod:`kg.services.validate.parallel`), and the refusal of a user's
shapes whose SPARQL would reach another server (:mod:`kg.services.validate.shapes_sparql`)."""
from __future__ import annotations

_PUBLIC = {name: "kg.services.validate.core" for name in (
    "validate_store", "validate_graph", "ValidationReport", "Violation", "load_shapes", "DocumentChecker",
    "format_text", "ENGINES", "DEFAULT_ENGINE")}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        import importlib
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'kg.services.validate' has no attribute {name!r}")
