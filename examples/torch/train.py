"""A PyTorch trainer for Kiln: the byte-level GPT of kiln-train (same architecture, initialisation,
data sampling, AdamW, clipping and accumulation, so losses are comparable), driven by kiln_client.

    trainer: {command: [python3, examples/torch/train.py]}

Checkpoints (`output_dir/step-NNNNNN.pt`, written to a temporary name and renamed) hold the weights,
the AdamW state and the step; sampling is a pure function of the step, so a resumed run continues
exactly. `init_from` loads another run's weights (with `optimizer`: its AdamW state too; with
`keep_step`: its step counter); it also reads kiln-train's `.ckpt` files. CUDA when present, else
the CPU with `threads` threads. See docs/python.md.
"""
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.append(os.path.join(REPO, "scripts"))  # kiln_torch_model: the model, shared with the cross-checks
try:
    import kiln_client
except ImportError:  # a clone without `pip install ./python`
    sys.path.append(os.path.join(REPO, "python"))
    import kiln_client

import numpy as np
import torch
import torch.nn.functional as F

from kiln_torch_model import DECAYED, NAMES, KilnGPT, read_checkpoint

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


class SplitMix64:
    """Kiln's generator (Sources/KilnProtocol/SplitMix64.swift), bit for bit."""

    def __init__(self, seed, stream=None, index=0):
        self.state = seed & MASK64
        if stream is not None:
            mixer = SplitMix64(seed ^ ((stream * GOLDEN) & MASK64))
            self.state = mixer.next() ^ ((index * 0xBF58476D1CE4E5B9) & MASK64)
            self.next()

    def next(self):
        self.state = (self.state + GOLDEN) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53


