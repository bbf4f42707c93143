"""Where the project's files are: the checkout, the content an editor changes, runtime data."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the checkout: config.yml, domain.yml, data/
DOMAIN_FILE = ROOT / "domain.yml"
# knowledge/ (content and sources); JEUGDHULP_KNOWLEDGE_DIR points at a copy of it, so that
# `python -m knowledge import --apply` can be tried (and is tested) without touching the real one
KNOWLEDGE_DIR = Path(os.environ.get("JEUGDHULP_KNOWLEDGE_DIR") or ROOT / "knowledge")
CONTENT_DIR = KNOWLEDGE_DIR / "content"  # the content files (YAML), reviewed like code
SOURCES_DIR = KNOWLEDGE_DIR / "sources"  # the guideline texts the passages quote
WEBCHAT_DIR = ROOT / "bot" / "webchat"  # the web chat's page and its npm front-end
VAR_DIR = ROOT / "var"  # databases, logs, generated settings: never in git
