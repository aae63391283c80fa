"""Opening a large account (mixed into the main screen): the screen paints at once, the
queue the last session left is shown when it still fits the messages, and a worker reads
and threads the messages while the thread pane says how far it got. Keys that act on a
conversation wait until then; moving through the seeded queue works."""

from __future__ import annotations

import gc

from textual import work

from socialtui.errors import SocialtuiError
from socialtui.queue_seed import save_seed, seed_rows
from socialtui.ui.widgets.thread_view import ThreadView


class LoadingMixin:
    def _start_loading(self) -> None:
        self._loading = True
        self._status_note = "loading…"
        seed = seed_rows(self.ws)  # the last session's queue, when the messages are the same
        if seed:
            now = self.ws.now_fn()
            self.queue_view.set_rows(seed, now, self.ws.account.sla, drafts=self.ws.drafts().keys())
            # The seed's 100k rows are long-lived: left to the cyclic GC, its first full collection
            # walked them in the middle of the first paint (0.3 s of it).
            gc.freeze()
        self.query_one(ThreadView).clear(self._loading_line())
        self._progress_timer = self.set_interval(0.25, self._show_progress)
        self.call_after_refresh(self._build_model)  # after the first paint: the worker would compete for the GIL

    def _loading_line(self) -> str:
        source = self.ws.dataset.source
        if not self.ws.loading:
            what = f"Loading {len(self.ws.dataset.messages):,} messages"
        elif source.startswith("store:"):
            what = "Reading the account's messages from the store"
        else:
            what = f"Reading the messages of {source}"
        rows = ("the queue on the left is from the last session until then" if self.queue_view.rows
                else "the queue appears when they are ordered")
        step = self.ws.progress.line() or "starting"
        return (f"{what}: threading the conversations and ordering the queue…\n\nNow {step}…\n\n"
                f"({rows}; q quits, ? shows the keys)")

    def _show_progress(self) -> None:
        """While a large account loads: what the worker is doing, four times a second."""
        if not self._loading:
            return
        line = self._loading_line()
        if line != self._progress_shown:  # the thread pane shows only this line until loaded
            self._progress_shown = line
            self.query_one(ThreadView).clear(line)

    @work(thread=True, exclusive=True, group="model", description="read messages, thread conversations, order the queue")
    def _build_model(self) -> None:
        try:
            self.ws.finish_loading()
        except SocialtuiError as exc:  # a damaged store file: leave the app, the command prints why
            self.app.load_error = exc
            self.app.call_from_thread(self.app.exit, None, 2)
            return
        self.ws.queue()
        self.app.call_from_thread(self._model_ready)
        save_seed(self.ws)  # the next start shows this queue at once

