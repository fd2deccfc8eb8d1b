"""World Factbook country files (factbook.json layout) as glossary entries: a country's name and
the "Background" paragraph that introduces it, the Factbook being the publisher.

As an input format (``FORMAT``): any .json file is read as one.
"""
from __future__ import annotations

import html
import json
import re

from kg.documents import Document, GlossaryEntry, Span
from kg.errors import InputError
from kg.readers.input_format import InputFormat, Probe

READER_NAME = "factbook"
PUBLISHER = "The World Factbook"
_TAG = re.compile(r"<[^>]+>")
SUFFIX = ".json"


def read_factbook_country(text: str, source: str, content_hash: str) -> Document:
    try:
        record = json.loads(text, parse_int=str)  # numbers are never read; a 5,000-digit one must not fail
    except json.JSONDecodeError as exc:
        raise InputError(source, f"is not valid JSON ({exc.msg})", exc.lineno) from exc
    except RecursionError:
        raise InputError(source, "is not a Factbook country file: JSON nested too deeply to read") from None
    background = _text(record, "Introduction", "Background")
    if not background:
        raise InputError(source, "no glossary or article recognised: a JSON file kg reads is a Factbook "
                                 "country file with an Introduction/Background paragraph")
    name = (_text(record, "Government", "Country name", "conventional short form")
            or _text(record, "Government", "Country name", "conventional long form")
            or _text(record, "Government", "Union name", "conventional long form")  # the EU's file
            or source.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    if name.lower() == "none":
        name = _text(record, "Government", "Country name", "conventional long form") or name
    body = f"{name}\n\n{background}\n"
    entry = GlossaryEntry(name, background, Span(0, len(name)), Span(len(name) + 2, len(name) + 2 + len(background)))
    return Document(source=source, content_hash=content_hash, text=body, publisher=PUBLISHER,
                    publisher_site=None, glossary=(entry,), reader=READER_NAME)


def _text(record: dict, *path: str) -> str:
    node = record
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return ""
        node = node[key]
    raw = node.get("text", "") if isinstance(node, dict) else ""
    plain = html.unescape(_TAG.sub(" ", raw)) if isinstance(raw, str) else ""
    return " ".join(plain.split())


def _recognises(probe: Probe) -> bool:
    return probe.suffix == SUFFIX


def _read(probe: Probe) -> Document:
    return read_factbook_country(probe.text, probe.source, probe.digest)


FORMAT = InputFormat(READER_NAME, _recognises, read=_read)
