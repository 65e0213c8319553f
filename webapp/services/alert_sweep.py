"""The sweep: every active episode judged again (the clock moves windows on), a batch per transaction.

Time passing raises alerts no write does (72 h, 7 days...), so the sweep reads
every active episode's diary. On SQLite a batch reads and judges in a plain read
transaction and takes the one write lock only to store what changed, as a diary
write does (webapp/services/diary_transactions.py): so several processes can
share the reading and judging, the bulk of the work, while their writes take
turns. Each batch checks, holding the lock, the diary_version of its athletes;
the episodes of an athlete whose diary changed meanwhile are read and judged
again under the lock. On PostgreSQL each batch reads in its own transaction, as
before, and processes run side by side.
"""
import gc
import multiprocessing
import os
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.infra.database import as_reader, begin_writing
from webapp.infra.extensions import db
from webapp.infra.times import utcnow
from webapp.models import Episode
from webapp.services.alert_store import apply_findings, write_alerts
from webapp.services.alerts import findings_for, refresh_alerts
from webapp.services.diary_transactions import diary_versions, may_read_first
from webapp.services.pain_courses import store_course_rows
from webapp.services.rule_inputs import load_rule_inputs

BATCH = 500


def sweep_processes() -> int:
    """How many processes a sweep shares its batches among: one per core, at most four."""
    return max(1, min(os.cpu_count() or 1, 4))


def sweep(now: datetime | None = None, batch: int = BATCH, processes: int = 1) -> Counter:
    """Re-evaluate every active episode, a batch per transaction; safe to run twice at once.

    processes: more than one shares the batches among forked processes (the CLI's choice).
    """
    now = now or utcnow()
    ids = list(db.session.scalars(select(Episode.id).where(Episode.resolved_at.is_(None)).order_by(Episode.id)))
    db.session.commit()
    chunks = [ids[start:start + batch] for start in range(0, len(ids), batch)]
    total: Counter = Counter()
    if processes > 1 and len(chunks) > 1:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        db.session.remove()
        # Forked, not spawned: the children share the app as it is, and start at once.
        context = multiprocessing.get_context("fork")
        with context.Pool(min(processes, len(chunks)), initializer=_start_child, initargs=(app,)) as pool:
            for counts in pool.imap_unordered(_sweep_in_child, [(chunk, now) for chunk in chunks]):
                total += counts
    else:
        for chunk in chunks:
            total += sweep_batch(chunk, now)
    total["episodes"] = len(ids)
    return total


_child_app: Flask | None = None


def _start_child(app: Flask) -> None:
    global _child_app
    _child_app = app
    with app.app_context():
        # The parent's pooled connections are the parent's: this process opens its own.
        db.engine.dispose(close=False)


def _sweep_in_child(task: tuple[list[uuid.UUID], datetime]) -> Counter:
    assert _child_app is not None
    chunk, now = task
    with _child_app.app_context():
        try:
            return sweep_batch(chunk, now)
        finally:
            db.session.remove()


def sweep_batch(episode_ids: Sequence[uuid.UUID], now: datetime) -> Counter:
    """Judge one batch of episodes and store what changed, in a transaction of its own."""
    with collector_paused():
        if may_read_first():
            try:
                return _read_then_write(episode_ids, now)
            except IntegrityError:
                db.session.rollback()  # another sweep stored the same alert first; done again below
        try:
            counts = refresh_alerts(episode_ids, now, origin="sweep")
            db.session.commit()
        except IntegrityError:
            # Another sweep stored the same alert first; the second pass sees it.
            db.session.rollback()
            counts = refresh_alerts(episode_ids, now, origin="sweep")
            db.session.commit()
        return counts


def _read_then_write(episode_ids: Sequence[uuid.UUID], now: datetime) -> Counter:
    with as_reader():
        inputs = load_rule_inputs(episode_ids)
        users = {episode.user_id for episode in inputs.episodes}
        seen = diary_versions(users)
        findings = findings_for(inputs)
    begin_writing(db.session.connection())
    moved = {user_id for user_id, version in diary_versions(users).items() if seen.get(user_id) != version}
    still = [episode for episode in inputs.episodes if episode.user_id not in moved]
    counts, _, writes = apply_findings(still, {episode.id: findings[episode.id] for episode in still}, now, "sweep")
    write_alerts(writes)
    if not moved:
        store_course_rows(inputs.worked_out)
    again = [episode for episode in inputs.episodes if episode.user_id in moved]
    if again:
        # Their diaries changed since they were read: read and judge them again, under the lock.
        for episode in again:
            db.session.expire(episode)
        counts += refresh_alerts([episode.id for episode in again], now, origin="sweep")
    db.session.commit()
    return counts


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one batch of the sweep.

    A batch makes tens of objects per entry (15,000 entries, their facts, rows and
    findings), all alive until the batch ends; the collector, run every 700 new
    objects, walks them again and again for nothing (a fifth of the sweep's time).
    Memory stays bounded: the batch's objects go when the batch does, and whatever
    cycles they leave are collected when the collector resumes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
