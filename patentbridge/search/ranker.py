"""The learned re-ranker's model: its features, the fitting (logistic regression) and the current run's weights.

The engine scores each (query, candidate) pair as `features · weights + bias` with the weights of the current
`RankerRun`; with no current run it fuses the lists by reciprocal rank as before (see docs/search.md).
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass

import numpy as np

from patentbridge.search.models import RankerRun

# What the engine knows of a (query, candidate) pair, for the register and for the benchmark alike.
FEATURES = ("lexical", "semantic", "graph", "shared_class", "cited_by_others", "years_older", "same_language",
            "same_applicant", "same_industry")
CACHE_SECONDS = 60.0


@dataclass(frozen=True)
class Model:
    version: int
    weights: np.ndarray  # one per feature
    bias: float

    @property
    def name(self) -> str:
        return f"learned-v{self.version}"

    def score(self, rows: np.ndarray) -> np.ndarray:
        return rows @ self.weights + self.bias

    @classmethod
    def from_run(cls, run: RankerRun) -> Model | None:
        """The run's weights in today's feature order (a feature the run did not know weighs nothing)."""
        known = dict(zip(run.features, run.weights[:-1], strict=True))
        if not set(known) <= set(FEATURES):
            return None  # fitted on features this code no longer computes
        return cls(run.version, np.array([known.get(f, 0.0) for f in FEATURES]), float(run.weights[-1]))


def held_out(key: str) -> bool:
    """The half of the queries a run never fits on (by a hash of the query's key) and is measured on."""
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 1


_lock = threading.Lock()
_cached: tuple[float, Model | None] | None = None


def current_model() -> Model | None:
    """The current run's model, read at most once a minute per process (no run: None, and the engine fuses)."""
    global _cached
    with _lock:
        if _cached is not None and time.monotonic() - _cached[0] < CACHE_SECONDS:
            return _cached[1]
        run = RankerRun.objects.filter(is_current=True).first()
        _cached = (time.monotonic(), Model.from_run(run) if run else None)
        return _cached[1]


def forget() -> None:
    """Read the current run again on next use (after a new run is made current, and in tests)."""
    global _cached
    with _lock:
        _cached = None


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 25) -> np.ndarray:
    """Weights (bias last) of an L2-regularised logistic regression, by Newton's method on standardised x."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1), dtype=np.float32)]).astype(np.float64)
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w)))
        gradient = z.T @ (p - y) + penalty * w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    weights = w[:-1] / scale
    return np.append(weights, w[-1] - float(weights @ mean))
