"""Shared test fixtures: bundled dataset paths and a throwaway data dir."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import os

import pytest
from hypothesis import settings

# CI runs the property tests on the same examples every time (a red build names a commit's
# fault, not a lucky draw); a developer's run explores new ones (HYPOTHESIS_PROFILE unset).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
KESTREL = FIXTURES / "kestrel"
HARBOR = FIXTURES / "harbor"
AS_OF = datetime(2026, 11, 20, 18, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    """No test touches the real user's data or config directories."""
    monkeypatch.setenv("SOCIALTUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SOCIALTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("SOCIALTUI_TOKEN", raising=False)
