from __future__ import annotations

import pytest

from vcx_hook.checks.unvalidated_input import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str) -> list[int]:
    result = audit.audit(Target('server/links.js', src.encode(), None), default_config()._replace(show='low'))
    return [f.line for f in result.findings if f.check_id == ID and "request's own host" in f.message]


@pytest.mark.parametrize('head', ("req.get('host')", 'req.headers.host', 'new URL(req.url).origin'))
def test_a_handed_out_link_on_the_request_host_is_asked(head):
    assert findings(f'function f(req, t) {{\n  const verifyUrl = `${{{head}}}/verify/${{t}}`;\n  return verifyUrl;\n}}\n') == [2]


@pytest.mark.parametrize('src', (
    'function f(req, t) {\n  const label = `${req.headers.host}/verify/${t}`;\n  return label;\n}\n',
    'function f(req, t) {\n  const verifyUrl = `${process.env.APP_URL}/verify/${t}`;\n  return verifyUrl;\n}\n',
    'function f(req, t) {\n  const verifyUrl = `https://${t}.example.org/${req.headers.host}`;\n  return verifyUrl;\n}\n',
))
def test_another_name_a_configured_origin_or_a_host_later_in_the_link_is_not(src):
    assert findings(src) == []
