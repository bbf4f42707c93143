"""Prints the figures of `rasa test nlu --cross-validation` (run by `make eval-nlu`).

    python -m tests.eval.nlu_report results/nlu
"""
import json
import sys
from pathlib import Path


def main(directory: str = "results/nlu") -> int:
    out = Path(directory)
    intents = json.loads((out / "intent_report.json").read_text())
    print(f"intent macro-F1:   {intents['macro avg']['f1-score']:.3f}  "
          f"(weighted {intents['weighted avg']['f1-score']:.3f}, accuracy {intents.get('accuracy', 0):.3f})")
    for path in sorted(out.glob("*Classifier_report.json")) + sorted(out.glob("*Extractor_report.json")):
        report = json.loads(path.read_text())
        entities = {k: v for k, v in report.items() if isinstance(v, dict) and "f1-score" in v
                    and k not in ("macro avg", "weighted avg", "micro avg", "no_entity")}
        if not entities:
            continue
        avg = report.get("micro avg") or report.get("weighted avg")
        print(f"entity F1 ({path.stem.replace('_report', '')}): micro {avg['f1-score']:.3f}, "
              f"macro {report['macro avg']['f1-score']:.3f}")
        for name, values in sorted(entities.items()):
            print(f"    {name:14} F1 {values['f1-score']:.3f}  (n={values['support']})")
    weak = sorted(((v["f1-score"], k) for k, v in intents.items()
                   if isinstance(v, dict) and "f1-score" in v and k not in
                   ("macro avg", "weighted avg", "micro avg")))[:5]
    print("weakest intents: " + ", ".join(f"{k} {f:.2f}" for f, k in weak))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
