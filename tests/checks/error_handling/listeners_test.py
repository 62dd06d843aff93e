"""An async EventEmitter listener's dropped promise is asked at low confidence, wherever it is."""
from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

SERVER = "const db = require('./db');\n"  # a server marker: timeouts are asked here


def tiers(src: str, path: str = 'x.js') -> list[tuple[int, str, str]]:
    """(line, confidence, message) of the family's findings in ``src``."""
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [(f.line, f.confidence, f.message) for f in result.findings if f.check_id == ID]


LISTENER = SERVER + (
    'function listen(bus) {\n'
    "  bus.on('saved', async (doc) => {\n"
    '    await index(doc);\n'
    '  });\n'
    '}\n'
)


def test_async_listener_is_low():
    assert tiers(LISTENER) == [
        (3, 'low', "`bus.on('saved')` ignores the promise of its async listener: a rejection of `index(doc)` is unhandled"),
    ]


def test_async_listener_is_low_where_the_file_logs_unhandled_rejections():
    src = LISTENER + "process.on('unhandledRejection', (reason) => log.error(reason));\n"
    assert tiers(src) == [
        (3, 'low', "`bus.on('saved')` ignores the promise of its async listener: a rejection of `index(doc)` is unhandled"),
    ]


@pytest.mark.parametrize('event', ("'afterStart'", "'users.afterSaveWithAssociations'", '`${name}.beforeSync`', "'message'"))
def test_an_event_named_for_a_hook_or_not_is_low(event):
    src = SERVER + f'function listen(bus, name) {{\n  bus.on({event}, async (doc) => {{\n    await index(doc);\n  }});\n}}\n'
    assert [c for _, c, _ in tiers(src)] == ['low']
