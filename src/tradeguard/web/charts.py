"""Charts as data: an inline SVG line chart of post scores per quarter, built from plain rows
(the same rows always give the same bytes)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

__all__ = ["score_chart_svg"]

_COLOURS = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)


def score_chart_svg(rows: Sequence[Mapping[str, Any]], width: int = 720, height: int = 260) -> str:
    """One line per post over quarters; unscored quarters leave a gap."""
    quarters = sorted({str(r["quarter"]) for r in rows}, key=_quarter_key)
    posts = sorted({str(r["post_code"]) for r in rows})
    if not quarters or not posts:
        return "<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'></svg>"
    left, right, top, bottom = 40, 90, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(quarters) - 1, 1)

    def x(q: str) -> float:
        return left + quarters.index(q) * step

    def y(score: float) -> float:
        return top + plot_h * (1 - max(0.0, min(100.0, score)) / 100)

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' aria-label='Post scores by quarter'"
        f" width='{width}' height='{height}' viewBox='0 0 {width} {height}' class='chart'>",
        f"<rect x='{left}' y='{top}' width='{plot_w}' height='{plot_h}' fill='#fafafa' "
        "stroke='#ccc'/>",
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f"<text x='{left - 6}' y='{y(tick) + 4:.1f}' font-size='10' "
            f"text-anchor='end'>{tick}</text>"
        )
    for i, q in enumerate(quarters):
        if len(quarters) <= 12 or i % 2 == 0:
            parts.append(
                f"<text x='{x(q):.1f}' y='{height - 10}' font-size='10' "
                f"text-anchor='middle'>{escape(q)}</text>"
            )
    for n, post in enumerate(posts):
        colour = _COLOURS[n % len(_COLOURS)]
        points = {str(r["quarter"]): r.get("score") for r in rows if str(r["post_code"]) == post}
        segment: list[str] = []
        for q in [*quarters, "<end>"]:
            score = points.get(q)
            if score is None:
                if len(segment) > 1:
                    parts.append(
                        f"<polyline fill='none' stroke='{colour}' stroke-width='2' "
                        f"points='{' '.join(segment)}'/>"
                    )
                for point in segment:
                    cx, cy = point.split(",")
                    parts.append(f"<circle cx='{cx}' cy='{cy}' r='2.5' fill='{colour}'/>")
                segment = []
                continue
            segment.append(f"{x(q):.1f},{y(float(score)):.1f}")
        parts.append(
            f"<text x='{width - right + 8}' y='{top + 14 * (n + 1)}' font-size='11' "
            f"fill='{colour}'>{escape(post)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _quarter_key(label: str) -> tuple[int, int]:
    body = label.upper().removeprefix("FY")
    year, _, number = body.partition("Q")
    return (int(year), int(number)) if year.isdigit() and number.isdigit() else (0, 0)
