"""An interrupt is raised where the program is, but never inside an import: an exception thrown
into a C extension module's initialisation crashed the interpreter (SIGSEGV in orjson's) and
left the engines running."""
from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = r'''
import os, signal, sys, time
sys.path.insert(0, {src!r})
sys.path.insert(0, {mods!r})
from auditor.interrupts import install
restore = install()
try:
    import slow_module
    time.sleep(2)
    print("not interrupted")
except KeyboardInterrupt as exc:
    print(type(exc).__name__, "after import:", "slow_module" in sys.modules,
          getattr(sys.modules.get("slow_module"), "DONE", False))
finally:
    restore()
print("restored:", signal.getsignal(signal.{sig}) is {default})
'''

MODULE = ("import os, signal, time\n"
          "os.kill(os.getpid(), signal.{sig})\n"
          "for _ in range(200):\n"
          "    time.sleep(0.001)\n"  # bytecode boundaries where a handler could run
          "DONE = True\n")


@pytest.mark.parametrize("sig,raised,default", [
    ("SIGINT", "KeyboardInterrupt", "signal.default_int_handler"),
    ("SIGTERM", "Terminated", "signal.SIG_DFL"),
])
def test_a_signal_inside_an_import_is_raised_once_the_import_is_done(tmp_path, sig, raised,
                                                                      default):
    from pathlib import Path

    src = str(Path(__file__).resolve().parent.parent / "src")
    (tmp_path / "slow_module.py").write_text(MODULE.format(sig=sig))
    code = PROBE.format(src=src, mods=str(tmp_path), sig=sig, default=default)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.splitlines() == [f"{raised} after import: True True", "restored: True"], \
        out.stdout + out.stderr


def test_a_signal_outside_an_import_is_raised_at_once():
    code = ("import os, signal, sys, time\n"
            f"sys.path.insert(0, {str(__import__('pathlib').Path(__file__).resolve().parent.parent / 'src')!r})\n"
            "from auditor.interrupts import install\ninstall()\n"
            "t = time.monotonic()\n"
            "try:\n    os.kill(os.getpid(), signal.SIGTERM)\n    time.sleep(5)\n"
            "except KeyboardInterrupt as exc:\n"
            "    print(type(exc).__name__, time.monotonic() - t < 1)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["Terminated", "True"], out.stdout + out.stderr
