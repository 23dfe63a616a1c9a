#!/usr/bin/env bash
# The default preset's three stages and the five stage-2 ablations on one lent CUDA GPU, in one call
# of about 9 minutes (the lease allows 15 minutes of device time, machine start included).
#
# Here, before the call:   (cd models && ../.venv/bin/python -m dvar.data.compact_photos ../.gpu/photos)
# The call (repo root, carry .gpu):   bash models/gpu/train_default.sh
# Back here:   cat OUT/ckpt.pt.part-* > models/runs/gpu/stage2/ckpt.pt
#              (cd models && ../.venv/bin/python -m dvar.train.run_all --skip-training --runs runs/gpu --out packs/default)
#
# Data: 14 worker processes degrade the next batches (dvar/train/batches.py) so the GPU is not starved.
# What comes back in $OUT: run.log, ckpt.pt.part-NN (slim stage-2 checkpoint, 15 MB pieces),
# ablations.md / ablations.json. Environment overrides make a quick CPU rehearsal possible:
#   PY=$PWD/.venv/bin/python DEVICE=cpu M0=0.05 M1=0.05 M2=0.05 ABL_STEPS=2 WORKERS=2 BATCH=2 DEV_LIMIT=1 OUT=/tmp/o RUNS=/tmp/r bash models/gpu/train_default.sh
set -uo pipefail
OUT=${OUT:-/tmp/dvar-out}
RUNS=${RUNS:-/tmp/dvar-runs}
DEVICE=${DEVICE:-cuda}
M0=${M0:-1.8}            # stage minutes (training only; evaluation comes on top)
M1=${M1:-0.9}
M2=${M2:-2.3}
ABL_STEPS=${ABL_STEPS:-250}
ABL_MIN=${ABL_MIN:-1.2}  # safety cap per ablation variant; steps are the shared budget
WORKERS=${WORKERS:-14}
BATCH=${BATCH:-32}
DEV_LIMIT=${DEV_LIMIT:-0}
PY=${PY:-python3}    # the device image's python3 holds torch; here: PY=$PWD/.venv/bin/python
source "$(dirname "$0")/run-setup.sh"  # log, phase timer, cd models/, photos
"$PY" -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available(),
  torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")'
common=(--device "$DEVICE" --batch "$BATCH" --workers "$WORKERS" --dev-limit "$DEV_LIMIT" --ckpt-minutes 100 --log-every 50)

phase "stage 0 (tokenizer)"
"$PY" -m dvar.train.stage0_tokenizer --run "$RUNS/stage0" --preset default --minutes "$M0" --sizes 128-256 "${common[@]}" || exit 1
phase "stage 1 (E_dr)"
"$PY" -m dvar.train.stage1_encoder --run "$RUNS/stage1" --init "$RUNS/stage0/ckpt.pt" --minutes "$M1" --sizes 128-256 "${common[@]}" || exit 1
phase "stage 2 (transformer, DSS)"
"$PY" -m dvar.train.stage2_transformer --run "$RUNS/stage2" --init "$RUNS/stage1/ckpt.pt" --minutes "$M2" --sizes 128-384 "${common[@]}" || exit 1
"$PY" -m dvar.train.slim "$RUNS/stage2/ckpt.pt" "$OUT/ckpt.pt" || exit 1
(cd "$OUT" && split -b 15m -d ckpt.pt ckpt.pt.part- && rm ckpt.pt && sha256sum ckpt.pt.part-*)

phase "ablations (5 variants side by side, $ABL_STEPS steps each)"
pids=()
for i in 1 2 3 4 5; do
  timeout 240 "$PY" -m dvar.train.ablations --init "$RUNS/stage1/ckpt.pt" --only "$i" --steps "$ABL_STEPS" \
    --minutes "$ABL_MIN" --runs "$RUNS/ablations" --device "$DEVICE" --batch "${ABL_BATCH:-16}" --workers 2 --threads 1 \
    --dev-limit "$DEV_LIMIT" > "$RUNS/ablation$i.log" 2>&1 &
  pids+=($!)
done
wait "${pids[@]}"  # not a bare wait: that would also wait for the tee above
for i in 1 2 3 4 5; do echo "--- ablation $i"; grep -E "step=|Error|error" "$RUNS/ablation$i.log" | tail -n 3; done
"$PY" -m dvar.train.ablations --table-only --runs "$RUNS/ablations"
cp "$RUNS/ablations/ablations.md" "$RUNS/ablations/ablations.json" "$OUT/" 2>/dev/null
phase "done"
