"""The hijack checklist: what to do, now, when a security rule fails."""

from __future__ import annotations

from rich.text import Text

from socialtui.ui.screens.dialogs import InfoScreen

STEPS = [
    "Revoke every session and connected app you do not recognise, and every API token.",
    "Change the account password (and the e-mail account's) and turn on two-factor login.",
    "Post a public warning: which messages were not from you, and not to click their links.",
    "Answer every customer who reported it, publicly, with thanks.",
    "Review what was sent while the account was not yours, and delete the harmful messages.",
]


def alarm_screen(report) -> InfoScreen:
    body = Text()
    failing = [v for v in report.rules if v.critical and v.verdict == "fail"]
    body.append("The account may be compromised:\n", "bold red")
    for v in failing:
        body.append(f"  ✗ {v.code} {v.name}: ", "bold")
        body.append(f"{v.reason or ''}\n")
        if v.evidence:
            body.append(f"    evidence: {', '.join(v.evidence[:8])}\n", "dim")
    body.append("\nChecklist\n", "bold underline")
    for i, step in enumerate(STEPS, 1):
        body.append(f"  [{' '}] {i}. {step}\n")
    body.append("\nThe conversations with hijack reports are pinned at the top of the queue.", "dim")
    return InfoScreen("SECURITY ALERT", body)
