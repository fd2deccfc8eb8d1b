"""The ``kg`` command: thin click commands over the library.

Exit statuses: 0 success; 1 the data does not conform, the ontology is inconsistent, or some
documents failed; 2 usage or input error (missing, empty, binary or unrecognised file, bad
parameter, unknown query, store in use); 130 a build interrupted (SIGINT/SIGTERM: what was stored
is complete, and running the same command again continues).
"""
from __future__ import annotations

import contextlib
import signal
import sys
import warnings
from pathlib import Path

import click

from kg import __version__
from kg.errors import KgError, KgWarning, kg_warning_line, one_line, shown_name

from kg.cli.common import reports_errors, store_option


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.pass_context
def main(ctx):
    """kg builds an RDF knowledge graph of glossary topics, actors, alliances and events
    from news and analysis pages, validates it with SHACL and queries it with SPARQL."""
    ctx.with_resource(_warnings_on_one_line())


@contextlib.contextmanager
def _warnings_on_one_line():
    """kg's warnings (odd input it read anyway: kg.errors.KgWarning) as ``kg: warning: ...``, one
    line each, every time; other warnings as Python shows them. Put back when the command ends."""
    with warnings.catch_warnings():
        shown = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):
            if issubclass(category, KgWarning):
                click.echo(kg_warning_line(message), err=True)
            else:
                shown(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        warnings.simplefilter("always", KgWarning)
        yield


ENGINE_HELP = "SHACL engine: turbo (pyshacl-turbo, the default: the same results, far faster) or pyshacl."


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--force", is_flag=True, help="Rebuild documents even when unchanged.")
@click.option("--kb", "kb_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra actors and aliases (YAML, CSV, Turtle, JSON-LD or RDF/XML) used with the bundled knowledge base.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Extract in this many worker processes (one writer stores the results).")
@click.option("--columns", metavar="FIELD=COLUMN,...",
              help="Where a corpus file's fields are: names (title=headline,text=body) or, for a CSV "
                   "without header, 1-based positions (title=2,text=3). Fields: id, url, title, "
                   "published, text, publisher, section, tags.")
@click.option("--published", metavar="YYYY-MM-DD", default=None,
              help="The publication date of corpus records that give none (a record's own date wins): "
                   "what events without a stated time are bounded by.")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=64, show_default=True,
              help="Documents extracted, checked and written together (memory follows it).")
