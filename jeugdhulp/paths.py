"""Where the project's files are: the checkout, the content an editor changes, runtime data."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the checkout: config.yml, domain.yml, data/
DOMAIN_FILE = ROOT / "domain.yml"
CONTENT_DIR = ROOT / "knowledge" / "content"  # the content files (YAML), reviewed like code
SOURCES_DIR = ROOT / "knowledge" / "sources"  # the guideline texts the passages quote
WEBCHAT_DIR = ROOT / "bot" / "webchat"  # the web chat's page and its npm front-end
VAR_DIR = ROOT / "var"  # databases, logs, generated settings: never in git
