"""The network picture: actors as nodes, memberships and events as edges (svg/png by matplotlib
and networkx; the interactive page is :mod:`kg.plots.html`, with the same layout).

Nodes are sized by how many mentions the articles hold of them and coloured by their class;
memberships are dashed grey lines from the member to its alliance or organisation; events are
arrows from source to target, one per (source, target, quad class), coloured by quad class and as
wide as their weight (the number of events, or the sum of their Goldstein values).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from matplotlib.lines import Line2D

from kg.plots.data import QUAD_CLASSES, Network, QUAD_LABELS, filters_phrase
from kg.plots.style import (CLASS_COLOURS, CLASS_NAMES, MEMBERSHIP_COLOUR, display_label, joined, new_figure, wrap_lines,
                            quad_colour, quad_name, save, style)

LAYOUT_SEED = 1729
TITLE = "Actors, alliances and events"
INCHES_PER_UNIT = 1.5
MEMBERSHIP_PULL = 0.35  # a membership pulls its ends together this much, an event link 1 (the layout)


@dataclass(frozen=True)
class Weighting:
    """How wide each event edge is drawn, and what the picture says about it."""
    by: str  # "count" or "goldstein"
    effective: str  # what the widths actually show ("count" when goldstein was asked for but absent)
    note: str
    legend: str

    def value(self, edge) -> float:
        if self.effective == "goldstein":
            return abs(edge.goldstein or 0.0)
        return float(edge.count)


def weighting(network: Network, by: str) -> Weighting:
    if by == "goldstein":
        if network.goldstein_values == 0:
            return Weighting(by, "count", "weight: Goldstein sum asked for, but none of these events carries a "
                                          "Goldstein value (kg assigns none yet), so edge widths show event counts",
                             "width: events (no Goldstein values)")
        missing = network.event_count - network.goldstein_values
        note = "edge width: |sum of Goldstein values|"
        if missing:
            note += f" ({missing} of {network.event_count} events carry no value and add 0)"
        return Weighting(by, "goldstein", note, "width: |Goldstein sum|")
    return Weighting(by, "count", "edge width: number of events", "width: number of events")


def edge_width(value: float, largest: float) -> float:
    if largest <= 0:
        return 1.5
    return 1.2 + 5.0 * math.sqrt(value / largest)


def node_size(mentions: int) -> float:
    """Marker area in points squared."""
    return 260.0 + 140.0 * math.sqrt(mentions)


def layout(network: Network) -> dict[str, tuple[float, float]]:
    """Node positions: each connected part laid out on its own (a spring layout with a fixed seed
    over sorted nodes and edges, as large as the square root of its size), the parts packed in
    rows, the largest first. The same network always gets the same positions."""
    graph = nx.Graph()
    graph.add_nodes_from(n.iri for n in network.nodes)
    # event links pull harder than memberships, so that actors who deal with each other sit together
    strength: dict[tuple[str, str], float] = {}
    for e in network.events:
        pair = tuple(sorted((e.source, e.target)))
        strength[pair] = strength.get(pair, 0.0) + 1.0
    for m in network.memberships:
        pair = tuple(sorted((m.member, m.alliance)))
        strength[pair] = strength.get(pair, 0.0) + MEMBERSHIP_PULL
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(strength.items()) if a != b)
    # an event link counts twice: arrows need more room than the dashed membership lines
    links = ([(e.source, e.target) for e in network.events] * 2
             + [(m.member, m.alliance) for m in network.memberships])
    parts = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    boxes = []
    for part in parts:
        members = set(part)
        # a part's square grows with its nodes and its links, so a dense part gets room for its arrows
        side = 0.8 * math.sqrt(len(part) + sum(1 for a, _ in links if a in members))
        if len(part) == 1:
            local = {part[0]: (0.5, 0.5)}
        else:
            sub = nx.Graph()
            sub.add_nodes_from(part)
            sub.add_weighted_edges_from(sorted((a, b, d["weight"]) for a, b, d in graph.subgraph(part).edges(data=True)))
            raw = nx.spring_layout(sub, seed=LAYOUT_SEED, k=1.8 / math.sqrt(len(part)), iterations=300,
                                   weight="weight")
            xs, ys = [p[0] for p in raw.values()], [p[1] for p in raw.values()]
            span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
            local = {i: ((x - min(xs)) / span, (y - min(ys)) / span) for i, (x, y) in raw.items()}
        boxes.append((side, local))
    gap = 0.9
    row_width = max([boxes[0][0]] if boxes else [1.0])
    row_width = max(row_width, math.sqrt(sum(b[0] ** 2 for b in boxes)) * 1.4)
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for side, local in boxes:
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y - row_height - gap, 0.0
        for iri, (lx, ly) in local.items():
            pos[iri] = (round(x + lx * side, 6), round(y - (1 - ly) * side, 6))
        x += side + gap
        row_height = max(row_height, side)
    return dict(sorted(pos.items()))


def describe(network: Network) -> str:
    """What the picture shows, in one line (the filters and the counts)."""
    f = network.filters
    what = f"Events involving {network.labels.get(f.actor, f.actor)}" if f.actor else "All asserted events"
    what += filters_phrase(f)
    counts = (f"{network.event_count} event{'s' if network.event_count != 1 else ''} as "
              f"{len(network.events)} link{'s' if len(network.events) != 1 else ''}, "
              f"{len(network.nodes)} actors, {len(network.memberships)} memberships")
    return f"{what}: {counts}"


def notes(network: Network, weight: Weighting, unlabelled: int = 0) -> list[str]:
    out = [weight.note + "; node size: mentions in the articles"]
    if network.untargeted:
        out.append(f"{network.untargeted} matching event{'s' if network.untargeted != 1 else ''} "
                   f"without a target {'are' if network.untargeted != 1 else 'is'} not drawn")
    if network.left_out:
        out.append(f"the {len(network.nodes)} actors the articles mention most are drawn; "
                   f"{network.left_out} more and their events are not (--top)")
    if network.members_not_drawn:
        counted = ", ".join(f"{network.node(a).label} {n}" for a, n in network.members_not_drawn.items())
        out.append(f"members with no event here are not drawn ({counted}; --all-members draws them)")
    if unlabelled:
        out.append(f"{unlabelled} smaller actor{'s are' if unlabelled != 1 else ' is'} not labelled where the "
                   f"label would overlap another (the .html picture labels every actor)")
    return out


def sources_line(network: Network) -> str:
    return "Sources: " + (joined(network.sources) if network.sources else "none named in the store")


def render(network: Network, path: Path, fmt: str, weight_by: str = "count") -> None:
    """Draw ``network`` to ``path`` as svg or png."""
    weight = weighting(network, weight_by)
    pos = layout(network)
    order = [n.iri for n in network.nodes]
    sizes = {n.iri: node_size(n.mentions) for n in network.nodes}
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    pad_x, pad_top, pad_bottom = 0.45, 0.3, 0.55  # room for the labels under the nodes
    span_x = max(xs) - min(xs) + 2 * pad_x
    span_y = max(ys) - min(ys) + pad_top + pad_bottom
    unit = min(INCHES_PER_UNIT, 22.0 / span_x, 22.0 / span_y)  # inches per layout unit
    ax_w, ax_h = max(6.0, span_x * unit), max(4.5, span_y * unit)
    header, legend_w, margin = 1.45, 3.4, 0.25
    fig_w, fig_h = margin + ax_w + legend_w, ax_h + header + margin
    with style():
        fig = new_figure(fig_w, fig_h)
        ax = fig.add_axes((margin / fig_w, margin / fig_h, ax_w / fig_w, ax_h / fig_h))
        ax.set_axis_off()
        graph = nx.MultiDiGraph()
        graph.add_nodes_from(order)

        # memberships first, under everything
        if network.memberships:
            m_edges = [(m.member, m.alliance) for m in network.memberships]
            patches = nx.draw_networkx_edges(
                _digraph(order, m_edges), pos, edgelist=m_edges, ax=ax, arrows=True, arrowstyle="-",
                style="dashed", edge_color=MEMBERSHIP_COLOUR, width=1.1, alpha=0.8,
                nodelist=order, node_size=[sizes[i] for i in order], connectionstyle="arc3,rad=0.0")
            for i, patch in enumerate(patches):
                patch.set_gid(f"membership-{i}")
                patch.set_zorder(1)

        largest = max((weight.value(e) for e in network.events), default=0.0)
        edge_index = 0
        for qi, quad in enumerate(_quads_present(network)):
            group = [e for e in network.events if e.quad == quad]
            edges = [(e.source, e.target) for e in group]
            patches = nx.draw_networkx_edges(
                _digraph(order, edges), pos, edgelist=edges, ax=ax, arrows=True, arrowstyle="-|>",
                arrowsize=14, edge_color=quad_colour(quad), width=[edge_width(weight.value(e), largest)
                                                                   for e in group],
                nodelist=order, node_size=[sizes[i] for i in order],
                connectionstyle=f"arc3,rad={0.12 + 0.09 * qi:.2f}", alpha=0.9)
            for patch in patches:
                patch.set_gid(f"event-edge-{edge_index}")
                patch.set_zorder(3)  # over the labels' boxes, so no arrowhead hides under a label
                edge_index += 1

        collection = nx.draw_networkx_nodes(
            graph, pos, nodelist=order, ax=ax, node_size=[sizes[i] for i in order],
            node_color=[CLASS_COLOURS.get(n.cls, CLASS_COLOURS["Actor"]) for n in network.nodes],
            edgecolors="#333333", linewidths=0.8)
        collection.set_gid("nodes")
        collection.set_zorder(4)

        sides = place_labels(network, pos, sizes, unit * 72)
        for i, node in enumerate(network.nodes):
            if sides[node.iri] is None:
                continue  # no room: the label would cover another
            radius = math.sqrt(sizes[node.iri]) / 2
            offset, ha, va = {"below": ((0, -(radius + 2)), "center", "top"),
                              "above": ((0, radius + 2), "center", "bottom"),
                              "right": ((radius + 3, 0), "left", "center"),
                              "left": ((-(radius + 3), 0), "right", "center")}[sides[node.iri]]
            text = ax.annotate(display_label(node.iri, node.label), xy=pos[node.iri], xytext=offset,
                               textcoords="offset points", ha=ha, va=va, fontsize=8.5, zorder=2,
                               bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
            text.set_gid(f"label-{i}")

        centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys) + pad_top - pad_bottom) / 2
        half_w, half_h = ax_w / unit / 2, ax_h / unit / 2
        ax.set_xlim(centre_x - half_w, centre_x + half_w)
        ax.set_ylim(centre_y - half_h, centre_y + half_h)

        left = margin / fig_w
        fig.text(left, 1 - 0.2 / fig_h, TITLE, fontsize=16, fontweight="bold", va="top", gid="title")
        unlabelled = sum(1 for side in sides.values() if side is None)
        subtitle = wrap_lines([describe(network), sources_line(network), *notes(network, weight, unlabelled)],
                              fig_w - 2 * margin, 9.5)
        fig.text(left, 1 - 0.55 / fig_h, subtitle, fontsize=9.5, va="top", color="#333333", gid="subtitle",
                 linespacing=1.35)

        legend = ax.legend(handles=legend_handles(network, weight), loc="upper left", bbox_to_anchor=(1.01, 1.0),
                           frameon=False, title="Legend", alignment="left", borderaxespad=0.0)
        legend.set_gid("legend")
    save(fig, path, fmt, f"{TITLE}: {describe(network)}")


def label_sides(network: Network, pos: dict[str, tuple[float, float]]) -> dict[str, str]:
    """Where each node's label goes (below, above, right or left of it): the side its links head
    into least, so that arrows arriving at a node seldom run under its label."""
    heading: dict[str, list[tuple[float, float]]] = {n.iri: [] for n in network.nodes}
    pairs = [(e.source, e.target) for e in network.events] + [(m.member, m.alliance) for m in network.memberships]
    for a, b in pairs:
        dx, dy = pos[b][0] - pos[a][0], pos[b][1] - pos[a][1]
        length = math.hypot(dx, dy)
        if length == 0:
            continue
        heading[a].append((dx / length, dy / length))
        heading[b].append((-dx / length, -dy / length))
    directions = (("below", (0.0, -1.0)), ("above", (0.0, 1.0)), ("right", (1.0, 0.0)), ("left", (-1.0, 0.0)))
    sides = {}
    for iri, vectors in heading.items():
        def crowding(direction):
            # the side's text is wider than tall: a link heading sideways crowds a side label more
            ux, uy = direction
            return sum(max(0.0, vx * ux + vy * uy) ** (1 if uy else 0.5) for vx, vy in vectors)
        sides[iri] = min(directions, key=lambda d: (round(crowding(d[1]), 6), [x[0] for x in directions].index(d[0])))[0]
    return sides


LABEL_POINTS = 8.5  # the labels' font size


def place_labels(network: Network, pos: dict[str, tuple[float, float]], sizes: dict[str, float],
                 points_per_unit: float) -> dict[str, str | None]:
    """Each node's label side (label_sides' choice first, then the others), so that no label
    overlaps another label or a node; None where no side has room. The actors mentioned most are
    placed first, so the labels left out are the smallest actors'."""
    preferred = label_sides(network, pos)
    at = {iri: (x * points_per_unit, y * points_per_unit) for iri, (x, y) in pos.items()}
    radius = {iri: math.sqrt(sizes[iri]) / 2 for iri in pos}
    circles = [(at[i][0] - radius[i], at[i][1] - radius[i], at[i][0] + radius[i], at[i][1] + radius[i]) for i in pos]
    taken: list[tuple[float, float, float, float]] = []
    out: dict[str, str | None] = {}
    for node in sorted(network.nodes, key=lambda n: (-n.mentions, n.iri)):
        boxes = label_boxes(node, at[node.iri], radius[node.iri])
        order = [preferred[node.iri]] + [side for side in boxes if side != preferred[node.iri]]
        out[node.iri] = None
        for side in order:
            box = boxes[side]
            if not any(_overlap(box, other) for other in taken + circles):
                out[node.iri] = side
                taken.append(box)
                break
    return out


