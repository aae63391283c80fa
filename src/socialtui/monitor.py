"""Headless watch for servers: evaluate new activity, alert once per new critical finding.

A *finding* is a critical (security) rule that fails with evidence we have not
alerted on before. Alerted evidence ids are remembered in the store (meta of
scope ``monitor``), so a restart does not alert again. An alert counts as
delivered only when the ``--on-alert`` command exits 0; otherwise it is retried
next cycle. Errors (network, full disk) are logged and the loop goes on.

Several monitors may watch the same data dir (cron overlapping a systemd unit, two
cron lines). Each alert is *claimed* under the store lock before it is sent: the
claim is re-read and written while the lock is held, so exactly one process sends
it. A failed command releases its claim (the next cycle retries); a claim whose
process died mid-send expires after :data:`CLAIM_TTL` seconds. An alert whose claim
cannot be saved (read-only or full data dir) is not sent: a monitor that cannot
remember what it sent would send it again every cycle.

Told to stop (SIGTERM from systemd, ctrl+c), a monitor sends no further alert: the command
running gets :data:`STOP_GRACE` seconds to finish, then it is killed with what it started,
and every alert not delivered is released for the next start (not left claimed).
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import orjson

from socialtui.domain.dataset import Dataset
from socialtui.domain.timeutil import format_timestamp
from socialtui.domain.workflow import WorkflowState
from socialtui.errors import SocialtuiError, StoreError, StoreLockedError

MONITOR_SCOPE = "monitor"
SEEN_KEY = "alerted"
CLAIMS_KEY = "claimed"  # memory key -> epoch seconds when a process claimed it for sending
COMMAND_TIMEOUT = 120
CLAIM_TTL = COMMAND_TIMEOUT + 60  # a claim this old belongs to a process that died while sending
STOP_GRACE = 5.0  # s an alert command running when the monitor is told to stop may still take
POLL = 0.25  # s between two looks at a running command (has the monitor been told to stop?)


class AlertStopped(Exception):
    """The monitor was told to stop while an alert command ran: the command was killed and the
    alert not delivered (it is sent on the next start)."""


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
    stopped: bool = False  # told to stop before the cycle was done: what is pending waits for the next start

    def log_line(self) -> str:
        verdicts = " ".join(f"@{h}={v}" for h, v in sorted(self.overall.items())) or "no accounts"
        parts = [format_timestamp(self.at), f"accounts={self.accounts}", f"new={self.synced}", verdicts,
                 f"alerts_sent={self.alerts_sent}"]
        if self.alerts_pending:
            parts.append(f"alerts_pending={self.alerts_pending}")
        if self.stopped:
            parts.append("stopped=true")
        if self.errors:  # one line per cycle: an error's hint joins it instead of starting a line
            parts.append("errors=" + " | ".join(" ".join(line.strip() for line in e.splitlines() if line.strip())
                                                for e in self.errors))
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


def run_alert_command(command: str, alert: Alert, stop: Callable[[], bool] = lambda: False) -> str | None:
    """Run ``command`` through the shell (``/bin/sh -c``: pipes, redirections and variables
    work, as in cron) with the alert as one JSON line on stdin. Returns an error text or None.

    Done is when the shell exits: a notifier it leaves running in the background keeps its
    copies of stdin and stderr (files here, not pipes to wait on). The command and what it
    starts get COMMAND_TIMEOUT seconds; then the whole process group is killed, and so it is
    when the monitor is interrupted, or STOP_GRACE seconds after ``stop()`` first says the
    monitor is to stop (then :class:`AlertStopped` is raised, as it is for a command the same
    stop signal ended: systemd signals the whole service)."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as given:
        given.write(alert.to_json() + b"\n")
        given.seek(0)
        try:
            proc = subprocess.Popen(command, shell=True, stdin=given, stdout=subprocess.DEVNULL,  # nosec B602
                                    stderr=err, start_new_session=True)
        except OSError as exc:
            return f"--on-alert command could not start: {exc}"
        try:
            outcome = _wait_for(proc, stop)
        except BaseException:  # the monitor was interrupted: the command stops with it
            _kill_group(proc)
            proc.wait()
            raise
        if outcome is not None:
            _kill_group(proc)
            proc.wait()
        if outcome == "stopped" or (proc.returncode < 0 and stop()):
            raise AlertStopped(f"the monitor was told to stop while {command!r} ran")
        if outcome == "timeout":
            return f"--on-alert command did not finish within {COMMAND_TIMEOUT}s"
        err.seek(0)
        tail = err.read()[-4096:].decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    if proc.returncode == 127:
        return f"--on-alert command not found: {command!r} ({tail[0][:200]})".replace(" ()", "")
    if proc.returncode != 0:
        return f"--on-alert command exited {proc.returncode} {tail[0][:200]}".strip()
    return None


