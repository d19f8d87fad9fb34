"""Train Kiln's runs from Python with the standard library only.

A trainer calls :func:`init` once, then asks the run for its configuration and learning rates and
tells it about metrics and checkpoints; the client writes Kiln's protocol lines
(docs/trainer-protocol.md) on standard output and exits with the protocol's codes::

    run = kiln_client.init()
    for step in range(start, run.steps):
        if run.should_stop:             # SIGTERM: checkpoint, then exit 143
            run.checkpoint(save(step), step=step)
            run.stopped()
        loss = train_one_step(run.lr(step))
        if not math.isfinite(loss):
            run.diverged(step, loss=loss)      # exit 3
        run.log(step + 1, {"train/loss": loss, "lr": run.lr(step)})
    run.checkpoint(save(run.steps), step=run.steps)
    run.done()
"""
import json
import math
import os
import signal
import sys
from dataclasses import dataclass
from typing import IO, Any, Dict, List, Mapping, NoReturn, Optional

from .schedules import KINDS, ScheduleError, learning_rate

__all__ = [
    "init", "read_config", "Run", "InitFrom", "ConfigError", "ScheduleError", "learning_rate", "KINDS",
    "EXIT_BAD_INPUT", "EXIT_DIVERGED", "EXIT_STOPPED",
]

EXIT_BAD_INPUT = 2
"""Exit code for a bad configuration or input data."""
EXIT_DIVERGED = 3
"""Exit code for a run whose loss or gradient norm became non-finite."""
EXIT_STOPPED = 143
"""Exit code after SIGTERM, once the trainer has checkpointed."""


class ConfigError(ValueError):
    """The run's configuration cannot be found or read."""


@dataclass(frozen=True)
class InitFrom:
    """The checkpoint a branched run starts from (a stage with ``from:``)."""

    path: str
    """The parent's checkpoint file."""
    optimizer: bool = False
    """Also load the optimizer state."""
    keep_step: bool = False
    """Continue the parent's step counter (a WSD cooldown) instead of starting at step 0."""
    grow: Optional[Dict[str, Any]] = None
    """For a grown run (``from.grow``): ``{"operator": "stack", "source_layers": L0, "layers": L, "source_step": s}``;
    the checkpoint holds L0 blocks to stack to this run's L. A trainer that cannot grow a model should fail clearly."""


