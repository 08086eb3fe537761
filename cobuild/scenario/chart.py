# SPDX-License-Identifier: MIT
"""The PNG chart of a report: each combination's supporters and funding against the cut-off, and
where the money went."""

from __future__ import annotations

from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

OUTCOME_COLORS = {
    "Succeeded": "#2e7d32",
    "PresaleFailed": "#f9a825",
    "Model": "#66bb6a",
    "Dropped": "#e53935",
    "Prototype": "#42a5f5",
    "Selected": "#1e88e5",
    "Eliminated": "#9e9e9e",
    "NotSelected": "#bdbdbd",
    "Backed": "#90a4ae",
}


def draw(report: dict, path: Path) -> None:
    combos = report["combinations"]
    unit = 10 ** report["token"].get("decimals", 18)
    sym = report["token"]["symbol"]
    fig = Figure(figsize=(max(10, 0.22 * len(combos) + 4), 9), layout="constrained")
    FigureCanvasAgg(fig)
    top, bottom = fig.subplots(2, 1, gridspec_kw={"height_ratios": [3, 2]})
    xs = list(range(len(combos)))
    colors = [OUTCOME_COLORS.get(c["status"], "#607d8b") for c in combos]
    top.bar(xs, [c["funded"] / unit for c in combos], color=colors, width=0.8, label="funding")
    top.scatter(
        xs,
        [c["cost"] / unit for c in combos],
        marker="_",
        s=120,
        color="black",
        zorder=3,
        label="prototype cost",
    )
    for x, c in zip(xs, combos, strict=True):
        if c["rescued"]:
            top.annotate("R", (x, c["funded"] / unit), ha="center", va="bottom", fontsize=7)
    cut = max((i for i, c in enumerate(combos) if c["selected_by_rank"]), default=None)
    if cut is not None:
        top.axvline(cut + 0.5, color="black", linestyle="--", linewidth=1)
        top.text(
            cut + 0.6,
            top.get_ylim()[1] * 0.95,
            f"cut-off: top {report['slots']}",
            fontsize=8,
            va="top",
        )
    top.set_ylabel(f"funding ({sym})")
    top.set_xlabel("combinations in rank order (R = rescued)")
    top.set_xticks(xs)
    top.set_xticklabels([c["name"] for c in combos], rotation=90, fontsize=6)
    twin = top.twinx()
    twin.plot(
        xs,
        [c["supporters"] for c in combos],
        color="#6a1b9a",
        marker=".",
        linewidth=1,
        label="supporters",
    )
    twin.set_ylabel("supporters", color="#6a1b9a")
    twin.set_ylim(bottom=0)
    handles = [
        Rectangle((0, 0), 1, 1, color=v)
        for k, v in OUTCOME_COLORS.items()
        if any(c["status"] == k for c in combos)
    ]
    labels = [k for k in OUTCOME_COLORS if any(c["status"] == k for c in combos)]
    top.legend(handles, labels, fontsize=7, loc="upper right", ncol=2)
    top.set_title(f"{report['title']}: supporters and funding against the cut-off")

    money = report["money"]
    flows = [(k, v) for k, v in money["out"].items() if v] + [("still held", money["held"])]
    flows.sort(key=lambda kv: kv[1])
    bottom.barh([k for k, _ in flows], [v / unit for _, v in flows], color="#455a64")
    for i, (_, v) in enumerate(flows):
        bottom.text(v / unit, i, f" {v / unit:,.2f}", va="center", fontsize=8)
    bottom.set_xlabel(f"{sym} (money in: {money['in_total'] / unit:,.2f})")
    bottom.set_title("where the money went")
    fig.savefig(path, dpi=90)
