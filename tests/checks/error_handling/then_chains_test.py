"""A floating ``.then()`` chain is low confidence (judged 29% of 12, none worth asking)."""
from __future__ import annotations

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

SERVER = "const db = require('./db');\n"  # a server marker: timeouts are asked here


def tiers(src: str, path: str = 'x.js') -> list[tuple[int, str, str]]:
    """(line, confidence, message) of the family's findings in ``src``."""
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [(f.line, f.confidence, f.message) for f in result.findings if f.check_id == ID]


def test_a_floating_chain_is_low():
    src = SERVER + (
        'function warm(keys) {\n'
        "  loadAll(keys).then((values) => log.info('warmed', values.length));\n"
        '}\n'
    )
    assert tiers(src) == [
        (3, 'low', "`loadAll(keys).then((values) => log.info('...` is neither awaited nor returned and has no "
                   '`.catch()`: a rejection goes unhandled'),
    ]
