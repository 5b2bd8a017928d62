#!/usr/bin/env bash
# Short fuzzing runs of the readers and the policy loader (not part of the test suite).
# Seeds: the examples, the test fixtures, and the shared corpus when it is there.
# Usage: scripts/fuzz.sh [seconds-per-target] [target...]   (default 60, every target)
#   targets: reader mime policy rtf headers growth
#   growth: steps, peak memory and time of the whole check at growing sizes of a message
#   family; fails on growth faster than linear (scripts/growth.py). Run it niced and long:
#   scripts/fuzz.sh 600 growth
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(reader mime policy rtf headers growth)
wanted() { [[ " ${targets[*]} " == *" $1 "* ]]; }
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
if wanted reader; then
  python scripts/fuzz.py reader -max_total_time="$seconds" -artifact_prefix="$work/crashes/reader-" "$work/seeds" || true
fi
if wanted mime; then
  python scripts/fuzz.py mime -max_total_time="$seconds" -artifact_prefix="$work/crashes/mime-" "$work/seeds" || true
fi
if wanted policy; then
  python scripts/fuzz.py policy -max_total_time="$seconds" -artifact_prefix="$work/crashes/policy-" "$work/policy-seeds" || true
fi
mkdir -p "$work/rtf-seeds" "$work/header-seeds"
printf '{\\rtf1\\ansi\\ansicpg932{\\fonttbl{\\f0\\fcharset128 MS Gothic;}}\\f0 \\'"'"'8e\\'"'"'52\\u12354?\\par}' > "$work/rtf-seeds/plain"
printf '{\\rtf1\\ansi\\fromhtml1 {\\*\\htmltag <p>}text{\\htmlrtf x}}' > "$work/rtf-seeds/html"
printf '\x1b$B;3ED2V;R\x1b(B <h@example.jp>' > "$work/header-seeds/jis"
printf '\x95\x5c\x8e\xa6 <u@example.jp>, \x83\x5c\x81\x40 <v@example.jp>' > "$work/header-seeds/sjis"
printf '\xe7\x94\xb3\xe8\xab\x8b.pdf' > "$work/header-seeds/utf8"
if wanted rtf; then
  python scripts/fuzz.py rtf -max_total_time="$seconds" -artifact_prefix="$work/crashes/rtf-" "$work/rtf-seeds" || true
fi
if wanted headers; then
  python scripts/fuzz.py headers -max_total_time="$seconds" -artifact_prefix="$work/crashes/headers-" "$work/header-seeds" || true
fi
if wanted growth; then
  # Seeds: office-shaped families (scripts/growth.py) and small real messages (under the
  # fuzzer's 4 KB), one body line repeated. Each input is 6-8 whole checks, so the per-input
  # timeout is generous; a timeout is growth too.
  mapfile -t small < <(
    find examples tests/fixtures/eml -type f -name '*.eml' -size -4k | sort
    find ../shared/corpus -type f -size -4k 2>/dev/null | sort | awk 'NR % 4 == 1'  # every 4th
  )
  python scripts/fuzz.py growth-seeds "$work/growth-seeds" "${small[@]}"
  nice python scripts/fuzz.py growth -max_total_time="$seconds" -timeout=300 -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$work/crashes/growth-" "$work/growth-seeds" || true
fi
echo "crashes (turn each into a fixture in tests/fixtures/fuzz/):"
ls -1 "$work/crashes" || true
