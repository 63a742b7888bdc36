#!/usr/bin/env bash
# Engine overhead per step: a workflow of N `true` steps through capzflow (release build,
# synchronous=FULL) against a bash loop that runs the same N commands the same way
# (`bash -euo pipefail -c true`). Medians over R rounds, interleaved.
#
#   bash bench/engine-overhead.sh [STEPS=200] [ROUNDS=5]
#
# Kept for its short name: it is `bench/run.sh --only overhead --no-peers`. The whole suite,
# with DBOS and Ansible as peers, is `bash bench/run.sh` (see docs/performance.md).
set -euo pipefail
exec bash "$(dirname "$0")/run.sh" --only overhead --no-peers --steps "${1:-200}" --rounds "${2:-5}"
