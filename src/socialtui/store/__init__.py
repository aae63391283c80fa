"""Persistence on TinyDB with atomic, locked, 0600 files. No textual here.

``Store(root)`` is the one entry point; see :mod:`socialtui.store.store` for the layout.
"""

from socialtui.store.store import Store, slug

__all__ = ["Store", "slug"]
