"""Score history charts as hand-written SVG: same input, same bytes, no plotting library.

One chart per post: the quarterly score (posterior median, with its 90% band), the threshold of
each quarter, quarters deemed non-compliant marked in red, and the measures in force shaded.
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from tradeguard.posts.status import LEVEL_NAMES

__all__ = ["score_history_svg"]

_W, _H = 640, 260
_L, _R, _T, _B = 44, 16, 24, 56
_TIER_FILL = ("#ffffff", "#fff4d6", "#ffe0b8", "#ffc9c9")


def _x(i: int, n: int) -> float:
    span = _W - _L - _R
    return _L + (span * (i + 0.5) / n if n else 0)


def _y(score: float) -> float:
    return _T + (_H - _T - _B) * (1 - max(0.0, min(100.0, score)) / 100)


def _num(v: float) -> str:
    return f"{v:.1f}"


def _bands(rows: pd.DataFrame) -> list[str]:
    step = (_W - _L - _R) / max(len(rows), 1)
    out = []
    for i, tier in enumerate(rows["tier"].astype(int)):
        if tier:
            out.append(
                f'<rect x="{_num(_L + i * step)}" y="{_T}" width="{_num(step)}" '
                f'height="{_H - _T - _B}" '
                f'fill="{_TIER_FILL[tier]}"><title>{LEVEL_NAMES[tier]}</title></rect>'
            )
    return out


def _axes(rows: pd.DataFrame) -> list[str]:
    n = len(rows)
    out = [f'<line x1="{_L}" y1="{_y(0)}" x2="{_W - _R}" y2="{_y(0)}" stroke="#333"/>']
    for v in (0, 25, 50, 75, 100):
        out.append(
            f'<text x="{_L - 6}" y="{_num(_y(v) + 4)}" text-anchor="end" font-size="10">{v}</text>'
        )
        out.append(
            f'<line x1="{_L}" y1="{_num(_y(v))}" x2="{_W - _R}" y2="{_num(_y(v))}" stroke="#eee"/>'
        )
    for i, q in enumerate(rows["quarter"]):
        x = _num(_x(i, n))
        out.append(
            f'<text x="{x}" y="{_H - _B + 14}" font-size="9" text-anchor="end" '
            f'transform="rotate(-40 {x} {_H - _B + 14})">{escape(str(q))}</text>'
        )
    return out


def _series(rows: pd.DataFrame) -> list[str]:
    n, out = len(rows), []
    thr = " ".join(
        f"{_num(_x(i, n))},{_num(_y(t))}"
        for i, t in enumerate(rows["threshold"])
        if not math.isnan(t)
    )
    if thr:
        out.append(f'<polyline points="{thr}" fill="none" stroke="#555" stroke-dasharray="5,3"/>')
    pts = [(i, float(s)) for i, s in enumerate(rows["score"]) if not math.isnan(float(s))]
    if pts:
        line = " ".join(f"{_num(_x(i, n))},{_num(_y(s))}" for i, s in pts)
        out.append(f'<polyline points="{line}" fill="none" stroke="#1f4e9c" stroke-width="2"/>')
    for i, row in enumerate(rows.to_dict("records")):
        x = _num(_x(i, n))
        if not bool(row["scored"]):
            out.append(
                f'<text x="{x}" y="{_num(_y(50))}" font-size="9" text-anchor="middle">n/d</text>'
            )
            continue
        colour = "#c62828" if bool(row["noncompliant"]) else "#1f4e9c"
        out.append(
            f'<circle cx="{x}" cy="{_num(_y(float(row["score"])))}" r="4" fill="{colour}">'
            f"<title>{escape(str(row['quarter']))}: {float(row['score']):.1f} "
            f"({escape(str(row['outcome']))}, counter {int(row['counter'])})</title></circle>"
        )
    return out


def score_history_svg(rows: pd.DataFrame, title: str) -> str:
    """An SVG chart of one post's history (rows in quarter order, history columns)."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" '
        f'viewBox="0 0 {_W} {_H}" font-family="sans-serif" role="img">',
        f"<title>{escape(title)}</title>",
        f'<text x="{_L}" y="15" font-size="12" font-weight="bold">{escape(title)}</text>',
        *_bands(rows),
        *_axes(rows),
        *_series(rows),
        f'<text x="{_W - _R}" y="15" font-size="9" text-anchor="end">blue: score; dashed: '
        "threshold; red: non-compliant; shading: measures in force</text>",
        "</svg>",
    ]
    return "\n".join(parts)
