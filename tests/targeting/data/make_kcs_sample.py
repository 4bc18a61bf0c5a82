"""Regenerate the KCS samples in this folder from the shared copy of the dataset.

    python tests/targeting/data/make_kcs_sample.py /path/to/kcs-customs-import-declarations

A seeded random sample of rows of each split, in date order; the dataset's MIT licence is kept
beside the samples (LICENSE).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent
SIZES = {"df_syn_train_eng.csv": ("kcs_train_sample.csv", 2000),
         "df_syn_valid_eng.csv": ("kcs_valid_sample.csv", 600)}


def main(source: Path) -> None:
    for name, (target, rows) in SIZES.items():
        frame = pd.read_csv(source / name, dtype=str, keep_default_na=False)
        sample = frame.sample(n=rows, random_state=20220805).sort_values("Date", kind="stable")
        sample.to_csv(HERE / target, index=False)
    shutil.copyfile(source / "LICENSE", HERE / "LICENSE")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
