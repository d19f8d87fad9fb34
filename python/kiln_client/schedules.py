"""Kiln's learning-rate schedules, step for step the same numbers as its Swift implementation
(Sources/KilnLearningRate), evaluated from the resolved form found in a run's configuration:
every length in steps, ratios already applied (docs/sweep-spec.md, "Schedules").

Conventions shared by every kind: steps are 0-based; warmup is linear and its last step
(``warmup - 1``) is exactly at the peak; a decay's last step (``total - 1``) is exactly at its
floor; steps past ``total`` keep the final rate.
"""
import math
from typing import Any, Callable, Dict, Mapping

__all__ = ["KINDS", "learning_rate", "ScheduleError"]


class ScheduleError(ValueError):
    """A schedule that is not one of Kiln's resolved schedules (unknown kind, missing field)."""


def _warmup(step: int, warmup: int, start: float, peak: float) -> float:
    return start + (peak - start) * float(step + 1) / float(warmup)


def _progress(step: int, begin: int, length: int) -> float:
    if length <= 0:
        return 1.0
    return min(1.0, max(0.0, float(step - begin + 1) / float(length)))


def _multiplier(shape: str, x: float, r: float) -> float:
    if shape == "linear":
        return r + (1 - r) * (1 - x)
    if shape == "cosine":
        return r + (1 - r) * 0.5 * (1 + math.cos(math.pi * x))
    if shape == "1-sqrt":
        return r + (1 - r) * (1 - math.sqrt(x))
    if shape == "square":
        return r + (1 - r) * (1 - x * x)
    if shape == "exponential":
        return math.pow(r, x)
    raise ScheduleError(f"unknown decay shape {shape!r}")


def _round(x: float) -> int:
    """Rounds half away from zero, as Swift's ``rounded()`` does (Python's ``round`` rounds half to even)."""
    whole = math.floor(abs(x))
    return int(math.copysign(whole + (1 if abs(x) - whole >= 0.5 else 0), x))


def _constant(s: Mapping[str, Any], step: int) -> float:
    if step < s["warmup"]:
        return _warmup(step, s["warmup"], 0.0, s["peak"])
    return float(s["peak"])


def _decay(s: Mapping[str, Any], step: int) -> float:  # linear and cosine
    if step < s["warmup"]:
        return _warmup(step, s["warmup"], 0.0, s["peak"])
    x = _progress(step, s["warmup"], s["total"] - s["warmup"])
    return s["peak"] * _multiplier(s["shape"], x, s["floor"])


def _inverse_sqrt(s: Mapping[str, Any], step: int) -> float:
    if step < s["warmup"]:
        return _warmup(step, s["warmup"], 0.0, s["peak"])
    return s["peak"] * math.sqrt(float(max(s["warmup"], 1)) / float(step + 1))


def _wsd(s: Mapping[str, Any], step: int) -> float:
    if step < s["warmup"]:
        return _warmup(step, s["warmup"], 0.0, s["peak"])
    start = s["total"] - s["decay"]
    if s["decay"] <= 0 or step < start:
        return float(s["peak"])
    x = _progress(step, start, s["decay"])
    return s["peak"] * _multiplier(s["shape"], x, s["floor"])


def _infinite(s: Mapping[str, Any], step: int) -> float:
    if step < s["warmup"]:
        return _warmup(step, s["warmup"], 0.0, s["peak"])
    constant, anneal = s["constant"], s["anneal"]
    if anneal > 0 and step >= s["total"] - anneal:
        x = _progress(step, s["total"] - anneal, anneal)
        return constant * math.pow(s["minimum"] / constant, x) if s["minimum"] > 0 else constant * (1 - x)
    x = _progress(step, s["warmup"], s["cooldown"])
    return constant + (s["peak"] - constant) * 0.5 * (1 + math.cos(math.pi * x))


def _step(s: Mapping[str, Any], step: int) -> float:
    if step < s["warmup"]:
        return _warmup(step, s["warmup"], 0.0, s["peak"])
    rate = float(s["peak"])
    for milestone in s["milestones"]:
        if step >= _round(milestone * float(s["total"])):
            rate /= s["factor"]
    return rate


def _cyclic(s: Mapping[str, Any], step: int) -> float:
    cycle = max(s["cycle"], 1)
    index = step // cycle
    within = step - index * cycle
    if within < s["warmup"]:
        start = 0.0 if index == 0 else s["floor"] * s["peak"]
        return _warmup(within, s["warmup"], start, s["peak"])
    x = _progress(within, s["warmup"], s["cycle"] - s["warmup"])
    return s["peak"] * _multiplier("cosine", x, s["floor"])


def _rewarm(s: Mapping[str, Any], step: int) -> float:
    if step < s["warmup"]:
        return _warmup(step, s["warmup"], s["start"], s["peak"])
    x = _progress(step, s["warmup"], s["total"] - s["warmup"])
    return s["peak"] * _multiplier(s["shape"], x, s["floor"])


def _points(s: Mapping[str, Any], step: int) -> float:
    points = sorted(((p["step"], p["lr"]) for p in s["points"]), key=lambda p: p[0])
    if not points:
        return 0.0
    if step <= points[0][0]:
        return float(points[0][1])
    if step >= points[-1][0]:
        return float(points[-1][1])
    low, high = 0, len(points) - 1
    while high - low > 1:
        mid = (low + high) // 2
        if points[mid][0] <= step:
            low = mid
        else:
            high = mid
    (a_step, a_lr), (b_step, b_lr) = points[low], points[high]
    t = float(step - a_step) / float(b_step - a_step)
    return a_lr + (b_lr - a_lr) * t


_KINDS: Dict[str, Callable[[Mapping[str, Any], int], float]] = {
    "constant": _constant, "linear": _decay, "cosine": _decay, "inverse_sqrt": _inverse_sqrt, "wsd": _wsd,
    "infinite": _infinite, "step": _step, "cyclic": _cyclic, "rewarm": _rewarm, "points": _points,
}
_DEFAULT_SHAPE = {"linear": "linear", "cosine": "cosine"}

KINDS = tuple(_KINDS)
"""Every schedule kind, as written in specs and configurations."""


def learning_rate(schedule: Mapping[str, Any], step: int) -> float:
    """The learning rate at ``step`` (0-based) of a resolved schedule: the ``schedule`` object of a
    run's configuration, e.g. ``{"kind": "wsd", "peak": 0.001, "warmup": 50, "total": 1000,
    "decay": 200, "shape": "1-sqrt", "floor": 0}``."""
    kind = schedule.get("kind")
    if kind not in _KINDS:
        raise ScheduleError(f"unknown schedule kind {kind!r}; expected one of {', '.join(KINDS)}")
    if kind in _DEFAULT_SHAPE:
        schedule = {"shape": _DEFAULT_SHAPE[kind], **schedule}
    try:
        return _KINDS[kind](schedule, step)
    except KeyError as missing:
        raise ScheduleError(f"a {kind} schedule needs the field {missing}") from None
