"""Make the README's pictures from the bundled example page (examples/sample-page.txt) and, for the
map, the reference page beside the checkout (../shared/seeds/000_5acde872f18f0611.txt):

    .venv/bin/python scripts/make_pictures.py              # writes docs/pictures/*.png
    .venv/bin/python scripts/make_pictures.py --only map   # only these (network, timeline, page, map)

- ``docs/pictures/network.png``: ``kg plot network --actor`` ASEAN (its events and memberships);
- ``docs/pictures/timeline.png``: ``kg plot timeline --actor`` ASEAN;
- ``docs/pictures/page-event.png``: a screenshot of ``kg serve``'s page of one of the article's
  events, its evidence marked in the article text, taken with Debian's Chromium (``/usr/bin/chromium``)
  driven by Playwright;
- ``docs/pictures/map.png``: ``kg plot map --actors --historical`` over the reference
  page's store (the example page names no place). The picture is drawn from the page's events;
  none of its text is copied into the repository.

Everything runs here: a store built into a temporary directory, ``kg serve`` on a free 127.0.0.1
port. The PNGs are reduced to 256 colours to keep them small (well under 200 KB each).
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "pictures"
EXAMPLE = REPO / "examples" / "sample-page.txt"
REFERENCE = REPO.parent / "shared" / "seeds" / "000_5acde872f18f0611.txt"
PICTURES = {"network": "network.png", "timeline": "timeline.png", "page": "page-event.png", "map": "map.png"}
ACTOR = "kgid:actor/intergovernmental-organization/asean"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def kg(*args: str, cwd: Path) -> None:
    subprocess.run([sys.executable, "-m", "kg.cli", *args], check=True, cwd=cwd,
                   env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "KG_STORE": ""})


def small_png(path: Path) -> None:
    """Rewrite ``path`` with a 256-colour palette (the pictures are flat colours and text)."""
    from PIL import Image

    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    reduced.save(path, optimize=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def screenshot(workdir: Path, target: Path) -> None:
    from playwright.sync_api import sync_playwright

    from kg import Store, bundled_queries, run_query

    store = workdir / ".kg" / "store"
    with Store(store, read_only=True) as opened:  # the event: ASEAN's first with a target and evidence
        rows = run_query(opened, bundled_queries()["actor-events"], {"actor": ACTOR}).rows
    event = next(row[0].value for row in rows if row[4] is not None)
    port = free_port()
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--port", str(port)], cwd=workdir,
                                  stdout=subprocess.PIPE, stderr=log, text=True,
                                  env={**os.environ, "KG_STORE": ""})  # the page shows .kg/store
        try:
            deadline = time.monotonic() + 60
            while "query:" not in (server.stdout.readline() or "query:"):
                if time.monotonic() > deadline:
                    raise SystemExit("kg serve did not start")
            if server.poll() is not None:
                log.seek(0)
                raise SystemExit(f"kg serve exited: {log.read()}")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": 1200, "height": 1500})
                page.goto(f"http://127.0.0.1:{port}/event?iri={quote(event, safe='')}")
                page.locator("mark#evidence-1").scroll_into_view_if_needed()
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot(path=str(target), full_page=False)
                browser.close()
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(PICTURES),
                        help=f"the pictures to make, comma-separated: {', '.join(PICTURES)} (default: all)")
    wanted = [w.strip() for w in parser.parse_args().only.split(",") if w.strip()]
    unknown = sorted(set(wanted) - set(PICTURES))
    if unknown:
        parser.error(f"--only: unknown picture(s) {', '.join(unknown)}; expected {', '.join(PICTURES)}")
    OUT.mkdir(parents=True, exist_ok=True)
    if {"network", "timeline", "page"} & set(wanted):
        with tempfile.TemporaryDirectory(prefix="kg-pictures-") as tmp:
            workdir = Path(tmp)  # the default store, ./.kg/store, of a fresh directory
            kg("build", str(EXAMPLE), "--quiet", cwd=workdir)
            if "network" in wanted:
                kg("plot", "network", "--actor", ACTOR, "--output", str(OUT / "network.png"), cwd=workdir)
            if "timeline" in wanted:
                kg("plot", "timeline", "--actor", ACTOR, "--output", str(OUT / "timeline.png"), cwd=workdir)
            if "page" in wanted:
                screenshot(workdir, OUT / "page-event.png")
    if "map" in wanted:
        if not REFERENCE.is_file():
            raise SystemExit(f"the reference page is not at {REFERENCE} (../shared beside the checkout)")
        with tempfile.TemporaryDirectory(prefix="kg-pictures-") as tmp:
            workdir = Path(tmp)
            kg("build", str(REFERENCE), "--quiet", cwd=workdir)
            kg("plot", "map", "--actors", "--historical", "--output", str(OUT / "map.png"), cwd=workdir)
    for name in (PICTURES[w] for w in PICTURES if w in wanted):
        small_png(OUT / name)
        print(f"{OUT / name}: {(OUT / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
