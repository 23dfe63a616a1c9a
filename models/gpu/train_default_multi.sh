#!/usr/bin/env bash
# The default preset's three stages on every CUDA GPU of one machine: torchrun starts one process per GPU
# (NCCL), each trains on its slice of the global batch and the gradients are averaged
# (dvar/train/distributed.py), so N GPUs take the steps of one GPU with an N times larger batch.
# The one-GPU script (train_default.sh, with the ablations) stays the reference for a single device.
#
# Here, before the call:   (cd models && ../.venv/bin/python -m dvar.data.compact_photos ../.gpu/photos)
# The call (repo root, carry .gpu):   bash models/gpu/train_default_multi.sh
# Back here:   cat OUT/ckpt.pt.part-* > models/runs/gpu/stage2/ckpt.pt
#              (cd models && ../.venv/bin/python -m dvar.train.run_all --skip-training --runs runs/gpu --out packs/default)
#
# BATCH is per GPU (the global batch is BATCH x NPROC); WORKERS data processes per GPU degrade that GPU's
# crops ahead. Checkpoints and log.jsonl come from rank 0; a stage stopped or killed resumes from its run
# folder on any number of GPUs. A CPU rehearsal with gloo (2 processes):
#   PY=$PWD/.venv/bin/python DEVICE=cpu NPROC=2 M0=0.05 M1=0.05 M2=0.05 WORKERS=0 BATCH=1 DEV_LIMIT=1 OUT=/tmp/o RUNS=/tmp/r bash models/gpu/train_default_multi.sh
set -uo pipefail
OUT=${OUT:-/tmp/dvar-out}
RUNS=${RUNS:-/tmp/dvar-runs}
DEVICE=${DEVICE:-cuda}
PY=${PY:-python3}
if [ "$DEVICE" = cuda ]; then NPROC=${NPROC:-$(nvidia-smi -L | wc -l)}; else NPROC=${NPROC:-2}; fi
M0=${M0:-1.8}            # stage minutes (training only; evaluation comes on top)
M1=${M1:-0.9}
M2=${M2:-2.3}
BATCH=${BATCH:-32}
WORKERS=${WORKERS:-$(( ($(nproc) - NPROC) / NPROC ))}
DEV_LIMIT=${DEV_LIMIT:-0}
source "$(dirname "$0")/run-setup.sh"  # log, phase timer, cd models/, photos
"$PY" -c 'import torch; print("torch", torch.__version__, "gpus", torch.cuda.device_count())'
echo "$NPROC processes, global batch $(( BATCH * NPROC )), $WORKERS data workers each"
# `--` ends torchrun's own options: without it torchrun reads --run as an abbreviation of its --run-path
run() { "$PY" -m torch.distributed.run --standalone --nproc_per_node "$NPROC" -m "$@"; }
common=(--device "$DEVICE" --batch "$(( BATCH * NPROC ))" --workers "$WORKERS" --dev-limit "$DEV_LIMIT"
        --ckpt-minutes 100 --log-every 50)

phase "stage 0 (tokenizer)"
run dvar.train.stage0_tokenizer -- --run "$RUNS/stage0" --preset default --minutes "$M0" --sizes 128-256 "${common[@]}" || exit 1
phase "stage 1 (E_dr)"
run dvar.train.stage1_encoder -- --run "$RUNS/stage1" --init "$RUNS/stage0/ckpt.pt" --minutes "$M1" --sizes 128-256 "${common[@]}" || exit 1
phase "stage 2 (transformer, DSS)"
run dvar.train.stage2_transformer -- --run "$RUNS/stage2" --init "$RUNS/stage1/ckpt.pt" --minutes "$M2" --sizes 128-384 "${common[@]}" || exit 1
"$PY" -m dvar.train.slim "$RUNS/stage2/ckpt.pt" "$OUT/ckpt.pt" || exit 1
(cd "$OUT" && split -b 15m -d ckpt.pt ckpt.pt.part- && rm ckpt.pt && sha256sum ckpt.pt.part-*)
phase "done"
