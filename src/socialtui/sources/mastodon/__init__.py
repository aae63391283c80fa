"""Mastodon connector: an async httpx client, sync into the store, replies exactly once.

Polling only (no streaming): a sync fetches what is new since the stored cursors.
"""
