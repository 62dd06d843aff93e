from __future__ import annotations

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')


def lines(src: str) -> list[int]:
    result = audit.audit(Target('src/widget.js', src.encode(), None), CONFIG)
    return [f.line for f in result.findings if f.check_id == ID and 'clears nothing' in f.message]


def test_a_clear_with_no_id_is_asked_and_one_with_an_id_or_on_an_own_object_is_not():
    src = ('export function stop(w) {\n  clearInterval();\n  window.clearTimeout();\n  clearTimeout(w.timer);\n'
           '  w.scheduler.clearTimeout();\n}\n')
    assert lines(src) == [2, 3]
