"""``python -m knowledge build|check|search|lint``: see jeugdhulp/cli.py."""
import sys

from jeugdhulp.cli import main

sys.exit(main())
