#!/usr/bin/env bash
# A recipe's GPU stages (0-2: tokenizer, E_dr, transformer) on one lent CUDA machine, in one call of
# about 8 minutes for the shipped recipes (their stages took 1.8, 0.9 and 2.4 minutes on an H100, plus
# start-up and each stage's dev evaluation); the CPU stages follow here with --from.
#
# Here, before the call:   (cd models && ../.venv/bin/python -m dvar.data.compact_photos ../.gpu/photos)
# The call (repo root, carry .gpu):   bash models/gpu/rebuild_stages.sh          (RECIPE=recipes/fast.toml)
# Back here:   mkdir -p W/stage2 && cat OUT/ckpt.pt.part-* > W/stage2/ckpt.pt
#              (cd models && ../.venv/bin/python -m dvar.pack.rebuild RECIPE --from decoder --work W --out runs/rebuilt/fast --compare packs/fast)
#
# The lent machine has no apt, so it trains on the compact copy of the locked photos, which the rebuild
# accepts by its own lock (compact-lock.json, made from photo-lock.json). What comes back in $OUT: run.log,
# ckpt.pt.part-NN (the slim stage-2 checkpoint, 15 MB pieces), the stages' logs and stamps.
# A CPU rehearsal at tiny sizes (the tiny recipe's first three stages):
#   PY=$PWD/.venv/bin/python RECIPE=recipes/tiny.toml OUT=/tmp/o RUNS=/tmp/r bash models/gpu/rebuild_stages.sh
set -uo pipefail
OUT=${OUT:-/tmp/dvar-out}
RUNS=${RUNS:-/tmp/dvar-runs}
RECIPE=${RECIPE:-recipes/fast.toml}
UNTIL=${UNTIL:-transformer}
PY=${PY:-python3}    # the device image's python3 holds torch; here: PY=$PWD/.venv/bin/python
source "$(dirname "$0")/run-setup.sh"  # log, phase timer, cd models/, photos
"$PY" -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available(),
  torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")'
phase "stages up to $UNTIL of $RECIPE"
"$PY" -m dvar.pack.rebuild "$RECIPE" --until "$UNTIL" --work "$RUNS/work" || exit 1
phase "the way back"
"$PY" -m dvar.train.slim "$RUNS/work/stage2/ckpt.pt" "$OUT/ckpt.pt" || exit 1
(cd "$OUT" && split -b 15m -d ckpt.pt ckpt.pt.part- && rm ckpt.pt && sha256sum ckpt.pt.part-*)
mkdir -p "$OUT/logs" && cp -r "$RUNS/work/.rebuild" "$OUT/logs/stamps" && for s in 0 1 2; do
  cp "$RUNS/work/stage$s/log.jsonl" "$OUT/logs/stage$s.jsonl" 2>/dev/null
done
phase "done"
