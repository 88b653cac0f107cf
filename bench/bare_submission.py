"""The floors of the appeals benchmark: the least any service can do with the same submission.

Both take the same multipart POST the appeals service takes, check its token with the service's own
verifier (signature, claims, the revocation list in Redis) and end with the inspector's notification (a
valid `NotificationRequestedV1`) published through the same outbox publisher the service's relay uses.

- `bare_submission_app` publishes at once: nothing is validated, numbered, routed or stored. It shows how
  much of the goal's budget this machine leaves once a request has merely been received and a record sent.
- `durable_submission_app` does what the architecture requires of any write before its event may leave
  (docs/architecture.md, "Delivery guarantees"): the submission and its notification are inserted as one
  document (the outbox in the aggregate), with the project's grouped inserts, and the project's outbox
  relay publishes the notification and then removes it from the document. Nothing is validated, numbered
  or routed, and no timer is held, so it asks less of the database than a real appeal does. It shows what
  the database's part of the design costs on this machine.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from fastapi import Depends, FastAPI, Form

from shared.auth import Principal
from shared.auth.dependencies import require_verified
from shared.auth.verifier import TokenVerifier
from shared.events.notifications import LocalisedText, NotificationRequestedV1
from shared.mongo import GroupedInserts
from shared.outbox import OUTBOX_FIELD, Publish, Written, new_document_with_events

NOTICE = LocalisedText.model_validate({"uz-Latn": "Yangi murojaat", "uz-Cyrl": "Янги мурожаат",
                                       "ru": "Новое обращение", "en": "New appeal"})  # fmt: skip
DURABLE_COLLECTION = "bench_durable_floor"


def _notification(inspector: str, appeal_id: str) -> NotificationRequestedV1:
    return NotificationRequestedV1(subject=inspector, kind="appeal.assigned", title=NOTICE, body=NOTICE,
                                   data={"appeal_id": appeal_id})  # fmt: skip


Accept = Callable[[dict[str, str], Principal], Awaitable[str]]  # the form's fields, the citizen → the new id


def _submission_app(verifier: TokenVerifier, accept: Accept) -> FastAPI:
    app = FastAPI()
    app.state.auth_verifier = verifier

    @app.post("/v1/appeals", status_code=201)
    async def submit(
        kind: str = Form(), category: str = Form(), text: str = Form(), citizen: Principal = Depends(require_verified)
    ) -> dict[str, str]:
        return {"id": await accept({"kind": kind, "category": category, "text": text}, citizen)}

    return app


def bare_submission_app(publish: Publish, verifier: TokenVerifier, *, inspector: str) -> FastAPI:
    async def publish_at_once(form: dict[str, str], citizen: Principal) -> str:
        appeal_id = uuid.uuid4().hex
        await publish([_notification(inspector, appeal_id).to_record()])
        return appeal_id

    return _submission_app(verifier, publish_at_once)


def durable_submission_app(inserts: GroupedInserts, written: Written, verifier: TokenVerifier, *,
                           inspector: str) -> FastAPI:  # fmt: skip
    """`inserts` writes into `DURABLE_COLLECTION`; `written` names the document to a relay over it."""

    async def insert_with_outbox(form: dict[str, str], citizen: Principal) -> str:
        appeal_id = uuid.uuid4().hex
        submission = {"_id": appeal_id, **form, "citizen_id": citizen.subject, "mahalla_code": citizen.mahalla_code,
                      "received_at": datetime.now(UTC)}  # fmt: skip
        document = new_document_with_events(submission, [_notification(inspector, appeal_id)])
        await inserts.insert(document)
        written(DURABLE_COLLECTION, appeal_id, document[OUTBOX_FIELD])
        return appeal_id

    return _submission_app(verifier, insert_with_outbox)
