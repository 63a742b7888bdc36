"""One DBOS Transact workflow of N steps, each spawning `bash -euo pipefail -c true`.

DBOS runs on SQLite with its defaults (a `sqlite:///` system database URL, nothing else set), so
every step's checkpoint is a SQLite commit, as capzflow's are. Part of bench/run.sh.

    python dbos_steps.py DB_FILE STEPS

Prints one line: `workflow_ms=… launch_ms=… journal_mode=… synchronous=…`, where workflow_ms is
the workflow alone (from calling it to its return) and launch_ms is DBOS(...) + DBOS.launch().
"""

import sqlite3
import subprocess
import sys
import time

from dbos import DBOS, DBOSConfig

db_file, steps = sys.argv[1], int(sys.argv[2])
command = ["bash", "-euo", "pipefail", "-c", "true"]

t0 = time.perf_counter()
config: DBOSConfig = {"name": "capzflow-bench", "system_database_url": f"sqlite:///{db_file}"}
DBOS(config=config)


def make_step(index: int):
    def run_command() -> int:
        return subprocess.run(command, check=True).returncode

    run_command.__name__ = run_command.__qualname__ = f"s{index}"
    return DBOS.step(name=f"s{index}")(run_command)


step_functions = [make_step(i) for i in range(1, steps + 1)]


@DBOS.workflow()
def overhead_workflow() -> int:
    for step in step_functions:
        step()
    return len(step_functions)


DBOS.launch()
t1 = time.perf_counter()
done = overhead_workflow()
t2 = time.perf_counter()
assert done == steps
DBOS.destroy()

# DBOS sets only busy_timeout and foreign_keys on its connections: these are SQLite's defaults as
# any connection to the file gets them.
with sqlite3.connect(db_file) as connection:
    journal_mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    synchronous = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[connection.execute("PRAGMA synchronous").fetchone()[0]]
    recorded = connection.execute("SELECT count(*) FROM operation_outputs").fetchone()[0]
print(f"workflow_ms={(t2 - t1) * 1000:.1f} launch_ms={(t1 - t0) * 1000:.1f} "
      f"journal_mode={journal_mode} synchronous={synchronous} steps_recorded={recorded}")
