"""Which names an outlet uses for an actor far more, or far less, than the other outlets.

The statistic is the weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi
and Quinn 2008, "Fightin' Words", Political Analysis 16(4), section 3.5.1), the standard way of
comparing word use between groups that neither drowns rare words in noise nor lets frequent ones
dominate. For a publisher i, the others j (pooled) and a name w, with counts y and totals n:

    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
    var_w  ~= 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

The prior a_w is the name's share of all the actor's mentions times a_0 = PRIOR_WEIGHT mentions:
names common across the corpus are expected, and only departures from that expectation score. A
name whose |z| is at least Z_DISTINCTIVE (1.96: the two-sided 5% level) is marked "more" or "less".
"""
from __future__ import annotations

import math
from collections import defaultdict

PRIOR_WEIGHT = 100.0
Z_DISTINCTIVE = 1.96

COLUMNS = ["actor", "actor_label", "publisher", "name", "mentions", "others", "log_odds", "z", "distinctive"]


def log_odds(counts: dict[tuple[str, str], int], prior_weight: float = PRIOR_WEIGHT) -> dict[tuple[str, str], tuple[float, float]]:
    """(publisher, name) -> (delta, z) for every pair of ``counts`` ((publisher, name) -> mentions)
    and every name any publisher uses (a name a publisher never uses scores too: "far less")."""
    publishers = sorted({p for p, _ in counts})
    names = sorted({w for _, w in counts})
    by_name: dict[str, int] = defaultdict(int)
    by_publisher: dict[str, int] = defaultdict(int)
    for (p, w), y in counts.items():
        by_name[w] += y
        by_publisher[p] += y
    total = sum(by_name.values())
    out = {}
    if total == 0 or len(publishers) < 2 or len(names) < 2:
        return out  # one outlet, or one name for the actor: no word choice to compare
    for p in publishers:
        n_i = by_publisher[p]
        n_j = total - n_i
        for w in names:
            a_w = prior_weight * by_name[w] / total
            y_i = counts.get((p, w), 0)
            y_j = by_name[w] - y_i
            delta = (math.log((y_i + a_w) / (n_i + prior_weight - y_i - a_w))
                     - math.log((y_j + a_w) / (n_j + prior_weight - y_j - a_w)))
            z = delta / math.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))
            out[(p, w)] = (delta, z)
    return out


def distinctive_names(rows: list[dict]) -> list[list]:
    """The rows of ``distinctive-names`` from those of ``actor-names`` (dicts with actor, actor_label,
    publisher, name, mentions as Python values), per actor, sorted by publisher then by z, most
    distinctive first."""
    by_actor: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_actor[r["actor"]].append(r)
    out = []
    for actor in sorted(by_actor):
        group = by_actor[actor]
        label = min((r["actor_label"] for r in group if r["actor_label"]), default="")
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for r in group:
            counts[(r["publisher"], r["name"])] += int(r["mentions"])
        scores = log_odds(counts)
        by_name: dict[str, int] = defaultdict(int)
        for (_, w), y in counts.items():
            by_name[w] += y
        for (p, w), (delta, z) in sorted(scores.items(), key=lambda kv: (kv[0][0], -abs(kv[1][1]), kv[0][1])):
            y_i = counts.get((p, w), 0)
            mark = ("more" if z > 0 else "less") if abs(z) >= Z_DISTINCTIVE else ""
            out.append([actor, label, p, w, y_i, by_name[w] - y_i, round(delta, 3), round(z, 3), mark])
    return out
