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
mkdir -p "$work/rtf-seeds" "$work/header-seeds"
printf '{\\rtf1\\ansi\\ansicpg932{\\fonttbl{\\f0\\fcharset128 MS Gothic;}}\\f0 \\'"'"'8e\\'"'"'52\\u12354?\\par}' > "$work/rtf-seeds/plain"
printf '{\\rtf1\\ansi\\fromhtml1 {\\*\\htmltag <p>}text{\\htmlrtf x}}' > "$work/rtf-seeds/html"
printf '\x1b$B;3ED2V;R\x1b(B <h@example.jp>' > "$work/header-seeds/jis"
printf '\x95\x5c\x8e\xa6 <u@example.jp>, \x83\x5c\x81\x40 <v@example.jp>' > "$work/header-seeds/sjis"
printf '\xe7\x94\xb3\xe8\xab\x8b.pdf' > "$work/header-seeds/utf8"
python scripts/fuzz.py rtf -max_total_time="$seconds" -artifact_prefix="$work/crashes/rtf-" "$work/rtf-seeds" || true
python scripts/fuzz.py headers -max_total_time="$seconds" -artifact_prefix="$work/crashes/headers-" "$work/header-seeds" || true
echo "crashes (turn each into a fixture in tests/fixtures/fuzz/):"
ls -1 "$work/crashes" || true
