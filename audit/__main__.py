"""`python -m audit`: the command-line audit kit (see audit/cli.py)."""
import sys

from audit.cli import main

sys.exit(main())
