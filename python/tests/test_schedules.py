"""Every schedule kind against values worked out by hand (the conventions of docs/sweep-spec.md)."""
import math
import unittest

from kiln_client import KINDS, ScheduleError, learning_rate


class ScheduleTests(unittest.TestCase):
    def rates(self, schedule, steps):
        return [learning_rate(schedule, step) for step in range(steps)]

    def test_constant_warms_up_to_the_peak_at_step_warmup_minus_1(self):
        self.assertEqual(self.rates({"kind": "constant", "peak": 1.0, "warmup": 4}, 6), [0.25, 0.5, 0.75, 1.0, 1.0, 1.0])

    def test_linear_and_cosine_end_at_the_floor(self):
        linear = self.rates({"kind": "linear", "peak": 1.0, "warmup": 0, "total": 4, "floor": 0.0, "shape": "linear"}, 5)
        self.assertEqual(linear, [0.75, 0.5, 0.25, 0.0, 0.0])
        cosine = self.rates({"kind": "cosine", "peak": 2.0, "warmup": 0, "total": 2, "floor": 0.1}, 3)
        self.assertAlmostEqual(cosine[0], 2.0 * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi / 2))), places=15)
        self.assertEqual(cosine[1:], [0.2, 0.2])

    def test_inverse_sqrt(self):
        rates = self.rates({"kind": "inverse_sqrt", "peak": 1.0, "warmup": 4}, 16)
        self.assertEqual(rates[3], 1.0)
        self.assertEqual(rates[15], 0.5)

    def test_wsd_shapes(self):
        base = {"kind": "wsd", "peak": 1.0, "warmup": 0, "total": 8, "decay": 4, "floor": 0.0}
        for shape, x_to_rate in [("linear", lambda x: 1 - x), ("1-sqrt", lambda x: 1 - math.sqrt(x)),
                                 ("square", lambda x: 1 - x * x), ("cosine", lambda x: 0.5 * (1 + math.cos(math.pi * x)))]:
            rates = self.rates({**base, "shape": shape}, 8)
            self.assertEqual(rates[:4], [1.0] * 4, shape)
            for k in range(4):
                self.assertAlmostEqual(rates[4 + k], x_to_rate((k + 1) / 4), places=15, msg=shape)
        exponential = self.rates({**base, "shape": "exponential", "floor": 0.01}, 8)
        self.assertAlmostEqual(exponential[5], 0.1, places=15)
        self.assertEqual(self.rates({**base, "decay": 0, "shape": "linear"}, 10)[-1], 1.0)

    def test_infinite(self):
        s = {"kind": "infinite", "peak": 1.0, "warmup": 0, "cooldown": 2, "constant": 0.5, "total": 6, "anneal": 2, "minimum": 0.05}
        rates = self.rates(s, 6)
        self.assertEqual(rates[1:4], [0.5, 0.5, 0.5])
        self.assertAlmostEqual(rates[4], 0.5 * math.sqrt(0.1), places=15)
        self.assertAlmostEqual(rates[5], 0.05, places=15)
        self.assertEqual(self.rates({**s, "minimum": 0}, 6)[4:], [0.25, 0.0])

    def test_step_rounds_milestones_half_away_from_zero_like_swift(self):
        s = {"kind": "step", "peak": 1.0, "warmup": 0, "total": 5, "milestones": [0.5], "factor": 2.0}
        self.assertEqual(self.rates(s, 5), [1.0, 1.0, 1.0, 0.5, 0.5])  # 2.5 rounds to 3, not 2

    def test_cyclic_rewarms_from_the_floor(self):
        s = {"kind": "cyclic", "peak": 1.0, "warmup": 1, "cycle": 3, "floor": 0.2}
        rates = self.rates(s, 6)
        self.assertEqual(rates[0], 1.0)
        self.assertAlmostEqual(rates[2], 0.2, places=15)
        self.assertEqual(rates[3], 1.0)

    def test_rewarm_starts_from_start(self):
        s = {"kind": "rewarm", "start": 0.5, "peak": 1.0, "warmup": 2, "total": 4, "floor": 0.1, "shape": "linear"}
        self.assertEqual(self.rates(s, 4), [0.75, 1.0, 0.55, 0.1])

    def test_points_interpolate(self):
        s = {"kind": "points", "points": [{"step": 10, "lr": 1.0}, {"step": 0, "lr": 0.0}, {"step": 20, "lr": 0.5}]}
        self.assertEqual([learning_rate(s, n) for n in (0, 5, 10, 15, 30)], [0.0, 0.5, 1.0, 0.75, 0.5])

    def test_every_kind_is_known_and_bad_schedules_say_why(self):
        self.assertEqual(set(KINDS), {"constant", "linear", "cosine", "inverse_sqrt", "wsd", "infinite", "step", "cyclic",
                                      "rewarm", "points"})
        with self.assertRaisesRegex(ScheduleError, "unknown schedule kind 'cosin'"):
            learning_rate({"kind": "cosin"}, 0)
        with self.assertRaisesRegex(ScheduleError, "a wsd schedule needs the field 'decay'"):
            learning_rate({"kind": "wsd", "peak": 1.0, "warmup": 0, "total": 5}, 3)


if __name__ == "__main__":
    unittest.main()
