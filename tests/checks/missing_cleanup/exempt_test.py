"""missing-cleanup's teardown test (checks/missing_cleanup/exempt.py): an empty teardown is a stub
and counts as none."""
from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import exempt
from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.ecosystem import resources
from vcx_hook.lang import syntax


def _class_body(src: str) -> syntax.Node:
    tree = syntax.parse(src.encode(), 'typescript')
    stack = [tree.root]
    while stack:
        node = stack.pop()
        if node.type == 'class_body':
            return node
        stack.extend(node.named_children)
    raise AssertionError('no class')


@pytest.mark.parametrize(('method', 'expected'), (
    pytest.param('dispose() { }', False, id='empty'),
    pytest.param('dispose() {\n  // TODO: refresh the page\n}', False, id='comment-only'),
    pytest.param('dispose() { this.ws.close(); }', True, id='does-something'),
    pytest.param('render() { }', False, id='not-a-teardown'),
))
def test_has_teardown(method, expected):
    body = _class_body(f'class Host {{\n{method}\n}}\n')
    assert exempt.has_teardown(body, resources.TEARDOWN_METHODS) is expected


def test_timer_of_a_class_with_an_empty_teardown_is_low():
    src = 'export class Host {\n  init() {\n    setInterval(() => this.ping(), 1000);\n  }\n  dispose() { }\n}\n'
    result = audit.audit(audit.Target('host.ts', src.encode(), None), default_config())
    assert [(f.line, f.confidence) for f in result.findings if f.check_id == ID] == [(3, 'low')]
