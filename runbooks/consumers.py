"""``WS /ws/console/slo``: the SLO board, pushed.

The consumer checks the user's role before joining the ``slo.board`` group, sends the board's
partial (the same template the page renders first) at once, again every few seconds, and
straight away when a runbook action changes something (``slo.update`` events, sent by
``runbooks/actions.py`` once the action's transaction has committed). The session runs under
one request id (``teddy/requestid.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.template.loader import render_to_string

from teddy.requestid import SessionRequestId
from teddy.roles import SRE, has_role

log = logging.getLogger(__name__)

GROUP = "slo.board"
PUSH_EVERY_S = 5.0
FORBIDDEN = 4403


def _render() -> str:
    """The board's partial, wrapped for htmx's ws extension: it swaps the inside of the element
    with the same id (``hx-swap-oob``), so the page keeps its polling fallback attributes."""
    from .views import board_context

    inner = render_to_string("runbooks/_board.html", board_context())
    return f'<div id="board" hx-swap-oob="innerHTML">{inner}</div>'


class SLOBoardConsumer(SessionRequestId, AsyncWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        allowed = await database_sync_to_async(has_role)(user, SRE)
        await self.accept()
        user_id = getattr(user, "pk", None)
        if not allowed:
            log.info("slo board refused: not an SRE", extra={"user_id": user_id})
            await self.close(code=FORBIDDEN)
            return
        log.info("slo board opened", extra={"user_id": user_id})
        await self.channel_layer.group_add(GROUP, self.channel_name)
        self.ticker = asyncio.create_task(self._tick())

    async def disconnect(self, code: int) -> None:
        ticker = getattr(self, "ticker", None)
        if ticker is not None:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
            await self.channel_layer.group_discard(GROUP, self.channel_name)
            log.info("slo board closed", extra={"code": code})

    async def _tick(self) -> None:
        while True:
            await self._push()
            await asyncio.sleep(PUSH_EVERY_S)

    async def _push(self) -> None:
        await self.send(text_data=await sync_to_async(_render)())

    async def slo_update(self, event: dict) -> None:
        await self._push()
