"""Where everything kg ships is found: one place, so no module works out its own path.

Two kinds. The assets a user also sees and edits (ontology, shapes, queries, examples:
:func:`asset_dir`) sit inside the package in an installed wheel (``kg/ontology`` …) and are the
top-level folders of the repository in a source checkout (editable install or tests). The package's
own data (the knowledge base, lexicon, site profiles, the pages' templates and scripts, the
pictures' queries: :func:`package_path`) is always inside the package.
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


def package_path(*parts: str) -> Path:
    """A file or folder of the package's own data, ``parts`` relative to the ``kg`` package
    (``package_path("data", "kb", "actors.jsonl")``)."""
    return _PACKAGE_DIR.joinpath(*parts)


def ontology_files() -> list[Path]:
    return sorted(asset_dir("ontology").glob("*.ttl"))


def shape_files() -> list[Path]:
    return sorted(asset_dir("shapes").glob("*.ttl"))


def jsonld_context_file() -> Path:
    return asset_dir("ontology") / "context.jsonld"
