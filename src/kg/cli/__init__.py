"""The ``kg`` command: thin click commands over the library (``main`` is the entry point)."""
from kg.cli.main import main

__all__ = ["main"]
