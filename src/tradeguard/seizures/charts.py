"""Charts of the publication, built only from published cells (suppressed cells never plot).

Builders take frozen inputs and return matplotlib :class:`~matplotlib.figure.Figure` objects
(no pyplot state); :func:`svg_text` and :func:`write_pdf` fix the metadata and the SVG hash
salt, so the same release renders to the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from tradeguard.reports.charts import COLOURS, chart_style
from tradeguard.reports.charts import svg_text as shared_svg_text
from tradeguard.reports.charts import write_pdf as shared_write_pdf

__all__ = ["bar_figure", "svg_text", "table_figure", "text_figure", "write_pdf"]

SALT = "tradeguard-seizures"


def _rc() -> AbstractContextManager[None]:
    return chart_style(SALT)


def bar_figure(frame: pd.DataFrame, *, index: str, columns: str, value: str, title: str,
               xlabel: str) -> Figure:
    """Horizontal grouped bars of ``value`` by ``index`` (rows) and ``columns`` (series);
    cells withheld (NaN) are marked ``D`` at zero."""
    with _rc():
        fig = Figure(figsize=(8, 4.2))
        ax = fig.add_subplot()
        table = frame.pivot_table(index=index, columns=columns, values=value, aggfunc="first",
                                  dropna=False, sort=True)
        series = list(table.columns)
        height = 0.8 / max(len(series), 1)
        ys = np.arange(len(table.index))
        for i, name in enumerate(series):
            vals = table[name].to_numpy(dtype=float)
            pos = ys + i * height
            ax.barh(pos, np.nan_to_num(vals), height, label=str(name),
                    color=COLOURS[i % len(COLOURS)])
            for y, v in zip(pos, vals, strict=True):
                if np.isnan(v):
                    ax.text(0, y, " D", va="center", fontsize=7, color="#555555")
        ax.set_yticks(ys + height * (len(series) - 1) / 2, [str(x) for x in table.index])
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        ax.legend(fontsize=8)
        fig.tight_layout()
        return fig


def text_figure(title: str, lines: Sequence[str]) -> Figure:
    """A page of text (title and wrapped lines) for the PDF."""
    with _rc():
        fig = Figure(figsize=(8.27, 11.69))
        fig.text(0.08, 0.95, title, fontsize=15, weight="bold", va="top", parse_math=False)
        y = 0.91
        for line in lines:
            fig.text(0.08, y, line, fontsize=9, va="top", wrap=True, parse_math=False)
            y -= 0.022 * (1 + len(line) // 110)
        return fig


def table_figure(title: str, frame: pd.DataFrame) -> Figure:
    """A table page: at most 40 rows, values as published (``D`` for withheld)."""
    with _rc():
        fig = Figure(figsize=(8.27, 11.69))
        ax = fig.add_subplot()
        ax.axis("off")
        ax.set_title(title, loc="left", fontsize=11)
        shown = frame.head(40).astype(str)
        if len(shown):
            tbl = ax.table(cellText=shown.to_numpy().tolist(), colLabels=list(shown.columns),
                           loc="upper left", cellLoc="right")
            tbl.auto_set_font_size(False)
            tbl.set_fontsize(7)
            tbl.auto_set_column_width(list(range(len(shown.columns))))
            tbl.scale(1, 1.2)
        return fig


def svg_text(fig: Figure) -> str:
    """The figure as an inline SVG element (no XML prologue, no date)."""
    return shared_svg_text(fig, SALT)


def write_pdf(figures: Sequence[Figure], path: Path) -> Path:
    """All figures, one per page, with fixed metadata."""
    return shared_write_pdf(figures, path, SALT)