def _wait_for(proc: subprocess.Popen, stop: Callable[[], bool]) -> str | None:
    """Wait until the command exits: None, or "timeout" / "stopped" when it has to be killed
    (it is looked at every POLL seconds: has the monitor been told to stop?)."""
    deadline = time.monotonic() + COMMAND_TIMEOUT
    grace_end = None
    while True:
        left = deadline - time.monotonic()
        try:
            proc.wait(timeout=max(0.0, min(POLL, left)))
            return None
        except subprocess.TimeoutExpired:
            pass
        now = time.monotonic()
        if now >= deadline:
            return "timeout"
        if stop():
            grace_end = grace_end if grace_end is not None else now + STOP_GRACE
            if now >= grace_end:
                return "stopped"


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def alert_keys(alert: Alert) -> list[str]:
    """The memory keys an alert covers: one per evidence id (``-`` for a rule without evidence)."""
    return [f"{alert.account}/{alert.code}/{e}" for e in (alert.evidence or ["-"])]


def _write_problem(exc: BaseException) -> str:
    """The operating system's reason (``Read-only file system``) where there is one."""
    cause = exc if isinstance(exc, OSError) else exc.__context__
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror
    return str(getattr(exc, "message", None) or exc)


class DataDirNotWritable(StoreError):
    """The monitor cannot record the alerts it sends (exit 3, as every store that cannot be written)."""

    def __init__(self, root: Path, problem: str) -> None:
        super().__init__(
            f"The data directory {root} is not writable ({problem}). The monitor must record every alert "
            "it sends, or it would send it again on every run, so no alert was sent.",
            "Pick a writable data directory with --data-dir DIR or SOCIALTUI_DATA_DIR.")


def ensure_writable(store) -> None:
    """Take the store lock and create (then remove) a file in the data dir, or raise DataDirNotWritable."""
    root = Path(store.root)
    try:
        with _lock(store):
            fd, probe = tempfile.mkstemp(prefix=".monitor-probe.", dir=root)
            os.close(fd)
            os.unlink(probe)
    except StoreLockedError:
        raise
    except (SocialtuiError, OSError) as exc:
        raise DataDirNotWritable(root, _write_problem(exc)) from None


