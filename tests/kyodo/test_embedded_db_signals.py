"""The demo's embedded PostgreSQL is stopped by the exit handlers on SIGTERM; a second
SIGTERM (a supervisor that repeats it) must not cut those handlers short."""

import signal

import pytest

from kyodo.embedded_db import _exit_once


def test_the_first_sigterm_exits_and_later_ones_are_ignored():
    previous = signal.getsignal(signal.SIGTERM)
    try:
        with pytest.raises(SystemExit) as exited:
            _exit_once(signal.SIGTERM, None)
        assert exited.value.code == 128 + signal.SIGTERM
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, previous)
