"""Benchmarks (scripts, not tests): `.venv/bin/python -m bench`; see bench/__main__.py."""
