"""`rasa test nlu --cross-validation`, with its folds drawn the same way every run.

Rasa 3.6 splits the data with scikit-learn's StratifiedKFold(shuffle=True) and no seed, so
two runs on the same data score different folds and differ by about 0.005 in macro-F1.
Seeding NumPy's global generator first makes the split (and with DIET's own random_seed
the whole evaluation) repeatable, so a change can be compared with the one before it.

    python -m tests.eval.nlu_cv --out results/nlu [--folds 5] [--seed 42] [--config config.yml]
"""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="results/nlu")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--config", default="config.yml",
                        help="the pipeline to evaluate (to compare a changed one with config.yml)")
    args = parser.parse_args(argv)
    import numpy as np
    from rasa.__main__ import main as rasa_main

    np.random.seed(args.seed)
    sys.argv = ["rasa", "test", "nlu", "--config", args.config, "--nlu", "data/nlu",
                "--cross-validation", "--folds", str(args.folds), "--out", args.out]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
