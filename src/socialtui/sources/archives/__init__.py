"""Account exports (X/Twitter and Mastodon archives) -> messages in the store."""
