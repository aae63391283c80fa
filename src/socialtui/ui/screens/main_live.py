"""Background sync for a logged-in account (mixed into the main screen).

The sync runs as an async worker on the app's loop (network waits do not block keys);
reloading the stored account after new messages runs in a thread. The status line
says when the last sync ran and what it found, or what went wrong and what to do.
"""

from __future__ import annotations

import asyncio

from textual import work

from socialtui.queue_seed import save_seed


class LiveMixin:
    def _start_live(self) -> None:
        if getattr(self.app, "live", None) is not None:
            self._live_stopped_told = False
            self._run_live()

    @work(exclusive=True, group="live-sync", description="sync with the instance")
    async def _run_live(self) -> None:
        await self.app.live.run(self._synced)

    async def _synced(self, result) -> None:
        """New messages are stored: load the account again and show them, keeping the selection.

        On a large account the threads grown by the new messages and the queue moved by them are
        built in a thread as well (about a second at a million messages): keys stay alive."""
        from socialtui.ui.screens.main import SYNC_HEALTH_LIMIT  # (main imports this module)

        live = self.app.live
        ws = self.ws
        dataset = await asyncio.to_thread(ws.store.dataset, live.handle)
        large = len(dataset.messages) > SYNC_HEALTH_LIMIT
        if large:
            await asyncio.to_thread(lambda: (ws.replace_dataset(dataset), ws.queue()))
        else:
            ws.replace_dataset(dataset)
        self.refresh_all(keep=self.current.id if self.current is not None else None)
        self.tell_answered_meanwhile()  # a reply to the one being written, sent from elsewhere
        if large:
            self.run_worker(lambda: save_seed(ws), thread=True, group="seed", exclusive=True)
        self.notify(f"{result.new_messages} new from @{live.handle}'s instance.", markup=False, timeout=4)

    def _source_text(self) -> str:
        live = getattr(self.app, "live", None)
        if live is None:
            return self.source_label
        if live.stopped_reason and not self._live_stopped_told:
            self._live_stopped_told = True
            self.notify(live.state, severity="error", markup=False, timeout=30)
        return f"@{live.handle} · {live.line}"
