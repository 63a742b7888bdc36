#!/usr/bin/env python3
"""Crash at every transition: the CAPZ workflow under the simulator, with its faults on, killed
with SIGKILL right after each event in turn and at random points in the middle of steps — and
sent SIGINT, SIGTERM or a closed terminal (SIGHUP) at random times, which must end it with exit
130, recorded interrupted — then resumed until it finishes.

For every crash point it checks what capzflow promises:
  - the run ends succeeded, like the uninterrupted run, with the same outputs;
  - no step ever had two live executions (attempts of one step never overlap, neither in the
    events nor in the commands the simulated tools saw);
  - no finished step ran again (unless a step.reset says why);
  - the event log has no gaps;
  - the simulated world holds exactly one AKS cluster, one workload cluster, one internal load
    balancer, one private DNS zone, two peerings, three resource groups and one set of NRMS
    rules (NRMS-Rule-101 and -103 once in each of the two NSGs).

    python3 bench/crash-campaign.py [--jobs 2] [--random 20] [--signals 9] [--every 1] [--seed 1]

It uses the debug build (`swift build` first) unless --bin names another capzflow. Each point
runs in its own temporary state folder, removed afterwards; the Tilt service each run leaves is
stopped. Prints one line per point and a summary; exits 1 if any point failed.
"""
import argparse
import concurrent.futures
import json
import os
import pty
import random
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKFLOW = os.path.join(ROOT, "workflows", "capz-aks-ilb.yaml")
ENV_FILE = os.path.join(ROOT, "workflows", "capz-aks-ilb.env.example")
# Every fault but single-control-plane (which fails on purpose), with short delays so that one
# run takes well under a minute.
DEFAULT_FAULTS = ("aks-create-timeout,nsg-delay=30m,rule-revert=1,tilt-crash,vnet-delay=30m,"
                  "throttle=1,dns-zone-exists,ilb-delay=30m,login-expired")
END_TYPES = {"step.succeeded", "step.failed", "step.timed_out", "step.interrupted", "step.skipped"}
RUN_TIMEOUT = 600


class Capzflow:
    def __init__(self, binary, state):
        self.binary = binary
        self.state = state

    def __call__(self, *arguments, crash=None, check=False):
        env = dict(os.environ)
        env.pop("CAPZFLOW_CRASH_AFTER", None)
        if crash:
            env["CAPZFLOW_CRASH_AFTER"] = crash
        result = subprocess.run([self.binary, *arguments, "--state", self.state], env=env, cwd=ROOT,
                                capture_output=True, text=True, timeout=RUN_TIMEOUT)
        if check and result.returncode != 0:
            raise RuntimeError(f"capzflow {' '.join(arguments)} exited {result.returncode}: {result.stderr.strip()}")
        return result

    def json_lines(self, *arguments):
        return [json.loads(line) for line in self(*arguments, check=True).stdout.splitlines() if line.strip()]

    def json(self, *arguments):
        return json.loads(self(*arguments, check=True).stdout)


