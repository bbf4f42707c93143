"""Training time of the assistant: from scratch, and after a one-line change to the NLU data.

    python -m tests.eval.bench_train [--nlu-file data/nlu/follow_ups.yml] [--max-epochs N]
                                     [--dry-run] [--keep] [--json results/bench-train.json]

Trains what `make train` trains (bot/scripts/train.sh: ``rasa train --config config.yml
--domain domain.yml --data data``), but from a copy of config.yml, domain.yml and data/ in a
temporary directory, into a temporary output directory (never models/), with a Rasa cache
of its own (``RASA_CACHE_DIRECTORY``, empty at the start; the project's .rasa/ is not used):

1. from scratch: empty cache;
2. after one more example line in one intent of a copy of an NLU file (--nlu-file; the
   project's data/ is never changed): the same cache, so Rasa retrains only what the change
   reaches and restores the rest from its cache.

Prints wall-clock and CPU time of both, and which components were trained and which were
restored from the cache; writes them to --json. It checks that the second training did
train (Rasa did not answer "Nothing changed"), that it trained an NLU component and that it
restored at least one component from the cache; exit code 1 otherwise.

A full run uses both cores for about 4 minutes (a training from scratch takes about 2).
--max-epochs caps the epochs of DIET and TED in the copied config (the figures are then
not the real training time: the output says so); --dry-run only prepares the copy and the
change and prints the commands.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv" / "bin" / "rasa"
DEFAULT_JSON = ROOT / "results" / "bench-train.json"
DEFAULT_NLU_FILE = "data/nlu/follow_ups.yml"
# The example line added to the first intent of the NLU file (realistic for ask_more, the
# first intent of the default file; any intent takes it as one more training example).
NEW_EXAMPLE = "kun je daar nog iets meer over zeggen?"
TRAINED = re.compile(r"Starting to train component '([A-Za-z0-9_]+)'")
RESTORED = re.compile(r"Restored component '([A-Za-z0-9_]+)' from cache")
STEP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\s.*?"
                  r"(Starting to train|Finished training) component '([A-Za-z0-9_]+)'", re.M)
NLU_COMPONENTS = {"SpacyNLP", "SpacyTokenizer", "RegexFeaturizer", "LexicalSyntacticFeaturizer",
                  "CountVectorsFeaturizer", "KnowledgeFeaturizer", "CRFEntityExtractor",
                  "DIETClassifier", "IntentEnsemble", "EntitySynonymMapper", "GuidelineClassifier"}


class BenchTrainError(RuntimeError):
    pass


def copy_project(target: Path, max_epochs: Optional[int]) -> Path:
    """config.yml, domain.yml and data/ copied to target/project; epochs capped if asked."""
    project = target / "project"
    project.mkdir(parents=True)
    shutil.copy2(ROOT / "domain.yml", project / "domain.yml")
    shutil.copytree(ROOT / "data", project / "data")
    config_text = (ROOT / "config.yml").read_text(encoding="utf-8")
    if max_epochs is not None:
        config = yaml.safe_load(config_text)
        capped = 0
        for part in ("pipeline", "policies"):
            for component in config.get(part) or []:
                if "epochs" in component:
                    component["epochs"] = min(int(component["epochs"]), max_epochs)
                    capped += 1
        if not capped:
            raise BenchTrainError("--max-epochs: no component of config.yml has epochs")
        config_text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    (project / "config.yml").write_text(config_text, encoding="utf-8")
    return project


def add_example(nlu_file: Path) -> Dict[str, object]:
    """Inserts NEW_EXAMPLE after the first example of the first intent of nlu_file (a copy):
    one line. Returns the intent and its example counts before and after."""
    def examples(path: Path) -> Dict[str, int]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return {item["intent"]: len([e for e in item["examples"].splitlines() if e.strip()])
                for item in data.get("nlu") or [] if "intent" in item and "examples" in item}

    before = examples(nlu_file)
    if not before:
        raise BenchTrainError(f"{nlu_file.name}: no intent with examples")
    lines = nlu_file.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.strip().startswith("examples:"):
            first = lines[i + 1]
            indent = first[: len(first) - len(first.lstrip())]
            lines.insert(i + 2, f"{indent}- {NEW_EXAMPLE}\n")
            break
    nlu_file.write_text("".join(lines), encoding="utf-8")
    after = examples(nlu_file)
    changed = [k for k in after if after[k] != before.get(k)]
    if len(changed) != 1 or after[changed[0]] != before[changed[0]] + 1:
        raise BenchTrainError(f"{nlu_file.name}: the added line did not add one example "
                              f"(before {before}, after {after})")
    return {"intent": changed[0], "examples_before": before[changed[0]],
            "examples_after": after[changed[0]], "line": f"- {NEW_EXAMPLE}"}


def component_seconds(log_text: str) -> List[List[object]]:
    """[name, seconds] per trained component, from the log's timestamps (1 s resolution),
    in training order."""
    started: Dict[str, List[datetime]] = {}
    durations: List[List[object]] = []
    for stamp, step, name in STEP.findall(log_text):
        moment = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S")
        if step.startswith("Starting"):
            started.setdefault(name, []).append(moment)
        elif started.get(name):
            durations.append([name, (moment - started[name].pop(0)).total_seconds()])
    return durations


def train_command(project: Path, out: Path, name: str) -> List[str]:
    return [str(RASA), "train", "--config", str(project / "config.yml"),
            "--domain", str(project / "domain.yml"), "--data", str(project / "data"),
            "--out", str(out), "--fixed-model-name", name]


def train(project: Path, out: Path, cache: Path, name: str, log: Path) -> Dict[str, object]:
    """One `rasa train` (cwd: the checkout, as train.sh) with its own cache directory."""
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
           "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_CACHE_DIRECTORY": str(cache),
           "PYTHONPATH": str(ROOT) + (os.pathsep + os.environ["PYTHONPATH"]
                                      if os.environ.get("PYTHONPATH") else "")}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with log.open("w") as out_file:
        result = subprocess.run(train_command(project, out, name), cwd=ROOT, env=env,
                                stdout=out_file, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    text = re.sub(r"\x1b\[[0-9;]*m", "", log.read_text(errors="replace").replace("\r", "\n"))
    if result.returncode != 0:
        raise BenchTrainError(f"rasa train failed (exit {result.returncode}); last lines of "
                              f"{log}:\n" + "\n".join(text.splitlines()[-30:]))
    return {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(after.ru_utime + after.ru_stime
                             - children.ru_utime - children.ru_stime, 1),
        "trained": TRAINED.findall(text),
        "restored": RESTORED.findall(text),
        "component_seconds": component_seconds(text),
        "nothing_changed": "Nothing changed" in text,
        "model": (out / f"{name}.tar.gz").exists(),
    }


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nlu-file", default=DEFAULT_NLU_FILE,
                        help=f"the NLU file (under data/) that gets one more example line "
                             f"(default {DEFAULT_NLU_FILE})")
    parser.add_argument("--max-epochs", type=int,
                        help="cap the epochs of DIET and TED (a smoke test, not the real time)")
    parser.add_argument("--dry-run", action="store_true",
                        help="prepare the copy and the change, print the commands, train nothing")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)
    nlu_relative = Path(args.nlu_file)
    if nlu_relative.is_absolute() or nlu_relative.parts[:1] != ("data",) \
            or not (ROOT / nlu_relative).is_file():
        parser.error(f"--nlu-file must be a file under data/: {args.nlu_file}")
    if args.max_epochs is not None and args.max_epochs < 1:
        parser.error("--max-epochs must be at least 1")

    # SIGTERM as Ctrl-C: subprocess.run then kills the running `rasa train`.
    signal.signal(signal.SIGTERM, lambda signum, frame: (_ for _ in ()).throw(
        KeyboardInterrupt(f"signal {signum}")))
    work = Path(tempfile.mkdtemp(prefix="jeugdhulp-bench-train-"))
    ok = False
    try:
        project = copy_project(work, args.max_epochs)
        out, cache = work / "models", work / "cache"
        if args.dry_run:
            change = add_example(project / nlu_relative)
            capped = f" with epochs capped at {args.max_epochs}" if args.max_epochs else ""
            print(f"Prepared {project} (config{capped}, domain, data).")
            print(f"Change: {nlu_relative}, intent {change['intent']}: "
                  f"{change['examples_before']} -> {change['examples_after']} examples "
                  f"(line {change['line']!r})")
            print(f"1. RASA_CACHE_DIRECTORY={cache} (empty) "
                  + " ".join(train_command(project, out, "bench-scratch")))
            print("2. the change, then the same with --fixed-model-name bench-changed")
            if not args.keep:
                print("(the temporary directory is removed again; --keep keeps it)")
            ok = True
            return 0
        cpus = len(os.sched_getaffinity(0))
        load_start = os.getloadavg()
        print(f">> Training from scratch (empty cache) on {cpus} cores, load average "
              f"{load_start[0]:.2f} ...", flush=True)
        scratch = train(project, out, cache, "bench-scratch", work / "train-scratch.log")
        print(f"   {scratch['seconds']} s ({scratch['cpu_seconds']} s CPU)", flush=True)
        change = add_example(project / nlu_relative)
        print(f">> Training after one more example line in {nlu_relative} "
              f"(intent {change['intent']}) ...", flush=True)
        changed = train(project, out, cache, "bench-changed", work / "train-changed.log")
        print(f"   {changed['seconds']} s ({changed['cpu_seconds']} s CPU)", flush=True)
        load_end = os.getloadavg()

        problems = []
        if not (scratch["model"] and changed["model"]):
            problems.append("no model written")
        if changed["nothing_changed"] or not changed["trained"]:
            problems.append("the second training trained nothing")
        if not NLU_COMPONENTS & set(changed["trained"]):  # type: ignore[arg-type]
            problems.append("the change to the NLU data retrained no NLU component")
        if not changed["restored"]:
            problems.append("nothing was restored from the cache")
        ok = not problems

        print()
        capped = (f" (epochs capped at {args.max_epochs}: NOT the real training time)"
                  if args.max_epochs else "")
        print(f"Training time{capped}; {cpus} cores, load average "
              f"{load_start[0]:.2f} at start, {load_end[0]:.2f} at end")
        print(f"  from scratch:                {scratch['seconds']:7.1f} s "
              f"({scratch['cpu_seconds']} s CPU), {len(scratch['trained'])} components trained")
        print(f"  after one NLU example line:  {changed['seconds']:7.1f} s "
              f"({changed['cpu_seconds']} s CPU)")
        print(f"    trained again:         {', '.join(changed['trained']) or '-'}")
        print(f"    restored from cache:   {', '.join(changed['restored']) or '-'}")
        for label, result in (("from scratch", scratch), ("after the change", changed)):
            slowest = sorted(result["component_seconds"], key=lambda c: -c[1])[:4]  # type: ignore
            in_steps = sum(c[1] for c in result["component_seconds"])  # type: ignore
            print(f"  {label}: {in_steps:.0f} of {result['seconds']} s in the components' "
                  "train steps; slowest: "
                  + (", ".join(f"{n} {s:.0f} s" for n, s in slowest) or "-"))
        for problem in problems:
            print(f"  FAILED: {problem}")
        report = {"cores": cpus, "load_average_start": load_start, "load_average_end": load_end,
                  "max_epochs": args.max_epochs, "nlu_change": {"file": str(nlu_relative),
                                                                **change},
                  "from_scratch": scratch, "after_one_line": changed, "problems": problems,
                  "ok": ok}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"Written to {args.json}")
    except BenchTrainError as error:
        print(f"bench-train: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench-train: interrupted", file=sys.stderr)
        return 130
    finally:
        if args.keep or not ok:
            print(f"Temporary directory (logs): {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
