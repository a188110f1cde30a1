"""python -m audit: see audit/tools/cli.py."""
from audit.tools.cli import main
from model.tools.cli import start

start(main)
