"""``tradeguard synth``: write a synthetic world."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from tradeguard.synth.world import generate_world

app = typer.Typer(help="Generate a synthetic world (data and ground truth).")


@app.command()
def synth(
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write data/ and truth/ into.")
    ] = Path("world"),
    seed: Annotated[int, typer.Option("--seed", help="Random seed; same seed, same bytes.")] = 7,
    scale: Annotated[
        float,
        typer.Option("--scale", min=0.001, help="1.0 is the demo world; 0.02 the tiny test world."),
    ] = 1.0,
) -> None:
    """Write a synthetic world to OUT/data (the file shapes) and OUT/truth."""
    console = Console(stderr=True)
    with console.status("generating") as status:
        summary = generate_world(
            out,
            seed=seed,
            scale=scale,
            progress=lambda kind, rows: status.update(f"{kind}: {rows:,} rows"),
        )
    table = Table("file", "rows")
    for kind, rows in summary.rows.items():
        table.add_row(summary.files[kind].name, f"{rows:,}")
    table.add_row("total", f"{summary.total_rows:,}")
    Console().print(table)
    console.print(f"written to {out} in {summary.seconds:.1f} s")
