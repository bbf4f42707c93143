"""The dependency audit (security/audit.py): the real lock, the real advisory snapshot and the
real allow-list, and locks made from it with an old, vulnerable pin."""
import subprocess
import sys

import pytest
import yaml

from security import audit
from tests.conftest import ROOT


def lock_with(tmp_path, old: str, new: str):
    text = audit.LOCK.read_text()
    assert old in text
    path = tmp_path / "lock.txt"
    path.write_text(text.replace(old, new))
    return path


def allowed_file(tmp_path, entries):
    path = tmp_path / "allowed.yml"
    path.write_text(yaml.safe_dump(entries))
    return path


def test_every_package_of_the_lock_is_pinned_with_a_hash():
    text = audit.LOCK.read_text()
    pins = audit.pinned_packages(audit.LOCK)
    assert len(pins) > 150 and pins["rasa"] == "3.6.21"
    blocks = [b for b in text.split("\n") if audit.PIN.match(b)]
    for line in blocks:
        assert line.rstrip().endswith("\\"), f"no hash follows {line}"
    assert text.count("--hash=sha256:") >= len(pins)


def test_a_pin_with_extras_is_audited_too():
    """The lock keeps the extras a package is needed with ("pymongo[srv, tls]==4.3.3",
    `make lock` with --no-strip-extras): such a pin counts as its package's."""
    pins = audit.pinned_packages(audit.LOCK)
    assert "pymongo[srv, tls]==4.3.3 \\" in audit.LOCK.read_text()
    assert pins["pymongo"] == "4.3.3" and pins["urllib3"] and pins["pyjwt"]


def test_the_direct_requirements_are_in_the_lock():
    pins = audit.pinned_packages(audit.LOCK)
    for name in ("app.in", "dev.in"):
        for line in (ROOT / "requirements" / name).read_text().splitlines():
            match = audit.PIN.match(line.strip())
            if match:
                assert pins[audit.normalize(match.group(1))] == match.group(2), line


def test_the_snapshot_finds_the_advisories_of_an_old_pin(tmp_path):
    lock = lock_with(tmp_path, "aiohttp==3.9.5", "aiohttp==3.8.0")
    findings = audit.audit_snapshot(audit.pinned_packages(lock))
    ids = {f.id for f in findings if f.package == "aiohttp"}
    assert {"PYSEC-2023-120", "PYSEC-2023-246", "PYSEC-2023-250"} <= ids
    assert "PYSEC-2022-43059" not in ids  # withdrawn in the database
    fixed = {f.id: f.fixed_in for f in findings}
    assert fixed["PYSEC-2023-120"] == ("3.8.5",)


def test_ranges_with_several_intervals():
    advisory = yaml.safe_load((audit.SNAPSHOT / "redis" / "PYSEC-2023-45.yaml").read_text())
    # introduced 4.2.0 fixed 4.3.6, introduced 4.4.0 fixed 4.4.3, introduced 4.5.0 fixed 4.5.3
    assert advisory_applies(advisory, "4.3.5") and advisory_applies(advisory, "4.5.0")
    assert not advisory_applies(advisory, "4.3.6") and not advisory_applies(advisory, "4.1.0")
    assert not advisory_applies(advisory, "4.6.0")


def advisory_applies(advisory, version):
    return audit.advisory_applies(advisory, "redis", version)[0]


def test_a_new_finding_fails_and_says_what_to_do(tmp_path):
    lock = lock_with(tmp_path, "aiohttp==3.9.5", "aiohttp==3.8.0")
    code, text = audit.run_audit(lock, snapshot_only=True, allowed_path=allowed_file(tmp_path, []))
    assert code == 1
    assert "NEW      aiohttp 3.8.0  PYSEC-2023-120" in text
    assert "The audit FAILED" in text and "allowed-advisories.yml" in text


def test_a_reviewed_finding_passes_and_a_stale_entry_is_named(tmp_path):
    lock = lock_with(tmp_path, "aiohttp==3.9.5", "aiohttp==3.8.0")
    findings = audit.audit_snapshot(audit.pinned_packages(lock))
    entries = [{"id": f.aliases[0], "package": "aiohttp", "why_not_fixed": "test",
                "reaches_us": "no - test"} for f in findings]  # matched by an alias
    entries.append({"id": "PYSEC-1999-1", "package": "numpy", "why_not_fixed": "x",
                    "reaches_us": "no"})
    code, text = audit.run_audit(lock, snapshot_only=True,
                                 allowed_path=allowed_file(tmp_path, entries))
    assert code == 0, text
    assert f"Findings: {len(findings)} ({len(findings)} allowed, 0 new)" in text
    assert "no longer applies (remove it from the allow-list): numpy PYSEC-1999-1" in text


def test_an_entry_without_its_reasons_fails(tmp_path):
    entries = [{"id": "PYSEC-1999-1", "package": "numpy", "why_not_fixed": "x"}]
    code, text = audit.run_audit(audit.LOCK, snapshot_only=True,
                                 allowed_path=allowed_file(tmp_path, entries))
    assert code == 1 and "'reaches_us' is missing" in text


def test_the_source_and_its_date_are_always_printed():
    code, text = audit.run_audit(audit.LOCK, snapshot_only=True)
    assert code == 0, text
    assert "Advisory source: the SNAPSHOT in security/advisories of 2024-10-10" in text
    assert "advisories published after it are missing" in text


def test_a_live_service_that_skips_packages_is_not_taken_for_an_answer(tmp_path, monkeypatch):
    """pip-audit passes ("No known vulnerabilities found") when the service answers 404 for
    every package; that must lead to the snapshot, never to a silent pass."""
    fake = tmp_path / "pip-audit"
    fake.write_text("#!/bin/sh\necho '{\"dependencies\": [{\"name\": \"rasa\", \"version\": "
                    "\"3.6.21\", \"skip_reason\": \"Dependency not found on PyPI\"}], "
                    "\"fixes\": []}'\n")
    fake.chmod(0o755)
    monkeypatch.setattr(audit, "PIP_AUDIT", fake)
    code, text = audit.run_audit(audit.LOCK)
    assert "the SNAPSHOT" in text and "did not answer for 1 of 1 packages" in text


def test_a_live_answer_is_used_and_dated(tmp_path, monkeypatch):
    fake = tmp_path / "pip-audit"
    fake.write_text("#!/bin/sh\necho '{\"dependencies\": [{\"name\": \"aiohttp\", \"version\": "
                    "\"3.9.5\", \"vulns\": [{\"id\": \"GHSA-test\", \"fix_versions\": "
                    "[\"3.10.11\"], \"aliases\": [\"CVE-test\"]}]}], \"fixes\": []}'\n")
    fake.chmod(0o755)
    monkeypatch.setattr(audit, "PIP_AUDIT", fake)
    code, text = audit.run_audit(audit.LOCK, today="2026-12-03")
    assert code == 1
    assert "the live PyPI advisory service (pip-audit), queried 2026-12-03" in text
    assert "NEW      aiohttp 3.9.5  GHSA-test (CVE-test) fixed in: 3.10.11" in text


def test_the_command_line_exit_code():
    run = subprocess.run([sys.executable, "-m", "security.audit", "--snapshot-only"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "The audit passed." in run.stdout


@pytest.mark.parametrize("name", ["app.in", "dev.in", "tools.in"])
def test_no_requirement_is_left_unpinned(name):
    for line in (ROOT / "requirements" / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert audit.PIN.match(line), f"{name}: {line} is not pinned with =="
