"""One command: stage 0 (tokenizer) -> stage 1 (E_dr) -> stage 2 (transformer + DSS) [-> stage 3 (decoder
fine-tune, --minutes3)] -> evaluate -> pack.

    python -m dvar.train.run_all --preset default --minutes0 30 --minutes1 20 --minutes2 60 \
        [--out models/packs/default] [--device auto] [--runs models/runs/default]

Each stage keeps its checkpoint in RUNS/stageN/ckpt.pt; re-running the command resumes where it stopped
(a finished stage only re-evaluates). Budgets are wall-clock minutes per stage (summed over resumes).
The pack's provenance gets every stage's arguments and dev metrics, both degradations, and photo credits.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..model.fidelity import LEVELS as GUARD_LEVELS
from ..pack.export import export_pack
from . import common as C
from . import distributed as D
from . import stage0_tokenizer, stage1_encoder, stage2_transformer
from .evaluate import compare, load_model, markdown_table

ROOT = Path(__file__).resolve().parents[3]  # repository root


def trained_lq_side(ckpt: dict, upscale: int) -> int | None:
    """Largest LQ crop side stage 2 trained on (from its --sizes), so tiles stay in the trained range."""
    sizes = str(ckpt.get("training", {}).get("stage2", {}).get("sizes", ""))
    sides = [int(x) for x in sizes.split("-") if x.isdigit()]
    return max(sides) // upscale if sides else None


def choose_fidelity_guard(results: dict) -> str:
    """The guard ships on by default only if it measured better (PSNR-Y and SSIM-Y) than none."""
    base = results.get("DVAR (greedy)")
    best, best_psnr = "off", base["psnr_y"] if base else 0.0
    for guard in ("wavelet", "adain"):
        m = results.get(f"DVAR + {guard} fidelity guard")
        if base and m and m["psnr_y"] > best_psnr and m["ssim_y"] >= base["ssim_y"]:
            best, best_psnr = guard, m["psnr_y"]
    return best


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--preset", default="default")
    for k, m in ((0, 30.0), (1, 20.0), (2, 60.0)):
        ap.add_argument(f"--minutes{k}", type=float, default=m)
        ap.add_argument(f"--steps{k}", type=int, default=100_000)
    for k in range(3):
        ap.add_argument(f"--sizes{k}", default="auto", help="crop sizes (common.py); auto: 128-256 on cuda, 96-160 on cpu")
    ap.add_argument(
        "--minutes3",
        type=float,
        default=0.0,
        help="stage 3: decoder-only fine-tune after stage 2 (stage1_encoder --decoder-only); 0: none",
    )
    ap.add_argument("--steps3", type=int, default=100_000)
    ap.add_argument(
        "--stage3-args", default="--adv 0 --edge 0.05 --decoder all --lr 5e-5", help="extra stage-3 arguments (loss weights, LR)"
    )
    ap.add_argument("--runs", default=None, help="default: models/runs/PRESET")
    ap.add_argument("--out", default=None, help="pack folder (default: models/packs/PRESET)")
    ap.add_argument("--name", default=None)
    ap.add_argument("--version", default="1.0.0", help="the pack's version (manifest)")
    ap.add_argument(
        "--guard-levels",
        type=int,
        default=GUARD_LEVELS,
        help="wavelet fidelity guard levels the pack ships with (manifest fidelityGuardLevels)",
    )
    ap.add_argument(
        "--bottom-context",
        type=int,
        default=0,
        help="LQ rows the engine runs below each tile and crops (manifest runtime.bottomContext)",
    )
    ap.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--workers", type=int, default=0, help="data worker processes per stage (batches.py)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--degradation", default="realesrgan", choices=["realesrgan", "bicubic"])
    ap.add_argument("--dev-limit", type=int, default=0, help="dev pairs per evaluation (0: all)")
    ap.add_argument("--dev-size", type=int, default=256, help="side of the dev crops the final evaluation scores (HQ pixels)")
    ap.add_argument("--no-export", action="store_true")
    ap.add_argument("--skip-training", action="store_true", help="only evaluate RUNS/stage2 and export the pack")
    a = ap.parse_args(argv)
    runs = Path(a.runs) if a.runs else ROOT / "models" / "runs" / a.preset
    out = Path(a.out) if a.out else ROOT / "models" / "packs" / a.preset
    shared = ["--device", a.device, "--seed", str(a.seed), "--batch", str(a.batch), "--dev-limit", str(a.dev_limit)]
    shared += ["--threads", str(a.threads)] if a.threads else []
    shared += ["--workers", str(a.workers)] if a.workers else []
    ckpt = {k: str(runs / f"stage{k}" / C.CKPT) for k in range(4)}

    def stage_args(k: int) -> list[str]:
        return [
            "--run",
            str(runs / f"stage{k}"),
            "--minutes",
            str(getattr(a, f"minutes{k}")),
            "--steps",
            str(getattr(a, f"steps{k}")),
            "--sizes",
            getattr(a, f"sizes{k}"),
        ] + shared

    if not a.skip_training:
        stage0_tokenizer.main(stage_args(0) + ["--preset", a.preset])
        stage1_encoder.main(stage_args(1) + ["--init", ckpt[0], "--degradation", a.degradation])
        stage2_transformer.main(stage_args(2) + ["--init", ckpt[1], "--degradation", a.degradation])
        if a.minutes3 > 0:
            stage1_encoder.main(
                [
                    "--run",
                    str(runs / "stage3"),
                    "--minutes",
                    str(a.minutes3),
                    "--steps",
                    str(a.steps3),
                    "--sizes",
                    a.sizes1,
                    "--init",
                    ckpt[2],
                    "--degradation",
                    a.degradation,
                    "--decoder-only",
                ]
                + shared
                + a.stage3_args.split()
            )
    if not D.ranks().main:  # under torchrun the other ranks only train; rank 0 measures and exports
        return {}
    final_ckpt = ckpt[3] if Path(ckpt[3]).exists() else ckpt[2]  # the last stage that ran

    dev = C.pick_device(a.device)
    model, final = load_model(final_ckpt, dev)
    photos, _ = C.load_data(a.degradation, a.seed, 1024)
    metrics = dict(final.get("metrics", {}))
    dev_size = (a.dev_size, a.dev_size)
    last = "stage3" if final_ckpt == ckpt[3] else "stage2"
    # re-measured when the stage's own numbers used another guard depth or older evaluation code
    if a.guard_levels != GUARD_LEVELS or "DVAR + wavelet fidelity guard" not in metrics.get(last, {}):
        metrics[last] = compare(model, C.load_dev(photos, a.degradation, a.dev_limit, dev_size), True, a.guard_levels)
    other = "bicubic" if a.degradation == "realesrgan" else "realesrgan"
    metrics[f"dev_{other}"] = compare(model, C.load_dev(photos, other, a.dev_limit, dev_size), True, a.guard_levels)
    print(f"\n## dev, {a.degradation} degradation\n\n{markdown_table(metrics[last])}")
    print(f"\n## dev, {other} degradation\n\n{markdown_table(metrics[f'dev_{other}'])}")
    (runs / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    guard = choose_fidelity_guard(metrics.get(last, {}))
    print(f"fidelity guard by default: {guard}")
    if not a.no_export:
        data = dict(
            train_photos=len(getattr(photos, "train", [])),
            dev_photos=len(getattr(photos, "dev", [])),
            credits=list(getattr(photos, "credits", [])),
        )
        export_pack(
            model,
            out,
            a.name or out.name,
            f"DVAR x4 super-resolution, preset '{a.preset}', trained from scratch",
            dict(seed=a.seed, training=final.get("training", {}), metrics=metrics, data=data),
            fidelity_guard=guard,
            max_tile_side=trained_lq_side(final, model.cfg.upscale),
            version=a.version,
            bottom_context=a.bottom_context,
            guard_levels=a.guard_levels,
        )
        print(f"wrote {out}")
    return metrics


if __name__ == "__main__":
    main()
