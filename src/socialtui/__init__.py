"""socialtui: answer the people who talk to your brand, and audit how the account behaves."""

__version__ = "0.1.0"
