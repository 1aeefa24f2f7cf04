"""Exact (Garwood) Poisson 95% confidence limits for observed counts 0..2000, as a dbt seed.

For an observed count k the limits are

  lower = chi2.ppf(0.025, 2k) / 2      (0 when k = 0)
  upper = chi2.ppf(0.975, 2k + 2) / 2

which is the same as solving, on the Poisson distribution with mean m,

  lower: P(X >= k | m) = 0.025,   i.e. P(k, m) = 0.025
  upper: P(X <= k | m) = 0.025,   i.e. Q(k + 1, m) = 0.025

where P and Q = 1 - P are the regularised incomplete gamma functions (the Poisson CDF identity
P(X <= k | m) = Q(k + 1, m)). scipy is not a project dependency, so this is pure Python: P and Q are
evaluated in log space with math.lgamma (power series for x < a + 1, Lentz continued fraction
otherwise, each used where it computes the small tail directly), and each limit is found by bisection
on m to a relative width of 1e-13, far inside the 9 significant digits written.

Writes dbt_project/seeds/reference/ref_poisson_ci.csv: observed_count, lower_95, upper_95.

Run from the repository root:
  .venv/bin/python scripts/reference/poisson_limits.py
"""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
OUTPUT = REPO_ROOT / "dbt_project" / "seeds" / "reference" / "ref_poisson_ci.csv"

MAX_COUNT = 2000
ALPHA = 0.05
TAIL = ALPHA / 2
RELATIVE_TOLERANCE = 1e-13
SIGNIFICANT_DIGITS = 9
_EPS = 1e-16
_TINY = 1e-300
_MAX_ITERATIONS = 100_000


def _log_prefactor(a: float, x: float) -> float:
    """log(x^a e^-x / Gamma(a))."""
    return a * math.log(x) - x - math.lgamma(a)


def _lower_series(a: float, x: float) -> float:
    """Regularised lower incomplete gamma P(a, x) by its power series (accurate for x < a + 1)."""
    term = total = 1.0 / a
    denominator = a
    for _ in range(_MAX_ITERATIONS):
        denominator += 1.0
        term *= x / denominator
        total += term
        if abs(term) < abs(total) * _EPS:
            return math.exp(_log_prefactor(a, x) + math.log(total))
    raise ArithmeticError(f"series did not converge for a={a}, x={x}")


def _upper_continued_fraction(a: float, x: float) -> float:
    """Regularised upper incomplete gamma Q(a, x) by modified Lentz (accurate for x >= a + 1)."""
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_ITERATIONS):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        if abs(d) < _TINY:
            d = _TINY
        c = b + an / c
        if abs(c) < _TINY:
            c = _TINY
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            return math.exp(_log_prefactor(a, x) + math.log(h))
    raise ArithmeticError(f"continued fraction did not converge for a={a}, x={x}")


def gamma_p(a: float, x: float) -> float:
    """Regularised lower incomplete gamma function P(a, x), a > 0, x >= 0."""
    if x <= 0.0:
        return 0.0
    if x < a + 1.0:
        return _lower_series(a, x)
    return 1.0 - _upper_continued_fraction(a, x)


def gamma_q(a: float, x: float) -> float:
    """Regularised upper incomplete gamma function Q(a, x) = 1 - P(a, x)."""
    if x <= 0.0:
        return 1.0
    if x < a + 1.0:
        return 1.0 - _lower_series(a, x)
    return _upper_continued_fraction(a, x)


def poisson_cdf(k: int, mean: float) -> float:
    """P(X <= k) for X ~ Poisson(mean)."""
    if k < 0:
        return 0.0
    return gamma_q(k + 1.0, mean)


def _bisect_increasing(func, target: float, low: float, high: float) -> float:
    """Root of func(m) = target for func increasing in m, with func(low) <= target <= func(high)."""
    while func(high) < target:
        high *= 2.0
    while high - low > RELATIVE_TOLERANCE * high:
        middle = 0.5 * (low + high)
        if middle in (low, high):
            break
        if func(middle) < target:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


def garwood_limits(k: int) -> tuple[float, float]:
    """Exact two-sided 95% Poisson limits for an observed count k >= 0."""
    if k < 0:
        raise ValueError("observed count must be >= 0")
    span = 10.0 * math.sqrt(k + 1.0) + 10.0
    # upper: P(X <= k | m) = 0.025; P(X <= k | m) decreases in m, so bisect on its negation
    upper = _bisect_increasing(lambda m: -gamma_q(k + 1.0, m), -TAIL, float(k), k + span)
    if k == 0:
        return 0.0, upper
    # lower: P(X >= k | m) = P(k, m) = 0.025, increasing in m
    lower = _bisect_increasing(lambda m: gamma_p(float(k), m), TAIL, 0.0, float(k))
    return lower, upper


def fmt(value: float) -> str:
    """Nine significant digits, plain notation."""
    return format(value, f".{SIGNIFICANT_DIGITS}g")


def main() -> int:
    rows = []
    for k in range(MAX_COUNT + 1):
        lower, upper = garwood_limits(k)
        rows.append([str(k), fmt(lower), fmt(upper)])
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["observed_count", "lower_95", "upper_95"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows (counts 0..{MAX_COUNT}) to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
