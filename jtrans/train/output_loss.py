"""The trainer's output layer and label-smoothed cross-entropy, a chunk of positions at a time.

The plain way (``lm_head`` over every real target position, then ``CrossEntropyLoss``) makes
four ~80–150 MB tensors per step (bf16 logits, their float copy, the log-softmax and its
gradient). glibc serves blocks that large with ``mmap`` and returns them with ``munmap``, so
every step pages them in again: 55k–137k minor faults/s and about half the trainer's speed on
these 2 cores (models/README.md, session 11). Here the logits of ``chunk`` positions at a time
(16 MB at 256 × 16k pieces) are made, turned into the loss and straight into the gradients of
the hidden states and the output weight, and dropped; backward only scales the stored
gradients. The loss and the gradients are those of the plain way (a test pins it).
Its work tensors are kept from call to call, so one loss may be in flight at a time: call
``backward`` before the next ``output_loss`` (as the trainer's step does).
"""

from __future__ import annotations

import torch

_BUFFERS: dict[tuple, dict[str, torch.Tensor]] = {}


def _buffers(chunk: int, weight: torch.Tensor, dtype: torch.dtype) -> dict[str, torch.Tensor]:
    """Work tensors kept from step to step (about 72 MB at 256 × 16k × 256): a block freed and
    allocated again every step is what made glibc page memory in and out, and heap blocks of
    changing sizes what made the trainer's resident size grow."""
    vocab, d = weight.shape
    key = (weight.device, dtype, chunk, vocab, d)
    if key not in _BUFFERS:
        _BUFFERS.clear()

        def new(*shape: int, kind: torch.dtype = torch.float32) -> torch.Tensor:
            return torch.empty(shape, dtype=kind, device=weight.device)

        _BUFFERS[key] = {
            "logp": new(chunk, vocab),
            "grad": new(chunk, vocab),
            "grad_low": new(chunk, vocab, kind=dtype),
            "logits_low": new(chunk, vocab, kind=dtype),
            "weight_low": new(vocab, d, kind=dtype),
            "grad_w_low": new(vocab, d, kind=dtype),
            "grad_w": new(vocab, d),
        }
    return _BUFFERS[key]


class _ChunkedCrossEntropy(torch.autograd.Function):
    @staticmethod
    def forward(  # type: ignore[override]
        ctx,  # noqa: ANN001
        hidden: torch.Tensor,
        weight: torch.Tensor,
        bias: torch.Tensor,
        labels: torch.Tensor,
        smoothing: float,
        chunk: int,
        dtype: torch.dtype,
    ) -> torch.Tensor:
        n, vocab = hidden.shape[0], weight.shape[0]
        buf = _buffers(chunk, weight, dtype)
        w = buf["weight_low"].copy_(weight) if dtype != weight.dtype else weight
        h = hidden.to(dtype)
        grad_h = torch.empty(hidden.shape, dtype=torch.float32, device=hidden.device)
        grad_w = buf["grad_w"].zero_()  # added into the weight's .grad, then free again
        grad_b = torch.zeros(vocab, dtype=torch.float32, device=weight.device)
        total = torch.zeros((), dtype=torch.float32, device=hidden.device)
        for start in range(0, n, chunk):
            hc, yc = h[start : start + chunk], labels[start : start + chunk]
            rows = len(yc)
            logp, grad = buf["logp"][:rows], buf["grad"][:rows]
            if dtype == torch.float32:
                torch.mm(hc, w.t(), out=logp)
            else:
                logp.copy_(torch.mm(hc, w.t(), out=buf["logits_low"][:rows]))
            logp.add_(bias)
            logp.sub_(logp.amax(dim=-1, keepdim=True))
            torch.exp(logp, out=grad)
            norm = grad.sum(dim=-1, keepdim=True)
            logp.sub_(norm.log())  # log-softmax
            grad.div_(norm)  # softmax
            nll = logp.gather(1, yc[:, None]).sum()
            total -= (1.0 - smoothing) * nll + smoothing * logp.sum() / vocab
            grad.sub_(smoothing / vocab)  # softmax minus the smoothed target
            grad[torch.arange(rows, device=grad.device), yc] -= 1.0 - smoothing
            grad.div_(n)
            if ctx.needs_input_grad[2]:
                grad_b += grad.sum(0)
            if dtype == torch.float32:
                g, gw = grad, buf["grad_w_low"]
            else:
                g, gw = buf["grad_low"][:rows].copy_(grad), buf["grad_w_low"]
            grad_h[start : start + chunk] = torch.mm(g, w)
            grad_w += torch.mm(g.t(), hc, out=gw)
        ctx.grads = (grad_h, grad_w, grad_b)
        ctx.dtypes = (hidden.dtype, weight.dtype, bias.dtype)
        return total / n

    @staticmethod
    def backward(ctx, grad_out: torch.Tensor):  # type: ignore[override]  # noqa: ANN001, ANN205
        grads, dtypes = ctx.grads, ctx.dtypes
        ctx.grads = None
        out = [
            g.mul_(grad_out).to(kind) if need else None
            for g, kind, need in zip(grads, dtypes, ctx.needs_input_grad[:3], strict=True)
        ]
        return (*out, None, None, None, None)


def output_loss(
    hidden: torch.Tensor,
    weight: torch.Tensor,
    bias: torch.Tensor,
    labels: torch.Tensor,
    smoothing: float = 0.0,
    chunk: int = 256,
    bf16: bool = False,
) -> torch.Tensor:
    """Mean label-smoothed cross-entropy of ``hidden @ weight.T + bias`` against ``labels``
    (every row a real position), computed ``chunk`` rows at a time; the matrix products run in
    bf16 when ``bf16`` (as under autocast), the softmax in float32."""
    if hidden.shape[0] == 0:
        raise ValueError("output_loss: no target positions")
    dtype = torch.bfloat16 if bf16 else torch.float32
    return _ChunkedCrossEntropy.apply(
        hidden, weight, bias, labels, float(smoothing), int(chunk), dtype
    )
