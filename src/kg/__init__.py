"""kg: a knowledge-graph builder for topic glossaries and events."""
__version__ = "0.1.0"
