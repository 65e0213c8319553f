"""Page weight: what a phone downloads on first load, gzipped, against the 100 KiB budget for JS + CSS.

Measures the athlete's home and log form with the demo diary, plus the service
worker and what it precaches.

    .venv/bin/python bench/page_weight.py
"""
import gzip
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import flask_migrate  # noqa: E402
from benchdb import bench_app  # noqa: E402
from sqlalchemy import select  # noqa: E402

from webapp.cli import DEMO_ACCOUNTS, DEMO_PASSWORD  # noqa: E402
from webapp.infra.extensions import db  # noqa: E402
from webapp.models import Episode  # noqa: E402

BUDGET_KIB = 100


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(f"sqlite:///{tmp}/weight.db")
        with app.app_context():
            flask_migrate.upgrade()
        app.test_cli_runner().invoke(args=["demo"])
        client = app.test_client()
        login = client.get("/login").text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
        client.post("/login", data={"csrf_token": token, "email": DEMO_ACCOUNTS[0]["email"], "password": DEMO_PASSWORD})
        with app.app_context():
            episode_id = db.session.scalar(select(Episode.id).where(Episode.resolved_at.is_(None)))
        pages = {"home": "/athlete/", "log form": f"/athlete/episodes/{episode_id}/log"}
        rows, assets = [], {}
        for name, path in pages.items():
            html = client.get(path).data
            rows.append((f"HTML: {name}", len(html), gzipped(html)))
            for asset in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
                assets[asset.decode()] = client.get(asset.decode()).data
        worker = client.get("/sw.js").data
        assets["/sw.js"] = worker
        for path, data in sorted(assets.items()):
            rows.append((path, len(data), gzipped(data)))
    code = sum(z for name, _, z in rows if not name.startswith("HTML"))
    first_load = code + next(z for name, _, z in rows if name == "HTML: home")
    print("\nBackOnTrack bench: page weight (gzip -6)")
    print(f"{'resource':40} {'bytes':>8} {'gzipped':>8}")
    for name, raw, packed in rows:
        print(f"{name:40} {raw:>8} {packed:>8}")
    print(f"JS + CSS (incl. service worker): {code / 1024:.1f} KiB gzipped = {code / 1024 / BUDGET_KIB:.2f} of the {BUDGET_KIB} KiB budget")
    print(f"first load of home, HTML + JS + CSS: {first_load / 1024:.1f} KiB gzipped")
    if code / 1024 > BUDGET_KIB:
        raise SystemExit("over budget")


if __name__ == "__main__":
    main()
