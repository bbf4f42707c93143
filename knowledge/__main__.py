"""``python -m knowledge build|check|search|lint``: see jeugdhulp/knowledge/cli.py."""
import sys

from jeugdhulp.knowledge.cli import main

sys.exit(main())
