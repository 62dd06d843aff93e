from __future__ import annotations

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')


def found(executor: str) -> list[str]:
    src = f'export function wait(bus) {{\n  return new Promise((resolve, reject) => {{\n{executor}\n  }});\n}}\n'
    result = audit.audit(Target('src/wait.js', src.encode(), None), CONFIG)
    return [f'{f.line} {f.message}' for f in result.findings if f.check_id == ID]


def test_each_waiter_undoes_only_itself():
    assert found("    const offA = bus.subscribe('a', () => { resolve(); offA(); });\n"
                 "    const offB = bus.subscribe('b', () => { reject(); offB(); });") == [
        "3 `offA()` is called only in its own handler: when the `subscribe` handler on line 4 settles the "
        'promise first, this registration stays (one more per call)',
        "4 `offB()` is called only in its own handler: when the `subscribe` handler on line 3 settles the "
        'promise first, this registration stays (one more per call)',
    ]


def test_a_winner_that_undoes_both():
    assert found("    const offA = bus.subscribe('a', () => { resolve(); offA(); offB(); });\n"
                 "    const offB = bus.subscribe('b', () => { reject(); offB(); offA(); });") == []


def test_a_single_waiter():
    assert found("    const offA = bus.subscribe('a', () => { resolve(); offA(); });") == []
