"""The pictures as pages: the network as an interactive page (one self-contained HTML file,
vis-network written inline), and the coverage table (:func:`coverage_page`, no script at all).

The page needs nothing when it is viewed: the vis-network library (``kg/assets/vis-network.min.js``,
see ``kg/assets/NOTICE.md``) and the data are both inside it, and it has no ``src`` or ``href``
pointing anywhere. Nodes sit where the static picture puts them (the same seeded layout, physics
off), so the page is the same for the same store and options; hovering a node or an edge shows what
it stands for, and the view pans and zooms.
"""
from __future__ import annotations

import html
import json
import math
from pathlib import Path

from kg import __version__, resources
from kg.errors import UsageError
from kg.plots import coverage as picture
from kg.plots.data import QUAD_CLASSES, Coverage, Network
from kg.plots.network import (TITLE, _quads_present, describe, edge_width, layout, node_size, notes, sources_line,
                              weighting)
from kg.plots.style import (CLASS_COLOURS, CLASS_NAMES, MEMBERSHIP_COLOUR, NOTHING_TO_SHOW, display_label,
                            quad_colour, quad_name)

ASSET = resources.package_path("assets", "vis-network.min.js")
VIS_NETWORK_VERSION = "10.1.5"
PIXELS_PER_UNIT = 150

STYLE = """
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; margin: 0; color: #222; }
header { padding: 12px 18px 6px 18px; }
header h1 { font-size: 20px; margin: 0 0 6px 0; }
header p { font-size: 13px; margin: 2px 0; color: #333; }
main { display: flex; align-items: flex-start; }
#network { flex: 1; height: 78vh; border-top: 1px solid #ddd; border-right: 1px solid #ddd; }
#legend { width: 270px; padding: 8px 14px; font-size: 13px; }
#legend h2 { font-size: 14px; margin: 10px 0 4px 0; }
#legend ul { list-style: none; padding: 0; margin: 0; }
#legend li { margin: 3px 0; }
.line { display: inline-block; width: 28px; height: 0; border-top: 3px solid; vertical-align: middle; margin-right: 6px; }
.dashed { border-top: 2px dashed; }
.dot { display: inline-block; width: 12px; height: 12px; border-radius: 50%; border: 1px solid #333;
       vertical-align: middle; margin: 0 14px 0 8px; }
.nothing { padding: 40px 18px; font-size: 16px; color: #444; }
table.coverage { border-collapse: separate; border-spacing: 3px; margin: 8px 18px 24px 18px; font-size: 13px; }
table.coverage th { font-weight: normal; }
table.coverage thead th { vertical-align: bottom; text-align: left; }
table.coverage thead th span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
table.coverage tbody th { text-align: right; white-space: nowrap; padding-right: 8px; }
table.coverage td { width: 22px; height: 22px; text-align: center; color: #fff; font-weight: bold; font-size: 11px; }
table.coverage td.gap { background: #f3f3f3; }
p.legend { margin: 0 18px 24px 18px; font-size: 13px; }
.swatch { display: inline-block; width: 14px; height: 14px; vertical-align: middle; margin: 0 6px 0 14px; }
"""


