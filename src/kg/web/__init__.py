"""``kg serve``'s web layer: server-rendered pages over a store, and a guarded SPARQL endpoint.

- :mod:`kg.web.sparql_lexer` splits SPARQL text into tokens by Oxigraph's own lexical rules;
- :mod:`kg.web.guard` decides from them what the public endpoint refuses before anything reaches
  Oxigraph (SPARQL Update and ``LOAD`` on the query endpoint, ``SERVICE`` clauses, nesting past a
  limit, writes on a read-only server) and gives the text to send on;
- :mod:`kg.web.access` refuses requests by their ``Host`` and ``Origin`` (DNS rebinding, cross-site
  writes);
- :mod:`kg.web.proxy` forwards SPARQL protocol requests to Oxigraph's own server (bound to an
  internal 127.0.0.1 port) and streams its answers back;
- :mod:`kg.web.oxigraph` finds, starts and supervises that server, through :mod:`kg.web.fence`, which
  makes it die with ``kg serve`` and keeps it from connecting out;
- :mod:`kg.web.data` runs the pages' SPARQL (kg's own query functions, parameters bound as RDF
  terms) and gives plain rows;
- :mod:`kg.web.app` renders the pages (Jinja2 templates in ``templates/``, CSS and scripts in
  ``static/``); :mod:`kg.web.wsgi` is the WSGI application that routes every request, served by
  waitress.

:func:`kg.web.serve.start_web` puts them together; ``docs/pages.md`` describes the pages.
"""
