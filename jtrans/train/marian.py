"""Train the default model: a small Hugging Face Marian Transformer from scratch, resumable.

The model is ``transformers.MarianMTModel`` built from a ``MarianConfig`` (no hand-written
Transformer). Data comes from ``prepare`` as sentencepiece ids. Everything lives under the work
folder (git-ignored): ``ckpt/last.pt`` (weights, optimizer, step, data position) is written
atomically every ``--save-every`` seconds and at exit; a re-run resumes from it. ``ckpt/best.pt``
keeps the weights with the lowest dev loss. ``--init models/NAME`` starts from the shipped model
itself (its float16 ``model.bin`` read back by ``ct2_weights``, the step and history from its
card) with a fresh optimizer and a short warm-up: the committed model is the resume point.
A smaller model is grown into ``--arch`` (``small`` → ``wide``, wider feed-forward layers
computing the same function at the start; ``small`` → ``deep``, two more decoder layers on top
that start as near-identities; ``architecture.grow``).

Vocabulary layout (what ctranslate2's Marian converter expects): ids ``0..V-1`` are the
sentencepiece pieces (``</s>``=0, ``<unk>``=1, ``⟦0⟧…⟦39⟧``), ``<pad>``=V is the last id and also
the decoder start token; its embedding row is kept at zero because ctranslate2 starts decoding
from a zero embedding.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import math
import os
import signal
import time
import zipfile
from pathlib import Path

import numpy as np
import torch

from jtrans.train.architecture import ARCHS, checkpoint_arch, grow, make_config, tied_or_static
from jtrans.train.output_loss import output_loss


class Data:
    """Sentencepiece-id pairs with token-budget batches drawn from length buckets."""

    def __init__(self, path: Path, max_len: int) -> None:
        z = np.load(path)
        self.src = np.split(z["en_ids"], np.cumsum(z["en_len"])[:-1])
        self.tgt = np.split(z["ja_ids"], np.cumsum(z["ja_len"])[:-1])
        keep = [
            i
            for i in range(len(self.src))
            if 0 < len(self.src[i]) < max_len and 0 < len(self.tgt[i]) < max_len
        ]
        self.index = np.array(keep)

    def __len__(self) -> int:
        return len(self.index)

    def batches(self, max_tokens: int, epoch: int, seed: int = 0) -> list[np.ndarray]:
        # seed 0 keeps the order every earlier run trained on; another seed gives another
        # order of the same pairs (independent phases from one start, to average)
        rng = np.random.default_rng(1000 + epoch if seed == 0 else [seed, epoch])
        order = rng.permutation(self.index)
        out: list[np.ndarray] = []

        # sort within large chunks so batches are length-homogeneous but the epoch stays shuffled.
        # The key is the longer side (what the token budget counts), then the sum: sorting by the
        # target alone padded a third of the source positions, and the 6-layer encoder runs on
        # every one of them (measured on 64k pairs: 8% less work per target token this way).
        def key(i: int) -> tuple[int, int]:
            s, t = len(self.src[i]), len(self.tgt[i])
            return max(s, t), s + t

        for c in range(0, len(order), 100 * 64):
            chunk = sorted(order[c : c + 100 * 64], key=key)
            cur: list[int] = []
            longest = 0
            for i in chunk:
                longest_new = max(longest, len(self.src[i]) + 1, len(self.tgt[i]) + 1)
                if cur and longest_new * (len(cur) + 1) > max_tokens:
                    out.append(np.array(cur))
                    cur, longest_new = [], max(len(self.src[i]), len(self.tgt[i])) + 1
                cur.append(i)
                longest = longest_new
            if cur:
                out.append(np.array(cur))
        perm = rng.permutation(len(out))
        return [out[i] for i in perm]

    def collate(self, idx: np.ndarray, pad: int, eos: int = 0):
        srcs = [np.append(self.src[i], eos) for i in idx]
        tgts = [np.append(self.tgt[i], eos) for i in idx]
        ls, lt = max(map(len, srcs)), max(map(len, tgts))
        x = torch.full((len(idx), ls), pad, dtype=torch.long)
        y = torch.full((len(idx), lt), -100, dtype=torch.long)
        for r, (s, t) in enumerate(zip(srcs, tgts, strict=True)):
            x[r, : len(s)] = torch.from_numpy(s.astype(np.int64))
            y[r, : len(t)] = torch.from_numpy(t.astype(np.int64))
        return x, (x != pad).long(), y


def rss_mb() -> int:
    """The trainer's resident size in MB (Linux; 0 elsewhere): the log shows it grow if it does."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE") // 2**20


