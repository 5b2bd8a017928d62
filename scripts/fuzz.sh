#!/usr/bin/env bash
# Short fuzzing runs of the readers and the policy loader (not part of the test suite).
# Seeds: the examples, the test fixtures, and the shared corpus when it is there.
# Usage: scripts/fuzz.sh [seconds-per-target]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
python -m pip install --quiet 'atheris>=2.3'
work="$(mktemp -d)"
mkdir -p "$work/seeds" "$work/policy-seeds" "$work/crashes"
cp examples/*.eml examples/*.msg tests/fixtures/eml/* tests/fixtures/msg/* "$work/seeds/" 2>/dev/null || true
if [ -d ../shared/corpus ]; then
  # (no `find | head`: with pipefail, find's SIGPIPE would end the script)
  mapfile -t corpus < <(find ../shared/corpus -type f -size -64k | sort)
  for f in "${corpus[@]:0:300}"; do cp "$f" "$work/seeds/$(echo "$f" | md5sum | cut -c1-12)"; done
fi
cp rules/*.yaml examples/mailguard.yaml "$work/policy-seeds/"
python scripts/fuzz.py reader -max_total_time="$seconds" -artifact_prefix="$work/crashes/reader-" "$work/seeds" || true
python scripts/fuzz.py mime -max_total_time="$seconds" -artifact_prefix="$work/crashes/mime-" "$work/seeds" || true
python scripts/fuzz.py policy -max_total_time="$seconds" -artifact_prefix="$work/crashes/policy-" "$work/policy-seeds" || true
echo "crashes (turn each into a fixture in tests/fixtures/fuzz/):"
ls -1 "$work/crashes" || true
