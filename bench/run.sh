#!/usr/bin/env bash
# capzflow's benchmark suite (issue 5, "Benchmarks"): one command that measures everything side
# by side on this machine and prints one table (Markdown, so it can go into docs/performance.md).
#
#   bash bench/run.sh [--rounds R] [--steps N] [--reps K] [--quick] [--only LIST] [--no-peers]
#                     [--scale "1000 10000 100000"] [--output-bytes BYTES] [--keep]
#
#   --rounds R       rounds of the engine comparison and of the flagship (default 5); medians
#   --steps N        steps of the engine comparison (default 200)
#   --reps K         repetitions of each short command (cold start, scale, 7-step run; default 20)
#   --quick          a few minutes: --rounds 3 --steps 50 --reps 10, scale to 10,000 runs,
#                    a 128 MiB output step, the flagship once
#   --only LIST      comma-separated sections: overhead, whole, cold, scale, output (default all)
#   --no-peers       skip DBOS and Ansible (no Python virtual environment needed)
#   --scale SIZES    database sizes in runs (10 events per run; default "1000 10000 100000")
#   --output-bytes B bytes the output step prints (default 1073741824, 1 GiB)
#   --keep           keep the scratch folder (databases, logs) and print where it is
#
# It builds capzflow in release mode with the Swift runtime and Foundation linked in
# (--static-swift-stdlib, as a release is shipped) into .build-bench/ (override with
# CAPZFLOW_BENCH_SCRATCH), so it never clashes with a debug build in .build/, and installs the peers (PyPI's dbos and
# ansible-core) into bench/.venv/ (git-ignored) on first use. Only pip touches the network; every
# engine runs locally (DBOS on a SQLite file, Ansible with a local connection).
# Never part of `swift test`: these are measurements, not assertions.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=5 steps=200 reps=20 quick=0 peers=1 keep=0 only="overhead,whole,cold,scale,output"
scale_sizes="1000 10000 100000" output_bytes=1073741824 flagship_rounds=""
while (($#)); do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --quick) quick=1; rounds=3 steps=50 reps=10 scale_sizes="1000 10000" output_bytes=134217728 flagship_rounds=1; shift ;;
    --only) only=$2; shift 2 ;;
    --no-peers) peers=0; shift ;;
    --scale) scale_sizes=$2; shift 2 ;;
    --output-bytes) output_bytes=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
flagship_rounds=${flagship_rounds:-$rounds}
wants() { [[ ",$only," == *",$1,"* ]]; }

scratch=${CAPZFLOW_BENCH_SCRATCH:-.build-bench}
bin=$scratch/release
venv=bench/.venv
work=$(mktemp -d -t capzflow-bench.XXXXXX)
services=()   # "pid start_time" of services the flagship left running

note() { printf '%s\n' "$*" >&2; }

