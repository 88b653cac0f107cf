"""Delivering a notification: keep it in the inbox, fan it out to open streams, push when nobody listens."""

from __future__ import annotations

from services.gateway.adapters.push import PushSender
from services.gateway.realtime.fanout import FanOut, Presence
from services.gateway.realtime.inbox import Inbox, InboxEntry
from shared.clock import Clock
from shared.events.notifications import NotificationRequestedV1


async def deliver(
    event: NotificationRequestedV1, cursor: int, *, inbox: Inbox, fanout: FanOut, presence: Presence,
    push: PushSender, clock: Clock,
) -> bool:  # fmt: skip
    """Returns False for a redelivery (already in the inbox). It is fanned out again all the same — the
    first attempt may have died before — and streams skip what they have already sent."""
    entry = InboxEntry.of(event, cursor)
    is_new = await inbox.add(entry)
    await fanout.publish(event.subject, entry.to_document() | {"event_id": entry.event_id})
    if is_new and not await presence.is_listening(event.subject):
        await push.push(event.subject, event.title.uz_latn, event.body.uz_latn, dict(event.data), clock.now())
    return is_new
