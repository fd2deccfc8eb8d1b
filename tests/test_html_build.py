"""HTML pages through the whole build: language, URL and bylines in the graph; events only where
the pipeline reads the language, and the summary says so; site profiles from the command line."""
from __future__ import annotations

from kg.store.local import Store

from conftest import run_kg

PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title>
<link rel="canonical" href="https://news.example.org/{slug}">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-04">
</head><body><article><h1>{title}</h1>
{paragraphs}
</article></body></html>
"""


def page(path, lang, title, paragraphs, slug):
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    path.write_text(PAGE.format(lang=lang, title=title, paragraphs=body, slug=slug), encoding="utf-8")
    return path


ENGLISH = ["Russia accused Ukraine of shelling the city of Kharkiv on Monday, officials in Moscow said.",
           "The government of Ukraine rejected the accusation and asked the United Nations to investigate."]
FRENCH = ["La Russie a accusé l'Ukraine de bombarder la ville de Kharkiv lundi, selon Moscou.",
          "Le gouvernement ukrainien a rejeté l'accusation et a demandé une enquête aux Nations unies."]


def ask(store, sparql):
    with Store(store, read_only=True) as s:
        return [[t.value if t is not None else None for t in row] for row in s.query(sparql)]


def test_events_are_coded_only_in_a_language_the_pipeline_reads(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    page(pages / "en.html", "en", "Russia accuses Ukraine over Kharkiv shelling", ENGLISH, "en")
    page(pages / "fr.html", "fr-FR", "La Russie accuse l'Ukraine", FRENCH, "fr")
    store = tmp_path / "store"
    result = run_kg("build", pages, "--store", store)
    assert result.exit_code == 0, result.output
    assert "2 built" in result.stderr
    assert "events not coded in 1 documents" in result.stderr and "fr-FR 1" in result.stderr
    rows = ask(store, """PREFIX schema: <https://schema.org/> PREFIX kg: <https://w3id.org/kg/ontology#>
        SELECT ?lang ?url (COUNT(DISTINCT ?e) AS ?events) WHERE {
          ?a a kg:Article ; schema:inLanguage ?lang ; schema:url ?url .
          OPTIONAL { ?e a kg:Event ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?a } } GROUP BY ?lang ?url ORDER BY ?lang""")
    assert [r[:2] for r in rows] == [["en", "https://news.example.org/en"], ["fr-FR", "https://news.example.org/fr"]]
    english, french = int(rows[0][2]), int(rows[1][2])
    assert english > 0 and french == 0
    authors = ask(store, "PREFIX schema: <https://schema.org/> SELECT DISTINCT ?n WHERE { ?a schema:author/schema:name ?n }")
    assert authors == [["Jane Roe"]]
    assert run_kg("validate", "--store", store).exit_code == 0


def test_a_bad_site_profile_is_an_input_error_before_anything_is_built(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[glossary\nitem = 'dl'\n", encoding="utf-8")
    target = page(tmp_path / "en.html", "en", "Russia accuses Ukraine", ENGLISH, "en")
    result = run_kg("build", target, "--store", tmp_path / "store", "--profile", bad)
    assert result.exit_code == 2
    assert str(bad) in result.stderr and len(result.stderr.strip().splitlines()) == 1
