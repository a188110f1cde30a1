"""The order model's portable half: what engines, pages and tools share (CPython + MicroPython).

An order reaches every consumer as its model data (built once per build by
model.tools.orders: JSON-able, shipped to pages as data/orders/<slug>.json). This package
holds the few things all of them need to agree on, byte for byte:
    canonical_json, digest, version_id, sha256_hex, without   canonical JSON and digests
    quotes                                                    citing a passage verbatim
    clauses                                                   sentences, normative ones marked
    escape                                                    one escaper per destination
CPython-only code (YAML loaders, validation, command lines) lives in model/tools/, which is
never shipped to the browser.
"""
from model import clauses, escape, quotes
from model.canonical import canonical_json, digest, sha256_hex, version_id, without

__all__ = ["canonical_json", "clauses", "digest", "escape", "quotes", "sha256_hex", "version_id",
           "without"]
