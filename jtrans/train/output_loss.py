"""The trainer's output layer and label-smoothed cross-entropy, a chunk of positions at a time.

The plain way (``lm_head`` over every real target position, then ``CrossEntropyLoss``) makes
four ~80–150 MB tensors per step (bf16 logits, their float copy, the log-softmax and its
gradient). glibc serves blocks that large with ``mmap`` and returns them with ``munmap``, so
every step pages them in again: 55k–137k minor faults/s and about half the trainer's speed on
these 2 cores (models/README.md, session 11). Here the logits of ``chunk`` positions at a time
(16 MB at 256 × 16k pieces) are made, turned into the loss and straight into the gradients of
the hidden states and the output weight, and dropped; backward only scales the stored
gradients. The loss and the gradients are those of the plain way (a test pins it).
"""

from __future__ import annotations

import torch


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
        h, w = hidden.to(dtype), weight.to(dtype)
        grad_h = torch.empty(hidden.shape, dtype=torch.float32, device=hidden.device)
        grad_w = torch.zeros(weight.shape, dtype=torch.float32, device=weight.device)
        grad_b = torch.zeros(vocab, dtype=torch.float32, device=weight.device)
        total = torch.zeros((), dtype=torch.float32, device=hidden.device)
        for start in range(0, n, chunk):
            hc, yc = h[start : start + chunk], labels[start : start + chunk]
            logp = torch.mm(hc, w.t()).float().add_(bias)
            logp.sub_(torch.logsumexp(logp, dim=-1, keepdim=True))
            nll = logp.gather(1, yc[:, None]).sum()
            total -= (1.0 - smoothing) * nll + smoothing * logp.sum() / vocab
            grad = logp.exp_().sub_(smoothing / vocab)  # softmax minus the smoothed target
            grad[torch.arange(len(yc), device=grad.device), yc] -= 1.0 - smoothing
            grad.div_(n)
            if ctx.needs_input_grad[2]:
                grad_b += grad.sum(0)
            g = grad.to(dtype)
            grad_h[start : start + chunk] = torch.mm(g, w)
            grad_w += torch.mm(g.t(), hc)
        ctx.save_for_backward(grad_h, grad_w, grad_b)
        ctx.dtypes = (hidden.dtype, weight.dtype, bias.dtype)
        return total / n

    @staticmethod
    def backward(ctx, grad_out: torch.Tensor):  # type: ignore[override]  # noqa: ANN001, ANN205
        grad_h, grad_w, grad_b = ctx.saved_tensors
        dh, dw, db = ctx.dtypes
        return (
            (grad_h * grad_out).to(dh) if ctx.needs_input_grad[0] else None,
            (grad_w * grad_out).to(dw) if ctx.needs_input_grad[1] else None,
            (grad_b * grad_out).to(db) if ctx.needs_input_grad[2] else None,
            None,
            None,
            None,
            None,
        )


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
