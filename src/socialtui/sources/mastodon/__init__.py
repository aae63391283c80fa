"""Mastodon connector: an async httpx client (``client``, token in ``auth``), HTML to text
(``html``), API JSON to Messages (``mapping``), incremental sync into the store (``sync``,
``accounts``) and exactly-once replies (``send``).

A sync fetches what is new since the stored cursors (an idle sync costs three requests).
While the app runs, ``live`` syncs every minute and at once when the instance's user
stream reports new activity; the stream only wakes the sync, it never stores anything.
"""
