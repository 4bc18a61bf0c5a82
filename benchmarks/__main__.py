"""Run every benchmark module and print ratios against baselines measured in the same run."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

from benchmarks.harness import Comparison


def _modules(only: str | None) -> list[str]:
    here = Path(__file__).parent
    names = [m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")]
    return [n for n in sorted(names) if only is None or only in n]


def _row(c: Comparison) -> str:
    return (
        f"{c.name:<34} {c.rows:>12,} {c.ours_rate:>14,.0f} {c.baseline_rate:>14,.0f} "
        f"{c.speedup:>7.2f}x  vs {c.baseline_name}{'  target: ' + c.target if c.target else ''}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--size", choices=["small", "full"], default="full")
    parser.add_argument("--only", help="run only modules whose name contains this")
    args = parser.parse_args(argv)
    print(f"{'benchmark':<34} {'rows':>12} {'ours rows/s':>14} {'base rows/s':>14} {'ratio':>8}")
    for name in _modules(args.only):
        module = importlib.import_module(f"benchmarks.{name}")
        for bench in module.BENCHMARKS:
            print(_row(bench(args.size)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
