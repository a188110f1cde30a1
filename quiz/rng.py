"""A small seedable random source that gives the same sequence in CPython and MicroPython.

The two runtimes' `random` modules use different generators, and MicroPython has no
`shuffle`; a draw reproducible from its seed on both (tests, a support desk replaying a
member's attempt) needs its own generator. xorshift32 is plenty for ordering questions;
nothing here is security-relevant.
"""

_MASK = 0xFFFFFFFF


class Random:
    __slots__ = ("_state",)

    def __init__(self, seed):
        # Mix the seed so small seeds (0, 1, 2 …) do not start with near-zero states.
        state = (int(seed) * 2654435761 + 0x9E3779B9) & _MASK
        self._state = state or 0x6D2B79F5
        for _ in range(4):
            self._next()

    def _next(self):
        x = self._state
        x ^= (x << 13) & _MASK
        x ^= x >> 17
        x ^= (x << 5) & _MASK
        self._state = x
        return x

    def randint(self, low, high):
        """A whole number in [low, high], both included."""
        span = high - low + 1
        if span <= 0:
            raise ValueError("randint: empty range")
        # Rejection sampling keeps every value equally likely (no modulo bias).
        limit = (_MASK + 1) - ((_MASK + 1) % span)
        value = self._next()
        while value >= limit:
            value = self._next()
        return low + value % span

    def shuffled(self, items):
        """A new list with items in random order (Fisher–Yates)."""
        result = list(items)
        for i in range(len(result) - 1, 0, -1):
            j = self.randint(0, i)
            result[i], result[j] = result[j], result[i]
        return result

    def choice(self, items):
        return items[self.randint(0, len(items) - 1)]
