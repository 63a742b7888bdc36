#!/usr/bin/env bash
# The reliability campaign of docs/reliability.md in one command:
#   1. the fast reliability tests of the suite (kill -9 and resume, racing resumes, sixteen runs
#      with readers, signals, bad input, state faults, services, simulated faults);
#   2. the fuzzer against `validate` and `run` (bench/fuzz.py);
#   3. the crash campaign over the CAPZ workflow (bench/crash-campaign.py), the long part.
#
#   bash bench/reliability.sh [--quick]      # --quick: every 4th event boundary, fewer cases
#
# Prints each part's summary; exits non-zero if any part failed.
set -uo pipefail
cd "$(dirname "$0")/.."
quick=false
[ "${1:-}" = "--quick" ] && quick=true

bash .ci/setup
swift build || exit 1
failed=0

echo "== 1. reliability tests"
filter='CrashResumeTests|RacingRunnersTests|ConcurrentRunsTests|SignalTests|LeaseTests|BadInputTests|StateFaultTests|ServiceTests|CapzFaultTests|CapzWorkflowTests'
swift test --filter "$filter" 2>&1 | grep -E '^(✔|✘) (Suite|Test run)' || failed=1

echo "== 2. fuzzer"
if $quick; then cases=300; else cases=2000; fi
python3 bench/fuzz.py --seed 1 --cases "$cases" --bin .build/debug/capzflow || failed=1

echo "== 3. crash campaign"
if $quick; then
  python3 bench/crash-campaign.py --every 4 --random 6 --signals 3 --jobs 2 || failed=1
else
  python3 bench/crash-campaign.py --jobs 2 || failed=1
fi

exit "$failed"
