"""An interrupt that arrives while Python runs a fork's callbacks (logging's `_releaseLock`,
registered with os.register_at_fork) would be raised where the exception is printed and dropped
("Exception ignored in ..."), and the scan would go on with its engines: such a frame defers
the interrupt to the retry timer, as an import does. Seen as a flaky
test_an_interrupt_stops_every_engine_within_two_seconds under load."""
from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from auditor import interrupts


def _releaseLock():  # noqa: N802 - the name logging gives its at-fork callback
    return sys._getframe()


def _ordinary():
    return sys._getframe()


def test_a_fork_callback_frame_is_one_that_drops_exceptions():
    assert interrupts._must_wait(_releaseLock())
    assert not interrupts._must_wait(_ordinary())


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs setitimer")
def test_the_interrupt_is_raised_once_the_callback_is_over():
    restore = interrupts.install()
    try:
        def _releaseLock():  # noqa: N802 - as logging's at-fork callback is named
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.005)  # the handler runs here: deferred, not raised
            return "done"

        got = []
        with pytest.raises(KeyboardInterrupt):
            got.append(_releaseLock())
            time.sleep(1)  # the retry timer raises it here
        assert got == ["done"]  # not inside the callback, where it would have been dropped
    finally:
        restore()
