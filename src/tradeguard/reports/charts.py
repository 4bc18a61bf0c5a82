"""Charts that regenerate byte for byte: one matplotlib style, SVG without dates, PDF without
creation or modification dates. Each report passes its own ``salt`` (the SVG id seed)."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

__all__ = ["COLOURS", "chart_style", "svg_text", "write_pdf"]

COLOURS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860")


def _rc(salt: str) -> dict[str, Any]:
    return {
        "svg.hashsalt": salt,
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "pdf.fonttype": 42,
    }


@contextmanager
def chart_style(salt: str) -> Iterator[None]:
    """The house style; ``salt`` fixes the ids inside SVG output."""
    with matplotlib.rc_context(_rc(salt)):  # type: ignore[arg-type]  # keys are valid rc names
        yield


def svg_text(fig: Figure, salt: str) -> str:
    """The figure as an inline ``<svg>`` element: no XML prologue, no date."""
    buf = io.StringIO()
    with chart_style(salt):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg") :]


def write_pdf(figures: Sequence[Figure], path: Path, salt: str) -> Path:
    """``figures`` as the pages of one PDF, with fixed metadata and no dates."""
    path.parent.mkdir(parents=True, exist_ok=True)
    metadata = {
        "CreationDate": None,
        "ModDate": None,
        "Creator": "TradeGuard",
        "Producer": "TradeGuard",
    }
    with chart_style(salt), PdfPages(path, metadata=metadata) as pdf:
        for fig in figures:
            pdf.savefig(fig)
    return path
