"""Stage-2 ablations from one stage-1 checkpoint, the same step budget each, evaluated on the dev set at
the canonical base size and at a larger, non-square size (where the rescaled schedule and the dynamic
start token differ from a fixed 1x1 start).

    python -m dvar.train.ablations --init runs/default/stage1/ckpt.pt --steps 150 [--runs runs/ablations]

Writes RUNS/ablations.md (one markdown table) and RUNS/ablations.json.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import common as C
from . import stage2_transformer
from .evaluate import evaluate, load_model

VARIANTS = {
    "full model": [],
    "without DSS": ["--no-dss"],
    "fixed 1x1 start instead of the dynamic start token": ["--fixed-start"],
    "without the size embedding": ["--no-size-embed"],
    "single-size training (256x256 crops)": ["--single-size", "256"],
}
EVAL_SIZES = [(256, 256), (384, 512)]


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--init", required=True, help="stage-1 checkpoint")
    ap.add_argument("--steps", type=int, default=150)
    ap.add_argument("--sizes", default="128-384")
    ap.add_argument("--runs", default=str(Path(__file__).resolve().parents[2] / "runs" / "ablations"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dev-limit", type=int, default=6)
    ap.add_argument("--only", default="", help="comma-separated variant numbers (1-based) to run")
    a = ap.parse_args(argv)
    runs = Path(a.runs)
    chosen = [int(i) - 1 for i in a.only.split(",") if i] or range(len(VARIANTS))
    photos, _ = C.load_data("realesrgan", 0, 1024)
    dev = {size: C.load_dev(photos, "realesrgan", a.dev_limit, size) for size in EVAL_SIZES}
    results = {}
    for i, (name, flags) in enumerate(VARIANTS.items()):
        if i not in chosen:
            continue
        run = runs / f"v{i + 1}"
        stage2_transformer.main(["--run", str(run), "--init", a.init, "--steps", str(a.steps), "--minutes", "1000",
                                 "--sizes", a.sizes, "--threads", str(a.threads), "--dev-limit", "1"] + flags)
        model, _ = load_model(run / C.CKPT)
        results[name] = {f"{h}x{w}": evaluate(model, dev[(h, w)]) for h, w in EVAL_SIZES}
        print(name, json.dumps(results[name]))
    lines = ["| variant | " + " | ".join(f"PSNR-Y / SSIM-Y / sharpness at {h}x{w}" for h, w in EVAL_SIZES) + " |",
             "|---|" + "---|" * len(EVAL_SIZES)]
    for name, by_size in results.items():
        cells = [f"{m['psnr_y']:.2f} / {m['ssim_y']:.4f} / {m['sharpness']:.3f}" for m in by_size.values()]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print(f"\n{a.steps} stage-2 steps each, crops {a.sizes}, real-degraded dev pairs\n\n{table}")
    runs.mkdir(parents=True, exist_ok=True)
    (runs / "ablations.md").write_text(table + "\n")
    (runs / "ablations.json").write_text(json.dumps(dict(steps=a.steps, sizes=a.sizes, results=results), indent=2) + "\n")
    return results


if __name__ == "__main__":
    main()
