"""The client's configuration, protocol lines, exit codes and SIGTERM handling."""
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import unittest

import kiln_client

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(HERE)

CONFIG = {
    "layers": 1, "width": 8, "heads": 1, "context": 16, "batch": 2, "steps": 20, "seed": 3,
    "schedule": {"kind": "wsd", "peak": 0.01, "warmup": 2, "total": 20, "decay": 4, "shape": "1-sqrt", "floor": 0},
    "data": {"mixture": [{"source": "prose", "weight": 1}]}, "output_dir": "/tmp/ckpt", "hidden": 7,
}


class ConfigTests(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.folder.name, "config.json")
        with open(self.path, "w") as file:
            json.dump(CONFIG, file)

    def tearDown(self):
        self.folder.cleanup()

    def test_kiln_config_names_the_file(self):
        config = kiln_client.read_config(argv=["train.py"], environ={"KILN_CONFIG": self.path})
        self.assertEqual(config["steps"], 20)
        self.assertEqual(config["hidden"], 7)

    def test_the_first_argument_works_like_kiln_train(self):
        self.assertEqual(kiln_client.read_config(argv=["train.py", self.path], environ={})["seed"], 3)

    def test_no_configuration_says_what_is_missing(self):
        with self.assertRaisesRegex(kiln_client.ConfigError, "KILN_CONFIG is not set"):
            kiln_client.read_config(argv=["train.py"], environ={})

    def test_an_unreadable_or_bad_file_names_the_path(self):
        with self.assertRaisesRegex(kiln_client.ConfigError, "nope.json: cannot read"):
            kiln_client.read_config(argv=[], environ={"KILN_CONFIG": os.path.join(self.folder.name, "nope.json")})
        with open(self.path, "w") as file:
            file.write("[1, 2")
        with self.assertRaisesRegex(kiln_client.ConfigError, "config.json: the configuration is not JSON"):
            kiln_client.read_config(argv=[], environ={"KILN_CONFIG": self.path})

    def test_resume_and_init_from(self):
        out = io.StringIO()
        run = kiln_client.init(argv=[], environ={"KILN_CONFIG": self.path}, out=out, handle_sigterm=False)
        self.assertIsNone(run.resume_from)
        self.assertIsNone(run.init_from)
        run = kiln_client.Run({**CONFIG, "resume_from": "/r/step-000010.pt",
                               "init_from": {"path": "/p/step-000020.pt", "optimizer": True, "keep_step": True}})
        self.assertEqual(run.resume_from, "/r/step-000010.pt")
        self.assertEqual(run.init_from, kiln_client.InitFrom("/p/step-000020.pt", optimizer=True, keep_step=True))
        grow = {"operator": "stack", "source_layers": 2, "layers": 4, "source_step": 600}
        self.assertEqual(kiln_client.Run({**CONFIG, "init_from": {"path": "/p", "grow": grow}}).init_from.grow, grow)
        self.assertEqual(kiln_client.Run({**CONFIG, "init_from": {"path": "/p"}}).init_from,
                         kiln_client.InitFrom("/p", optimizer=False, keep_step=False))

    def test_environment_fallbacks(self):
        config = kiln_client.read_config(argv=[], environ={"KILN_CONFIG": self.path, "KILN_RESUME_FROM": "/r/c"})
        self.assertEqual(config["resume_from"], "/r/c")


