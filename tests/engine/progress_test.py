"""The --all progress line: on a terminal after a delay, erased at the end; never when piped."""
from __future__ import annotations

import io
import time

import pytest

from vcx_hook.engine import progress
from vcx_hook.main import main


class Tty(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr(progress, '_is_terminal', lambda stream: True)


def test_draws_after_the_delay_and_erases_itself(terminal):
    out = Tty()
    with progress.Progress(1234, stream=out, delay=0, interval=0.01) as p:
        wait_for(lambda: out.getvalue())
        p.advance(5)
        wait_for(lambda: '5/1,234' in out.getvalue())
    text = out.getvalue()
    assert text.startswith('\r\033[Kvcx: auditing 1,234 files... 0s')
    assert '\r\033[Kvcx: auditing 5/1,234 files... 0s' in text
    assert text.endswith('\r\033[K')


def wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.005)


def test_nothing_for_fast_runs(terminal):
    out = Tty()
    with progress.Progress(10, stream=out, delay=5):
        pass
    assert out.getvalue() == ''


@pytest.mark.parametrize(
    ('stream', 'enabled', 'total'),
    (
        pytest.param(io.StringIO(), True, 10, id='not a terminal'),
        pytest.param(Tty(), False, 10, id='not --all'),
        pytest.param(Tty(), True, 0, id='nothing to do'),
    ),
)
def test_disabled(stream, enabled, total):
    with progress.Progress(total, enabled=enabled, stream=stream, delay=0, interval=0.01):
        time.sleep(0.05)
    assert stream.getvalue() == ''


def test_is_terminal(monkeypatch):
    assert not progress._is_terminal(io.StringIO())
    monkeypatch.setenv('TERM', 'dumb')
    assert not progress._is_terminal(Tty())


def test_audit_all_is_quiet_on_stderr_when_not_a_terminal(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path.parent))
    monkeypatch.setattr(progress.Progress.__init__, '__defaults__', (True, None, 0.0, 0.01))
    (tmp_path / 'a.js').write_text('export const x = 1;\n')
    assert main(['audit', '--all', '.']) == 0
    assert capsys.readouterr() == ('', '')
