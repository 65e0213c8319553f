"""The sweep shared among processes finds what one process finds, and never stores a judgement of a stale diary."""

import pytest
from sqlalchemy import select

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import bearer, log_red_flag_elsewhere, make_account
from webapp.infra.database import reads_before_locking
from webapp.infra.extensions import db
from webapp.models import Alert
from webapp.services import alert_sweep


def _diaries(client, app, athletes=4, episodes=3) -> list[tuple[dict, list[str]]]:
    """Athletes with episodes that raise alerts: pain 5 four days after training, heat on the first day."""
    made = []
    for _ in range(athletes):
        athlete = make_account(app)
        headers = bearer(client, athlete)
        ids = []
        for _ in range(episodes):
            episode_id = new_id()
            body = episode_body(started_at=ago(days=5), client_updated_at=ago(days=5))
            assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
            for recorded_at, treatments in ((ago(days=4, hours=12), ["heat"]), (ago(days=1), ["walk"])):
                entry = entry_body(episode_id, recorded_at=recorded_at, pain=5, treatments=treatments)
                assert client.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers).status_code == 201
            ids.append(episode_id)
        made.append((athlete, ids))
    return made


def _stored() -> set[tuple[str, str, str]]:
    rows = db.session.execute(select(Alert.episode_id, Alert.rule, Alert.status))
    return {(str(episode_id), rule, status) for episode_id, rule, status in rows}


def test_the_sweep_shared_among_processes_stores_what_one_process_does(app, client):
    _diaries(client, app)
    with app.app_context():
        written = _stored()  # what the writes themselves raised
        db.session.execute(Alert.__table__.delete())
        db.session.commit()
        alone = alert_sweep.sweep(batch=2)
        by_one = _stored()
        db.session.execute(Alert.__table__.delete())
        db.session.commit()
        shared = alert_sweep.sweep(batch=2, processes=3)
        by_three = _stored()
        again = alert_sweep.sweep(batch=2, processes=3)
    assert by_three == by_one == written and len(written) >= 24
    assert shared["raised"] == alone["raised"] == len(written) and shared["episodes"] == alone["episodes"] == 12
    assert again["raised"] == again["updated"] == again["resolved"] == 0


def test_a_diary_changed_while_its_batch_was_judged_is_judged_again(app, client, monkeypatch):
    with app.app_context():
        if not reads_before_locking(db.engine):
            pytest.skip("only SQLite's sweep reads before it locks")
    [(athlete, [episode_id, *_])] = _diaries(client, app, athletes=1)
    begin_writing = alert_sweep.begin_writing

    def a_red_flag_is_logged_first(connection):
        log_red_flag_elsewhere(athlete["id"], episode_id)
        begin_writing(connection)

    monkeypatch.setattr(alert_sweep, "begin_writing", a_red_flag_is_logged_first)
    with app.app_context():
        alert_sweep.sweep()
        assert (episode_id, "red_flag", "open") in _stored()
