#!/usr/bin/env bash
# A faster restoration branch on one lent CUDA GPU, in one call of about 10 minutes: x4plus truncated to
# $BLOCKS and to $SMALL_BLOCKS of its 23 RRDB blocks and distilled (L1 + Sobel-gradient L1 to x4plus's
# output + a hinge GAN term against the HQ photos), the two runs side by side on the one GPU; then both
# students and x4plus scored on both dev lists (`dvar.experiments.branch_eval`: branch + the pack's guard,
# PSNR-Y / SSIM-Y / sharpness / BRISQUE / PSNR-CbCr). L1 alone is known to come out blurry (two CPU runs),
# so both runs take the GAN term; the two sizes are the speed question below.
# Why: the default pack misses "≤ 0.5× x4plus's time" because x4plus is ~2/3 of a restore. A pack with a
# 6-block student (int8, same graphs otherwise) measured 0.57× / 0.49× / 0.44× x4plus at 0.25 / 1 / 4 MP
# (bench speed section, same run, before v0.5.2): 6 blocks meet the target from 1 MP up; BLOCKS=4 should for
# every size (~0.51× at 0.25 MP by the stage times). Since v0.5.2 int8_pack lays every int8 restorer out in
# NHWC (dvar.quantize.nhwc_body, 1.4-1.5× on the restorer graph), which by the same stage times puts 6 blocks
# at about 0.50× at 0.25 MP: still measure both sizes. CPU distillations came out blurry (L1) or, with the GAN term
# past ~50 minutes at batch 4, full of coloured speckles that BRISQUE scores as natural: judge the
# students by PSNR-CbCr and crops too (docs/model-card-default.md, "What was tried").
#
# Here, before the call:   (cd models && ../.venv/bin/python -m dvar.data.compact_photos ../.gpu/photos)
# The call (repo root, carry .gpu):   bash models/gpu/train_restorer.sh
# Back here:   cp OUT/student-*.pt models/runs/restorer/; then build_pack --restorer, qat_int8 --init, bench
# (the speed section tells which size meets ≤ 0.5× x4plus at 0.25 MP; look at crops, not only BRISQUE).
# What comes back in $OUT: run.log, branch-eval.md / .json, student-<N>.pt for both sizes (weights only).
# A CPU rehearsal:
#   PY=$PWD/.venv/bin/python DEVICE=cpu MINUTES=0.1 BATCH=2 HQ=64 WORKERS=1 ADV_START=2 OUT=/tmp/o RUNS=/tmp/r bash models/gpu/train_restorer.sh
set -uo pipefail
OUT=${OUT:-/tmp/dvar-out}
RUNS=${RUNS:-/tmp/dvar-runs}
DEVICE=${DEVICE:-cuda}
MINUTES=${MINUTES:-7}     # training minutes per run (both run at once)
BLOCKS=${BLOCKS:-6}
SMALL_BLOCKS=${SMALL_BLOCKS:-4}
BATCH=${BATCH:-32}
HQ=${HQ:-256}
WORKERS=${WORKERS:-7}     # per run: 14 CPU processes degrade batches for the two runs
EDGE=${EDGE:-1}
ADV=${ADV:-0.05}
ADV_START=${ADV_START:-300}
PY=${PY:-python3}
source "$(dirname "$0")/run-setup.sh"  # log, phase timer, cd models/, photos
"$PY" -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available(),
  torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")'

phase "distil $BLOCKS and $SMALL_BLOCKS blocks with GAN (adv $ADV), side by side"
common=(--minutes "$MINUTES" --batch "$BATCH" --hq-size "$HQ" --lr 2e-4 --threads 1 --device "$DEVICE"
        --workers "$WORKERS" --edge "$EDGE" --adv "$ADV" --adv-start "$ADV_START" --ckpt-minutes 2)
pids=()
for n in "$BLOCKS" "$SMALL_BLOCKS"; do
  "$PY" -m dvar.restorer.distill "${common[@]}" --blocks "$n" --out "$RUNS/student-$n.pt" > "$RUNS/student-$n.log" 2>&1 &
  pids+=($!)
done
wait "${pids[@]}"
for n in "$BLOCKS" "$SMALL_BLOCKS"; do echo "--- $n blocks"; tail -n 3 "$RUNS/student-$n.log"; done

phase "weights only, for the trip back"
for run in "$BLOCKS" "$SMALL_BLOCKS"; do
  "$PY" -c 'import sys, torch
ck = torch.load(sys.argv[1], map_location="cpu")
torch.save({k: v for k, v in ck.items() if k not in ("opt", "disc", "dopt")}, sys.argv[2])' \
    "$RUNS/student-$run.pt" "$OUT/student-$run.pt" || exit 1
done
ls -la "$OUT"

phase "branch + guard on both dev lists"
"$PY" -m dvar.experiments.branch_eval --device "$DEVICE" --restorer "$OUT/student-$BLOCKS.pt" "$OUT/student-$SMALL_BLOCKS.pt" \
  --json "$OUT/branch-eval.json" | tee "$OUT/branch-eval.md"
phase "done"
