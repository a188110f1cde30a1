"""python -m checker: see checker/tools/cli.py."""
from checker.tools.cli import main
from model.tools.cli import start

start(main)
