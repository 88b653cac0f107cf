"""The floor of the appeals benchmark: the least any service can do with the same submission.

The same multipart POST the appeals service takes, its token checked by the service's own verifier
(signature, claims, the revocation list in Redis), answered by publishing the inspector's notification (a valid
`NotificationRequestedV1`) through the same outbox publisher the service's relay uses. Nothing is
validated, numbered, routed or stored. Measured in the same process and run as the service, it shows how
much of the goal's budget this machine leaves once a request has merely been received and a record sent.
"""

from __future__ import annotations

import uuid

from fastapi import Depends, FastAPI, Form

from shared.auth import Principal
from shared.auth.dependencies import require_verified
from shared.auth.verifier import TokenVerifier
from shared.events.notifications import LocalisedText, NotificationRequestedV1
from shared.outbox import Publish

NOTICE = LocalisedText.model_validate({"uz-Latn": "Yangi murojaat", "uz-Cyrl": "Янги мурожаат",
                                       "ru": "Новое обращение", "en": "New appeal"})  # fmt: skip


def bare_submission_app(publish: Publish, verifier: TokenVerifier, *, inspector: str) -> FastAPI:
    app = FastAPI()
    app.state.auth_verifier = verifier

    @app.post("/v1/appeals", status_code=201)
    async def submit(
        kind: str = Form(), category: str = Form(), text: str = Form(), _: Principal = Depends(require_verified)
    ) -> dict[str, str]:
        appeal_id = uuid.uuid4().hex
        notification = NotificationRequestedV1(subject=inspector, kind="appeal.assigned", title=NOTICE, body=NOTICE,
                                               data={"appeal_id": appeal_id})  # fmt: skip
        await publish([notification.to_record()])
        return {"id": appeal_id}

    return app
