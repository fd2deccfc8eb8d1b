"""``kg serve``'s web layer: server-rendered pages over a store, and a guarded SPARQL endpoint.

- :mod:`kg.web.guard` decides what the public endpoint refuses before anything reaches Oxigraph
  (SPARQL Update and ``LOAD`` on the query endpoint, ``SERVICE`` clauses, writes on a read-only
  server);
- :mod:`kg.web.proxy` forwards SPARQL protocol requests to Oxigraph's own server (bound to an
  internal 127.0.0.1 port) and streams its answers back;
- :mod:`kg.web.data` runs the pages' SPARQL (kg's own query functions, parameters bound as RDF
  terms) and gives plain rows;
- :mod:`kg.web.app` is the HTTP server (the standard library's ``ThreadingHTTPServer``) with the
  pages (Jinja2 templates in ``templates/``, CSS and scripts in ``static/``).

:func:`kg.serve.start_web` puts them together; ``docs/pages.md`` describes the pages.
"""
