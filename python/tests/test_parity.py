"""Parity: every schedule kind, over many parameter sets and steps, in Python and through the built
`kiln schedule --csv` (Kiln's Swift implementation), agrees to 1e-12 relative. Needs KILN_BIN_DIR
(the folder of the built `kiln`), which `make test` sets."""
import json
import os
import random
import subprocess
import unittest

from kiln_client import KINDS, learning_rate

SHAPES = ["linear", "cosine", "1-sqrt", "square", "exponential"]
TOLERANCE = 1e-12


def parameter_sets(rng, kind, steps):
    """(what `kiln schedule` reads, the resolved schedule a run's configuration holds) for one draw."""
    peak = 10 ** rng.uniform(-5, -1)
    warmup = rng.choice([0, 1, rng.randint(0, steps)])
    floor = rng.choice([0.0, 0.1, rng.random()])
    if kind == "constant":
        return {"kind": kind, "peak": peak, "warmup_steps": warmup}, {"kind": kind, "peak": peak, "warmup": warmup}
    if kind in ("linear", "cosine"):
        return ({"kind": kind, "peak": peak, "warmup_steps": warmup, "floor": floor},
                {"kind": kind, "peak": peak, "warmup": warmup, "total": steps, "floor": floor, "shape": kind})
    if kind == "inverse_sqrt":
        warmup = max(1, warmup)
        return {"kind": kind, "peak": peak, "warmup_steps": warmup}, {"kind": kind, "peak": peak, "warmup": warmup}
    if kind == "wsd":
        decay = rng.randint(0, steps - warmup)
        shape = rng.choice(SHAPES)
        if shape == "exponential":
            floor = max(floor, 1e-3)
        return ({"kind": kind, "peak": peak, "warmup_steps": warmup, "decay_steps": decay, "shape": shape, "floor": floor},
                {"kind": kind, "peak": peak, "warmup": warmup, "total": steps, "decay": decay, "shape": shape, "floor": floor})
    if kind == "infinite":
        cooldown = rng.randint(0, steps - warmup)
        anneal = rng.randint(0, steps - warmup - cooldown)
        constant, minimum = rng.random(), rng.choice([0.0, rng.random() * 0.1])
        return ({"kind": kind, "peak": peak, "warmup_steps": warmup, "cooldown_steps": cooldown, "anneal_steps": anneal,
                 "constant": constant, "minimum": minimum},
                {"kind": kind, "peak": peak, "warmup": warmup, "cooldown": cooldown, "constant": constant * peak,
                 "total": steps, "anneal": anneal, "minimum": minimum * peak})
    if kind == "step":
        milestones = sorted(rng.uniform(0.01, 0.99) for _ in range(rng.randint(1, 4)))
        factor = rng.uniform(1.1, 10)
        return ({"kind": kind, "peak": peak, "warmup_steps": warmup, "milestones": milestones, "factor": factor},
                {"kind": kind, "peak": peak, "warmup": warmup, "total": steps, "milestones": milestones, "factor": factor})
    if kind == "cyclic":
        cycle = rng.randint(2, max(2, steps))
        warmup = rng.randint(0, cycle - 1)
        return ({"kind": kind, "peak": peak, "warmup_steps": warmup, "cycle_steps": cycle, "floor": floor},
                {"kind": kind, "peak": peak, "warmup": warmup, "cycle": cycle, "floor": floor})
    if kind == "rewarm":
        start, shape = peak * rng.random(), rng.choice(SHAPES[:4])
        return ({"kind": kind, "start": start, "peak": peak, "warmup_steps": warmup, "floor": floor, "shape": shape},
                {"kind": kind, "start": start, "peak": peak, "warmup": warmup, "total": steps, "floor": floor, "shape": shape})
    points = sorted(rng.sample(range(0, steps + 5), min(steps + 5, rng.randint(1, 6))))
    pairs = [[step, 10 ** rng.uniform(-5, -1)] for step in points]
    return {"kind": kind, "points": pairs}, {"kind": kind, "points": [{"step": s, "lr": lr} for s, lr in pairs]}


class ParityTests(unittest.TestCase):
    def setUp(self):
        folder = os.environ.get("KILN_BIN_DIR")
        if not folder:
            self.skipTest("KILN_BIN_DIR is not set (make test sets it to the folder of the built kiln)")
        self.kiln = os.path.join(folder, "kiln")

    def kiln_rates(self, schedule, steps):
        result = subprocess.run([self.kiln, "schedule", json.dumps(schedule), "--steps", str(steps), "--csv"],
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, f"{schedule}: {result.stderr}")
        lines = result.stdout.splitlines()
        self.assertEqual(lines[0], "step,lr")
        return [float(line.split(",")[1]) for line in lines[1:]]

    def test_every_kind_matches_kiln_schedule(self):
        rng = random.Random(14)
        compared, exact = 0, 0
        for kind in KINDS:
            for draw in range(12):
                steps = [1, 2, 7, 100, 1000, 5000][draw % 6] if draw < 6 else rng.randint(1, 4000)
                given, resolved = parameter_sets(rng, kind, steps)
                swift = self.kiln_rates(given, steps)
                self.assertEqual(len(swift), steps)
                for step, expected in enumerate(swift):
                    actual = learning_rate(resolved, step)
                    scale = max(abs(expected), abs(actual))
                    self.assertLessEqual(abs(actual - expected), TOLERANCE * scale,
                                         f"{kind} at step {step} of {steps}: Python {actual!r}, Kiln {expected!r}; {given}")
                    compared += 1
                    exact += actual == expected
        print(f"\nparity: {compared} rates of {len(KINDS)} kinds compared, {exact} bitwise equal")


if __name__ == "__main__":
    unittest.main()
