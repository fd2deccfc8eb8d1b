"""Oxigraph's own server, as kg runs it: found, checked, started, supervised, stopped.

The ``oxigraph`` command of the `oxigraph` PyPI package is the same engine and on-disk format as
pyoxigraph. This module finds the binary, checks that its version is pyoxigraph's (a different
version may not read the store, or may change it), and runs it on a store (:func:`start`) through
:mod:`kg.web.fence`, under a :class:`Server` that restarts it when asked or when it crashes.

Read-only by default: ``oxigraph serve-read-only --location DIR --bind 127.0.0.1:PORT
--union-default-graph``. It opens the store the way ``kg query`` does (no lock), so it runs beside
a ``kg build``, but it serves the store *as it was when the server started*. Opening it at the very
moment a writer rewrites the store's files can fail; it is then retried a few times. With updates:
``oxigraph serve``, which takes the store's lock. ``--union-default-graph`` makes the default graph
the union of all named graphs, as kg's own queries see the store.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph

from kg.errors import StoreError, UsageError

STARTUP_TIMEOUT = 20.0
DEFAULT_QUERY_TIMEOUT = 60  # seconds, as public SPARQL endpoints commonly allow
# Oxigraph's own --timeout-s is set this much later than kg's limit: kg stops /query requests
# itself (cleanly: a 503, or an unfinished answer), and Oxigraph's cancellation, which sends a 200
# and then an error text inside the results, is only a backstop for the pages' own requests
OXIGRAPH_BACKSTOP_S = 5
_RETRIES_WHILE_WRITTEN = 3


def find_oxigraph(explicit: str | Path | None = None) -> Path:
    """The ``oxigraph`` binary: ``explicit`` if given, else the one beside this Python (the
    virtual environment's bin), else the first on ``PATH``."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise UsageError(f"{path}: no such oxigraph binary")
        return path
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise UsageError(f"no `oxigraph` command beside {sys.executable} or on PATH: install Oxigraph's server "
                     f"with `pip install oxigraph=={pyoxigraph.__version__}`")


def oxigraph_version(binary: Path) -> str:
    """What ``oxigraph --version`` says (``oxigraph 0.5.13`` -> ``0.5.13``)."""
    try:
        done = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"{binary}: cannot run it: {exc}") from exc
    words = (done.stdout or done.stderr).split()
    if done.returncode != 0 or not words:
        raise UsageError(f"{binary}: `--version` failed: {(done.stderr or done.stdout).strip()[:200]}")
    return words[-1].lstrip("v")


def check_version(binary: Path) -> str:
    """Refuse an ``oxigraph`` whose version is not pyoxigraph's: the server opens the very
    directory kg writes, so both must be the same Oxigraph."""
    version = oxigraph_version(binary)
    if version != pyoxigraph.__version__:
        raise UsageError(f"{binary} is Oxigraph {version}, but kg stores are written by pyoxigraph "
                         f"{pyoxigraph.__version__}: install the same version (`pip install "
                         f"oxigraph=={pyoxigraph.__version__}`) or pass --oxigraph PATH")
    return version


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def endpoint_urls(host: str, port: int, allow_updates: bool) -> dict[str, str]:
    """The URLs a server on ``host:port`` answers: ``page`` (its root), ``query``, and with
    updates ``update`` and ``store`` (the Graph Store Protocol)."""
    base = f"http://{url_host(host)}:{port}"
    urls = {"page": base + "/", "query": base + "/query"}
    if allow_updates:
        urls.update(update=base + "/update", store=base + "/store")
    return urls


def server_command(binary: Path, store: Path, host: str, port: int, allow_updates: bool,
                   timeout_s: int | None = None, cors: bool = False) -> list[str]:
    """The ``oxigraph`` command line that serves ``store``."""
    command = [str(binary), "serve" if allow_updates else "serve-read-only", "--location", str(store),
               "--bind", f"{url_host(host)}:{port}", "--union-default-graph"]
    if timeout_s:
        command += ["--timeout-s", str(int(timeout_s))]
    if cors:
        command.append("--cors")
    return command


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise StoreError(f"cannot listen on {url_host(host)}:{port}: {exc.strerror or exc} "
                             f"(another server there? choose another --port)") from exc


CRASH_BURST = 5  # this many unexpected exits ...
CRASH_WINDOW = 60.0  # ... within this many seconds: the server cannot stay up, kg serve gives up
STOP_GRACE = 2.0  # seconds between SIGTERM and SIGKILL when a server is stopped or restarted


