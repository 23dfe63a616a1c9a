"""Seeding and the stage's own random streams, saved in checkpoints so a resumed run draws the same."""

from __future__ import annotations

import random

import numpy as np
import torch

from .distributed import gather, ranks


def seed_all(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def rank_seed(seed: int, rank: int) -> int:
    """Rank 0 keeps the plain seed (one process draws as before); other ranks get streams of their own."""
    return seed + 1_000_003 * rank


class Rngs:
    """The stage's own random streams: crop sizes (numpy) and on-device draws (DSS corruption)."""

    def __init__(self, seed: int, device: torch.device):
        self.seed = seed
        self.sizes = np.random.default_rng(seed)  # the same on every rank: all slices of a batch share its size
        self.gen = torch.Generator(device=device).manual_seed(rank_seed(seed, ranks().rank))

    def state(self) -> dict:
        s = dict(
            torch=torch.get_rng_state(),
            python=random.getstate(),
            numpy=np.random.get_state(),
            sizes=self.sizes.bit_generator.state,
            gen=gather(self.gen.get_state()),
        )  # gen: one per rank
        if torch.cuda.is_available():
            s["cuda"] = torch.cuda.get_rng_state_all()
        return s

    def load(self, s: dict) -> None:
        torch.set_rng_state(s["torch"])
        random.setstate(s["python"])
        np.random.set_state(s["numpy"])
        self.sizes.bit_generator.state = s["sizes"]
        gens, rank = s["gen"] if isinstance(s["gen"], list) else [s["gen"]], ranks().rank
        if rank < len(gens):
            self.gen.set_state(gens[rank])
        else:  # resumed on more ranks than saved it: a fresh stream of its own
            self.gen.manual_seed(rank_seed(self.seed, rank) + 7919 * len(gens))
        if "cuda" in s and torch.cuda.is_available() and len(s["cuda"]) == torch.cuda.device_count():
            torch.cuda.set_rng_state_all(s["cuda"])