@click.option("--no-check", is_flag=True, help="Do not apply the shapes to each document before storing it.")
@click.option("--shapes", "shape_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="More SHACL shapes (Turtle) each document must satisfy, besides the bundled ones.")
@click.option("--engine", type=click.Choice(["turbo", "pyshacl"]), default="turbo", show_default=True,
              help=ENGINE_HELP)
@click.option("--wait", type=click.FloatRange(0), default=0, show_default=True, metavar="SECONDS",
              help="Wait this long for another kg process writing to the store (default: refuse at once).")
@click.option("--endpoint", metavar="URL", default=None,
              help="Build into a SPARQL 1.1 server (its query URL) instead of the local store, with the same "
                   "per-document replace-graph rule. Credentials as for `kg push`.")
@click.option("--graph-store", "graph_store_url", metavar="URL", default=None,
              help="With --endpoint: the Graph Store Protocol URL (default: Oxigraph's layout).")
@click.option("--update", "update_url", metavar="URL", default=None,
              help="With --endpoint: the SPARQL Update URL (default: /query -> /update).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where extraction runs: here (with --jobs worker processes) or on a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="With --executor dask: the scheduler's address (tcp://HOST:8786).")
@click.option("--shards", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="With --executor dask: also keep each batch's N-Quads as a shard file in this directory.")
@click.option("--profile", "profile_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A site profile (TOML: where a site's glossary, title, date and body are) for HTML "
                   "pages; repeatable, tried before the bundled ones (docs/html-input.md).")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@reports_errors
def build(paths, store_path, force, kb_files, jobs, columns, published, batch_size, no_check, shape_files, engine,
          wait, endpoint, graph_store_url, update_url, executor, scheduler, shards, profile_files, quiet):
    """Read PATHS (files, directories, globs, JSONL/CSV corpora) into the store, one named graph
    per document.

    Unchanged documents are skipped without extraction; a changed one replaces its own graph; a
    malformed corpus record is reported and skipped; a document that fails (or violates the
    shapes) is reported and the rest go on. Exit 2 if an input file cannot be read or
    recognised (or a --columns map names a column a corpus file lacks: then nothing is built),
    1 if a document failed otherwise, 0 if all built (skipped records included). A build that
    stores nothing into a new store leaves no store behind.
    """
    from kg.build.inputs import column_problems, estimate_documents
    from kg.build.run import build as run_build
    from kg.readers.corpus import ColumnMap
    from kg.store.local import discard_created

    from kg.readers import load_profiles
    from kg.cli.common import BuildProgress

    column_map = ColumnMap.parse(columns, published)
    profiles = load_profiles(profile_files)  # a bad profile is an input error before anything is built
    if (executor == "dask") != (scheduler is not None):
        raise click.UsageError("--executor dask goes with --scheduler ADDRESS (and --scheduler only with it)")
    if shards is not None and executor != "dask":
        raise click.UsageError("--shards goes with --executor dask")
    if column_map:  # a map a corpus file does not fit is refused before anything is built
        problems = list(column_problems(paths, column_map))
        for problem in problems:
            click.echo(f"kg: error: {shown_name(problem)}", err=True)
        if problems:
            sys.exit(2)
    # a line rewritten in place on a terminal (N/total, ETA); nothing of it in a pipe
    shown = BuildProgress(estimate_documents(paths, column_map)) if sys.stderr.isatty() and not quiet else None
    built = 0

    def progress(outcome):
        nonlocal built
        built += outcome.status == "built"
        # shown_name once more on the whole line: a file name that reached a message unescaped
        # (control characters, a name's bytes that are not UTF-8) must not reach the terminal so
        if outcome.status == "failed":
            line = f"kg: error: {shown_name(outcome.message)}"
        elif outcome.status == "skipped":
            line = f"kg: skipped: {shown_name(outcome.message)}"
        else:
            line = None
        if shown is not None:
            shown.update(outcome, line)
        elif line is not None:
            click.echo(line, err=True)

    def interrupted(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, interrupted)  # a clean stop, like Ctrl-C

    store = chosen_store(store_path, endpoint, wait=wait, update_url=update_url, graph_store_url=graph_store_url)
    discarded = False
    try:
        with store:
            store.ping()  # an unreachable server is a usage error before anything is read
            try:
                summary = run_build(paths, store, force=force, progress=progress, jobs=jobs, kb_files=kb_files,
                                    columns=column_map, batch_size=batch_size, check=not no_check, engine=engine,
                                    shapes=shape_files, scheduler=scheduler, shards=shards, profiles=profiles)
            except KeyboardInterrupt:
                if shown is not None:
                    shown.close()
                # every batch written so far is whole (one transaction each): the next run goes on from here
                click.echo(f"kg build: interrupted; what was stored is complete: run the same command to "
                           f"continue -> {store.path}", err=True)
                sys.exit(130)
            finally:
                if shown is not None:
                    shown.close()
    finally:
        if not built:  # nothing stored: a store this build made is not left behind, empty
            discarded = discard_created(store)
    if not quiet:
        where = f"nothing stored, no store made at {store.path}" if discarded else store.path
        click.echo(f"kg build: {summary.line()} -> {where}", err=True)
    sys.exit(summary.exit_status)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text",
              show_default=True, help="Human-readable summary, or the SHACL report graph as Turtle or JSON.")
@click.option("--engine", type=click.Choice(["turbo", "pyshacl"]), default="turbo", show_default=True,
              help=ENGINE_HELP)
@click.option("--jobs", default="auto", show_default=True, metavar="N|auto",
              help="Worker processes that share out the shapes (the same report; memory about N times one "
                   "run's). auto: 1 below 200,000 quads, else the cores, up to 4.")
@click.option("--shapes", "shape_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="More SHACL shapes (Turtle) the store must satisfy, besides the bundled ones (as for kg build).")
@reports_errors
def validate(store_path, fmt, engine, jobs, shape_files):
    """Check the store against the bundled SHACL shapes (exit 0 conforms, 1 does not)."""
    from kg.store.local import Store
    from kg.services.validate.core import checked_shapes, format_text
    from kg.services.validate import validate_store

    if jobs == "auto":
        workers = None
    elif jobs.isdigit() and int(jobs) >= 1:
        workers = int(jobs)
    else:
        raise click.BadParameter(f"{jobs!r} is not a number of workers (1, 2, ...) or auto", param_hint="--jobs")
    # a bad shapes file is refused before the store is read (exit 2, one line naming it)
    shapes = checked_shapes(list(shape_files), engine) if shape_files else None
    with Store(store_path, read_only=True) as store:
        report = validate_store(store, shapes=shapes, engine=engine, jobs=workers)
    if fmt == "json":
        click.echo(report.to_json())
    elif fmt == "turtle":
        click.echo(report.to_turtle())
    else:
        click.echo(format_text(report))
    sys.exit(0 if report.conforms else 1)


ENDPOINT_HELP = ("A SPARQL 1.1 query URL (e.g. http://127.0.0.1:7878/query) to use instead of the local store. "
                 "Credentials come only from $KG_ENDPOINT_TOKEN, $KG_ENDPOINT_USER/$KG_ENDPOINT_PASSWORD "
                 "or a netrc entry for the host.")


def remote_options(f):
    """The options that say how to talk to a SPARQL endpoint (query, push)."""
    f = click.option("--union-param", metavar="NAME=VALUE|none", default=None,
                     help="Request parameter that makes the server's default graph the union of all named "
                          "graphs, as kg's local queries see it. Default: Oxigraph's union-default-graph=true; "
                          "'none' for servers whose default graph already is the union (GraphDB, Virtuoso, "
                          "QLever) or is configured so (Fuseki with tdb2:unionDefaultGraph).")(f)
    f = click.option("--server-timeout-param", default="timeout", show_default=True, metavar="NAME",
                     help="Name of the request parameter that carries --server-timeout (servers differ).")(f)
    f = click.option("--server-timeout", default=None, metavar="VALUE",
                     help="Ask the server to stop a query after this long, sent as given in the "
                          "--server-timeout-param parameter (units differ: QLever 30s, Virtuoso milliseconds; "
                          "Oxigraph has none per request: `kg serve --query-timeout`).")(f)
    f = click.option("--timeout", type=click.FloatRange(0, min_open=True), default=60.0, show_default=True,
                     metavar="SECONDS", help="How long to wait for the server's answer.")(f)
    return f


def chosen_store(store_path, endpoint, **options):
    """The store --store/$KG_STORE or --endpoint names (kg.store.open_store); both given is a usage
    error shown as click shows one. An empty --endpoint counts as not given."""
    from kg.store import StoreChoiceError, open_store

    try:
        return open_store(store_path, endpoint or None, **options)
    except StoreChoiceError as exc:
        raise click.UsageError(str(exc)) from None


@main.command()
@click.argument("name")
@store_option
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter (repeatable); see `kg queries` for each query's parameters.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output format (json is SPARQL 1.1 query results JSON).")
@click.option("--limit", type=click.IntRange(0), default=None, metavar="N",
              help="At most N rows: the first ones in the query's order.")
@click.option("--width", type=click.IntRange(1), default=60, show_default=True, metavar="N",
              help="Table: cut text longer than N characters (IRIs are never cut).")
@click.option("--no-truncate", is_flag=True, help="Table: never cut text.")
@click.option("--endpoint", metavar="URL", default=None, help=ENDPOINT_HELP)
@remote_options
@reports_errors
def query(name, store_path, params, fmt, limit, width, no_truncate, endpoint, timeout, server_timeout,
          server_timeout_param, union_param):
    """Run a bundled query by NAME, or a SPARQL query file (FILE.rq), on the local store or,
    with --endpoint, on a SPARQL server (the same query text and parameters).

    A parameter typed iri also takes a name: a label, an ISO 3166 or CAMEO code, or an alias of a
    knowledge-base actor (-p actor=Russia, -p actor=RUS, -p actor=Kremlin), in any letter case,
    besides a full IRI or a prefixed name (-p actor=kgid:actor/state/RUS). A name that matches
    nothing, or several things, is an error (exit 2) that lists the candidates."""
    from kg.errors import QueryError
    from kg.services.query import load_query, run_query
    from kg.services.results import write_results

    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise QueryError(f"--param {item!r}: expected NAME=VALUE")
        values[key.strip()] = value
    named = load_query(name)
    with chosen_store(store_path, endpoint, read_only=True, timeout=timeout, server_timeout=server_timeout,
                      server_timeout_param=server_timeout_param, union_param=union_param) as store:
        result = run_query(store, named, values, limit=limit)
    write_results(result.columns, result.rows, fmt, sys.stdout, max_width=None if no_truncate else width)


@main.command()
@store_option
@click.option("--endpoint", metavar="URL", required=True,
              help="The server's SPARQL query URL (e.g. http://127.0.0.1:7878/query). Credentials come only "
                   "from $KG_ENDPOINT_TOKEN, $KG_ENDPOINT_USER/$KG_ENDPOINT_PASSWORD or a netrc entry.")
@click.option("--graph-store", "graph_store_url", metavar="URL", default=None,
              help="Graph Store Protocol URL (default: Oxigraph's layout, the query URL's /query -> /store; "
                   "none for other URLs). Without one (or with ''), graphs are replaced by SPARQL Update.")
@click.option("--update", "update_url", metavar="URL", default=None,
              help="SPARQL Update URL (default: /query -> /update, else the query URL itself).")
@click.option("--tries", type=click.IntRange(1, 20), default=3, show_default=True,
              help="Attempts per graph when an upload fails for a passing reason (no connection, timeout, 5xx).")
@remote_options
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@reports_errors
def push(store_path, endpoint, graph_store_url, update_url, tries, timeout, server_timeout, server_timeout_param,
         union_param, quiet):
    """Upload every named graph of the local store to a SPARQL server, each replacing the graph
    of the same name there (Graph Store Protocol PUT, or SPARQL Update where the server has no
    Graph Store Protocol): pushing twice changes nothing.

    Exit 0 when every graph is uploaded, 1 if some failed (each is reported, after --tries
    attempts), 2 if the server cannot be reached or refuses the credentials.
    """
    from kg.services.push import push as run_push
    from kg.store import open_store

    show_progress = sys.stderr.isatty() and not quiet

    def progress(event, graph, detail):
        if event == "failed":
            click.echo(f"kg: error: {graph.value}: {detail}", err=True)
        elif event == "retry" and not quiet:
            click.echo(f"kg push: retrying {graph.value}: {detail}", err=True)
        elif event == "pushed" and show_progress:
            click.echo(f"pushed: {graph.value} ({detail} quads)", err=True)

    with open_store(store_path, read_only=True) as store, \
            open_store(endpoint=endpoint, update_url=update_url, graph_store_url=graph_store_url, timeout=timeout,
                       server_timeout=server_timeout, server_timeout_param=server_timeout_param,
                       union_param=union_param) as remote:
        summary = run_push(store, remote, tries=tries, progress=progress)
    if not quiet:
        click.echo(f"kg push: {summary.line()}", err=True)
    sys.exit(summary.exit_status)


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface; the server has no authentication).")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True, help="Port to listen on.")
@click.option("--allow-updates", is_flag=True,
              help="Also accept SPARQL Update and Graph Store writes (takes the store's lock: no kg build "
                   "meanwhile). Default: read-only.")
@click.option("--allow-service", is_flag=True,
              help="Let queries with SERVICE clauses (and, with --allow-updates, LOAD) through: they make the "
                   "server send requests to other addresses. Default: refused.")
@click.option("--cors", is_flag=True,
              help="Allow cross-origin requests to the SPARQL endpoint (a query page on another site); any web "
                   "page the browser opens can then read the store.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests that name the server NAME (its Host header), e.g. the machine's DNS "
                   "name when serving on a network; '*' for any. By default only IP addresses and localhost are "
                   "answered, which stops web pages that rebind their own name to this machine (DNS rebinding).")
@click.option("--allow-origin", "allow_origins", multiple=True, metavar="ORIGIN",
              help="Accept writes and form posts sent by web pages of ORIGIN (http://host:port); '*' for any. "
                   "By default a browser may send them only from kg serve's own pages (no cross-site requests).")
@click.option("--query-timeout", type=click.IntRange(0), default=60, show_default=True, metavar="SECONDS",
              help="Stop SPARQL queries at /query that run longer than this: the client gets a 503 (or an "
                   "unfinished answer) and the internal Oxigraph server is restarted, which is the only way to "
                   "stop a running query; other queries running at that moment fail too. 0: no limit.")
@click.option("--queries-page", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Also write a static HTML page listing the bundled queries, with links that run them on the "
                   "server (the served pages have the same at /queries, with forms).")
@click.option("--oxigraph", "binary", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="PATH", help="The oxigraph binary (default: beside this Python, then PATH). Its version "
                                   "must be pyoxigraph's.")
@reports_errors
def serve(store_path, host, port, allow_updates, allow_service, cors, allow_hosts, allow_origins, query_timeout,
          queries_page, binary):
    """Serve the store: pages (topics, actors, events, the bundled queries) and a SPARQL 1.1
    endpoint at /query, read-only unless --allow-updates, until stopped (Ctrl-C or SIGTERM).

    SPARQL is answered by Oxigraph's own server (the `oxigraph` package) on an internal
    127.0.0.1 port, behind kg's web app, which refuses SPARQL Update and LOAD at /query, SERVICE
    clauses (unless --allow-service) and, read-only, every write. A read-only server shows the
    store as it was when it started: restart it after a build. See docs/pages.md.
    """
    from kg.web.serve import queries_page as make_page
    from kg.web.serve import serve_warnings, start_web
    from kg.store.local import default_store_path, is_store, missing_store_error

    store = Path(store_path) if store_path else default_store_path()
    if not allow_updates and not is_store(store):  # a mistyped --store is no new, empty store
        raise missing_store_error(store)
    for warning in serve_warnings(host, port, allow_updates, allow_service):
        click.echo(f"kg serve: warning: {warning}", err=True)

    def interrupted(signum, frame):
        raise KeyboardInterrupt
    previous = signal.signal(signal.SIGTERM, interrupted)  # stop the servers cleanly, like Ctrl-C
    try:
        service = start_web(store, host=host, port=port, allow_updates=allow_updates, allow_service=allow_service,
                            cors=cors, binary=binary, timeout_s=query_timeout, allow_hosts=allow_hosts,
                            allow_origins=allow_origins,
                            forward=lambda line: click.echo(f"oxigraph: {line}", err=True))
    except KeyboardInterrupt:
        sys.exit(0)  # stopped while starting (start_web() has stopped what it launched)
    except BaseException:
        signal.signal(signal.SIGTERM, previous)
        raise
    try:
        mode = "read-write" if allow_updates else "read-only"
        click.echo(f"kg serve: {store} ({mode}) at {service.urls['page']}")
        if service.fence:
            click.echo(f"kg serve: the SPARQL server {service.fence}", err=True)
        click.echo(f"  pages:  {service.urls['pages']}")
        click.echo(f"  yasgui: {service.urls['yasgui']}")
        click.echo(f"  query:  {service.urls['query']}")
        if allow_updates:
            click.echo(f"  update: {service.urls['update']}")
            click.echo(f"  store:  {service.urls['store']}  (Graph Store Protocol)")
        if queries_page:
            try:
                queries_page.write_text(make_page(service.urls["query"]), encoding="utf-8")
            except OSError as exc:
                raise KgError(f"{queries_page}: cannot write the queries page: {exc.strerror or exc}") from exc
            click.echo(f"  bundled queries: {queries_page.resolve().as_uri()}")
        sys.stdout.flush()
        status = service.wait()
    except KeyboardInterrupt:
        service.stop()
        click.echo("kg serve: stopped", err=True)
        sys.exit(0)
    finally:
        service.stop()
    click.echo(f"kg: error: the Oxigraph server stopped and could not be started again: {service.last_error()}",
               err=True)
    sys.exit(1 if status else 0)


@main.command()
@reports_errors
def queries():
    """List the bundled queries with their parameters and columns."""
    from kg.services.query import bundled_queries

    for q in bundled_queries().values():
        click.echo(f"{q.name}: {q.description}")
        for p in q.parameters:
            need = "required" if p.required else "optional"
            click.echo(f"    --param {p.name}=<{p.type}>  ({need}) {p.description}")
        click.echo(f"    columns: {', '.join(q.columns)}")


@main.command()
@store_option
@click.option("--format", "fmt",
              type=click.Choice(["turtle", "json-ld", "n-triples", "n-quads", "trig", "csv", "parquet"]),
              default="turtle", show_default=True,
              help="RDF format (n-quads and trig keep the named graphs), or a table: csv, or parquet (typed "
                   "columns; needs pyarrow: pip install 'kg[notebook]').")
@click.option("--what", type=click.Choice(["events"]), default=None,
              help="With --format csv or parquet: which table (default events: a GDELT/POLECAT-style event "
                   "table, one row per event; docs/columns.md describes its columns).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to FILE instead of standard output.")
@reports_errors
def export(store_path, fmt, what, output):
    """Export the store (sorted, so the same store gives the same output).

    RDF formats carry every graph; csv and parquet write a table (--what, default events) with the
    same columns in the same order: CSV quotes its text columns (a CAMEO code "090" stays text),
    Parquet types them (dates, integers, decimals, booleans, text)."""
    from kg.services.export import TABLE_FORMATS, export_file, export_table, export_table_file, require_pyarrow
    from kg.services.export import export as run_export
    from kg.store import open_store

    table = fmt in TABLE_FORMATS
    if what is not None and not table:
        raise click.UsageError(f"--what goes with --format csv or parquet, not {fmt}")
    what = what or "events"
    if fmt == "parquet":
        require_pyarrow()  # a one-line error (exit 2) before the store is opened
        if output is None and sys.stdout.isatty():
            raise click.UsageError("--format parquet writes a binary file: give --output FILE (or a pipe)")
    with open_store(store_path, read_only=True) as store:
        if table and output is None:
            if fmt == "csv":
                export_table(store, what, fmt, sys.stdout)
                sys.stdout.flush()
            else:
                export_table(store, what, fmt, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            return
        if table:
            count = export_table_file(store, what, fmt, output)
            click.echo(f"kg export: {count} {what} -> {output}", err=True)
            return
        if output is None:
            run_export(store, fmt, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        count = export_file(store, fmt, output)
    click.echo(f"kg export: {count} {'quads' if fmt in ('n-quads', 'trig') else 'triples'} -> {output}", err=True)


@main.command()
@click.argument("source", default="-", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write JSONL here instead of standard output.")
@click.option("--all", "include_all", is_flag=True,
              help="Also output negated, hypothetical, planned and historical events (marked).")
@click.option("--kb", "kb_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra actors and aliases (YAML, CSV, Turtle, JSON-LD or RDF/XML); repeatable.")
@reports_errors
def code(source, output, include_all, kb_files):
    """Code plain sentences into events, without a store (JSONL in, JSONL out).

    Each input line is {"id": ..., "text": ..., "date": "YYYY-MM-DD"} (date optional); each output
    line is {"id": ..., "events": [{source, source_label, type, cameo, goldstein, target,
    target_label, source_text, source_start, source_end, target_text, target_start, target_end,
    date, evidence, confidence, factuality, historical, trigger, rule}]} (the *_text fields: the
    words each actor was read from, null when inferred; rule: how the event was read, which its
    confidence rests on, see docs/accuracy.md). A malformed line is reported (file:line: reason)
    and skipped; the exit status is then 1.
    """
    from kg.errors import InputError
    from kg.extraction.coding import coder_with
    from kg.mapping.kb_files import load_kb_files
    from kg.services.coding import bounded_lines, code_stream

    name = "<stdin>" if str(source) == "-" else shown_name(source)
    try:
        stream = sys.stdin if str(source) == "-" else source.open(encoding="utf-8", errors="strict")
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from exc
    coder = coder_with(load_kb_files(kb_files))
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        _, bad = code_stream(bounded_lines(stream), out.write, coder, include_all=include_all,
                             bad=lambda record: click.echo(f"kg: error: {name}:{record.line}: {record.problem}",
                                                           err=True))
    except UnicodeDecodeError as exc:
        raise InputError(name, f"is not valid UTF-8 text ({exc.reason})") from exc
    finally:
        if output:
            out.close()
    sys.exit(1 if bad else 0)


@main.group()
def ontology():
    """Work with the bundled OWL ontology."""


@ontology.command("check")
@click.option("--extend", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Also load this Turtle file with the bundled ontology (repeatable), e.g. your own extension.")
@reports_errors
def ontology_check(extra):
    """Load the ontology with owlready2 and run the HermiT reasoner (exit 0 consistent, 1 not)."""
    from kg.services.ontology import check_ontology
    from kg.resources import ontology_files

    report = check_ontology(ontology_files() + list(extra))
    click.echo(f"classes: {report.classes}, properties: {report.properties}, individuals: {report.individuals}")
    for problem in report.problems:
        click.echo(f"problem: {problem}")
    for cls in report.unsatisfiable:
        click.echo(f"unsatisfiable: {cls}")
    click.echo("consistent" if report.consistent else "INCONSISTENT: the reasoner found a contradiction")
    sys.exit(0 if report.consistent else 1)


@main.command()
@store_option
@reports_errors
def info(store_path):
    """Count what the store holds: documents, named graphs, quads, coded events, and actors (all,
    the knowledge base's included, and those the documents name)."""
    from kg.store import open_store

    with open_store(store_path, read_only=True) as store:
        counts = _store_counts(store)
        click.echo(f"store: {store.path}\ndocuments: {counts['documents']}\ngraphs: {len(store.graphs())}\n"
                   f"quads: {len(store)}\nevents: {counts['events']}\n"
                   f"actors: {counts['actors']} ({counts['named']} named in documents)")


_INFO_PREFIXES = """PREFIX kg: <https://w3id.org/kg/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_INFO_COUNTS = {
    "documents": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a kg:DocumentGraph } }",
    "events": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a kg:Event }",
    # one actor once: a document's actor that a store-wide resolved actor stands for is counted as that one
    "actors": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?c rdfs:subClassOf* kg:Actor . ?a a ?c "
              "FILTER NOT EXISTS { ?r owl:sameAs ?a ; a kg:ResolvedActor } }",
    "named": "SELECT (COUNT(DISTINCT ?actor) AS ?n) WHERE { ?m a kg:Mention ; oa:hasBody ?b . "
             "?c rdfs:subClassOf* kg:Actor . ?b a ?c "
             "OPTIONAL { ?r owl:sameAs ?b ; a kg:ResolvedActor } BIND(COALESCE(?r, ?b) AS ?actor) }",
}


def _store_counts(store) -> dict[str, int]:
    """What ``kg info`` counts, each by one SPARQL query over the union of the graphs."""
    counts = {}
    for name, sparql in _INFO_COUNTS.items():
        rows = list(store.query(_INFO_PREFIXES + sparql))
        counts[name] = int(rows[0][0].value) if rows and rows[0][0] is not None else 0
    return counts


from kg.cli.plot import plot  # noqa: E402  (the group is defined in its own module)

main.add_command(plot)


if __name__ == "__main__":
    main()