def label_boxes(node, at: tuple[float, float], r: float) -> dict[str, tuple[float, float, float, float]]:
    """The box (in points) a node's label takes on each side of a node at ``at`` of radius ``r``:
    an estimate from the label's lines and characters, a little larger than the text."""
    lines = display_label(node.iri, node.label).split("\n")
    width = max(len(line) for line in lines) * LABEL_POINTS * 0.55 + 4
    height = len(lines) * LABEL_POINTS * 1.25 + 2
    x, y = at
    return {"below": (x - width / 2, y - r - 2 - height, x + width / 2, y - r - 2),
            "above": (x - width / 2, y + r + 2, x + width / 2, y + r + 2 + height),
            "right": (x + r + 3, y - height / 2, x + r + 3 + width, y + height / 2),
            "left": (x - r - 3 - width, y - height / 2, x - r - 3, y + height / 2)}


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _digraph(nodes: list[str], edges: list[tuple[str, str]]) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    return graph


def _quads_present(network: Network) -> list[str]:
    present = {e.quad for e in network.events}
    return [q for q in QUAD_CLASSES if q in present] + sorted(present - set(QUAD_CLASSES))


def legend_handles(network: Network, weight: Weighting) -> list:
    handles = [Line2D([], [], linestyle="", label="Events (arrow: source → target)")]
    for quad in list(QUAD_CLASSES) + sorted({e.quad for e in network.events} - set(QUAD_LABELS)):
        handles.append(Line2D([], [], color=quad_colour(quad), linewidth=2.5, label=quad_name(quad)))
    handles.append(Line2D([], [], linestyle="", label=weight.legend))
    handles.append(Line2D([], [], linestyle="", label=" "))
    handles.append(Line2D([], [], color=MEMBERSHIP_COLOUR, linestyle="--", linewidth=1.2,
                          label="member of (alliance, organisation)"))
    handles.append(Line2D([], [], linestyle="", label=" "))
    handles.append(Line2D([], [], linestyle="", label="Actors (size: mentions)"))
    classes = sorted({n.cls for n in network.nodes}, key=lambda c: CLASS_NAMES.get(c, c))
    for cls in classes:
        handles.append(Line2D([], [], linestyle="", marker="o", markersize=10, markeredgecolor="#333333",
                              markerfacecolor=CLASS_COLOURS.get(cls, CLASS_COLOURS["Actor"]),
                              label=CLASS_NAMES.get(cls, cls)))
    return handles