# Stops the flagship's Tilt service (its process group), only while its pid still names the
# process the run recorded (same start time, field 22 of /proc/PID/stat).
start_time_of() { local stat; stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1; stat=${stat##*) }; set -- $stat; echo "${20}"; }
stop_service() {
  local pid=$1 start=$2 i
  [[ $(start_time_of "$pid" || true) == "$start" ]] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    [[ $(start_time_of "$pid" || true) == "$start" ]] || return 0
    [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) == Z ]] && return 0
    sleep 0.1
  done
  [[ $(start_time_of "$pid" || true) == "$start" ]] && kill -KILL -- "-$pid" 2>/dev/null || true
}
cleanup() {
  local entry
  for entry in "${services[@]}"; do stop_service $entry; done
  if ((keep)); then note "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# Time of one command in microseconds, from fork to exit (bash's clock, no extra process).
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# Milliseconds (3 decimals) from microseconds.
ms() { awk -v u="$1" 'BEGIN {printf "%.3f", u/1000}'; }
# Records one sample (in microseconds) under a name; `med NAME` gives the median in ms.
sample() { echo "$2" >> "$work/samples/$1"; }
med() { ms "$(median < "$work/samples/$1")"; }
best() { ms "$(sort -n "$work/samples/$1" | head -1)"; }
# A table row: | what | figure | target | verdict |
rows=()
row() { rows+=("| $1 | $2 | $3 | $4 |"); }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN {print (v + 0 <= t + 0) ? "met" : "**missed**"}'; }

mkdir -p "$work/samples"

# --- setup --------------------------------------------------------------------------------------
note "== building capzflow (release) into $scratch"
swift build -c release --static-swift-stdlib --scratch-path "$scratch" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
for program in capzflow capzflow-guard capzflow-sim capzflow-bench-seed; do
  [[ -x $bin/$program ]] || { note "missing $bin/$program after the build"; exit 1; }
done

if ((peers)) && wants overhead; then
  if ! "$venv/bin/python" -c 'import dbos' 2>/dev/null || [[ ! -x $venv/bin/ansible-playbook ]]; then
    note "== installing dbos and ansible-core into $venv (pip)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check dbos ansible-core
  fi
fi

cf() { "$bin/capzflow" "$@"; }

# A workflow of N `true` steps.
steps_workflow() {
  local n=$1 name=$2 i
  echo "version: 1"; echo "name: $name"; echo "steps:"
  for ((i = 1; i <= n; i++)); do printf '  - id: s%d\n    run: "true"\n' "$i"; done
}

# --- 1. engine overhead per step ----------------------------------------------------------------
if wants overhead; then
  note "== engine overhead: $steps steps of true, $rounds rounds, engines interleaved"
  dir=$work/overhead; mkdir -p "$dir"
  steps_workflow "$steps" "overhead-$steps" > "$dir/wf.yaml"
  engines=(loop capzflow)
  if ((peers)); then
    engines+=(dbos ansible)
    {
      echo "- hosts: localhost"; echo "  connection: local"; echo "  gather_facts: false"; echo "  tasks:"
      for ((i = 1; i <= steps; i++)); do printf '    - name: s%d\n      command: bash -euo pipefail -c true\n' "$i"; done
    } > "$dir/playbook.yml"
    export ANSIBLE_HOME=$dir/ansible ANSIBLE_LOCAL_TEMP=$dir/ansible/tmp ANSIBLE_NOCOLOR=1
    export ANSIBLE_PYTHON_INTERPRETER=$PWD/$venv/bin/python ANSIBLE_LOCALHOST_WARNING=False ANSIBLE_RETRY_FILES_ENABLED=False
  fi
  run_engine() {
    local engine=$1 r=$2 start end
    case $engine in
      loop)
        start=$(now_us)
        for ((i = 1; i <= steps; i++)); do bash -euo pipefail -c true; done
        end=$(now_us) ;;
      capzflow)
        start=$(now_us)
        cf run "$dir/wf.yaml" --state "$dir/cf-$r/db.sqlite" --run-id "r$r" >"$dir/cf-$r.out" 2>&1
        end=$(now_us)
        # In-process, like DBOS's figure: from run.started to run.succeeded (event times, ms).
        sample capzflow-run "$(cf events "r$r" --state "$dir/cf-$r/db.sqlite" --json | awk '
          { t = $0; sub(/.*"time":"[^T]*T/, "", t); split(substr(t, 1, 12), f, ":"); s = f[1] * 3600 + f[2] * 60 + f[3]
            if (NR == 1) first = s; last = s }
          END { d = last - first; if (d < 0) d += 86400; printf "%d", d * 1000000 }')" ;;
      dbos)
        start=$(now_us)
        "$venv/bin/python" bench/peers/dbos_steps.py "$dir/dbos-$r.sqlite" "$steps" >"$dir/dbos-$r.out" 2>"$dir/dbos-$r.err"
        end=$(now_us)
        local line; line=$(cat "$dir/dbos-$r.out")
        sample dbos-workflow "$(awk -v l="$line" 'BEGIN {split(l, f, /[ =]/); printf "%d", f[2] * 1000}')"
        echo "$line" > "$dir/dbos-settings" ;;
      ansible)
        start=$(now_us)
        "$venv/bin/ansible-playbook" -i localhost, "$dir/playbook.yml" >"$dir/ansible-$r.out" 2>&1
        end=$(now_us) ;;
    esac
    sample "$engine" $((end - start))
  }
  for ((r = 1; r <= rounds; r++)); do
    # Rotate the order each round so no engine always runs first (or right after another).
    for ((k = 0; k < ${#engines[@]}; k++)); do
      engine=${engines[$(((k + r - 1) % ${#engines[@]}))]}
      run_engine "$engine" "$r"
    done
    note "   round $r/$rounds done"
  done
  loop=$(med loop)
  per_step() { awk -v t="$1" -v n="$steps" 'BEGIN {printf "%.3f", t / n}'; }
  over() { awk -v t="$1" -v l="${2:-$loop}" -v n="$steps" 'BEGIN {printf "%.3f", (t - l) / n}'; }
  # The best round of each (its fastest run against the loop's fastest): what a quiet machine gives.
  best_over() { over "$(best "$1")" "$(best loop)"; }
  cf_total=$(med capzflow); cf_over=$(over "$cf_total")
  row "bash loop, $steps × \`bash -euo pipefail -c true\`" "$(per_step "$loop") ms/step ($loop ms total)" "" "baseline"
  row "capzflow run (whole process), overhead over the loop" "$(per_step "$cf_total") ms/step, **+$cf_over ms/step** (best rounds: +$(best_over capzflow))" "≤ 0.3 (must ≤ 0.5) ms/step" \
    "$(verdict "$cf_over" 0.3)$( [[ $(verdict "$cf_over" 0.5) == met ]] && echo " (must: met)" || echo " (must: **missed**)")"
  cf_run=$(med capzflow-run)
  row "capzflow, in-process (run.started → run.succeeded), overhead over the loop" "$(per_step "$cf_run") ms/step, **+$(over "$cf_run") ms/step** (best rounds: +$(best_over capzflow-run))" "" ""
  if ((peers)); then
    dbos_wf=$(med dbos-workflow); dbos_total=$(med dbos)
    dbos_over=$(over "$dbos_wf"); dbos_whole_over=$(over "$dbos_total")
    ans_total=$(med ansible); ans_over=$(over "$ans_total")
    ratio() { awk -v a="$1" -v b="${2:-$cf_over}" 'BEGIN {if (b <= 0) print "∞"; else printf "%.1f", a / b}'; }
    cf_run_over=$(over "$cf_run")
    settings=$(sed 's/workflow_ms=[^ ]* launch_ms=[^ ]* //; s/ steps_recorded=.*//' "$dir/dbos-settings")
    row "DBOS $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("dbos"))') workflow (in-process, SQLite $settings), overhead" \
      "$(per_step "$dbos_wf") ms/step, **+$dbos_over ms/step** (best rounds: +$(best_over dbos-workflow)); whole process $(per_step "$dbos_total") ms/step (+$dbos_whole_over)" "" ""
    # Like for like: both in-process (DBOS's figure leaves out Python's start, capzflow's its own).
    like=$(ratio "$dbos_over" "$cf_run_over")
    row "DBOS overhead ÷ capzflow overhead (both in-process)" "$like× (best rounds: $(ratio "$(best_over dbos-workflow)" "$(best_over capzflow-run)")×); against capzflow's whole process: $(ratio "$dbos_over")×" \
      "≥ 6× (aim 10×)" "$(awk -v x="$like" 'BEGIN {print (x == "∞" || x + 0 >= 6) ? "met" : "**missed**"}')"
    row "ansible-core $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("ansible-core"))') playbook, connection local (whole process), overhead" \
      "$(per_step "$ans_total") ms/step, **+$ans_over ms/step** (best rounds: +$(best_over ansible))" "" "$(ratio "$ans_over")× capzflow's overhead"
  fi
fi

# --- 2. whole-process time of a run -------------------------------------------------------------
if wants whole; then
  note "== whole-process time: a 7-step workflow ($reps runs) and the simulated flagship ($flagship_rounds runs)"
  dir=$work/whole; mkdir -p "$dir"
  steps_workflow 7 seven-steps > "$dir/wf7.yaml"
  for ((k = 1; k <= reps; k++)); do
    start=$(now_us); cf run "$dir/wf7.yaml" --state "$dir/s7-$k/db.sqlite" --run-id "r$k" >/dev/null 2>&1; end=$(now_us)
    sample seven $((end - start))
  done
  row "\`capzflow run\` of 7 \`true\` steps, exec to exit (new database)" "$(med seven) ms" "" ""
  for ((r = 1; r <= flagship_rounds; r++)); do
    state=$dir/flagship-$r/db.sqlite
    start=$(now_us)
    rc=0
    cf run workflows/capz-aks-ilb.yaml --simulate --env-file workflows/capz-aks-ilb.env.example \
      --state "$state" --run-id "flagship-$r" >"$dir/flagship-$r.out" 2>&1 || rc=$?
    end=$(now_us)
    # Stop the `make tilt-up` service the run leaves running (pid + start time from its event).
    while read -r pid start_time; do
      [[ -n $pid ]] || continue
      services+=("$pid $start_time"); stop_service "$pid" "$start_time"
    done < <(cf events "flagship-$r" --state "$state" --json 2>/dev/null |
             awk '/"type":"service.started"/ {p = $0; sub(/.*"pid":/, "", p); sub(/[,}].*/, "", p);
                  s = $0; sub(/.*"start_time":/, "", s); sub(/[,}].*/, "", s); print p, s}')
    if ((rc != 0)); then note "flagship run $r exited $rc; see its output:"; tail -20 "$dir/flagship-$r.out" >&2; exit 1; fi
    sample flagship $((end - start))
  done
  flag_s=$(awk -v m="$(med flagship)" 'BEGIN {printf "%.2f", m / 1000}')
  row "simulated CAPZ flagship (\`capz-aks-ilb.yaml --simulate\`), exec to exit" "$flag_s s" "≤ 10 s" "$(verdict "$flag_s" 10)"
fi

# --- template run and an empty database (for cold start and scale) -----------------------------
if wants cold || wants scale; then
  tdir=$work/template; mkdir -p "$tdir"
  steps_workflow 4 bench-template > "$tdir/wf.yaml"   # 4 steps: 10 events, like a short real run
  cf run "$tdir/wf.yaml" --state "$tdir/db.sqlite" --run-id template >/dev/null 2>&1
  "$bin/capzflow-bench-seed" "$tdir/db.sqlite" template "$work/empty/db.sqlite" 0 0 >/dev/null
fi
# Median whole-process time of a command over $reps runs after one warm-up, under a name.
time_reps() {
  local name=$1; shift
  "$@" >/dev/null 2>&1 || { note "failed: $*"; "$@" >&2 || true; exit 1; }
  for ((k = 1; k <= reps; k++)); do
    start=$(now_us); "$@" >/dev/null 2>&1; end=$(now_us)
    sample "$name" $((end - start))
  done
}

# --- 4. scale (before cold start: it builds the large database) --------------------------------
if wants scale; then
  note "== scale: databases of $scale_sizes runs (10 events each), written through the store"
  db=$work/scale/db.sqlite
  have=0
  for size in $scale_sizes; do
    start=$(now_us)
    "$bin/capzflow-bench-seed" "$tdir/db.sqlite" template "$db" "$have" "$size" >/dev/null 2>"$work/seed.log"
    end=$(now_us)
    note "   $size runs ($(( (size - have) * 1000000 / ((end - start) > 0 ? (end - start) : 1) )) runs/s written)"
    have=$size
    newest=$(printf 'seed-%07d' $((size - 1)))
    time_reps "status-$size" cf status "$newest" --state "$db"
    time_reps "history-$size" cf history --limit 20 --state "$db"
  done
  largest=$have
  statuses="" histories=""
  for size in $scale_sizes; do
    statuses+="$(med "status-$size") / "; histories+="$(med "history-$size") / "
  done
  label=$(echo "$scale_sizes" | awk '{for (i = 1; i <= NF; i++) printf "%s%s", (i > 1 ? " / " : ""), ($i >= 1000 ? $i / 1000 "k" : $i)}')
  worst() { for size in $scale_sizes; do med "$1-$size"; echo; done | sort -n | tail -1; }
  growth() { local first last; first=$(med "$1-${scale_sizes%% *}"); last=$(med "$1-${scale_sizes##* }"); awk -v a="$first" -v b="$last" 'BEGIN {printf "%+.1f ms", b - a}'; }
  row "\`capzflow status RUN\` at $label runs (newest run), ms" "${statuses% / } ($(growth status) from smallest to largest)" "≤ 20 ms, flat" "$(verdict "$(worst status)" 20)"
  row "\`capzflow history --limit 20\` at $label runs, ms" "${histories% / } ($(growth history) from smallest to largest)" "≤ 20 ms, flat" "$(verdict "$(worst history)" 20)"
  if command -v sqlite3 >/dev/null; then
    {
      echo "EXPLAIN QUERY PLAN of the history query at $largest runs:"
      sqlite3 "$db" "EXPLAIN QUERY PLAN SELECT * FROM run ORDER BY createdAt DESC, id DESC LIMIT 20"
      echo "EXPLAIN QUERY PLAN of status's reads:"
      sqlite3 "$db" "EXPLAIN QUERY PLAN SELECT * FROM run WHERE id = 'x'"
      sqlite3 "$db" "EXPLAIN QUERY PLAN SELECT * FROM event WHERE runId = 'x' AND seq > 0 ORDER BY seq"
      sqlite3 "$db" "EXPLAIN QUERY PLAN SELECT * FROM lease WHERE runId = 'x'"
      echo "database: $(du -h "$db" | cut -f1), $(sqlite3 "$db" 'SELECT count(*) FROM run') runs, $(sqlite3 "$db" 'SELECT count(*) FROM event') events"
    } > "$work/query-plans.txt"
  fi
fi

# --- 3. cold start -----------------------------------------------------------------------------
if wants cold; then
  note "== cold start ($reps runs each)"
  time_reps help cf --help
  time_reps history-empty cf history --json --state "$work/empty/db.sqlite"
  row "\`capzflow --help\`" "$(med help) ms" "" ""
  row "\`capzflow history --json\`, empty database" "$(med history-empty) ms" "" ""
  if wants scale; then
    time_reps history-large cf history --json --state "$work/scale/db.sqlite"
    row "\`capzflow history --json\`, $largest runs / $((largest * 10)) events" "$(med history-large) ms" "" ""
  fi
fi

# --- 5. output ---------------------------------------------------------------------------------
if wants output; then
  mib=$(awk -v b="$output_bytes" 'BEGIN {printf "%g", b / 1048576}')
  note "== output: a step printing $mib MiB (fold -w 100)"
  dir=$work/output; mkdir -p "$dir"
  stream="head -c $output_bytes /dev/zero | tr '\\0' 'x' | fold -w 100"
  { echo "version: 1"; echo "name: output-bench"; echo "steps:"; echo "  - id: print"; echo "    run: |"; echo "      $stream"; } > "$dir/wf.yaml"
  start=$(now_us); bash -euo pipefail -c "$stream | cat > '$dir/cat.txt'"; end=$(now_us)
  cat_us=$((end - start)); bytes=$(stat -c %s "$dir/cat.txt")
  rm -f "$dir/cat.txt"
  start=$(now_us)
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f '%M' -o "$dir/maxrss" "$bin/capzflow" run "$dir/wf.yaml" --state "$dir/db.sqlite" --run-id out >"$dir/run.out" 2>&1
    rss_kib=$(tail -1 "$dir/maxrss")
  else
    "$bin/capzflow" run "$dir/wf.yaml" --state "$dir/db.sqlite" --run-id out >"$dir/run.out" 2>&1 &
    runner=$! rss_kib=0
    while [[ -r /proc/$runner/status ]]; do
      hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$runner/status" 2>/dev/null || true)
      [[ -n $hwm ]] && rss_kib=$hwm
      sleep 0.1
    done
    wait "$runner"
  fi
  end=$(now_us); run_us=$((end - start))
  start=$(now_us); cf logs out print --attempt 1 --state "$dir/db.sqlite" > "$dir/logs.txt"; end=$(now_us); logs_us=$((end - start))
  got=$(stat -c %s "$dir/logs.txt")
  # `bytes` is the stream's size (the last line has no newline): compare every byte.
  expected=$bytes
  if difference=$(bash -euo pipefail -c "$stream" | cmp - "$dir/logs.txt" 2>&1); then
    verdict_bytes="met: identical"
  elif [[ $difference == *"EOF on - after byte $bytes"* && $got == $((bytes + 1)) && -z $(tail -c 1 "$dir/logs.txt" | tr -d '\n') ]]; then
    verdict_bytes="met: identical, plus a newline ending the stream's unterminated last line"
  else
    difference=${difference//"$dir/"/}
    verdict_bytes="**missed**: ${difference:-differs}"
  fi
  db_size=$(du -h "$dir/db.sqlite" | cut -f1)
  mbps() { awk -v b="$1" -v u="$2" 'BEGIN {printf "%.0f", b / u}'; }   # bytes per µs = MB/s
  rss_mib=$(awk -v k="$rss_kib" 'BEGIN {printf "%.1f", k / 1024}')
  row "$mib MiB step: runner peak RSS" "$rss_mib MiB" "≤ 64 MiB" "$(verdict "$rss_mib" 64)"
  row "$mib MiB step: throughput, \`capzflow run\` vs \`… \\| cat > file\`" "$(mbps "$bytes" "$run_us") MB/s vs $(mbps "$bytes" "$cat_us") MB/s ($(ms "$run_us") ms vs $(ms "$cat_us") ms; database $db_size)" "" ""
  row "$mib MiB step: \`capzflow logs RUN STEP --attempt 1\` returns every byte" "$got of $expected bytes ($(mbps "$got" "$logs_us") MB/s)" "every byte" "$verdict_bytes"
  rm -f "$dir/logs.txt"
fi

# --- the table ---------------------------------------------------------------------------------
echo
echo "capzflow benchmarks — $(date -u +%Y-%m-%d) — rounds=$rounds steps=$steps reps=$reps$( ((quick)) && echo " (--quick)")"
echo "machine: $(lscpu | awk -F: '/^Model name/ {gsub(/^ +/, "", $2); print $2; exit}'), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB," \
  "Linux $(uname -r), $(swift --version 2>&1 | head -1 | sed 's/ (.*//'), SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo '?')," \
  "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| measure | result (median) | target | verdict |"
echo "| --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
if [[ -s $work/query-plans.txt ]]; then echo; sed 's/^/    /' "$work/query-plans.txt"; fi
