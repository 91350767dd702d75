"""Finding and running the external tools: next to the running interpreter first, then PATH.

semgrep, bandit and pip-audit are optional (`pip install 'auditor[engines]'`); they are run as
programs, never imported, so a native-only install works and a missing tool is an engine that
reports itself skipped (`not_installed`). auditor's own venv holds them when installed, and a
venv that is not activated is not on PATH, so `sys.executable`'s folder is searched first. Every
run is a process group that a time limit kills as a whole (semgrep starts helpers of its own).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path


_GROUPS: set[int] = set()  # process groups of the tools running in this process
_TEMP_DIRS: set[str] = set()  # temporary folders of this engine process, removed on a stop


def temp_dir(prefix: str) -> str:
    """A temporary folder that is removed even when the engine is stopped mid-run."""
    import tempfile

    path = tempfile.mkdtemp(prefix=prefix)
    _TEMP_DIRS.add(path)
    return path


def remove_temp_dir(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)
    _TEMP_DIRS.discard(path)


def kill_running_tools(*_args) -> None:
    """Kill every tool this process started (an engine process being stopped), remove its
    temporary folders, then exit."""
    for pgid in list(_GROUPS):
        kill_group(pgid)
    for path in list(_TEMP_DIRS):
        shutil.rmtree(path, ignore_errors=True)
    os._exit(1)


class EngineError(Exception):
    """An engine could not produce results; the message is the reason shown to the user."""


INSTALL_HINT = "pip install 'auditor[engines]'"


def not_installed_message(tool: str) -> str:
    return f"{tool} is not installed: {INSTALL_HINT}"


def is_not_installed(status) -> bool:
    """The status of an engine skipped because its tool is missing (see `not_installed`)."""
    return status.status == "skipped" and status.message.endswith(f" is not installed: {INSTALL_HINT}")


def not_installed(engine: str, tool: str | None = None):
    """The status of an engine whose tool is missing: skipped, with how to install it."""
    from auditor.model import EngineStatus

    return EngineStatus(engine, "skipped", message=not_installed_message(tool or engine))


def file_errors(entries) -> list[dict]:
    """(file, message) pairs -> one {file, message} per file, in the order first seen: what
    an engine could not analyse (a file with several errors gets them joined)."""
    by_file: dict[str, list[str]] = {}
    for file, message in entries:
        msgs = by_file.setdefault(file, [])
        message = " ".join(str(message).split())[:300] or "error"
        if message not in msgs:
            msgs.append(message)
    return [{"file": f, "message": "; ".join(m[:3]) + (f" (and {len(m) - 3} more)" if len(m) > 3 else "")}
            for f, m in by_file.items()]


def partial_message(tool: str, errors: list[dict], what: str = "could not analyse") -> str:
    """The status message part that counts the files an engine could not analyse."""
    files = [e["file"] for e in errors if e["file"]]
    other = len(errors) - len(files)
    shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
    parts = []
    if files:
        parts.append(f"{len(files)} file{'' if len(files) == 1 else 's'} {tool} {what}: {shown}")
    if other:
        parts.append(f"{other} other error{'' if other == 1 else 's'}: "
                     + "; ".join(e["message"] for e in errors if not e["file"])[:200])
    return "; ".join(parts)


def find_tool(name: str) -> str | None:
    here = Path(sys.executable).parent
    for cand in (here / name, here / f"{name}.exe"):
        if cand.is_file() and os.access(cand, os.X_OK):
            return str(cand)
    return shutil.which(name)


def tool_version(name: str, path: str, package: str | None = None) -> str:
    """The tool's version: package metadata when it lives in our environment, else `--version`."""
    if Path(path).parent == Path(sys.executable).parent:
        try:
            from importlib.metadata import version

            return version(package or name)
        except Exception:  # noqa: BLE001 - fall back to asking the tool
            pass
    try:
        rc, out, _ = run_tool([path, "--version"], timeout=30)
    except EngineError:
        return ""
    for token in out.decode("utf-8", "replace").split():
        if token[:1].isdigit():
            return token.strip(",")
    return ""


def run_tool(cmd: list[str], timeout: float, cwd: str | None = None,
             env: dict | None = None) -> tuple[int, bytes, bytes]:
    """(returncode, stdout, stderr); EngineError when it cannot start or runs out of time."""
    try:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
    except OSError as exc:
        raise EngineError(f"cannot start {Path(cmd[0]).name}: {exc.strerror or exc}") from None
    _GROUPS.add(proc.pid)
    try:
        out, err = proc.communicate(timeout=max(0.1, timeout))
    except subprocess.TimeoutExpired:
        kill_group(proc.pid)
        proc.communicate()
        raise EngineError(f"{Path(cmd[0]).name} did not finish within {timeout:.0f} s") from None
    finally:
        _GROUPS.discard(proc.pid)
    return proc.returncode, out, err


def kill_group(pid: int) -> None:
    """Kill the process group (POSIX) or the process tree (Windows, `taskkill /T`) of `pid`."""
    if os.name == "nt":
        try:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(pid)], capture_output=True,
                           timeout=10, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            pass
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass


def last_line(err: bytes, limit: int = 300) -> str:
    """The most telling line of a tool's stderr for a failure message."""
    lines = [ln.strip() for ln in err.decode("utf-8", "replace").splitlines() if ln.strip()]
    return (lines[-1] if lines else "no error output")[:limit]
