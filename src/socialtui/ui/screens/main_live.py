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
            self._live_failure_told = None  # the failure last announced (a new one is told again)
            self._run_live()

    @work(exclusive=True, group="live-sync", description="sync with the instance")
    async def _run_live(self) -> None:
        await self.app.live.run(self._synced)

    async def _synced(self, result) -> None:
        await self._take_in_stored(self.app.live.handle)
        self.notify(f"{result.new_messages} new from @{self.app.live.handle}'s instance.", markup=False, timeout=4)

    def _take_in_stored_elsewhere(self) -> None:
        """Messages another process stored (its revision differs from the one ours were read
        at): taken in as after our own sync. A stat of the shard files, once a second."""
        ds = self.ws.dataset
        if self._loading or ds.revision is None or not ds.source.startswith("store:") \
                or any(w.group == "stored" and w.is_running for w in self.workers):
            return
        handle = ds.source.removeprefix("store:")
        try:
            changed = self.ws.store.messages_revision(handle) != ds.revision
        except (OSError, ValueError):
            return  # (a store being written right now: the next tick looks again)
        if changed:
            self.run_worker(self._take_in_stored(handle), group="stored", exclusive=True)

    async def _take_in_stored(self, handle: str) -> None:
        """New messages are stored: load the account again and show them, keeping the selection.

        On a large account the threads grown by the new messages and the queue moved by them are
        built in a thread as well (about a second at a million messages): keys stay alive."""
        from socialtui.ui.screens.main import SYNC_HEALTH_LIMIT  # (main imports this module)

        ws = self.ws
        dataset = await asyncio.to_thread(ws.store.dataset, handle)
        large = len(dataset.messages) > SYNC_HEALTH_LIMIT
        if large:
            await asyncio.to_thread(lambda: (ws.replace_dataset(dataset), ws.queue()))
        else:
            ws.replace_dataset(dataset)
        self.refresh_all(keep=self.current.id if self.current is not None else None)
        self.tell_answered_meanwhile()  # a reply to the one being written, sent from elsewhere
        if large:
            self.run_worker(lambda: save_seed(ws), thread=True, group="seed", exclusive=True)

    def _source_text(self) -> str:
        live = getattr(self.app, "live", None)
        if live is None:
            return self.source_label
        if live.stopped_reason and not self._live_stopped_told:
            self._live_stopped_told = True
            self.notify(live.state, severity="error", markup=False, timeout=30)
        elif live.failure and not live.stopped_reason and live.failure_cause != self._live_failure_told:
            # the whole message once per cause (the status line has room for its first words only;
            # the same outage, retried every minute, is not announced every minute)
            self._live_failure_told = live.failure_cause
            self.notify(live.state, title="Sync failed", severity="warning", markup=False, timeout=12)
        return f"@{live.handle} · {live.line}"

    def _sync_trouble(self) -> str:
        """What the status line leads with while syncing fails: at 80 columns the source part
        at its end is cut off, and a sync that stopped must not go unnoticed."""
        live = getattr(self.app, "live", None)
        return f"⚠ {live.failure}" if live is not None and live.failure else ""
