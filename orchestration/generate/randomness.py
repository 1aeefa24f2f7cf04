"""Deterministic randomness: every draw is keyed by the seed and by what it is for, never by call order.

Two tools: ``rng(seed, *key)`` gives a ``random.Random`` for a piece of work (one file, one employer);
``unit(seed, *ints)`` gives one uniform number from integers, cheap enough for millions of calls
(monthly values of every employer at national scale). Both are stable across processes and runs,
so work can be split between processes and still produce byte-identical output.
"""

from __future__ import annotations

import hashlib
import random
from bisect import bisect_right
from collections.abc import Sequence

_MASK = (1 << 64) - 1


def rng(seed: int, *key: object) -> random.Random:
    """A generator for one piece of work, named by ``key`` (strings and integers)."""
    digest = hashlib.blake2b(repr((seed, *key)).encode("utf-8"), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def _splitmix(x: int) -> int:
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def mix(seed: int, *values: int) -> int:
    """A 64-bit hash of integers (SplitMix64 chained)."""
    h = _splitmix(seed & _MASK)
    for v in values:
        h = _splitmix(h ^ (v & _MASK))
    return h


def unit(seed: int, *values: int) -> float:
    """A uniform number in [0, 1) determined by the integers."""
    return (mix(seed, *values) >> 11) * (1.0 / (1 << 53))


def text_key(text: str) -> int:
    """A stable integer for a string key (for ``mix``/``unit``)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def weighted_choice(r: random.Random, items: Sequence, cumulative: Sequence[float]):
    """One item drawn with the weights whose running sums are ``cumulative``."""
    return items[min(bisect_right(cumulative, r.random() * cumulative[-1]), len(items) - 1)]