def _script_json(value) -> str:
    """JSON safe inside a <script> element (no "</script>", no "<!--")."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=None, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_data(network: Network, weight_by: str = "count") -> dict:
    """The nodes, edges and options the page hands to vis-network (sorted, so stable)."""
    weight = weighting(network, weight_by)
    pos = layout(network)
    labels = {n.iri: n.label for n in network.nodes}
    nodes = []
    for n in network.nodes:
        x, y = pos[n.iri]
        colour = CLASS_COLOURS.get(n.cls, CLASS_COLOURS["Actor"])
        nodes.append({
            "id": n.iri, "label": display_label(n.iri, n.label),
            "title": f"{n.label}\n{CLASS_NAMES.get(n.cls, n.cls)}, {n.mentions} mention"
                     f"{'s' if n.mentions != 1 else ''}\n{n.iri}",
            "x": round(x * PIXELS_PER_UNIT, 2), "y": round(-y * PIXELS_PER_UNIT, 2),
            "size": round(math.sqrt(node_size(n.mentions)) / 2 * 1.3, 2),
            "color": {"background": colour, "border": "#333333",
                      "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}},
        })
    edges = []
    for i, m in enumerate(network.memberships):
        edges.append({
            "id": f"membership-{i}", "from": m.member, "to": m.alliance, "dashes": True, "width": 1.2,
            "color": {"color": MEMBERSHIP_COLOUR, "opacity": 0.8}, "smooth": False, "arrows": {"to": False},
            "title": f"{labels[m.member]} is a member of {labels[m.alliance]}\nstated by: {', '.join(m.sources)}",
        })
    largest = max((weight.value(e) for e in network.events), default=0.0)
    index = 0
    for qi, quad in enumerate(_quads_present(network)):
        for e in (e for e in network.events if e.quad == quad):
            types = ", ".join(f"{t} {c}" for t, c in e.types)
            gold = "" if e.goldstein is None else f"\nGoldstein sum: {e.goldstein:g}"
            edges.append({
                "id": f"event-edge-{index}", "from": e.source, "to": e.target,
                "width": round(edge_width(weight.value(e), largest), 2),
                "color": {"color": quad_colour(quad), "opacity": 0.9},
                "arrows": {"to": {"enabled": True, "scaleFactor": 0.7}},
                "smooth": {"enabled": True, "type": "curvedCW", "roundness": round(0.12 + 0.09 * qi, 2)},
                "title": f"{labels[e.source]} → {labels[e.target]}: {quad_name(quad)}, "
                         f"{e.count} event{'s' if e.count != 1 else ''} ({types}){gold}",
            })
            index += 1
    options = {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": False},
        "nodes": {"shape": "dot", "font": {"size": 13, "face": "DejaVu Sans, Verdana, Arial, sans-serif",
                                           "strokeWidth": 3, "strokeColor": "#ffffff"}, "borderWidth": 1},
        "edges": {"selectionWidth": 1.5},
        "layout": {"improvedLayout": False},
    }
    return {"nodes": nodes, "edges": edges, "options": options}


def _legend(network: Network) -> str:
    items = []
    for quad in QUAD_CLASSES:
        items.append(f'<li><span class="line" style="border-color: {quad_colour(quad)}"></span>'
                     f'{html.escape(quad_name(quad))}</li>')
    events = "".join(items)
    membership = (f'<li><span class="line dashed" style="border-color: {MEMBERSHIP_COLOUR}"></span>'
                  f'member of (alliance, organisation)</li>')
    classes = sorted({n.cls for n in network.nodes}, key=lambda c: CLASS_NAMES.get(c, c))
    actors = "".join(f'<li><span class="dot" style="background: {CLASS_COLOURS.get(c, CLASS_COLOURS["Actor"])}">'
                     f'</span>{html.escape(CLASS_NAMES.get(c, c))}</li>' for c in classes)
    return (f'<aside id="legend"><h2>Legend</h2><h2>Events (arrow: source → target)</h2><ul>{events}</ul>'
            f'<h2>Memberships</h2><ul>{membership}</ul><h2>Actors (size: mentions)</h2><ul>{actors}</ul></aside>')


def _page(title: str, header_lines: list[str], body: str, script: str = "", heading: str = TITLE) -> str:
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in header_lines)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="generator" content="kg {html.escape(__version__)}">\n'
            f'<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n{script}</head>\n<body>\n'
            f'<header><h1>{html.escape(heading)}</h1>{lines}</header>\n{body}\n</body>\n</html>\n')


def render(network: Network, path: Path, weight_by: str = "count") -> None:
    """Write ``network`` as a self-contained interactive page."""
    weight = weighting(network, weight_by)
    data = page_data(network, weight_by)
    library = ASSET.read_text(encoding="utf-8")
    head = f"<!-- vis-network {VIS_NETWORK_VERSION}, (Apache-2.0 OR MIT), inline: see kg/assets/NOTICE.md -->\n" \
           f"<script>\n{library}\n</script>\n"
    body = (f'<main><div id="network"></div>{_legend(network)}</main>\n<script>\n'
            f'const kgData = {_script_json(data)};\n'
            'new vis.Network(document.getElementById("network"),\n'
            '  {nodes: new vis.DataSet(kgData.nodes), edges: new vis.DataSet(kgData.edges)}, kgData.options);\n'
            '</script>')
    header = [describe(network), sources_line(network), *notes(network, weight)]
    _write(path, _page(f"{TITLE}: {describe(network)}", header, body, head))


def nothing_to_show(path: Path, reason: str, heading: str = TITLE) -> None:
    body = f'<p class="nothing">{html.escape(NOTHING_TO_SHOW)}: {html.escape(reason)}</p>'
    _write(path, _page(f"{heading}: {NOTHING_TO_SHOW}", [], body, heading=heading))


def coverage_page(coverage: Coverage, path: Path) -> None:
    """Write ``coverage`` as a page: the picture's table, each cell saying what it stands for when
    hovered, the happenings' labels whole and their IRIs in the column headers' tooltips."""
    esc = html.escape
    head = "".join(f'<th title="{esc(h.label)}&#10;{esc(h.iri)}&#10;{h.reports} report{"s" if h.reports != 1 else ""}, '
                   f'{h.outlets} outlet{"s" if h.outlets != 1 else ""}"><span>{esc(h.label)}</span></th>'
                   for h in coverage.happenings)
    rows = []
    for publisher in coverage.publishers:
        cells = []
        for h in coverage.happenings:
            reports = coverage.cells.get((publisher, h.iri), 0)
            tip = f"{publisher}: {reports} report{'s' if reports != 1 else ''} of {h.label}"
            if reports:
                cells.append(f'<td class="cell" style="background: {quad_colour(h.quad)}" title="{esc(tip)}">'
                             f'{reports if reports > 1 else ""}</td>')
            else:
                cells.append(f'<td class="gap" title="{esc(tip)}"></td>')
        rows.append(f'<tr><th>{esc(picture.row_label(coverage, publisher))}</th>{"".join(cells)}</tr>')
    quads = [q for q in QUAD_CLASSES if any(h.quad == q for h in coverage.happenings)]
    quads += sorted({h.quad for h in coverage.happenings} - set(QUAD_CLASSES))
    legend = "".join(f'<span class="swatch" style="background: {quad_colour(q)}"></span>{esc(quad_name(q))}'
                     for q in quads)
    body = (f'<table class="coverage"><thead><tr><th></th>{head}</tr></thead>\n<tbody>\n' + "\n".join(rows)
            + f'\n</tbody></table>\n<p class="legend">Legend:{legend}'
              f'<span class="swatch" style="background: #f3f3f3"></span>no report</p>')
    header = [picture.describe(coverage), *picture.notes(coverage)]
    _write(path, _page(f"{picture.TITLE}: {picture.describe(coverage)}", header, body, heading=picture.TITLE))


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--output {path}: cannot write the page: {exc.strerror or exc}") from exc
