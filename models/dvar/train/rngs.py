"""Seeding and the stage's own random streams, saved in checkpoints so a resumed run draws the same."""
from __future__ import annotations

import random

import numpy as np
import torch


def seed_all(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


class Rngs:
    """The stage's own random streams: crop sizes (numpy) and on-device draws (DSS corruption)."""

    def __init__(self, seed: int, device: torch.device):
        self.sizes = np.random.default_rng(seed)
        self.gen = torch.Generator(device=device).manual_seed(seed)

    def state(self) -> dict:
        s = dict(torch=torch.get_rng_state(), python=random.getstate(), numpy=np.random.get_state(),
                 sizes=self.sizes.bit_generator.state, gen=self.gen.get_state())
        if torch.cuda.is_available():
            s["cuda"] = torch.cuda.get_rng_state_all()
        return s

    def load(self, s: dict) -> None:
        torch.set_rng_state(s["torch"])
        random.setstate(s["python"])
        np.random.set_state(s["numpy"])
        self.sizes.bit_generator.state = s["sizes"]
        self.gen.set_state(s["gen"])
        if "cuda" in s and torch.cuda.is_available() and len(s["cuda"]) == torch.cuda.device_count():
            torch.cuda.set_rng_state_all(s["cuda"])
