"""The synthetic world, with ground truth (all sections: data for every engine).

``generate_world(out, seed=7, scale=1.0)`` writes every file of ``docs/file-shapes.md`` to
``out/data`` and what they were generated from to ``out/truth``; see ``docs/synth.md``.
"""

from tradeguard.synth.world import WorldSummary, generate_world

__all__ = ["WorldSummary", "generate_world"]