def trim_memory() -> None:
    """Hand freed heap memory back to the system (glibc's ``malloc_trim``; a no-op elsewhere).

    glibc keeps freed blocks inside its heap unless they sit at the top: the trainer's blocks of
    changing sizes left most of the heap free but resident, growing ~12 MB a step (3.4 → 6.6 GB
    in 200 steps; one ``malloc_trim`` took it back to 2.1 GB). Called every ``--log-every``
    steps it bounds the resident size at the cost of paging that memory in again when reused."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


def lr_at(step: int, peak: float, warmup: int) -> float:
    step = max(step, 1)
    return peak * min(step / warmup, math.sqrt(warmup / step))


def cooldown_factor(step: int, start: int, steps: int) -> float:
    """Linear decay of the learning rate to zero over `steps` steps after `start`.

    1.0 before the cool-down starts (or when `steps` is 0), 0.0 once it is over: the
    trainer stops there, since further steps would not change the weights.
    """
    if steps <= 0 or step <= start:
        return 1.0
    return max(0.0, 1.0 - (step - start) / steps)


def atomic_save(obj: object, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def bf16_fast(device: str) -> bool:
    """Whether bf16 autocast pays here: CUDA, or a CPU with AMX-BF16 / AVX512-BF16. On an
    AVX2-only CPU (e.g. AMD EPYC without them) torch falls back to a reference bf16 GEMM that
    is many times slower than fp32, so ``--bf16 auto`` stays off there."""
    if device.startswith("cuda"):
        return True
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").split()
    except OSError:
        return False
    return "amx_bf16" in flags or "avx512_bf16" in flags


def autocast(device: str, enabled: bool):
    """bf16 autocast (fp32 master weights): AMX/AVX512-BF16 CPUs and GPUs run it ~1.7× faster
    for a d512 model; a no-op when disabled."""
    return torch.autocast(device.split(":")[0], dtype=torch.bfloat16, enabled=enabled)


def target_hidden(model, x, m, dec_in, y) -> tuple[torch.Tensor, torch.Tensor]:
    """Decoder states and labels of the real target positions only: the output layer (16k
    pieces) and its softmax skip the padding, a fifth of the positions of a length-sorted
    batch."""
    hidden = model.model(input_ids=x, attention_mask=m, decoder_input_ids=dec_in)[0]
    keep = y != -100
    return hidden[keep], y[keep]


def train_loss(model, x, m, dec_in, y, smoothing: float, bf16: bool) -> torch.Tensor:
    """The step's loss: the encoder and decoder under autocast, then the output layer and the
    label-smoothed cross-entropy a chunk of positions at a time (``output_loss``)."""
    with autocast(x.device.type, bf16):
        hidden, labels = target_hidden(model, x, m, dec_in, y)
    head = model.lm_head.weight
    return output_loss(hidden, head, model.final_logits_bias[0], labels, smoothing, bf16=bf16)


@torch.no_grad()
def dev_loss(model, data: Data, pad: int, max_tokens: int, bf16: bool = False) -> float:
    model.eval()
    total, count = 0.0, 0
    device = next(model.parameters()).device.type
    for idx in data.batches(max_tokens, epoch=0):
        x, m, y = (t.to(device) for t in data.collate(idx, pad))
        with autocast(device, bf16):
            out = model(input_ids=x, attention_mask=m, labels=y)
        n = int((y != -100).sum())
        total += float(out.loss) * n
        count += n
    model.train()
    return total / max(count, 1)


def load_init(path: Path, config) -> tuple[dict, dict]:
    """Weights (float32) and trainer state to start from: a model directory (the shipped
    float16 CTranslate2 model, its card's ``training.resume`` block holding the state) or a
    ``.pt`` checkpoint with ``model`` and ``state``."""
    from jtrans.train.ct2_weights import CheckpointError, load_checkpoint

    try:
        return load_checkpoint(path, config)
    except CheckpointError as e:
        raise SystemExit(f"--init {path}: {e}") from None


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Train the default Marian model (resumable)")
    ap.add_argument("--data", type=Path, default=Path("work/data"))
    ap.add_argument("--ckpt", type=Path, default=Path("work/ckpt"))
    ap.add_argument(
        "--arch",
        choices=sorted(ARCHS),
        help="default: the architecture of the checkpoint resumed (--ckpt) or of --init, else "
        "small",
    )
    ap.add_argument("--max-tokens", type=int, default=3000, help="padded tokens per batch")
    ap.add_argument("--max-len", type=int, default=160)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=800)
    ap.add_argument("--restart-warmup", type=int, default=200, help="steps, after --init")
    ap.add_argument(
        "--seed",
        type=int,
        default=0,
        help="data order (0: the historic one); kept across resumes",
    )
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument(
        "--dropout",
        type=float,
        default=0.1,
        help="residual dropout while training (give it again when resuming)",
    )
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--save-every", type=float, default=600.0, help="seconds")
    ap.add_argument("--eval-every", type=int, default=500, help="steps")
    ap.add_argument("--max-steps", type=int, default=10**9)
    ap.add_argument("--max-seconds", type=float, default=float("inf"))
    ap.add_argument(
        "--cooldown",
        type=int,
        default=0,
        help="steps: decay the learning rate linearly to zero from where this run starts "
        "(kept across resumes while the option is given; the trainer stops at zero)",
    )
    ap.add_argument(
        "--reset-best",
        action="store_true",
        help="forget the best dev loss (after the data or dev set changed)",
    )
    ap.add_argument(
        "--init",
        type=Path,
        help="start from a shipped model directory (float16 CTranslate2, e.g. "
        "models/jtrans-small-enja) or fp16 .pt weights, with a fresh optimizer; a small model "
        "grows into --arch wide or deep (the same function, or nearly, at the start)",
    )
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument(
        "--bf16",
        choices=("auto", "on", "off"),
        default="auto",
        help="bf16 autocast with fp32 master weights; auto: on for CUDA and CPUs with "
        "AMX-BF16/AVX512-BF16, off elsewhere (slower than fp32 there)",
    )
    ap.add_argument("--log-every", type=int, default=50, help="steps between progress lines")
    ap.add_argument(
        "--keep-snapshots",
        type=int,
        default=6,
        help="fp16 weights kept at the last N evaluations (snap-STEP.pt) for averaging",
    )
    args = ap.parse_args(argv)
    # one line and exit 2, without argparse's usage block
    if args.cooldown < 0:
        ap.exit(
            2, f"marian: --cooldown must be 0 (off) or a number of steps, not {args.cooldown}\n"
        )
    if args.seed < 0:
        ap.exit(
            2,
            f"marian: --seed must be 0 (the historic data order) or a positive number, "
            f"not {args.seed}\n",
        )
    if not 0.0 <= args.dropout < 1.0:
        ap.exit(2, f"marian: --dropout must be at least 0 and below 1, not {args.dropout}\n")
    args.bf16 = args.bf16 == "on" or (args.bf16 == "auto" and bf16_fast(args.device))
    if args.arch is None:  # what is resumed, else what --init was trained as
        last = args.ckpt / "last.pt"
        args.arch = checkpoint_arch(last if last.exists() else args.init)

    from transformers import MarianMTModel
    from transformers.models.marian.modeling_marian import shift_tokens_right

    missing = [n for n in ("spm.model", "train.npz", "dev.npz") if not (args.data / n).is_file()]
    if missing:
        raise SystemExit(
            f"marian: no prepared data at {args.data} ({', '.join(missing)} missing; "
            "run python -m jtrans.train.prepare)"
        )
    torch.set_num_threads(args.threads)
    torch.manual_seed(7 + args.seed)
    import sentencepiece as spm

    vocab = spm.SentencePieceProcessor(model_file=str(args.data / "spm.model")).get_piece_size()
    pad = vocab
    config = make_config(vocab, args.arch, dropout=args.dropout)
    model = MarianMTModel(config)
    if args.device == "cpu":
        # measured here (AMX-BF16, 2 threads, real batches, alternating runs, freed memory
        # kept): eager attention 14-47 % more target tok/s than SDPA, whose CPU
        # flash-attention backward took a fifth of the step
        model.set_attn_implementation("eager")
    model.to(args.device)
    opt = torch.optim.AdamW(
        model.parameters(),
        lr=args.lr,
        betas=(0.9, 0.98),
        eps=1e-9,
        weight_decay=0.0,
        fused=True,  # one kernel per step instead of ~10 per tensor (CPU and CUDA)
    )
    state = {"step": 0, "epoch": 0, "batch": 0, "best": float("inf"), "tokens": 0, "history": []}
    state["seed"] = args.seed
    args.ckpt.mkdir(parents=True, exist_ok=True)
    last = args.ckpt / "last.pt"
    if last.exists():
        ck = torch.load(last, map_location=args.device, weights_only=False)
        try:
            model.load_state_dict(ck["model"])
        except RuntimeError:
            raise SystemExit(
                f"marian: {last} does not fit --arch {args.arch} (another size); resume it with "
                "the --arch it was trained as"
            ) from None
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
        if args.reset_best:
            state["best"] = float("inf")
        print(f"resumed at step {state['step']} (epoch {state['epoch']}, batch {state['batch']})")
    elif args.init:
        source = checkpoint_arch(args.init, args.arch)
        weights, init_state = load_init(args.init, make_config(vocab, source))
        if source != args.arch:
            try:
                weights = grow(weights, model.state_dict())
            except ValueError as e:
                raise SystemExit(
                    f"--init {args.init}: a {source} model cannot grow into "
                    f"--arch {args.arch} ({e})"
                ) from None
            print(f"grown from {source} to {args.arch}")
        missing, unexpected = model.load_state_dict(weights, strict=False)
        if unexpected or [k for k in missing if not tied_or_static(k)]:
            raise SystemExit(f"--init {args.init}: weights do not fit --arch {args.arch}")
        keys = ("best", "history", "tokens", "step", "epoch", "batch", "seconds")
        state.update({k: init_state[k] for k in keys if k in init_state})
        state["restart_step"] = state["step"]  # fresh optimizer: short warm-up from here
        state["seed"] = args.seed
        if args.reset_best:
            state["best"] = float("inf")
        print(f"initialised from {args.init}")
    if args.cooldown > 0:
        start = state.get("cooldown_start")
        if start is None or cooldown_factor(state["step"] + 1, start, args.cooldown) == 0.0:
            state["cooldown_start"] = state["step"]  # none yet, or the last one is over
        print(
            f"cool-down: learning rate to zero by step {state['cooldown_start'] + args.cooldown}",
            flush=True,
        )
    json.dump(config.to_dict(), open(args.ckpt / "config.json", "w"), indent=1)

    try:
        train = Data(args.data / "train.npz", args.max_len)
        dev = Data(args.data / "dev.npz", args.max_len)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        raise SystemExit(
            f"marian: unreadable prepared data at {args.data} ({str(exc).splitlines()[0]}; "
            "run python -m jtrans.train.prepare again)"
        ) from None
    print(
        f"train pairs {len(train)}, dev pairs {len(dev)}, params "
        f"{sum(p.numel() for p in model.parameters()) / 1e6:.1f}M, "
        f"{'bf16 autocast' if args.bf16 else 'fp32'}",
        flush=True,
    )
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    signal.signal(signal.SIGINT, lambda *_: stop.update(now=True))

    def save() -> None:
        state["seconds"] = state.get("seconds", 0.0) + time.time() - t_mark["t"]
        t_mark["t"] = time.time()
        atomic_save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state}, last)

    def evaluate() -> None:
        """Dev loss into the history, an fp16 snapshot, and best.pt when the loss is lowest."""
        dl = dev_loss(model, dev, pad, args.max_tokens, args.bf16)
        state["history"].append(
            {
                "step": state["step"],
                "dev_loss": round(dl, 4),
                "tokens": state["tokens"],
                "seconds": round(state.get("seconds", 0.0) + time.time() - t_mark["t"]),
            }
        )
        print(f"dev loss {dl:.4f} at step {state['step']}", flush=True)
        half = {k: v.half() for k, v in model.state_dict().items()}
        if args.keep_snapshots > 0:
            snap = args.ckpt / f"snap-{state['step']:07d}.pt"
            atomic_save({"model": half, "state": dict(state)}, snap)
            for old in sorted(args.ckpt.glob("snap-*.pt"))[: -args.keep_snapshots]:
                old.unlink()
        if dl < state["best"]:
            state["best"] = dl
            atomic_save({"model": half, "state": dict(state)}, args.ckpt / "best.pt")

    t0 = last_save = time.time()
    t_mark = {"t": t0}  # wall seconds of training are summed into state["seconds"] on save
    window_tokens, window_loss, window_t = 0, 0.0, time.time()
    model.train()
    emb = model.model.shared.weight
    while not stop["now"] and state["step"] < args.max_steps:
        batches = train.batches(args.max_tokens, state["epoch"], state.get("seed", 0))
        while state["batch"] < len(batches):
            idx = batches[state["batch"]]
            x, m, y = train.collate(idx, pad)
            x, m, y = x.to(args.device), m.to(args.device), y.to(args.device)
            step_lr = lr_at(state["step"] + 1, args.lr, args.warmup)
            since_restart = state["step"] + 1 - state.get("restart_step", 0)
            if state.get("restart_step"):
                step_lr *= min(1.0, since_restart / args.restart_warmup)
            if args.cooldown > 0:
                step_lr *= cooldown_factor(
                    state["step"] + 1, state["cooldown_start"], args.cooldown
                )
                if step_lr == 0.0:  # the cool-down is over: its end is a snapshot too
                    if state["step"] % args.eval_every:
                        evaluate()
                    stop["now"] = True
                    break
            for g in opt.param_groups:
                g["lr"] = step_lr
            dec_in = shift_tokens_right(y, pad, pad)
            loss = train_loss(model, x, m, dec_in, y, args.label_smoothing, args.bf16)
            opt.zero_grad(set_to_none=False)  # gradients stay allocated: no per-step churn
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            with torch.no_grad():
                emb[pad].zero_()
                model.final_logits_bias.zero_()
            ntok = int((y != -100).sum())
            state["step"] += 1
            state["batch"] += 1
            state["tokens"] += ntok
            window_tokens += ntok
            window_loss += float(loss.detach()) * ntok
            if state["step"] % args.log_every == 0:
                trim_memory()
                dt = time.time() - window_t
                print(
                    f"step {state['step']} epoch {state['epoch']} "
                    f"batch {state['batch']}/{len(batches)} loss {window_loss / window_tokens:.3f} "
                    f"lr {step_lr:.2e} tgt_tok/s {window_tokens / dt:.0f} rss_mb {rss_mb()}",
                    flush=True,
                )
                window_tokens, window_loss, window_t = 0, 0.0, time.time()
            if state["step"] % args.eval_every == 0:
                evaluate()
            if time.time() - last_save > args.save_every:
                save()
                last_save = time.time()
            if (
                stop["now"]
                or state["step"] >= args.max_steps
                or time.time() - t0 > args.max_seconds
            ):
                stop["now"] = True
                break
        else:
            state["epoch"] += 1
            state["batch"] = 0
    save()
    print(f"saved at step {state['step']}", flush=True)


if __name__ == "__main__":
    main()
