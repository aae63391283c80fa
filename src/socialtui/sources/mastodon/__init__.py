"""Mastodon connector: an async httpx client (``client``, token in ``auth``), HTML to text
(``html``), API JSON to Messages (``mapping``), incremental sync into the store (``sync``,
``accounts``) and exactly-once replies (``send``).

Polling only: a sync fetches what is new since the stored cursors; the streaming API
is not used (an idle sync costs three requests, so polling every minute is cheap).
"""
