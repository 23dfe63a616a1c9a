"""A checkpoint without optimizer, RNG or DSS state: what export and evaluation read, a third of the
bytes (to bring a run back from a machine whose file transfers are limited).

    python -m dvar.train.slim IN.pt OUT.pt
"""

from __future__ import annotations

import argparse

from . import common as C

KEEP = ("config", "model", "seed", "stage", "step", "elapsed", "training", "metrics")


def slim(src, dst) -> dict:
    ckpt = C.load_checkpoint(src)
    out = {k: ckpt[k] for k in KEEP if k in ckpt}
    C.save_checkpoint(dst, out)
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("dst")
    a = ap.parse_args(argv)
    out = slim(a.src, a.dst)
    print(f"wrote {a.dst}: stage {out.get('stage')}, step {out.get('step')}")


if __name__ == "__main__":
    main()