class LineTests(unittest.TestCase):
    def lines(self, out):
        return [json.loads(line) for line in out.getvalue().splitlines()]

    def test_the_lines_a_run_writes(self):
        out = io.StringIO()
        run = kiln_client.Run(CONFIG, out)
        run._emit({"event": "start", "total_steps": run.steps})
        run.log(10, {"train/loss": 2.5}, lr=0.01)
        run.log(11, {"val/prose/loss": float("nan"), "grad_norm": float("inf"), "x": float("-inf")})
        run.checkpoint("rel/step-000011.pt")
        run.checkpoint("/abs/step-000012.pt", step=12)
        run.done()
        self.assertEqual(self.lines(out), [
            {"event": "start", "total_steps": 20},
            {"step": 10, "metrics": {"train/loss": 2.5, "lr": 0.01}},
            {"step": 11, "metrics": {"val/prose/loss": "NaN", "grad_norm": "Infinity", "x": "-Infinity"}},
            {"event": "checkpoint", "step": 11, "path": os.path.abspath("rel/step-000011.pt")},
            {"event": "checkpoint", "step": 12, "path": "/abs/step-000012.pt"},
            {"event": "done", "step": 20},
        ])
        self.assertTrue(all(line.startswith("{") for line in out.getvalue().splitlines()))

    def test_init_writes_start(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json") as file:
            json.dump(CONFIG, file)
            file.flush()
            out = io.StringIO()
            run = kiln_client.init(argv=[], environ={"KILN_CONFIG": file.name}, out=out, handle_sigterm=False)
        self.assertEqual(self.lines(out), [{"event": "start", "total_steps": 20}])
        self.assertEqual(run.lr(1), 0.01)

    def test_checkpoint_without_a_step_before_any_log_is_refused(self):
        with self.assertRaises(ValueError):
            kiln_client.Run(CONFIG, io.StringIO()).checkpoint("/a")


class ExitTests(unittest.TestCase):
    def run_script(self, body, config=CONFIG):
        """Starts a trainer script that uses the client, with ``config`` as its KILN_CONFIG."""
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        path = os.path.join(folder.name, "config.json")
        with open(path, "w") as file:
            json.dump(config, file)
        env = {**os.environ, "KILN_CONFIG": path, "PYTHONPATH": PACKAGE_ROOT}
        return subprocess.Popen([sys.executable, "-c", textwrap.dedent(body)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def finish(self, process):
        out, err = process.communicate(timeout=60)
        return process.returncode, [json.loads(line) for line in out.splitlines()], err

    def test_divergence_exits_3_with_an_error_line(self):
        code, lines, _ = self.finish(self.run_script("""
            import kiln_client
            run = kiln_client.init()
            run.diverged(7, loss=float("nan"))
        """))
        self.assertEqual(code, kiln_client.EXIT_DIVERGED)
        self.assertEqual(lines[-1], {"event": "error", "message": "diverged at step 7: loss nan"})

    def test_a_missing_configuration_exits_2(self):
        process = subprocess.Popen([sys.executable, "-c", "import kiln_client; kiln_client.init()"],
                                   env={k: v for k, v in {**os.environ, "PYTHONPATH": PACKAGE_ROOT}.items() if k != "KILN_CONFIG"},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        code, lines, _ = self.finish(process)
        self.assertEqual(code, kiln_client.EXIT_BAD_INPUT)
        self.assertEqual(lines[0]["event"], "error")
        self.assertIn("KILN_CONFIG is not set", lines[0]["message"])

    def test_an_unknown_schedule_exits_2(self):
        code, lines, _ = self.finish(self.run_script("import kiln_client; kiln_client.init()",
                                                config={**CONFIG, "schedule": {"kind": "cosin"}}))
        self.assertEqual(code, 2)
        self.assertIn("unknown schedule kind 'cosin'", lines[0]["message"])

    def test_sigterm_sets_should_stop_and_the_loop_checkpoints_and_exits_143(self):
        process = self.run_script("""
            import sys, kiln_client
            run = kiln_client.init()
            step = 0
            while not run.should_stop:
                step += 1
                run.log(step, {"train/loss": 1.0})
                if step == 1:
                    print("ready", file=sys.stderr, flush=True)
                import time; time.sleep(0.01)  # a training step
            run.checkpoint("/ck/step-%d.pt" % step, step=step)
            run.stopped()
        """)
        self.assertEqual(process.stderr.readline().strip(), "ready")
        process.send_signal(signal.SIGTERM)
        code, lines, _ = self.finish(process)
        self.assertEqual(code, kiln_client.EXIT_STOPPED)
        self.assertEqual(lines[0], {"event": "start", "total_steps": 20})
        self.assertEqual(lines[-1]["event"], "checkpoint")
        self.assertEqual(lines[-1]["step"], lines[-2]["step"])


if __name__ == "__main__":
    unittest.main()
