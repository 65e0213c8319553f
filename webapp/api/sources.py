"""The sources the rules and the checklist rest on: the claims an alert's or item's `source` names."""
from flask import abort

from webapp.api import bp
from webapp.core.source_index import choice_users, used_by
from webapp.core.sources import CHOICES, CLAIMS, DOCUMENTS, claim_ids


def _claim(claim_id: str) -> dict:
    claim = CLAIMS[claim_id]
    return {**claim.as_dict(), "used_by": list(used_by().get(claim_id, ()))}


@bp.get("/sources")
def list_sources():
    return {
        "documents": [vars(document) for document in DOCUMENTS.values()],
        "claims": [_claim(claim_id) for claim_id in CLAIMS],
        "choices": [
            {"id": choice.id, "what": choice.what, "reason": choice.reason, "source": claim_ids(choice.source),
             "used_by": list(choice_users().get(choice.id, ()))}
            for choice in CHOICES.values()
        ],
    }


@bp.get("/sources/<claim_id>")
def get_source(claim_id: str):
    if claim_id not in CLAIMS:
        abort(404)
    claim = _claim(claim_id)
    return {**claim, "document": vars(DOCUMENTS[claim["document"]])}
