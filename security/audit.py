"""The dependency audit (`make audit`, part of `make test`): every package pinned in
requirements/lock.txt against the known advisories.

Where the advisories come from, in this order, always printed with its date:

1. the live PyPI advisory service, through pip-audit (.venv/tools), when it answers for every
   package. pip-audit reports a package it could not look up as "skipped" and still passes;
   here one skipped package means the service did not answer, and the snapshot is used;
2. otherwise the dated snapshot of the PyPA advisory database in security/advisories/.

Every advisory that applies must be listed in security/allowed-advisories.yml with why it
cannot be fixed and whether it reaches this assistant (docs/security.md). The audit fails on
anything new, and on an allow-list entry without its reasons. An entry that no longer applies
is reported so that it can be removed.

    python -m security.audit [--lock FILE] [--snapshot-only] [--timeout S]
"""
import argparse
import datetime
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import yaml
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"
SNAPSHOT = ROOT / "security" / "advisories"
ALLOWED = ROOT / "security" / "allowed-advisories.yml"
PIP_AUDIT = ROOT / ".venv" / "tools" / "bin" / "pip-audit"
REQUIRED_REASONS = ("why_not_fixed", "reaches_us")
# "name==version" or, with the extras it is needed with, "name[extra, other]==version"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Finding:
    package: str
    version: str
    id: str
    aliases: Tuple[str, ...] = ()
    fixed_in: Tuple[str, ...] = ()

    def names(self) -> set:
        return {self.id, *self.aliases}


@dataclass
class Report:
    source: str
    findings: List[Finding] = field(default_factory=list)
    note: str = ""


def pinned_packages(lock: Path) -> Dict[str, str]:
    """{normalized name: version} of every pin in a pip requirements lock."""
    pins = {}
    for line in lock.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[normalize(match.group(1))] = match.group(2)
    return pins


# --- the snapshot --------------------------------------------------------------------------

def snapshot_date(folder: Path = SNAPSHOT) -> str:
    """The snapshot's date and commit, from its README ("... commit X of YYYY-MM-DD")."""
    text = (folder / "README.md").read_text()
    match = re.search(r"commit (\w+) of (\d{4}-\d\d-\d\d)", text)
    return f"{match.group(2)} (advisory-database commit {match.group(1)})" if match else "unknown"


def _in_range(version: Version, events: List[dict]) -> bool:
    """OSV ECOSYSTEM range semantics: introduced <= v < fixed (or <= last_affected)."""
    affected = False
    introduced: Optional[Version] = None
    for event in events:
        if "introduced" in event:
            introduced = _version(event["introduced"]) or Version("0")
        elif introduced is not None and ("fixed" in event or "last_affected" in event):
            limit = _version(event.get("fixed") or event.get("last_affected"))
            if limit is None:
                continue
            inside = version < limit if "fixed" in event else version <= limit
            if introduced <= version and inside:
                affected = True
            introduced = None
    if introduced is not None and introduced <= version:  # open-ended range
        affected = True
    return affected


def _version(text: str) -> Optional[Version]:
    try:
        return Version(str(text))
    except InvalidVersion:
        return None


def advisory_applies(advisory: dict, package: str, version: str) -> Tuple[bool, Tuple[str, ...]]:
    """(applies, fixed versions) of one OSV advisory for a pinned package version."""
    if advisory.get("withdrawn"):
        return False, ()
    parsed = _version(version)
    fixed: List[str] = []
    applies = False
    for affected in advisory.get("affected") or []:
        pkg = affected.get("package") or {}
        if pkg.get("ecosystem") != "PyPI" or normalize(pkg.get("name", "")) != package:
            continue
        if version in [str(v) for v in affected.get("versions") or []]:
            applies = True
        for rng in affected.get("ranges") or []:
            if rng.get("type") != "ECOSYSTEM":
                continue
            events = rng.get("events") or []
            fixed += [str(e["fixed"]) for e in events if "fixed" in e]
            if parsed is not None and _in_range(parsed, events):
                applies = True
    return applies, tuple(fixed)


def audit_snapshot(pins: Dict[str, str], folder: Path = SNAPSHOT) -> List[Finding]:
    findings = []
    for package_folder in sorted(p for p in folder.iterdir() if p.is_dir()):
        package = normalize(package_folder.name)
        if package not in pins:
            continue
        for path in sorted(package_folder.glob("*.yaml")):
            advisory = yaml.safe_load(path.read_text())
            applies, fixed = advisory_applies(advisory, package, pins[package])
            if applies:
                findings.append(Finding(package, pins[package], advisory["id"],
                                        tuple(advisory.get("aliases") or ()), fixed))
    return findings


# --- the live service ----------------------------------------------------------------------