def splitmix_normals(seed, count, skip):
    """`count` standard normals as SplitMix64(seed).nextNormal() gives them after `skip` draws (float32)."""
    with np.errstate(over="ignore"):
        index = np.arange(skip + 1, skip + 2 * count + 1, dtype=np.uint64)
        z = np.uint64(seed & MASK64) + index * np.uint64(GOLDEN)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    uniform = (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    u1, u2 = np.maximum(uniform[0::2], 1e-300), uniform[1::2]
    return (np.sqrt(-2 * np.log(u1)) * np.cos(2 * np.pi * u2)).astype(np.float32)


def initialise(model, seed):
    """kiln-train's initialisation (Transformer.initialise): one SplitMix64 stream over the layout."""
    residual = np.float32(0.02) / np.float32(math.sqrt(2 * model.layers))
    draws = 0
    with torch.no_grad():
        for name in NAMES:
            tensor = model.params[name]
            if name in ("ln1w", "ln2w", "lnfw"):
                tensor.fill_(1)
            elif name in DECAYED:
                normals = splitmix_normals(seed, tensor.numel(), draws)
                draws += 2 * tensor.numel()
                scale = residual if name in ("attprojw", "fcprojw") else np.float32(0.02)
                tensor.copy_(torch.from_numpy(normals * scale).view_as(tensor))
            else:
                tensor.zero_()


def load_bytes(source, split, data_dir):
    """A corpus's split, or a whole file (`.bin`: uint16 tokens, each below 256), as uint8."""
    path = source if "/" in source else os.path.join(data_dir, source, split + ".txt")
    if "/" not in source and not os.path.exists(path):
        raise ValueError(f"no prepared corpus '{source}' in {data_dir} (run: kiln data prepare)")
    try:
        raw = np.fromfile(path, dtype=np.uint8)
    except OSError as error:
        raise ValueError(f"{path}: cannot read the file: {error.strerror}") from None
    if not path.endswith(".bin"):
        return raw
    if raw.size % 2:
        raise ValueError(f"{path}: a .bin token file must hold whole uint16 tokens ({raw.size} bytes is odd)")
    tokens = raw.view("<u2")
    high = np.flatnonzero(tokens >= 256)
    if high.size:
        raise ValueError(f"{path}: token {tokens[high[0]]} at index {high[0]} is not a byte (must be < 256)")
    return tokens.astype(np.uint8)


class Sampler:
    """kiln-train's BatchSampler: row r of micro-batch m at step s is a pure function of (seed, s, m, r)."""

    def __init__(self, config, seed):
        self.data, self.seed, self.steps = config["data"], seed, config["steps"]
        self.context, self.batch = config["context"], config["batch"]
        phases = [self.data["mixture"]] + [phase["mixture"] for phase in self.data.get("phases", [])]
        self.sources = {}
        for component in (c for mixture in phases for c in mixture):
            if component["source"] not in self.sources:
                data = load_bytes(component["source"], "train", config["data_dir"])
                if data.size <= self.context:
                    raise ValueError(f"source '{component['source']}' has {data.size} bytes; a window needs {self.context + 1}")
                self.sources[component["source"]] = torch.from_numpy(data.astype(np.int64))
        if any(sum(c["weight"] for c in mixture) <= 0 for mixture in phases):
            raise ValueError("a data mixture's weights sum to 0")

    def mixture(self, step):
        fraction = step / max(self.steps, 1)
        current = self.data["mixture"]
        for phase in self.data.get("phases", []):
            if fraction >= phase["from"]:
                current = phase["mixture"]
        return current

    def batch_at(self, step, micro):
        """(inputs, targets), each (B, T) int64."""
        components = self.mixture(step)
        total = sum(c["weight"] for c in components)
        rows = []
        for row in range(self.batch):
            random = SplitMix64(self.seed, stream=1, index=(step << 24) | (micro << 12) | row)
            pick = random.uniform() * total
            chosen = components[-1]
            for component in components:
                pick -= component["weight"]
                if pick < 0:
                    chosen = component
                    break
            data = self.sources[chosen["source"]]
            start = random.next() % (data.numel() - self.context)
            rows.append(data[start:start + self.context + 1])
        window = torch.stack(rows)
        return window[:, :-1].contiguous(), window[:, 1:].contiguous()


class Evaluator:
    """kiln-train's Evaluator: the same evenly spaced windows of a validation set at every evaluation."""

    def __init__(self, name, source, config):
        self.name = name
        data = torch.from_numpy(load_bytes(source, "val", config["data_dir"]).astype(np.int64))
        context, batch = config["context"], config["batch"]
        if data.numel() <= context:
            raise ValueError(f"eval set '{name}' has {data.numel()} bytes; a window needs {context + 1}")
        windows = max(1, config.get("eval_batches", 8)) * batch
        span = data.numel() - context - 1
        starts = [span * i // (windows - 1) if windows > 1 else 0 for i in range(windows)]
        self.batches = torch.stack([data[s:s + context + 1] for s in starts]).split(batch)

    @torch.no_grad()
    def loss(self, model, device):
        losses = [model(w[:, :-1].contiguous().to(device), w[:, 1:].contiguous().to(device)).item() for w in self.batches]
        return sum(losses) / len(losses)


def save(path, model, optimizer, step, seed):
    """Writes the checkpoint under a temporary name and renames it: a complete file or none."""
    temporary = path + ".tmp"
    torch.save({"format": "kiln-torch", "version": 1, "step": step, "seed": seed,
                "model": model.state_dict(), "optimizer": optimizer.state_dict()}, temporary)
    os.replace(temporary, path)


def load(path, model, optimizer, with_optimizer):
    """Loads weights (and AdamW state) from a checkpoint of this trainer or of kiln-train; returns its step."""
    with open(path, "rb") as file:
        kiln_format = file.read(8) == b"KILNCKPT"
    if kiln_format:
        header, tensors, moments = read_checkpoint(path)
        with torch.no_grad():
            for name in NAMES:
                model.params[name].copy_(torch.from_numpy(tensors[name].copy()))
        if with_optimizer:
            if moments is None:
                raise ValueError(f"{path}: it holds no optimizer state")
            state, start = {}, 0
            for name, parameter in model.params.items():
                size = parameter.numel()
                state[parameter] = {"step": torch.tensor(float(header["adam_updates"])),
                                    "exp_avg": torch.from_numpy(moments[0][start:start + size].copy()).view_as(parameter),
                                    "exp_avg_sq": torch.from_numpy(moments[1][start:start + size].copy()).view_as(parameter)}
                start += size
            optimizer.state.update(state)
        return header["step"]
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    model.load_state_dict(checkpoint["model"])
    if with_optimizer:
        optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["step"]


def main():
    run = kiln_client.init()
    c = run.config
    if c["width"] % c["heads"]:
        run.fail(f"width {c['width']} is not divisible by heads {c['heads']}")
    threads = int(c.get("threads", 1))
    torch.set_num_threads(threads)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    seed = int(c.get("seed", 0)) & MASK64
    try:
        sampler = Sampler(c, seed)
        evaluators = [Evaluator(e["name"], e["source"], c) for e in c.get("eval", [])]
    except ValueError as error:
        run.fail(str(error))

    try:
        model = KilnGPT(c["layers"], c["width"], c["heads"], c["context"], norm=c.get("norm", "pre"),
                        mix_fraction=c.get("norm_mix_fraction", 0.25))
    except ValueError as error:
        run.fail(str(error))
    if (c.get("init_from") or {}).get("grow") and not run.resume_from:
        run.fail("init_from.grow (model growth) is not supported by examples/torch/train.py; use kiln-train")
    initialise(model, seed)
    model.to(device)
    optimizer = model.optimizer(lr=run.lr(0), weight_decay=c.get("weight_decay", 0.1),
                                betas=(c.get("beta1", 0.9), c.get("beta2", 0.95)), eps=c.get("epsilon", 1e-8))
    step = 0
    try:
        if run.resume_from:
            step = load(run.resume_from, model, optimizer, with_optimizer=True)
        elif run.init_from:
            saved = load(run.init_from.path, model, optimizer, with_optimizer=run.init_from.optimizer)
            step = saved if run.init_from.keep_step else 0
    except (OSError, ValueError, KeyError, RuntimeError) as error:
        run.fail(f"cannot load the checkpoint: {error}")

    batch, context, accumulation = c["batch"], c["context"], c.get("accumulation", 1)
    tokens_per_step = batch * context * accumulation
    shape_parameters = 256 * c["width"] + c["layers"] * (12 * c["width"] ** 2 + 13 * c["width"]) + 2 * c["width"]
    flops_per_token = 6.0 * shape_parameters + 6.0 * c["layers"] * context * c["width"]
    log_every, eval_every, checkpoint_every = c.get("log_every", 10), c.get("eval_every", 100), c.get("checkpoint_every", 0)
    os.makedirs(c["output_dir"], exist_ok=True)
    parameters = list(model.parameters())
    print(f"torch trainer: {sum(p.numel() for p in parameters)} parameters, {tokens_per_step} tokens per step, "
          f"from step {step}, {device}, {threads} thread(s)", file=sys.stderr, flush=True)

    def checkpoint():
        path = os.path.join(c["output_dir"], "step-%06d.pt" % step)
        save(path, model, optimizer, step, seed)
        run.checkpoint(path, step=step)

    seconds, tokens_since_log = 0.0, 0
    while step < run.steps:
        if run.should_stop:
            checkpoint()
            run.stopped()
        started = time.perf_counter()
        lr = run.lr(step)
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.zero_grad(set_to_none=False)
        loss = 0.0
        for micro in range(accumulation):
            inputs, targets = sampler.batch_at(step, micro)
            micro_loss = model(inputs.to(device), targets.to(device))
            (micro_loss / accumulation).backward()
            loss += micro_loss.item()
        loss /= accumulation
        norm = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(p.grad) for p in parameters])).item()
        if not (math.isfinite(loss) and math.isfinite(norm)):
            run.diverged(step, loss=loss, grad_norm=norm)
        clip = c.get("grad_clip", 1.0)
        if clip > 0 and norm > clip:
            for p in parameters:
                p.grad.mul_(clip / norm)
        optimizer.step()
        step += 1
        tokens_since_log += tokens_per_step
        seconds += time.perf_counter() - started
        metrics = {}
        last = step == run.steps
        if step % log_every == 0 or last:
            metrics.update({"train/loss": loss, "lr": lr, "tokens": step * tokens_per_step,
                            "flops": step * tokens_per_step * flops_per_token, "grad_norm": norm,
                            "tokens_per_s": tokens_since_log / seconds if seconds > 0 else 0.0})
            seconds, tokens_since_log = 0.0, 0
        if evaluators and ((eval_every > 0 and step % eval_every == 0) or last):
            for evaluator in evaluators:
                value = evaluator.loss(model, device)
                metrics[f"val/{evaluator.name}/loss"] = value
                metrics[f"val/{evaluator.name}/bpb"] = value / math.log(2)
        if metrics:
            run.log(step, metrics)
        if (checkpoint_every > 0 and step % checkpoint_every == 0) or last:
            checkpoint()
    run.done()


if __name__ == "__main__":
    main()
