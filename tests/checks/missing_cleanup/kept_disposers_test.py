from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

SHOW_LOW = default_config()._replace(enabled=frozenset((ID,)), show='low')


def findings(body: str, rest: str = '') -> list[tuple[int, str]]:
    src = f'export class View {{\n  start() {{\n    {body}\n  }}\n{rest}}}\n'
    result = audit.audit(Target('src/view.js', src.encode(), None), SHOW_LOW)
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'nothing in the file ever calls' in f.message]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param('this.stopWatching = store.watch(() => this.render());', id='stop'),
        pytest.param('this.unsubscribeUser = await auth.onChange(this.render);', id='awaited'),
        pytest.param('this._offResize = bus.on("resize", this.layout);', id='off'),
    ),
)
def test_never_called(body):
    assert findings(body) == [(3, 'low')]


@pytest.mark.parametrize(
    ('body', 'rest'),
    (
        pytest.param('this.stopWatching = store.watch(f);', '  stop() { this.stopWatching(); }\n', id='called'),
        pytest.param('this.stopWatching = store.watch(f);', '  stop() { run(this.stopWatching); }\n', id='handed on'),
        pytest.param('this.stopWatching = store.watch(f);', "  stop() { this['stopWatching'](); }\n", id='in a string'),
        pytest.param('this.stopButton = document.querySelector(".stop");', '', id='a lookup'),
        pytest.param('this.stopWatching = this.watch.bind(this);', '', id='bound'),
        pytest.param('this.cancelRequest = api.cancel();', '', id='not a disposer name'),
        pytest.param('this.stopped = isDone();', '', id='a flag'),
    ),
)
def test_not_asked(body, rest):
    assert findings(body, rest) == []
