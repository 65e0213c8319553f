"""Run every benchmark and print their tables: `make bench` or `.venv/bin/python bench/run.py`.

Each benchmark reports ratios to a baseline measured in the same run; pass
--database-url to run them against PostgreSQL (the write path then runs on
SQLite too, so that one run prints both engines).
"""
import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: fresh SQLite files (a given database is emptied)")
    args = parser.parse_args()
    extra = ["--database-url", args.database_url] if args.database_url else []
    if extra:
        subprocess.run([sys.executable, str(HERE / "http_load.py")], check=True)
    for script in ("page_weight.py", "http_load.py", "sweep.py", "patients.py"):
        subprocess.run([sys.executable, str(HERE / script), *extra], check=True)


if __name__ == "__main__":
    main()
