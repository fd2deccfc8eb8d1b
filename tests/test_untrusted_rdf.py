"""--kb files are untrusted RDF (issue 8): a JSON-LD context or import that refers to another
document (remote or file:) is refused, an RDF/XML DOCTYPE (external entities) is refused, and IRIs
of any scheme (file:, javascript:, http://127.0.0.1) are names: loading them opens no file but the
--kb file itself and makes no connection (an audit hook watches every open and connect)."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, run_kg
from kg.errors import InputError
from kg.mapping.kb_files import load_actors as load_user_actors

KG = "https://w3id.org/kg/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_watching: list | None = None


def _watch(event: str, args) -> None:
    if _watching is not None and event in ("open", "socket.connect", "socket.getaddrinfo", "urllib.Request",
                                           "http.client.connect", "subprocess.Popen", "os.system"):
        _watching.append((event, args))


sys.addaudithook(_watch)


def watched(call):
    """Run ``call``; return its result (or InputError) and what it opened or connected to."""
    global _watching
    _watching = []
    try:
        try:
            result = call()
        except InputError as exc:
            result = exc
        return result, _watching
    finally:
        _watching = None


def opened_only(events, path: Path) -> None:
    assert ("open", str(path)) in [(e, str(a[0])) for e, a in events], "the audit hook saw no open at all"
    others = [(e, a) for e, a in events if not (e == "open" and str(a[0]) == str(path))]
    assert not others, f"loading {path.name} also did {others}"


TURTLE = f"""@prefix kg: <{KG}> .
@prefix rdfs: <{RDFS}> .
<file:///etc/passwd> a kg:ArmedGroup ; rdfs:label "Passwd Brigade" ; rdfs:seeAlso <file:///etc/shadow> .
<javascript:alert(1)> a kg:Movement ; rdfs:label "Script Movement" .
<http://127.0.0.1:9/actor> a kg:Organization ; rdfs:label "Loopback Org" ; rdfs:seeAlso <http://127.0.0.1:9/more> .
"""


def jsonld(context) -> str:
    doc = {"@graph": [{"@id": "file:///etc/passwd", "@type": "kg:ArmedGroup", "label": "Passwd Brigade"},
                      {"@id": "javascript:alert(1)", "@type": "kg:Movement", "label": "Script Movement"}]}
    if context is not None:
        doc = {"@context": context, **doc}
    return json.dumps(doc)


INLINE = {"kg": KG, "label": f"{RDFS}label"}


@pytest.fixture(scope="module", autouse=True)
def warmed(tmp_path_factory):
    """Load one file of each kind first, so the modules the loaders import are open already."""
    folder = tmp_path_factory.mktemp("warm")
    for name, text in (("a.ttl", TURTLE), ("a.jsonld", jsonld(INLINE)), ("a.rdf", rdfxml(""))):
        (folder / name).write_text(text, encoding="utf-8")
        load_user_actors(folder / name)


def rdfxml(doctype: str, label: str = "Passwd Brigade") -> str:
    return (f'<?xml version="1.0"?>{doctype}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            f'xmlns:rdfs="{RDFS}"><rdf:Description rdf:about="file:///etc/passwd">'
            f'<rdf:type rdf:resource="{KG}ArmedGroup"/><rdfs:label>{label}</rdfs:label></rdf:Description></rdf:RDF>')


def test_turtle_iris_of_any_scheme_are_names_never_followed(tmp_path):
    path = tmp_path / "actors.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    actors, events = watched(lambda: load_user_actors(path))
    assert sorted(a.label for a in actors) == ["Loopback Org", "Passwd Brigade", "Script Movement"]
    opened_only(events, path)


def test_jsonld_with_an_inline_context_loads_and_follows_nothing(tmp_path):
    path = tmp_path / "actors.jsonld"
    path.write_text(jsonld(INLINE), encoding="utf-8")
    actors, events = watched(lambda: load_user_actors(path))
    assert sorted(a.label for a in actors) == ["Passwd Brigade", "Script Movement"]
    opened_only(events, path)


@pytest.mark.parametrize("context", [
    "http://127.0.0.1:9/context.jsonld",
    "https://schema.org/",
    "file:///etc/passwd",
    "context.jsonld",  # relative: would be read from beside the file
    [INLINE, "http://127.0.0.1:9/more.jsonld"],
    {"@import": "http://127.0.0.1:9/base.jsonld", **INLINE},
    {"@import": "file:///etc/passwd"},
])
def test_jsonld_context_references_are_refused(tmp_path, context):
    path = tmp_path / "actors.jsonld"
    path.write_text(jsonld(context), encoding="utf-8")
    refused, events = watched(lambda: load_user_actors(path))
    assert isinstance(refused, InputError)
    assert str(refused).startswith(f"{path}: its @context") and "fetches no context" in str(refused)
    opened_only(events, path)


def test_a_context_nested_in_a_node_is_refused_too(tmp_path):
    path = tmp_path / "actors.jsonld"
    path.write_text(json.dumps({"@context": INLINE, "@graph": [
        {"@context": "http://127.0.0.1:9/x", "@id": "https://example.org/a", "@type": "kg:State", "label": "A"}]}),
        encoding="utf-8")
    refused, events = watched(lambda: load_user_actors(path))
    assert isinstance(refused, InputError) and "fetches no context" in str(refused)
    opened_only(events, path)


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE rdf:RDF [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE rdf:RDF [<!ENTITY remote SYSTEM "http://127.0.0.1:9/x">]>',
    '<!DOCTYPE rdf:RDF [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',  # a laugh
    '<!doctype rdf:RDF SYSTEM "http://127.0.0.1:9/rdf.dtd">',
])
def test_rdfxml_with_a_doctype_is_refused(tmp_path, doctype):
    path = tmp_path / "actors.rdf"
    path.write_text(rdfxml(doctype, "&secret;" if "secret" in doctype else "Passwd Brigade"), encoding="utf-8")
    refused, events = watched(lambda: load_user_actors(path))
    assert isinstance(refused, InputError) and "DOCTYPE" in str(refused)
    assert str(refused).startswith(f"{path}: ")
    opened_only(events, path)


def test_rdfxml_without_a_doctype_loads(tmp_path):
    path = tmp_path / "actors.rdf"
    path.write_text(rdfxml(""), encoding="utf-8")
    actors, events = watched(lambda: load_user_actors(path))
    assert [a.label for a in actors] == ["Passwd Brigade"]
    opened_only(events, path)


@pytest.mark.parametrize("name,text,problem", [
    ("deep.yaml", "[" * 5000 + "]" * 5000, "nested too deeply"),
    ("python.yaml", "- !!python/object/apply:os.system ['echo hi']\n", "not valid YAML"),
    ("deep.jsonld", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("deep.ttl", "@prefix kg: <https://w3id.org/kg/ontology#> .\n<a:b> kg:p " + "(" * 5000 + ")" * 5000 + " .\n",
     "Turtle"),
])
def test_hostile_structure_in_a_kb_file_is_an_input_error(tmp_path, name, text, problem):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    refused, events = watched(lambda: load_user_actors(path))
    assert isinstance(refused, InputError), refused
    assert problem in str(refused) and "\n" not in str(refused)
    assert not [e for e, _ in events if e != "open"]


def test_a_refused_kb_file_leaves_the_store_as_it_was(tmp_path):
    store = tmp_path / "store"
    assert run_kg("build", EXAMPLE, "--store", store, "--no-check").exit_code == 0
    before = run_kg("export", "--format", "n-quads", "--store", store).stdout
    evil = tmp_path / "evil.jsonld"
    evil.write_text(jsonld("http://127.0.0.1:9/context.jsonld"), encoding="utf-8")
    copy = tmp_path / "page.txt"
    shutil.copy(EXAMPLE, copy)
    result = run_kg("build", copy, "--kb", evil, "--store", store, "--no-check")
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"kg: error: {evil}: its @context 'http://127.0.0.1:9/context.jsonld' refers "
                                     "to another document: kg fetches no context (remote or file:); put the "
                                     "context inline")
    assert run_kg("export", "--format", "n-quads", "--store", store).stdout == before
