"""The input formats kg reads, in their order of precedence: which reader an input goes to.

An input is first offered to the formats that open into many parts, in order, from its name and
first 64 KiB (a corpus is not read whole to be recognised: it streams); ``kg.build.inputs`` opens
the first that claims it. If none does, the file is read whole, and when its document is made
(``kg.readers.read_document``) it is offered to the formats that give one document, in order;
the first that claims it reads it. The built-in order:

=============  ==========  ===================================================================
format         opens       recognised by
=============  ==========  ===================================================================
warc           many        named .warc/.warc.gz, or starting with a WARC record (gzipped or not)
corpus         many        .jsonl/.ndjson/.csv whose first record has a text field and no
                           term/definition (any such file when the user maps its columns)
html           one         named .html/.htm/.xhtml (gzipped or not), or starting like HTML
glossary-file  one         .jsonl/.csv
factbook       one         .json
saved-page     one         text laid out as a saved news page
=============  ==========  ===================================================================

An input no format claims is refused with ``NOT_RECOGNISED``. Formats that read text decode it
first (``Probe.text``), so a binary or undecodable file is refused as such before that.

Adding a format is one module declaring ``FORMAT = InputFormat(...)`` (``kg.readers.input_format``)
and one registration: its place in ``_BUILT_IN``, or ``register(FORMAT, before=NAME)`` at run time.
A format registered at run time is known to this process only: worker processes (``kg build
--jobs N``) know the built-in ones.
"""
from __future__ import annotations

from kg.readers import corpus, factbook, glossary_file, savedpage, warc
from kg.readers.html import page
from kg.readers.input_format import InputFormat, Probe

NOT_RECOGNISED = ("no glossary or article recognised in this page "
                  "(kg reads saved pages with an 'In Focus' glossary and/or an article)")

_BUILT_IN = (warc.FORMAT, corpus.FORMAT, page.FORMAT, glossary_file.FORMAT, factbook.FORMAT, savedpage.FORMAT)
_formats: list[InputFormat] = list(_BUILT_IN)


def formats() -> tuple[InputFormat, ...]:
    """Every format known, in order of precedence."""
    return tuple(_formats)


def register(fmt: InputFormat, *, before: str | None = None) -> None:
    """Add ``fmt`` in front of the format named ``before`` (default: last). A name already
    registered, or an unknown ``before``, is a ValueError."""
    names = [f.name for f in _formats]
    if fmt.name in names:
        raise ValueError(f"an input format named {fmt.name!r} is already registered")
    if before is None:
        _formats.append(fmt)
    elif before in names:
        _formats.insert(names.index(before), fmt)
    else:
        raise ValueError(f"no input format named {before!r} to register {fmt.name!r} before")


def unregister(name: str) -> InputFormat:
    """Remove the format named ``name`` (a built-in one too) and give it back; KeyError if none is."""
    for i, fmt in enumerate(_formats):
        if fmt.name == name:
            return _formats.pop(i)
    raise KeyError(f"no input format named {name!r}")


def opening_many(probe: Probe) -> InputFormat | None:
    """The first format that opens into many parts and recognises ``probe``, or None; an
    InputError when its first bytes cannot be read."""
    return next((f for f in _formats if f.opens_many and f.recognises(probe)), None)


def opening_one(probe: Probe) -> InputFormat | None:
    """The first format that gives one document and recognises ``probe``, or None; an
    InputError when a format asks for its text and it is none."""
    return next((f for f in _formats if not f.opens_many and f.recognises(probe)), None)