def _lock(store):
    # The Store's own data-dir lock (a filelock beside the data); stores without one
    # (tests' in-memory stand-ins) are used by one thread only.
    locked = getattr(store, "locked", None)
    return locked() if locked is not None else nullcontext()


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
        clock: Callable[[], float] = time.time,
        stop: Callable[[], bool] = lambda: False,
    ) -> None:
        self.store = store
        self.sources = sources
        self.on_alert = on_alert
        self.now_fn = now_fn
        self.sync = sync
        self.emit = emit
        self.clock = clock
        self.stop = stop  # says the monitor was told to stop (checked between alerts and accounts)
        # Keys this process delivered whose record is not saved yet (a write failed after
        # sending): never sent again by this process, and saved on the next cycle.
        self._delivered: set[str] = set()

    # -- the alert memory, read and written under the store lock -----------------------
    def _read(self) -> tuple[set[str], dict[str, float]]:
        alerted = set(self.store.get_meta(MONITOR_SCOPE, SEEN_KEY) or [])
        raw = self.store.get_meta(MONITOR_SCOPE, CLAIMS_KEY)
        # A claim that is not a time (edited by hand) is treated as expired.
        claims = {str(k): float(at) for k, at in raw.items()
                  if isinstance(at, (int, float)) and not isinstance(at, bool)} if isinstance(raw, dict) else {}
        return alerted, claims

    def _write(self, alerted: set[str], claims: dict[str, float]) -> None:
        # What was sent first: cut off between the two writes, a sent alert stays recorded (a
        # claim left over only delays an alert until it expires)
        self.store.set_meta(MONITOR_SCOPE, SEEN_KEY, sorted(alerted))
        self.store.set_meta(MONITOR_SCOPE, CLAIMS_KEY, claims)

    def _claim(self, report) -> list[Alert]:
        """The report's new findings that no process has sent or is sending; claimed for this one."""
        now = self.clock()
        with _lock(self.store):
            alerted, claims = self._read()
            alerted |= self._delivered
            claims = {k: at for k, at in claims.items() if now - at < CLAIM_TTL}
            alerts = critical_findings(report, alerted | set(claims))
            for position, alert in enumerate(alerts):
                # sent one after another, each command up to COMMAND_TIMEOUT: a later alert's claim
                # must not expire while the ones before it are still being sent
                claims.update((k, now + position * COMMAND_TIMEOUT) for k in alert_keys(alert) if k not in alerted)
            if alerts or self._delivered:
                self._write(alerted, {k: at for k, at in claims.items() if k not in alerted})
        self._delivered.clear()
        return alerts

    def _settle(self, delivered: list[Alert], failed: list[Alert], result: CycleResult) -> None:
        """Record the delivered alerts and release the claims of the failed ones."""
        done = {k for a in delivered for k in alert_keys(a)}
        released = {k for a in failed for k in alert_keys(a)}
        try:
            with _lock(self.store):
                alerted, claims = self._read()
                alerted |= done
                self._write(alerted, {k: at for k, at in claims.items() if k not in alerted and k not in released})
        except (SocialtuiError, OSError) as exc:
            # Sent, but not recorded: remember in this process and save next cycle.
            self._delivered |= done
            result.errors.append(f"could not save alert memory ({_write_problem(exc)}); will retry")

    def _send(self, alert: Alert) -> str | None:
        if self.on_alert:
            return run_alert_command(self.on_alert, alert, self.stop)
        if self.emit is not None:
            self.emit(alert)
        return None

    def cycle(self) -> CycleResult:
        from socialtui.rules.engine import evaluate

        result = CycleResult(at=self.now_fn())
        if self.sync is not None:
            try:
                result.synced, sync_errors = self.sync()
                result.errors.extend(sync_errors)
            except Exception as exc:  # noqa: BLE001 - the watch must survive any sync failure
                result.errors.append(f"sync failed: {exc}")
        try:
            sources = list(self.sources())
        except SocialtuiError as exc:
            result.errors.append(exc.message)
            sources = []
        for handle, dataset, state in sources:
            if self.stop():
                result.stopped = True
                break
            result.accounts += 1
            report = evaluate(dataset.snapshot(result.at, state))
            result.overall[handle] = report.overall + (" CRITICAL" if report.critical else "")
            if not any(v.critical and v.verdict == "fail" for v in report.rules):
                continue
            try:
                alerts = self._claim(report)
            except (SocialtuiError, OSError) as exc:
                pending = len(critical_findings(report, self._delivered))
                result.alerts_pending += pending
                result.errors.append(f"could not record alerts before sending ({_write_problem(exc)}); "
                                     f"{pending} alert(s) not sent, will retry")
                continue
            delivered, failed = [], []
            for position, alert in enumerate(alerts):
                try:
                    if self.stop():
                        raise AlertStopped("told to stop before this alert was sent")
                    error = self._send(alert)
                except AlertStopped:  # this one and the rest not sent: released below, for the next start
                    result.stopped = True
                    failed.extend(alerts[position:])
                    break
                except BaseException:  # interrupted at once (a second ctrl+c): keep the books first
                    self._settle(delivered, failed + alerts[position:], result)
                    raise
                if error:
                    result.errors.append(error)
                    failed.append(alert)
                else:
                    delivered.append(alert)
            result.alerts_sent += len(delivered)
            result.alerts_pending += len(failed)
            if alerts:
                self._settle(delivered, failed, result)
        return result
