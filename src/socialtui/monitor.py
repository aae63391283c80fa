"""Headless watch for servers: evaluate new activity, alert once per new critical finding.

A *finding* is a critical (security) rule that fails with evidence we have not
alerted on before. Alerted evidence ids are remembered in the store (meta of
scope ``monitor``), so a restart does not alert again. An alert counts as
delivered only when the ``--on-alert`` command exits 0; otherwise it is retried
next cycle. Errors (network, full disk) are logged and the loop goes on.
"""

from __future__ import annotations

import shlex
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterable

import orjson

from socialtui.domain.dataset import Dataset
from socialtui.domain.timeutil import format_timestamp
from socialtui.domain.workflow import WorkflowState
from socialtui.errors import SocialtuiError

MONITOR_SCOPE = "monitor"
SEEN_KEY = "alerted"
COMMAND_TIMEOUT = 120


@dataclass(slots=True)
class Alert:
    account: str
    code: str
    name: str
    now: datetime
    new_evidence: list[str]
    evidence: list[str]
    figure: object
    suggestion: str
    reason: str | None

    def to_json(self) -> bytes:
        return orjson.dumps(
            {
                "account": self.account,
                "code": self.code,
                "name": self.name,
                "now": format_timestamp(self.now),
                "new_evidence": self.new_evidence,
                "evidence": self.evidence,
                "figure": self.figure,
                "suggestion": self.suggestion,
                "reason": self.reason,
            },
            option=orjson.OPT_SORT_KEYS,
        )


@dataclass(slots=True)
class CycleResult:
    at: datetime
    accounts: int = 0
    synced: int = 0
    overall: dict[str, str] = field(default_factory=dict)
    alerts_sent: int = 0
    alerts_pending: int = 0
    errors: list[str] = field(default_factory=list)

    def log_line(self) -> str:
        verdicts = " ".join(f"@{h}={v}" for h, v in sorted(self.overall.items())) or "no accounts"
        parts = [format_timestamp(self.at), f"accounts={self.accounts}", f"new={self.synced}", verdicts,
                 f"alerts_sent={self.alerts_sent}"]
        if self.alerts_pending:
            parts.append(f"alerts_pending={self.alerts_pending}")
        if self.errors:
            parts.append("errors=" + " | ".join(self.errors))
        return " ".join(parts)


def critical_findings(report, seen: set[str]) -> list[Alert]:
    """Failing critical rules with evidence not alerted on yet."""
    alerts = []
    for v in report.rules:
        if not (v.critical and v.verdict == "fail"):
            continue
        keys = [f"{report.account}/{v.code}/{e}" for e in v.evidence] or [f"{report.account}/{v.code}/-"]
        new = [e for e, k in zip(v.evidence or ["-"], keys) if k not in seen]
        if new:
            alerts.append(Alert(report.account, v.code, v.name, report.now, [e for e in new if e != "-"],
                                list(v.evidence), v.figure, v.suggestion, v.reason))
    return alerts


def run_alert_command(command: str, alert: Alert) -> str | None:
    """Run ``command`` with the alert JSON on stdin. Returns an error text or None."""
    try:
        done = subprocess.run(shlex.split(command), input=alert.to_json(), capture_output=True,
                              timeout=COMMAND_TIMEOUT, check=False)
    except FileNotFoundError:
        return f"--on-alert command not found: {shlex.split(command)[0]!r}"
    except subprocess.TimeoutExpired:
        return f"--on-alert command did not finish within {COMMAND_TIMEOUT}s"
    except OSError as exc:
        return f"--on-alert command could not start: {exc}"
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return f"--on-alert command exited {done.returncode} {tail[0][:200]}".strip()
    return None


class Monitor:
    """One evaluate-and-alert cycle at a time; the CLI loops over :meth:`cycle`."""

    def __init__(
        self,
        store,
        sources: Callable[[], Iterable[tuple[str, Dataset, WorkflowState]]],
        *,
        on_alert: str | None,
        now_fn: Callable[[], datetime],
        sync: Callable[[], tuple[int, list[str]]] | None = None,
        emit: Callable[[Alert], None] | None = None,
    ) -> None:
        self.store = store
        self.sources = sources
        self.on_alert = on_alert
        self.now_fn = now_fn
        self.sync = sync
        self.emit = emit
        self._seen: set[str] | None = None
        self._unsaved = False

    def _load_seen(self) -> set[str]:
        if self._seen is None:
            try:
                self._seen = set(self.store.get_meta(MONITOR_SCOPE, SEEN_KEY) or [])
            except SocialtuiError:
                self._seen = set()
                raise
        return self._seen

    def _save_seen(self, result: CycleResult) -> None:
        try:
            self.store.set_meta(MONITOR_SCOPE, SEEN_KEY, sorted(self._seen or ()))
            self._unsaved = False
        except (SocialtuiError, OSError) as exc:
            # Keep the memory in this process; retry persisting next cycle.
            self._unsaved = True
            result.errors.append(f"could not save alert memory ({getattr(exc, 'message', exc)}); will retry")

    def cycle(self) -> CycleResult:
        from socialtui.rules.engine import evaluate

        result = CycleResult(at=self.now_fn())
        try:
            seen = self._load_seen()
        except SocialtuiError as exc:
            result.errors.append(f"alert memory unreadable: {exc.message}")
            seen = self._seen if self._seen is not None else set()
        if self.sync is not None:
            try:
                result.synced, sync_errors = self.sync()
                result.errors.extend(sync_errors)
            except Exception as exc:  # noqa: BLE001 - the watch must survive any sync failure
                result.errors.append(f"sync failed: {exc}")
        changed = self._unsaved
        try:
            sources = list(self.sources())
        except SocialtuiError as exc:
            result.errors.append(exc.message)
            sources = []
        for handle, dataset, state in sources:
            result.accounts += 1
            report = evaluate(dataset.snapshot(result.at, state))
            result.overall[handle] = report.overall + (" CRITICAL" if report.critical else "")
            for alert in critical_findings(report, seen):
                if self.on_alert:
                    error = run_alert_command(self.on_alert, alert)
                else:
                    error = None
                    if self.emit is not None:
                        self.emit(alert)
                if error:
                    result.errors.append(error)
                    result.alerts_pending += 1
                    continue
                seen.update(f"{alert.account}/{alert.code}/{e}" for e in (alert.evidence or ["-"]))
                result.alerts_sent += 1
                changed = True
        if changed:
            self._save_seen(result)
        return result
