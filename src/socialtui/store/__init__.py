"""The local store: accounts, their messages, and workflow state per scope. No textual here.

Layout under the data dir (files 0600, directories 0700; a symlinked root works)::

    .lock                                  one filelock, taken by every write
    accounts/<handle>/account.toml         editable settings, written from Account
    accounts/<handle>/messages/index.json  how many shards
    accounts/<handle>/messages/shard-NNNN.json   <= ~8k messages each, by conversation
    workspaces/<scope>/state.json          states, notes, sent replies, meta (TinyDB)
    workspaces/<scope>/drafts.json         drafts (small, written on every pause in typing)
    workspaces/<scope>/presence.json       who works where (team mode)

Every file is written to a temp file beside it, fsynced, ``os.replace``\\ d and the
directory fsynced; the version it replaces stays as ``<name>.bak``. A full disk or any
other write error leaves the old file intact and raises :class:`StoreError` saying what
to do; a corrupt or truncated file, or one from a newer socialtui (``"format"`` above
ours), raises a StoreError naming the file and leaves it untouched. A lock held by
another process for longer than ``lock_timeout`` raises :class:`StoreLockedError`.

API (``Store(root, lock_timeout=10.0)``):

- accounts: ``list_accounts() -> [handle]``, ``get_account(handle) -> Account | None``,
  ``put_account(account)``
- messages: ``add_messages(handle, msgs) -> int`` (new ones only, by id),
  ``messages(handle)``, ``message_ids(handle) -> set``, ``dataset(handle) -> Dataset``,
  ``conversation_messages(handle, key)`` (key: thread root id or ``dm:<conversation>``)
- workflow per *scope* (an account handle, or ``demo:<dataset>``; slugged safely):
  ``workflow(scope) -> WorkflowState``, ``set_state(scope, conv_id, ConversationState)``
- drafts: ``get_draft(scope, conv_id)``, ``save_draft(scope, conv_id, text)``,
  ``delete_draft(scope, conv_id)``, ``drafts(scope) -> {conv_id: text}``
- notes: ``notes(scope, conv_id) -> [dict]``, ``add_note(scope, conv_id, author, text, at=None)``,
  ``delete_note(scope, conv_id, at)``
- sent replies: ``sent_messages(scope) -> [Message]``, ``add_sent(scope, message)``
- key/value (sync cursors, idempotency keys, remote ids): ``get_meta(scope, key, default=None)``,
  ``set_meta(scope, key, value)``
- presence: ``set_presence(scope, agent, conv_id, activity)``, ``presence(scope) -> {agent: {...}}``
- ``revision(scope) -> int``: changes whenever any process wrote the scope (cheap: stat
  calls), for polling; ``clear_scope(scope)`` forgets a scope (demo reset).

Messages are loaded once per Store and kept; later calls re-read only the shards another
process replaced. ``messages()``/``dataset()`` share Message objects with that cache.
"""

from socialtui.store.store import Store, slug

__all__ = ["Store", "slug"]
