from __future__ import annotations

import pytest

from vcx_hook.checks.unvalidated_input import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str) -> list[tuple[int, str]]:
    result = audit.audit(Target('server/mail.js', src.encode(), None), default_config()._replace(show='low'))
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and "mail's HTML" in f.message]


@pytest.mark.parametrize('html', (
    '`<p>${p.note}</p>`',
    "`<p>${p.note.replace(/\\n/g, '<br>')}</p>`",
))
def test_a_parameters_value_in_a_mails_html_is_asked(html):
    src = f"function mail(p) {{\n  return {{\n    to: p.email,\n    html: {html},\n  }};\n}}\n"
    assert findings(src) == [(4, 'low')]


@pytest.mark.parametrize('src', (
    "function mail(p) {\n  return { to: p.email, html: `<p>${escape(p.note)}</p>` };\n}\n",
    "function mail(p) {\n  return { to: p.email, html: `<p>${p.userId}</p>` };\n}\n",
    "function page(p) {\n  return { id: 1, html: `<p>${p.note}</p>` };\n}\n",
    "function mail(p) {\n  return { to: p.email, html: `${p.note}` };\n}\n",
))
def test_escaped_narrow_not_a_mail_or_no_markup_is_not(src):
    assert findings(src) == []
