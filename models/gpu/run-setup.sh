# Sourced by the training scripts in this folder, after they set OUT and RUNS: unbuffered Python, the
# run log (everything also goes to $OUT/run.log), a phase timer, and models/ with its photos in place.
export PYTHONUNBUFFERED=1
mkdir -p "$OUT" "$RUNS"
exec > >(tee -a "$OUT/run.log") 2>&1
t0=$(date +%s)
phase() { echo "=== $1 at +$(( $(date +%s) - t0 )) s"; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."  # models/
if [ ! -f data/photos/index.json ]; then mkdir -p data && cp -r ../.gpu/photos data/photos || exit 1; fi