def start_time(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def stop_services(events):
    """Ends the Tilt services the run left, only if that very process (pid and start time) runs."""
    for event in events:
        if event["type"] == "service.started" and start_time(event["pid"]) == event.get("start_time"):
            try:
                os.killpg(event["pid"], signal.SIGTERM)
            except ProcessLookupError:
                pass


class Signalled:
    """How a run that was sent a signal ended, shaped like subprocess.run's result."""
    def __init__(self, returncode, stdout):
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = ""


def run_and_signal(capzflow, arguments, point):
    """Runs capzflow and, after the point's delay, sends it SIGINT or SIGTERM, or closes the
    terminal it runs in (`SIGHUP-tty`: the kernel sends SIGHUP), as a person or a laptop would."""
    name, delay = point.split("@")
    delay = float(delay.rstrip("s"))
    command = [capzflow.binary, *arguments, "--state", capzflow.state]
    env = {k: v for k, v in os.environ.items() if k != "CAPZFLOW_CRASH_AFTER"}
    if name == "SIGHUP-tty":
        pid, terminal = pty.fork()
        if pid == 0:
            os.chdir(ROOT)
            os.execve(command[0], command, env)
        output = bytearray()
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline:
            ready, _, _ = select.select([terminal], [], [], max(0, deadline - time.monotonic()))
            if ready:
                try:
                    chunk = os.read(terminal, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
        os.close(terminal)  # the terminal goes away
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        return Signalled(code, output.decode(errors="replace"))
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(getattr(signal, name))
    stdout, _ = process.communicate(timeout=RUN_TIMEOUT)
    return Signalled(process.returncode, stdout)


def run_to_the_end(capzflow, run_id, faults, point):
    """Runs the flagship with a crash point (or a signal at a time), then resumes until it
    succeeds (at most 5 times)."""
    arguments = ["run", WORKFLOW, "--simulate", "--sim-faults", faults, "--env-file", ENV_FILE, "--run-id", run_id]
    if point and point.startswith("SIG"):
        first = run_and_signal(capzflow, arguments, point)
        if first.returncode not in (0, 130):
            raise RuntimeError(f"{point}: the runner exited {first.returncode}, not 130: {first.stdout[-500:]}")
        if first.returncode == 130 and capzflow.json("status", run_id, "--json")["status"] != "interrupted":
            raise RuntimeError(f"{point}: exit 130 but the run is not recorded interrupted")
    else:
        first = capzflow(*arguments, crash=point)
    outcomes = [first.returncode]
    notes = []
    result = first
    while result.returncode != 0 and len(outcomes) < 6:
        if result.returncode > 0:
            # The run failed (not a crash): say why, as the summary line of the output does.
            notes += [line.strip() for line in result.stdout.splitlines() if line.startswith(f"run {run_id}: failed")]
        result = capzflow("resume", run_id, "--env-file", ENV_FILE)
        outcomes.append(result.returncode)
    return outcomes, result, notes


def problems_in(capzflow, run_id, reference):
    """Everything that breaks a promise in run `run_id`, as sentences."""
    found = []
    events = capzflow.json_lines("events", run_id, "--json")
    status = capzflow.json("status", run_id, "--json")
    stop_services(events)

    if [e["seq"] for e in events] != list(range(1, len(events) + 1)):
        found.append("the event log has gaps or repeats")
    if status["status"] != "succeeded":
        found.append(f"run ended {status['status']}")
    done = {s["id"]: s["status"] for s in status["steps"]}
    if any(s not in ("succeeded", "skipped") for s in done.values()):
        found.append(f"steps not done: {done}")
    outputs = status.get("outputs") or {}
    if set(outputs) != set(reference["outputs"]):
        found.append(f"outputs {sorted(outputs)} differ from the reference's {sorted(reference['outputs'])}")
    for key in ("ILB_PRIVATE_IP", "NRMS_POLICY"):
        if outputs.get(key) != reference["outputs"].get(key):
            found.append(f"{key}={outputs.get(key)} (reference: {reference['outputs'].get(key)})")

    # Two live executions of one step, as the events tell it.
    open_attempt = {}
    finished = {}
    for event in events:
        step, kind = event.get("step"), event["type"]
        if kind == "step.started":
            if step in open_attempt:
                found.append(f"{step}: attempt {event['attempt']} started while attempt {open_attempt[step]} was live")
            if finished.get(step):
                found.append(f"{step}: ran again after it had finished (attempt {event['attempt']})")
            open_attempt[step] = event["attempt"]
        elif kind in END_TYPES and step is not None:
            open_attempt.pop(step, None)
            finished[step] = kind in ("step.succeeded", "step.skipped")
        elif kind == "step.reset":
            finished[step] = False
        elif kind in ("run.failed", "run.cancelled", "run.interrupted"):
            open_attempt.clear()

    # Two live executions of one step, as the simulated tools saw them.
    calls = capzflow.json_lines("sim", "calls", run_id, "--json")
    spans = {}
    for call in calls:
        if call.get("step") is None or call.get("attempt") is None:
            continue
        key = (call["step"], call["attempt"])
        first, last = spans.get(key, (call["time"], call["time"]))
        spans[key] = (min(first, call["time"]), max(last, call["time"]))
    by_step = {}
    for (step, attempt), span in spans.items():
        by_step.setdefault(step, []).append((attempt, span))
    for step, attempts in by_step.items():
        if step == "tilt-up":
            continue  # a service keeps running after its attempt; its calls are Tilt's own
        attempts.sort()
        for (a, (_, a_last)), (b, (b_first, _)) in zip(attempts, attempts[1:]):
            if b_first < a_last:
                found.append(f"{step}: attempts {a} and {b} issued commands at the same time")

    inventory = capzflow.json("sim", "inventory", run_id, "--json")
    expected = {"aks_clusters": 1, "workload_clusters": 1, "internal_load_balancers": 1,
                "private_dns_zones": 1, "peerings": 2, "resource_groups": 3}
    for kind, count in expected.items():
        if len(inventory.get(kind, [])) != count:
            found.append(f"{len(inventory.get(kind, []))} {kind} (expected {count}): {inventory.get(kind)}")
    for rule in ("NRMS-Rule-101", "NRMS-Rule-103"):
        count = sum(1 for name in inventory.get("security_rules", []) if name.endswith("/" + rule))
        if count != 2:
            found.append(f"{count} {rule} rules (expected one in each of the two NSGs)")
    return found


def try_point(binary, faults, crash, reference, keep):
    folder = tempfile.mkdtemp(prefix="capzflow-crash-")
    capzflow = Capzflow(binary, os.path.join(folder, "state.sqlite"))
    began = time.monotonic()
    outcomes, notes, problems = [], [], []
    try:
        outcomes, last, notes = run_to_the_end(capzflow, "campaign", faults, crash)
        problems = [] if last.returncode == 0 else [f"never finished: exits {outcomes}: {last.stderr.strip()[-300:]}"]
        problems += problems_in(capzflow, "campaign", reference)
    except Exception as error:  # a hang (timeout) or an unreadable run is a failed point too
        problems = [f"{type(error).__name__}: {error}"]
    finally:
        if not keep or not problems and not notes:
            shutil.rmtree(folder, ignore_errors=True)
    killed = bool(outcomes) and outcomes[0] in (-signal.SIGKILL, 130)
    return crash, killed, outcomes, notes, problems, time.monotonic() - began, folder


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "debug", "capzflow"))
    parser.add_argument("--faults", default=DEFAULT_FAULTS)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--every", type=int, default=1, help="try every Nth event boundary (1: all)")
    parser.add_argument("--random", type=int, default=20, help="random points in the middle of steps")
    parser.add_argument("--signals", type=int, default=9,
                        help="runs sent SIGINT, SIGTERM or a closed terminal (SIGHUP) at a random time")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the state folders of failed points")
    parser.add_argument("--only", nargs="*", help="try these points only (as printed), not the generated ones")
    args = parser.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"no capzflow at {args.bin}: run `swift build` first or pass --bin")

    began = time.monotonic()
    folder = tempfile.mkdtemp(prefix="capzflow-crash-reference-")
    try:
        capzflow = Capzflow(args.bin, os.path.join(folder, "state.sqlite"))
        outcomes, last, _ = run_to_the_end(capzflow, "reference", args.faults, None)
        if outcomes != [0]:
            sys.exit(f"the uninterrupted run did not succeed ({outcomes}): {last.stdout[-2000:]}{last.stderr[-2000:]}")
        reference = capzflow.json("status", "reference", "--json")
        reference_events = capzflow.json_lines("events", "reference", "--json")
        stop_services(reference_events)
        reference_problems = problems_in(capzflow, "reference", reference)
        if reference_problems:
            sys.exit(f"the uninterrupted run already breaks a promise: {reference_problems}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    steps = [s["id"] for s in reference["steps"]]
    count = len(reference_events)
    print(f"reference: {count} events, {len(steps)} steps, faults {args.faults}", flush=True)

    rng = random.Random(args.seed)
    points = [str(n) for n in range(1, count + 1, args.every)]
    points += [f"step.started:{rng.choice(steps)}+{rng.randint(0, 3000)}ms" for _ in range(args.random)]
    kinds = ["SIGINT", "SIGTERM", "SIGHUP-tty"]
    points += [f"{kinds[i % 3]}@{rng.uniform(0.5, 30):.1f}s" for i in range(args.signals)]

    if args.only:
        points = args.only
    failed = 0
    killed_count = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(try_point, args.bin, args.faults, p, reference, args.keep) for p in points]
        for future in concurrent.futures.as_completed(futures):
            crash, killed, outcomes, notes, problems, seconds, kept = future.result()
            killed_count += killed
            verdict = "ok" if not problems else "FAILED"
            failed += bool(problems)
            print(f"{verdict:6} {crash:46} stopped={'yes' if killed else 'no '} exits={outcomes} {seconds:5.1f}s", flush=True)
            for note in notes:
                print(f"         (a resume failed first: {note})", flush=True)
            for problem in problems:
                print(f"         - {problem}", flush=True)
            if (problems or notes) and args.keep:
                print(f"         state kept in {kept}", flush=True)

    minutes = (time.monotonic() - began) / 60
    kinds = "as chosen" if args.only else (f"{count // args.every + (count % args.every > 0)} event boundaries, "
                                            f"{args.random} mid-step, {args.signals} signals")
    print(f"\ncrash points tried: {len(points)} ({kinds}); runner stopped at {killed_count}; passed: {len(points) - failed}; "
          f"failed: {failed}; {minutes:.1f} min")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
