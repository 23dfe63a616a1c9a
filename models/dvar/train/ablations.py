"""Stage-2 ablations from one stage-1 checkpoint, the same step budget each, evaluated on the dev set at
the canonical base size and at a larger, non-square size (where the rescaled schedule and the dynamic
start token differ from a fixed 1x1 start), greedy, without and with the wavelet fidelity guard.

    python -m dvar.train.ablations --init runs/default/stage1/ckpt.pt --steps 150 [--runs runs/ablations]

Each variant writes RUNS/vN/result.json; RUNS/ablations.md (one markdown table) and RUNS/ablations.json
gather every result present, so variants can run as separate processes (--only N each, e.g. side by
side on one GPU) and `--table-only` writes the table afterwards.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import common as C
from . import distributed as D
from . import stage2_transformer
from .evaluate import evaluate, guarded, load_model, restore_fn

VARIANTS = {
    "full model": [],
    "without DSS": ["--no-dss"],
    "fixed 1x1 start instead of the dynamic start token": ["--fixed-start"],
    "without the size embedding": ["--no-size-embed"],
    "single-size training (256x256 crops)": ["--single-size", "256"],
}
EVAL_SIZES = [(256, 256), (384, 512)]


def run_variant(i: int, flags: list, a, dev_pairs: dict) -> dict:
    run = Path(a.runs) / f"v{i + 1}"
    stage2_transformer.main(
        [
            "--run",
            str(run),
            "--init",
            a.init,
            "--steps",
            str(a.steps),
            "--minutes",
            str(a.minutes),
            "--sizes",
            a.sizes,
            "--threads",
            str(a.threads),
            "--dev-limit",
            "1",
            "--device",
            a.device,
            "--batch",
            str(a.batch),
            "--workers",
            str(a.workers),
            "--seed",
            str(a.seed),
        ]
        + flags
    )
    if not D.ranks().main:  # under torchrun every rank trains the variant, rank 0 evaluates it
        return {}
    model, ckpt = load_model(run / C.CKPT, C.pick_device(a.device))
    restore = restore_fn(model)
    result = dict(steps=ckpt["step"], minutes=ckpt["elapsed"] / 60, by_size={})
    for (h, w), pairs in dev_pairs.items():
        result["by_size"][f"{h}x{w}"] = dict(
            greedy=evaluate(restore, pairs), wavelet=evaluate(guarded(restore, "wavelet"), pairs)
        )
    (run / "result.json").write_text(json.dumps(result, indent=2) + "\n")
    return result


def write_table(runs: Path, a) -> str:
    results = {}
    for i, name in enumerate(VARIANTS):
        path = runs / f"v{i + 1}" / "result.json"
        if path.exists():
            results[name] = json.loads(path.read_text())
    head = " | ".join(f"{h}x{w} greedy | {h}x{w} + wavelet guard" for h, w in EVAL_SIZES)
    lines = [f"| variant | steps | {head} |", "|---|---|" + "---|" * (2 * len(EVAL_SIZES))]
    for name, r in results.items():
        cells = [
            f"{m['psnr_y']:.2f} / {m['ssim_y']:.4f} / {m['sharpness']:.3f}"
            for by in r["by_size"].values()
            for m in (by["greedy"], by["wavelet"])
        ]
        lines.append(f"| {name} | {r['steps']} | " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print(f"\nstage-2 ablations, crops {a.sizes}; cells: PSNR-Y / SSIM-Y / sharpness on real-degraded dev pairs\n\n{table}")
    runs.mkdir(parents=True, exist_ok=True)
    (runs / "ablations.md").write_text(table + "\n")
    (runs / "ablations.json").write_text(json.dumps(dict(sizes=a.sizes, results=results), indent=2) + "\n")
    return table


def main(argv=None) -> str:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--init", default=None, help="stage-1 checkpoint")
    ap.add_argument("--steps", type=int, default=150)
    ap.add_argument("--minutes", type=float, default=1000.0, help="safety cap per variant (steps are the budget)")
    ap.add_argument("--sizes", default="128-384")
    ap.add_argument("--runs", default=str(Path(__file__).resolve().parents[2] / "runs" / "ablations"))
    ap.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dev-limit", type=int, default=6)
    ap.add_argument("--only", default="", help="comma-separated variant numbers (1-based) to run")
    ap.add_argument("--table-only", action="store_true", help="only gather RUNS/v*/result.json into the table")
    a = ap.parse_args(argv)
    runs = Path(a.runs)
    if not a.table_only:
        if not a.init:
            raise SystemExit("ablations: pass --init (a stage-1 checkpoint)")
        chosen = [int(i) - 1 for i in a.only.split(",") if i] or range(len(VARIANTS))
        photos, _ = C.load_data("realesrgan", 0, 1024)
        dev_pairs = {size: C.load_dev(photos, "realesrgan", a.dev_limit, size) for size in EVAL_SIZES}
        for i, (name, flags) in enumerate(VARIANTS.items()):
            if i in chosen:
                result = run_variant(i, flags, a, dev_pairs)
                if D.ranks().main:
                    print(name, json.dumps(result["by_size"]))
    return write_table(runs, a) if D.ranks().main else ""


if __name__ == "__main__":
    main()