class Run:
    """One attempt of one run: its configuration, its schedule and its protocol output."""

    def __init__(self, config: Mapping[str, Any], out: Optional[IO[str]] = None) -> None:
        self.config: Dict[str, Any] = dict(config)
        """The resolved configuration (``KILN_CONFIG``): model shape, ``steps``, ``schedule``, ``data``,
        ``seed``, ``output_dir``, ``data_dir``, ``threads``, …, and the command's own parameters."""
        self._out = out if out is not None else sys.stdout
        self._stop = False
        self._last_step: Optional[int] = None
        init_from = self.config.get("init_from")
        self.init_from: Optional[InitFrom] = None
        """Where a branched run starts, or ``None``."""
        if init_from:
            self.init_from = InitFrom(str(init_from["path"]), bool(init_from.get("optimizer", False)),
                                      bool(init_from.get("keep_step", False)), init_from.get("grow"))
        self.resume_from: Optional[str] = self.config.get("resume_from") or None
        """This run's own checkpoint to resume exactly, or ``None``."""

    @property
    def steps(self) -> int:
        """Optimizer steps in the whole run (the schedule's total)."""
        return int(self.config["steps"])

    @property
    def should_stop(self) -> bool:
        """True once Kiln asked the run to stop (SIGTERM): checkpoint, then call :meth:`stopped`."""
        return self._stop

    def request_stop(self) -> None:
        """What SIGTERM does: makes :attr:`should_stop` true."""
        self._stop = True

    def lr(self, step: int) -> float:
        """The learning rate of ``step`` (0-based), the same number Kiln computes."""
        return learning_rate(self.config["schedule"], step)

    def log(self, step: int, metrics: Optional[Mapping[str, float]] = None, **more: float) -> None:
        """Reports metrics after ``step`` completed optimizer steps (the first step's metrics have step 1):
        ``run.log(10, {"train/loss": 2.3}, lr=6e-4)``. Non-finite values are written as ``"NaN"``, ``"Infinity"``."""
        values = {**(metrics or {}), **more}
        self._emit({"step": int(step), "metrics": {name: _number(value) for name, value in values.items()}})
        self._last_step = int(step)

    def checkpoint(self, path: str, step: Optional[int] = None) -> None:
        """Records a checkpoint of ``step`` completed steps (by default the step last logged). Call it after
        the file is complete: written under a temporary name and renamed."""
        if step is None:
            if self._last_step is None:
                raise ValueError("checkpoint() needs a step when no metrics were logged yet")
            step = self._last_step
        self._emit({"event": "checkpoint", "step": int(step), "path": os.path.abspath(path)})

    def done(self, step: Optional[int] = None) -> None:
        """Says every step ran (``step`` defaults to :attr:`steps`); then return from the trainer (exit 0)."""
        self._emit({"event": "done", "step": int(self.steps if step is None else step)})

    def stopped(self) -> NoReturn:
        """Exits with the protocol's code for a run stopped by SIGTERM (after its checkpoint)."""
        sys.exit(EXIT_STOPPED)

    def diverged(self, step: int, **values: float) -> NoReturn:
        """Says the run diverged at ``step`` (``loss=nan``, ``grad_norm=inf``) and exits with code 3."""
        detail = ", ".join(f"{name} {value}" for name, value in values.items())
        self.fail(f"diverged at step {step}" + (f": {detail}" if detail else ""), code=EXIT_DIVERGED)

    def fail(self, message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
        """Writes an error line with ``message`` and exits with ``code`` (2: bad configuration or data)."""
        self._emit({"event": "error", "message": message})
        sys.exit(code)

    def _emit(self, message: Mapping[str, Any]) -> None:
        self._out.write(json.dumps(message, allow_nan=False) + "\n")
        self._out.flush()


def _number(value: Any) -> Any:
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def read_config(argv: Optional[List[str]] = None, environ: Optional[Mapping[str, str]] = None) -> Dict[str, Any]:
    """The run's configuration: the JSON file named by ``KILN_CONFIG``, else the first argument (as
    ``kiln-train`` takes it). ``resume_from``/``init_from`` fall back to ``KILN_RESUME_FROM``/``KILN_INIT_FROM``."""
    environ = os.environ if environ is None else environ
    argv = sys.argv if argv is None else argv
    path = environ.get("KILN_CONFIG") or (argv[1] if len(argv) > 1 and argv[1].endswith(".json") else None)
    if not path:
        raise ConfigError("no configuration: KILN_CONFIG is not set (is this trainer started by Kiln?) "
                          "and no config.json argument was given")
    try:
        with open(path, encoding="utf-8") as file:
            config = json.load(file)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the configuration: {error.strerror}") from None
    except ValueError as error:
        raise ConfigError(f"{path}: the configuration is not JSON: {error}") from None
    if not isinstance(config, dict):
        raise ConfigError(f"{path}: the configuration is not a JSON object")
    if not config.get("resume_from") and environ.get("KILN_RESUME_FROM"):
        config["resume_from"] = environ["KILN_RESUME_FROM"]
    if not config.get("init_from") and environ.get("KILN_INIT_FROM"):
        config["init_from"] = {"path": environ["KILN_INIT_FROM"]}
    return config


def init(argv: Optional[List[str]] = None, environ: Optional[Mapping[str, str]] = None,
         out: Optional[IO[str]] = None, handle_sigterm: bool = True) -> Run:
    """Starts the attempt: reads the configuration (see :func:`read_config`), makes SIGTERM set
    :attr:`Run.should_stop`, and writes the ``start`` line. A configuration that cannot be read is
    reported as an error line and exits with code 2."""
    stream = out if out is not None else sys.stdout
    try:
        config = read_config(argv, environ)
        if "schedule" in config:
            learning_rate(config["schedule"], 0)
    except (ConfigError, ScheduleError) as error:
        Run({}, stream).fail(str(error))
    run = Run(config, stream)
    if handle_sigterm:
        signal.signal(signal.SIGTERM, lambda signum, frame: run.request_stop())
    start: Dict[str, Any] = {"event": "start"}
    if "steps" in config:
        start["total_steps"] = int(config["steps"])
    run._emit(start)
    return run
