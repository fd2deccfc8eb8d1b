"""Where the bundled assets (ontology, shapes, queries, examples) live.

In an installed wheel they sit inside the package (``kg/ontology`` …); in a source checkout
(editable install or tests) they are the top-level folders of the repository.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DIR = _PACKAGE_DIR.parent.parent


def asset_dir(name: str) -> Path:
    """Return the folder of bundled asset ``name`` ("ontology", "shapes", "queries", "examples")."""
    for base in (_PACKAGE_DIR, _CHECKOUT_DIR):
        candidate = base / name
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} is missing from the kg installation")


def ontology_files() -> list[Path]:
    return sorted(asset_dir("ontology").glob("*.ttl"))


def shape_files() -> list[Path]:
    return sorted(asset_dir("shapes").glob("*.ttl"))


def jsonld_context_file() -> Path:
    return asset_dir("ontology") / "context.jsonld"
