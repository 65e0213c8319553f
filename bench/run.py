"""Run every benchmark and print their tables: `make bench` or `.venv/bin/python bench/run.py`.

Each benchmark reports ratios to a baseline measured in the same run; pass
--database-url to run them against PostgreSQL (the write path's benchmarks then
run on SQLite too, so that one run prints both engines).
"""
import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Each prints its figures against the goals it is held to.
GOAL_SCRIPTS = ("http_load.py", "write_cost.py", "sweep.py")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: fresh SQLite files (a given database is emptied)")
    args = parser.parse_args()
    extra = ["--database-url", args.database_url] if args.database_url else []
    if extra:
        # The write path's goals are printed for both engines in one run.
        for script in GOAL_SCRIPTS:
            subprocess.run([sys.executable, str(HERE / script)], check=True)
    for script in ("page_weight.py", *GOAL_SCRIPTS, "patients.py", "review.py"):
        subprocess.run([sys.executable, str(HERE / script), *extra], check=True)
    # The sender's bounds are the same on either engine: it waits on the network, not the database.
    subprocess.run([sys.executable, str(HERE / "push_sender.py")], check=True)


if __name__ == "__main__":
    main()
