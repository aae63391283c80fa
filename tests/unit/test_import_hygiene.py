"""The engine must not depend on the TUI: `socialtui health` runs on servers without it."""

import subprocess
import sys

import pytest

CORE = [
    "socialtui.domain",
    "socialtui.sources.dataset_dir",
    "socialtui.rules.base",
    "socialtui.rules.engine",
    "socialtui.rules.registry",
    "socialtui.store",
    "socialtui.queue",
    "socialtui.lint",
    "socialtui.workspace",
]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module):
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"{module} pulls in {out.stdout.strip()}"
