#!/usr/bin/env python3
"""Reference timing for `kiln bench fit`: Chinchilla Approach 3 with SciPy.

Reads a CSV with params,tokens,loss columns, minimises the Huber loss (delta 1e-3) of log-space
residuals in the log-sum-exp parametrisation with scipy.optimize.minimize(method="L-BFGS-B",
jac=True) from every point of Hoffmann et al.'s grid (4,500 starts), keeps the best, and prints
one JSON object: seconds, starts, loss and the fitted parameters. SciPy's default tolerances are
kept (they are absolute-ish: ftol is relative to max(|f|, 1), so on this objective of order 1e-3
it stops early; Kiln's optimiser uses tests relative to the objective's own scale).

Usage: scipy_fit_reference.py FILE.csv
Exit status 3 when numpy/scipy are not installed.
"""
import csv
import itertools
import json
import sys
import time

try:
    import numpy as np
    from scipy.optimize import minimize
    from scipy.special import logsumexp
except ImportError as error:  # Kiln prints this and skips the reference.
    print(json.dumps({"error": f"scipy unavailable: {error}"}))
    sys.exit(3)


def load(path):
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    n = np.array([float(r["params"]) for r in rows])
    d = np.array([float(r["tokens"]) for r in rows])
    loss = np.array([float(r["loss"]) for r in rows])
    return np.log(n), np.log(d), np.log(loss)


def objective(x, log_n, log_d, log_loss, delta=1e-3):
    a, b, e, alpha, beta = x
    u = np.stack([a - alpha * log_n, b - beta * log_d, np.full_like(log_n, e)])
    lse = logsumexp(u, axis=0)
    r = lse - log_loss
    small = np.abs(r) <= delta
    value = np.where(small, 0.5 * r * r, delta * (np.abs(r) - 0.5 * delta)).sum()
    weights = np.exp(u - lse) * np.clip(r, -delta, delta)
    grad = np.array([
        weights[0].sum(), weights[1].sum(), weights[2].sum(),
        -(weights[0] * log_n).sum(), -(weights[1] * log_d).sum(),
    ])
    return value, grad


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    log_n, log_d, log_loss = load(sys.argv[1])
    grid = itertools.product(
        np.arange(0, 26, 5.0), np.arange(0, 26, 5.0), np.arange(-1, 1.01, 0.5),
        np.arange(0, 2.01, 0.5), np.arange(0, 2.01, 0.5))
    starts = [np.array(s) for s in grid]
    began = time.perf_counter()
    best = None
    for start in starts:
        result = minimize(objective, start, args=(log_n, log_d, log_loss), jac=True, method="L-BFGS-B")
        if np.isfinite(result.fun) and (best is None or result.fun < best.fun):
            best = result
    seconds = time.perf_counter() - began
    a, b, e, alpha, beta = best.x
    print(json.dumps({
        "seconds": seconds, "starts": len(starts), "loss": best.fun,
        "parameters": {"E": float(np.exp(e)), "A": float(np.exp(a)), "B": float(np.exp(b)),
                       "alpha": float(alpha), "beta": float(beta)},
    }))


if __name__ == "__main__":
    main()
