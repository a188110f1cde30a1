"""python -m quiz: see quiz/tools/cli.py."""
from model.tools.cli import start
from quiz.tools.cli import main

start(main)
