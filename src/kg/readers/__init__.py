"""Readers turn an input into plain Document records (and know nothing of RDF).

``read_document`` picks the reader that recognises the input: JSONL/CSV glossary files by their
suffix, World Factbook country files (.json), and the saved-page text format of news and analysis sites (a glossary and an article saved
as text).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from kg.documents import Document
from kg.errors import InputError
from kg.readers.factbook import read_factbook_country
from kg.readers.glossary_file import GLOSSARY_SUFFIXES, read_glossary_file
from kg.readers.savedpage import looks_like_saved_page, read_saved_page
from kg.readers.text_input import decode_text, read_bytes


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: Path, source: str | None = None, data: bytes | None = None) -> Document:
    """Read ``path`` (or ``data`` already read from it) into a Document.

    Raises InputError naming the file when it is missing, empty, binary, undecodable or of no
    layout kg recognises.
    """
    source = source or str(path)
    if data is None:
        data = read_bytes(path)
    text = decode_text(data, source)
    if path.suffix.lower() in GLOSSARY_SUFFIXES:
        return read_glossary_file(text, source, content_hash(data))
    if path.suffix.lower() == ".json":
        return read_factbook_country(text, source, content_hash(data))
    if not looks_like_saved_page(text):
        raise InputError(source, "no glossary or article recognised in this page "
                                 "(kg reads saved pages with an 'In Focus' glossary and/or an article)")
    return read_saved_page(text, source, content_hash(data))
