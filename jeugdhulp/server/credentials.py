"""Writes the effective Rasa credentials file: the channels of credentials.yml whose
required environment variables are all set. Keys marked `# optional` are dropped when their
variable is unset; a channel with an unset required variable is left out (and said so).

    python jeugdhulp/server/credentials.py credentials.yml var/credentials.run.yml
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def optional_keys(text: str) -> Dict[str, bool]:
    """Keys whose line in the file carries the comment `# optional`."""
    keys = {}
    for line in text.splitlines():
        match = re.match(r"^\s+([A-Za-z_]+):.*#\s*optional", line)
        if match:
            keys[match.group(1)] = True
    return keys


def effective(text: str, environ: Dict[str, str]) -> Tuple[dict, List[str], List[str]]:
    optional = optional_keys(text)
    channels = yaml.safe_load(text) or {}
    enabled, disabled, result = [], [], {}
    for name, settings in channels.items():
        settings = dict(settings or {})
        missing = []
        for key, value in list(settings.items()):
            if not isinstance(value, str):
                continue
            names = VARIABLE.findall(value)
            unset = [v for v in names if not environ.get(v)]
            if unset and key in optional:
                del settings[key]
            elif unset:
                missing += unset
            else:
                settings[key] = VARIABLE.sub(lambda m: environ[m.group(1)], value)
        short = name.rsplit(".", 1)[-1]
        if missing:
            disabled.append(f"{short} (niet ingesteld: {', '.join(missing)})")
        else:
            enabled.append(short)
            result[name] = settings or None
    return result, enabled, disabled


def main(source: str, target: str) -> int:
    text = Path(source).read_text(encoding="utf-8")
    result, enabled, disabled = effective(text, dict(os.environ))
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    Path(target).write_text(yaml.safe_dump(result, sort_keys=False), encoding="utf-8")
    os.chmod(target, 0o600)  # it holds the secrets from the environment
    print(f"Kanalen aan: {', '.join(enabled)}")
    if disabled:
        print(f"Kanalen uit: {'; '.join(disabled)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
