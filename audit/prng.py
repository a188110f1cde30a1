"""A seeded random number generator that gives the same numbers in CPython and MicroPython.

Footnote 2 asks for "a random number generator"; to let anyone reproduce and audit a draw
the generator is fixed and documented here instead of relying on `random` (its algorithm
differs between runtimes and versions):

    key    = SHA-256("policy-desk/audit/v1:" + seed as UTF-8)
    block  = SHA-256(key + counter as 8 bytes big-endian), counter = 0, 1, 2, ...
    words  = each block split into eight unsigned 32-bit big-endian integers, in order
    number between low and high (inclusive), with span = high - low + 1:
             take the next word w; if w >= 2**32 - (2**32 % span) take another (rejection
             sampling, so every number is equally likely); the number is low + w % span.

The seed is text: the default one is 32 hex digits (128 bits) from a cryptographic source
(`new_seed`); a seed typed by a person may use letters, digits, "-", "_" and ".".
"""
import hashlib

from audit.record import SPACE

GENERATOR = "sha256-ctr-v1"
SEED_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."
MAX_SEED_LENGTH = 64
_WORD_RANGE = 1 << 32


class SeedError(ValueError):
    pass


def check_seed(seed):
    """The seed, stripped; raises SeedError saying what is wrong."""
    seed = (seed or "").strip(SPACE)   # the same in both runtimes (see audit.record)
    if not seed:
        raise SeedError("the seed is empty; leave it out to draw a new one, or enter the seed "
                        "printed on the memo to reproduce a draw")
    if len(seed) > MAX_SEED_LENGTH:
        raise SeedError(f"the seed is {len(seed)} characters long; at most {MAX_SEED_LENGTH}")
    bad = [c for c in seed if c not in SEED_ALPHABET]
    if bad:
        raise SeedError(f"the seed contains \"{bad[0]}\"; use only letters, digits, \"-\", \"_\" "
                        "and \".\"")
    return seed


def new_seed(random_bytes):
    """A fresh seed: 32 hex digits from random_bytes(16), the caller's cryptographic source
    (secrets.token_bytes in CPython, crypto.getRandomValues in the browser)."""
    data = bytes(random_bytes(16))
    if len(data) != 16:
        raise ValueError("the random source must return 16 bytes")
    return "".join("%02x" % b for b in data)


class Generator:
    """Numbers from the stream described above; one instance per draw."""

    def __init__(self, seed):
        self.seed = check_seed(seed)
        self._key = hashlib.sha256(("policy-desk/audit/v1:" + self.seed).encode()).digest()
        self._counter = 0
        self._words = []

    def _next_word(self):
        if not self._words:
            block = hashlib.sha256(self._key + self._counter.to_bytes(8, "big")).digest()
            self._counter += 1
            # Reversed so pop() hands them out first to last.
            self._words = [int.from_bytes(block[i:i + 4], "big") for i in range(28, -1, -4)]
        return self._words.pop()

    def randint(self, low, high):
        """A number between low and high inclusive, every one equally likely."""
        span = high - low + 1
        if span < 1 or span > _WORD_RANGE:
            raise ValueError(f"cannot draw between {low} and {high}")
        limit = _WORD_RANGE - _WORD_RANGE % span
        word = self._next_word()
        while word >= limit:
            word = self._next_word()
        return low + word % span