def audit_live(lock: Path, timeout: float) -> Tuple[Optional[List[Finding]], str]:
    """Findings from pip-audit's PyPI service, or (None, why) when it did not answer for every
    package (pip-audit itself passes when a package cannot be looked up)."""
    if not PIP_AUDIT.exists():
        return None, f"pip-audit is not installed ({PIP_AUDIT}; `make audit` installs it)"
    command = [str(PIP_AUDIT), "-r", str(lock), "--require-hashes", "--disable-pip",
               "--format", "json", "--progress-spinner", "off", "--timeout", "10",
               "--vulnerability-service", "pypi"]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"pip-audit gave no answer within {timeout:.0f} s"
    try:
        result = json.loads(run.stdout)
    except ValueError:
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"pip-audit failed: {last[:200]}"
    dependencies = result.get("dependencies") or []
    skipped = [d for d in dependencies if d.get("skip_reason")]
    if not dependencies or skipped:
        return None, (f"the service did not answer for {len(skipped)} of {len(dependencies)} "
                      "packages")
    findings = []
    for dependency in dependencies:
        for vuln in dependency.get("vulns") or []:
            findings.append(Finding(normalize(dependency["name"]), dependency["version"],
                                    vuln["id"], tuple(vuln.get("aliases") or ()),
                                    tuple(vuln.get("fix_versions") or ())))
    return findings, ""


# --- the allow-list ------------------------------------------------------------------------

def load_allowed(path: Path = ALLOWED) -> List[dict]:
    entries = yaml.safe_load(path.read_text()) or []
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a list of entries")
    return entries


def allow_list_problems(entries: List[dict]) -> List[str]:
    problems = []
    for number, entry in enumerate(entries, 1):
        where = f"entry {number} ({entry.get('id', 'no id')})"
        for key in ("id", "package", *REQUIRED_REASONS):
            if not str(entry.get(key) or "").strip():
                problems.append(f"{where}: '{key}' is missing")
    return problems


def match(findings: Iterable[Finding], entries: List[dict]) -> Tuple[list, list, list]:
    """(allowed findings with their entry, new findings, entries that match nothing)."""
    allowed, new, used = [], [], set()
    for finding in findings:
        entry = next((e for e in entries
                      if normalize(str(e.get("package", ""))) == finding.package
                      and {e.get("id"), *(e.get("aliases") or [])} & finding.names()), None)
        if entry is None:
            new.append(finding)
        else:
            allowed.append((finding, entry))
            used.add(id(entry))
    stale = [e for e in entries if id(e) not in used]
    return allowed, new, stale


def run_audit(lock: Path = LOCK, snapshot_only: bool = False, timeout: float = 120,
              allowed_path: Path = ALLOWED, snapshot: Path = SNAPSHOT,
              today: Optional[str] = None) -> Tuple[int, str]:
    """(exit code, printed report)."""
    today = today or datetime.date.today().isoformat()
    pins = pinned_packages(lock)
    lines = [f"Audit of {len(pins)} pinned packages in {lock.relative_to(ROOT) if lock.is_relative_to(ROOT) else lock}"]
    findings, why = (None, "--snapshot-only") if snapshot_only else audit_live(lock, timeout)
    if findings is not None:
        lines.append(f"Advisory source: the live PyPI advisory service (pip-audit), queried {today}")
    else:
        findings = audit_snapshot(pins, snapshot)
        lines.append(f"Advisory source: the SNAPSHOT in security/advisories of "
                     f"{snapshot_date(snapshot)}; advisories published after it are missing")
        lines.append(f"  (the live service was not used: {why})")
    entries = load_allowed(allowed_path)
    problems = allow_list_problems(entries)
    allowed, new, stale = match(findings, entries)
    lines.append(f"Findings: {len(findings)} ({len(allowed)} allowed, {len(new)} new); "
                 f"allow-list: {len(entries)} entries, {len(stale)} matching nothing")
    for finding, entry in allowed:
        lines.append(f"  allowed  {finding.package} {finding.version}  {finding.id}: "
                     f"{' '.join(str(entry['reaches_us']).split())[:110]}")
    for finding in new:
        fixed = ", ".join(finding.fixed_in) or "no fixed version"
        lines.append(f"  NEW      {finding.package} {finding.version}  {finding.id} "
                     f"({', '.join(finding.aliases[:2])}) fixed in: {fixed}")
    for entry in stale:
        lines.append(f"  no longer applies (remove it from the allow-list): "
                     f"{entry.get('package')} {entry.get('id')}")
    for problem in problems:
        lines.append(f"  allow-list: {problem}")
    failed = bool(new or problems)
    if new:
        lines.append("The audit FAILED: pin a fixed version that Rasa 3.6 accepts (requirements/"
                     "*.in, then `make lock`), or review the advisory and add it to "
                     "security/allowed-advisories.yml with its reasons (docs/security.md).")
    elif problems:
        lines.append("The audit FAILED: every allow-list entry needs an id, a package and its "
                     "reasons (docs/security.md).")
    else:
        lines.append("The audit passed.")
    return (1 if failed else 0), "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lock", type=Path, default=LOCK)
    parser.add_argument("--snapshot-only", action="store_true",
                        help="do not ask the live service (for tests and offline machines)")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args(argv)
    code, text = run_audit(args.lock.resolve(), args.snapshot_only, args.timeout)
    print(text)
    sys.exit(code)


if __name__ == "__main__":
    main()