class Server:
    """A supervised ``oxigraph`` server process and its URLs.

    One supervisor thread owns the process: it starts it (through :mod:`kg.web.fence`, so the
    process dies with this one and, ``fenced``, cannot open connections), waits on it, and starts it
    again when :meth:`restart` asks (the only way to stop a query that runs on in Oxigraph) or when
    it dies on its own (a crash: the request it was answering fails, the next ones are answered).
    Restarts are serialised: however many threads ask at once for the same runaway query, the
    process is restarted once. Only :meth:`stop`, or more than :data:`CRASH_BURST` crashes within
    :data:`CRASH_WINDOW` seconds, end it for good; :meth:`wait` returns then."""

    def __init__(self, command: list[str], urls: dict[str, str], *, fenced: bool = True,
                 forward: Callable[[str], None] | None = None, startup_timeout: float = STARTUP_TIMEOUT):
        self.command = command
        self.urls = urls
        self.fenced = fenced
        self.forward = forward
        self.startup_timeout = startup_timeout
        self.output: deque = deque(maxlen=50)
        self.fence = ""  # what the fence said it set
        self.restarts = 0  # how many times a new process came up after the first
        self.crashes = 0  # how many times the process ended without being asked to
        self.process: subprocess.Popen | None = None
        self._cond = threading.Condition()
        self._up = False
        self._ready_once = False  # the first process came up: its output is forwarded from then on
        self._restart_wanted = False
        self._stopping = False
        self._failure: str | None = None  # why it stopped for good (None while it runs, or once stopped)
        self._ended = False
        parts = urlsplit(urls["query"])
        self.host, self.port = parts.hostname, parts.port
        self._thread = threading.Thread(target=self._supervise, name="oxigraph-supervisor", daemon=True)

    # -- the supervisor thread
    def begin(self) -> str | None:
        """Start the supervisor and wait for the first process: None once it listens, else why not."""
        self._thread.start()
        with self._cond:
            self._cond.wait_for(lambda: self._up or self._ended)
            return None if self._up else (self._failure or "it stopped")

    def _spawn(self) -> subprocess.Popen:
        fence = [sys.executable, "-I", "-m", "kg.web.fence", "--parent", str(os.getpid())]
        if self.fenced:
            fence.append("--no-connect")
        process = subprocess.Popen([*fence, "--", *self.command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, text=True, errors="replace")
        threading.Thread(target=self._pump, args=(process,), name="oxigraph-output", daemon=True).start()
        return process

    def _supervise(self) -> None:
        crash_times: deque = deque(maxlen=CRASH_BURST)
        first = True
        while True:
            try:
                _wait_until_port_free(self.host, self.port)
                process = self._spawn()
            except OSError as exc:
                return self._end(f"{self.command[0]}: cannot start the server: {exc}")
            with self._cond:
                self.process = process
            up = _wait_until_up(process, self.host, self.port, self.startup_timeout)
            with self._cond:
                if up and not self._stopping:
                    self._up = True
                    if not first:
                        self.restarts += 1
                    self._cond.notify_all()
            if up and first:
                self._ready_once = True
                for line in list(self.output):
                    if self.forward and "Listening for requests" not in line and not line.startswith("kg-fence:"):
                        self.forward(line)
            if not up:
                _terminate(process)
                if first or self._stopping:
                    time.sleep(0.1)  # let the output thread read the last lines
                    return self._end(self._why_down(process) if not self._stopping else None)
            else:
                process.wait()
            with self._cond:
                self._up = False
                if self._stopping:
                    return self._end(None)
                asked, self._restart_wanted = self._restart_wanted, False
            first = False
            if not asked:
                self.crashes += 1
                time.sleep(0.1)
                self._say(f"kg serve: the SPARQL server (Oxigraph) stopped unexpectedly "
                          f"({self._why_down(process)}); starting it again")
                crash_times.append(time.monotonic())
                if len(crash_times) == CRASH_BURST and crash_times[-1] - crash_times[0] < CRASH_WINDOW:
                    return self._end(f"it stopped {CRASH_BURST} times within {CRASH_WINDOW:g} s; last: "
                                     f"{self._why_down(process)}")

    def _end(self, failure: str | None) -> None:
        with self._cond:
            self._failure = failure
            self._ended = True
            self._up = False
            self._cond.notify_all()

    def _why_down(self, process: subprocess.Popen) -> str:
        status = process.poll()
        error = self.last_error()
        if status is not None and status < 0:
            try:
                name = signal.Signals(-status).name
            except ValueError:
                name = f"signal {-status}"
            return f"killed by {name}" + (f": {error}" if error else "")
        if status is None:
            return f"it did not listen on {url_host(self.host)}:{self.port} within {self.startup_timeout:g} s"
        return error or f"exit status {status}"

    def _pump(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            line = line.rstrip("\n")
            if line.startswith("kg-fence:"):
                self.fence = line[len("kg-fence:"):].strip()
                continue
            self.output.append(line)
            if self._ready_once and self.forward:
                self.forward(line)

    @staticmethod
    def _say(message: str) -> None:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()

    # -- what the web app and kg serve call
    def last_error(self) -> str:
        """The server's error line (its ``Error: …``), or its last line of output."""
        lines = [l.strip() for l in self.output if l.strip()]
        for line in reversed(lines):
            if line.startswith("Error:"):
                return line[len("Error:"):].strip()
        for line in reversed(lines):
            if "panicked" in line or "overflow" in line:
                return line
        return lines[-1] if lines else ""

    def failure(self) -> str | None:
        """Why the server stopped for good (None while it runs, and after :meth:`stop`)."""
        return self._failure

    def wait(self) -> int:
        """Wait until the server stops for good (:meth:`stop`, or crashes it cannot recover from);
        return 1 after such crashes, 0 after :meth:`stop`."""
        self._thread.join()
        return 1 if self._failure else 0

    def wait_up(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the server to be up (it may be restarting)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._up or self._ended, timeout) and self._up

    def restart(self, seen: int, startup_timeout: float | None = None) -> bool:
        """Stop the process and start it again, unless it has been restarted since the caller's
        query started (``seen`` is the :attr:`restarts` count the caller saw then) or is being
        restarted now: one runaway query, one restart, however many threads ask. Returns whether
        the server is up afterwards."""
        with self._cond:
            if self._ended or self._stopping:
                return False
            if self.restarts == seen and self._up and not self._restart_wanted:
                self._restart_wanted = True
                self._up = False
                threading.Thread(target=_terminate, args=(self.process,), daemon=True).start()
            limit = (startup_timeout or self.startup_timeout) + STOP_GRACE + 5
            self._cond.wait_for(lambda: (self._up and self.restarts != seen) or self._ended, limit)
            return self._up

    def stop(self, grace: float = STOP_GRACE) -> None:
        """Stop the server for good (SIGTERM, then SIGKILL after ``grace`` seconds)."""
        with self._cond:
            self._stopping = True
            process = self.process
        if process is not None:
            _terminate(process, grace)
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(grace + 5)

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _terminate(process: subprocess.Popen | None, grace: float = STOP_GRACE) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start(store: Path | str, *, host: str = "127.0.0.1", port: int = 7878, allow_updates: bool = False,
          binary: str | Path | None = None, timeout_s: int | None = None,
          startup_timeout: float = STARTUP_TIMEOUT, forward: Callable[[str], None] | None = None,
          cors: bool = False, fenced: bool = True) -> Server:
    """Start Oxigraph's server on ``store`` and return once it accepts connections.

    ``fenced``: the process may not open outgoing connections (see :mod:`kg.web.fence`); kg serve
    lifts it only with --allow-service. ``forward(line)`` receives the server's output once it is
    up (before that it is kept for the error message). Raises :class:`StoreError` (exit 2) when the
    store is missing, the port is taken, or the server does not come up."""
    store = Path(store)
    if not allow_updates and not store.is_dir():
        raise StoreError(f"{store}: no kg store here (build one with `kg build`)")
    if store.exists() and not store.is_dir():
        raise StoreError(f"{store}: not a store directory")
    oxigraph = find_oxigraph(binary)
    check_version(oxigraph)
    command = server_command(oxigraph, store, host, port, allow_updates, timeout_s, cors)
    urls = endpoint_urls(host, port, allow_updates)
    for attempt in range(1, _RETRIES_WHILE_WRITTEN + 1):
        _check_port_free(host, port)
        server = Server(command, urls, fenced=fenced, forward=forward, startup_timeout=startup_timeout)
        try:
            failure = server.begin()
        except BaseException:  # Ctrl-C or SIGTERM while starting: leave no server behind
            server.stop()
            raise
        if failure is None:
            return server
        written_meanwhile = "no such file" in failure.lower() or "io error" in failure.lower()
        if not allow_updates and written_meanwhile and attempt < _RETRIES_WHILE_WRITTEN:
            time.sleep(0.5 * attempt)  # a writer was rewriting the store's files as it opened them
            continue
        raise StoreError(_startup_message(store, failure, allow_updates))
    raise AssertionError("unreachable")


def _wait_until_port_free(host: str, port: int, limit: float = 5.0) -> None:
    """Wait (up to ``limit`` seconds) until ``host:port`` can be bound: the socket of a process
    just stopped may linger a moment."""
    deadline = time.monotonic() + limit
    while True:
        try:
            _check_port_free(host, port)
            return
        except StoreError:
            if time.monotonic() > deadline:
                return  # let the server say what is wrong
            time.sleep(0.1)


def _wait_until_up(process: subprocess.Popen, host: str, port: int, limit: float) -> bool:
    """True once ``process`` accepts connections on ``host:port``; False if it exits first or
    ``limit`` seconds pass."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return process.poll() is None
        except OSError:
            time.sleep(0.05)
    return False


def _startup_message(store: Path, failure: str, allow_updates: bool) -> str:
    if "lock" in failure.lower():
        return (f"{store}: cannot serve the store with updates: it is in use by another process (a kg "
                f"build?); wait for it, or serve it read-only (without --allow-updates)")
    if "no such file" in failure.lower() or "io error" in failure.lower():
        return (f"{store}: the server could not open the store while another process was writing it; "
                f"start it again when the build has finished ({failure})")
    return f"{store}: the Oxigraph server did not start: {failure}"


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now (for the internal Oxigraph server)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]
