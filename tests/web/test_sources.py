"""Sources a reader can open: every claim the product cites resolves, on the page and through the API."""
import re

import pytest

from webapp.core.source_index import cited_refs, used_by
from webapp.core.sources import CLAIMS, DOCUMENTS, claim_ids


def test_every_line_the_code_cites_is_a_claim_with_its_document():
    for what, refs in cited_refs().items():
        assert refs, f"{what} cites nothing"
        for ref in refs:
            assert claim_ids([ref]), (what, ref)
    assert {claim.document.id for claim in CLAIMS.values()} == set(DOCUMENTS)
    assert all(claim.quote and claim.id in used_by() for claim in CLAIMS.values())


def test_the_sources_page_lists_documents_claims_and_what_uses_them(client):
    page = client.get("/sources")
    assert page.status_code == 200
    for document in DOCUMENTS.values():
        assert document.title.replace("'", "&#39;") in page.text and document.date.replace("'", "&#39;") in page.text
    for claim_id in CLAIMS:
        assert f'id="{claim_id}"' in page.text
    assert "Used by: " in page.text and "Alert: Pain getting worse" in page.text and "iLive" in page.text


@pytest.mark.parametrize("path", ["/exercises/bird-dog", "/exercises/knee-to-chest"])
def test_exercise_pages_link_to_claims_that_resolve(client, path):
    page = client.get(path).text
    anchors = re.findall(r'href="/sources#([^"]+)"', page)
    assert anchors and all(anchor in CLAIMS for anchor in anchors)
    assert not re.search(r"\b00[0-4]:\d", page)


def test_the_api_resolves_each_claim_and_refuses_unknown_ones(client):
    listing = client.get("/api/v1/sources").json
    assert {d["id"] for d in listing["documents"]} == set(DOCUMENTS)
    assert len(listing["claims"]) == len(CLAIMS)
    one = client.get("/api/v1/sources/s003-3").json
    assert one["document"]["id"] == "003" and one["line"] == 3 and "Delayed Onset Muscle Soreness" in one["quote"]
    assert any(use.startswith("Alert: ") for use in one["used_by"])
    assert client.get("/api/v1/sources/003:3").status_code == 404
    assert client.get("/api/v1/sources/nothing").status_code == 404


def test_the_offline_codes_name_claims_too(client):
    codes = client.get("/api/v1/codes").json
    flags = codes["red_flags"] if "red_flags" in codes else next(v for k, v in codes.items() if "flag" in k)
    sources = [s for flag in flags.values() for s in flag["source"]]
    assert sources and all(s in CLAIMS for s in sources)


def test_no_page_of_either_role_shows_a_file_line_reference(app, client, auth):
    from tests.builders import entry_body, episode_body, new_id
    from tests.conftest import bearer, make_account

    athlete = make_account(app, "athlete")
    api = app.test_client()
    headers = bearer(api, athlete)
    episode_id = new_id()
    api.put(f"/api/v1/episodes/{episode_id}", json=episode_body(), headers=headers)
    api.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, pain=8, red_flags=["fever_chills"], treatments=["heat"]), headers=headers)
    for alert in api.get("/api/v1/alerts", headers=headers).json:
        assert not re.search(r"\b00[0-4]:\d", alert["why"] + " ".join(alert["source"])), alert
    auth.login(athlete["email"])
    for path in ("/athlete/", f"/athlete/episodes/{episode_id}", "/exercises/", "/sources"):
        text = re.sub(r"<[^>]+>", " ", client.get(path).text)
        assert not re.search(r"\b00[0-4]:\d", text), path
