"""Glossaries kept as data: JSONL or CSV files of term–definition records.

Each record needs ``term`` and ``definition``; ``publisher`` (the glossary's owner), ``source``
(a URL) and ``license`` are kept when present. The document's text is the terms and definitions
laid out one after another, so every span points into it like a saved page's.

As an input format (``FORMAT``): a .jsonl or .csv file that is no corpus (a corpus is
recognised first) is one glossary.
"""
from __future__ import annotations

import csv
import io
import json
import warnings
from urllib.parse import urlparse

from kg.documents import Document, GlossaryEntry, Span
from kg.errors import InputError, KgWarning, shown_name
from kg.labels import clean_label
from kg.readers.corpus import field_listing
from kg.readers.input_format import InputFormat, Probe

READER_NAME = "glossary-file"
GLOSSARY_SUFFIXES = (".jsonl", ".csv")


def read_glossary_file(text: str, source: str, content_hash: str) -> Document:
    records = list(_records(text, source))
    if not records:
        raise InputError(source, "no term-definition records in this glossary file")
    parts: list[str] = []
    entries: list[GlossaryEntry] = []
    offset = 0
    for _, record in records:
        term, definition = record["term"], record["definition"]
        term_span = Span(offset, offset + len(term))
        offset += len(term) + 2
        definition_span = Span(offset, offset + len(definition))
        offset += len(definition) + 2
        parts += [term, "\n\n", definition, "\n\n"]
        entries.append(GlossaryEntry(term, definition, term_span, definition_span))
    publisher = next((r["publisher"] for _, r in records if r.get("publisher")), None)
    site = next((host for _, r in records if (host := _site(r.get("source")))), None)
    if publisher is None:
        publisher = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]  # the file's name stands in
        site = None  # a file without a named publisher is its own glossary
        kind = "column" if source.lower().endswith(".csv") else "field"
        warnings.warn(KgWarning(
            f"{shown_name(source)}: no publisher named: its glossary is named after the file ({publisher!r}); "
            f'to name it, give its records a "publisher" {kind}'),
            stacklevel=2)
    return Document(source=source, content_hash=content_hash, text="".join(parts), publisher=publisher,
                    publisher_site=site, glossary=tuple(entries), reader=READER_NAME)


def _records(text: str, source: str):
    if source.lower().endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text), strict=True)  # a quote left open is an error, not a field
        try:
            fieldnames = reader.fieldnames
        except csv.Error as exc:
            raise InputError(source, f"its header row is not valid CSV ({exc})", 1) from exc
        if not fieldnames or not {"term", "definition"} <= {f.strip().lower() for f in fieldnames}:
            raise InputError(source, 'a glossary CSV needs the columns "term" and "definition", and a corpus CSV '
                                     'a "text" column (or --columns text=NAME; title=2,text=3 for a file without a '
                                     f'header row); its header row has: {field_listing(fieldnames or [])}', 1)
        last = 1  # the line the last good record ended on
        try:
            for row in reader:
                number = last + 1
                last = reader.line_num
                yield number, _checked({k.strip().lower(): v for k, v in row.items() if k}, source, number)
        except csv.Error as exc:
            raise InputError(source, f"is not valid CSV ({exc})", max(reader.line_num, last + 1)) from exc
        return
    first = True
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line, parse_int=str)  # numbers are not read: 5,000 digits must not fail the file
        except json.JSONDecodeError as exc:
            raise InputError(source, f"is not valid JSON ({exc.msg})", number) from exc
        except RecursionError:
            raise InputError(source, "is not a glossary record: JSON nested too deeply to read", number) from None
        yield number, _checked(record, source, number, first_of_file=first)
        first = False


def _site(url) -> str | None:
    """The host of a record's ``source`` URL; None for what is not a URL urllib can take apart."""
    if not isinstance(url, str) or not url.startswith("http"):
        return None
    try:
        return urlparse(url).netloc or None
    except ValueError:  # "http://[::1": an IPv6 host that never closes
        return None


def _checked(record, source: str, number: int, first_of_file: bool = False) -> dict:
    if not isinstance(record, dict):
        raise InputError(source, "a record must be an object with a term and a definition", number)
    term, definition = record.get("term"), record.get("definition")
    if (not isinstance(term, str) or not clean_label(term) or not isinstance(definition, str)
            or not definition.strip()):
        problem = 'a record needs a non-empty "term" and "definition"'
        if first_of_file and not {"term", "definition"} & set(record):  # the file is perhaps no glossary
            problem += (' (a glossary), or the file a "text" field (a corpus: --columns text=NAME for another '
                        f'name); its first record has: {field_listing(sorted(map(str, record)))}')
        raise InputError(source, problem, number)
    return {**record, "term": clean_label(term), "definition": " ".join(definition.split())}


def _recognises(probe: Probe) -> bool:
    return probe.suffix in GLOSSARY_SUFFIXES


def _read(probe: Probe) -> Document:
    return read_glossary_file(probe.text, probe.source, probe.digest)


FORMAT = InputFormat(READER_NAME, _recognises, read=_read)
