"""Benchmarks (scripts, not tests): `.venv/bin/python -m bench` (page speed; see
bench/__main__.py) and `.venv/bin/python -m bench.guessing` (how often guessing by surface cues
passes the sign-off quiz; see bench/guessing.py)."""
