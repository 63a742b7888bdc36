#!/usr/bin/env bash
# Engine overhead per step: a workflow of N `true` steps through capzflow (release build,
# synchronous=FULL) against a bash loop that runs the same N commands the same way
# (`bash -euo pipefail -c true`). Prints medians over R rounds, interleaved.
#
#   bash bench/engine-overhead.sh [STEPS=200] [ROUNDS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-200}
rounds=${2:-5}
swift build -c release --product capzflow >/dev/null
swift build -c release --product capzflow-guard >/dev/null
bin=.build/release/capzflow
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

{
  echo "version: 1"
  echo "name: overhead-$steps"
  echo "steps:"
  for i in $(seq 1 "$steps"); do printf '  - id: s%d\n    run: "true"\n' "$i"; done
} > "$work/wf.yaml"

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: > "$work/engine"; : > "$work/loop"
for r in $(seq 1 "$rounds"); do
  start=$(now_ms)
  for _ in $(seq 1 "$steps"); do bash -euo pipefail -c true; done
  echo $(( $(now_ms) - start )) >> "$work/loop"

  start=$(now_ms)
  "$bin" run "$work/wf.yaml" --state "$work/state-$r/db.sqlite" --run-id "r$r" >/dev/null
  echo $(( $(now_ms) - start )) >> "$work/engine"
done

engine=$(median < "$work/engine")
loop=$(median < "$work/loop")
awk -v e="$engine" -v l="$loop" -v n="$steps" -v r="$rounds" 'BEGIN {
  printf "steps=%d rounds=%d (medians)\n", n, r
  printf "%-28s %10s %12s\n", "", "total ms", "ms per step"
  printf "%-28s %10.0f %12.3f\n", "bash loop (bash -c true)", l, l / n
  printf "%-28s %10.0f %12.3f\n", "capzflow run", e, e / n
  printf "%-28s %10s %12.3f\n", "engine overhead", "", (e - l) / n
}'
