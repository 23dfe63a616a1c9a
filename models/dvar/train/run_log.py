"""The run log: each record printed and appended to log.jsonl (by rank 0 only under torchrun)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from .distributed import ranks


class RunLog:
    """Prints records and appends them to a JSONL file."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def log(self, **rec) -> dict:
        rec = {"time": time.strftime("%Y-%m-%dT%H:%M:%S"), **rec}
        if not ranks().main:  # one log per run, written by rank 0
            return rec
        print(
            " ".join(
                f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in rec.items() if not isinstance(v, (dict, list))
            ),
            flush=True,
        )
        with open(self.path, "a") as f:
            f.write(json.dumps(rec) + "\n")
        return rec
