from __future__ import annotations

import pytest

from vcx_hook.checks.unvalidated_input import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str, path: str = 'src/pages.ts') -> list[tuple[int, str, str]]:
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [(f.line, f.confidence, f.message) for f in result.findings if f.check_id == ID]


def message(value: str, placeholder: str, html: bool) -> str:
    where = 'an HTML template' if html else 'a template'
    return (f'`{value}` fills the `{placeholder}` placeholder of {where} unescaped: a `<` or a quote in it is markup '
            'in what the template renders (XSS); escape it for HTML first')


@pytest.mark.parametrize(
    ('body', 'value', 'placeholder', 'html'),
    (
        pytest.param("return tpl.replace(/{{TO}}/g, req.query.to);", 'req.query.to', '{{TO}}', False, id='request field'),
        pytest.param("const to = req.query.to;\n  return tpl.replace('{{TO}}', to || '/');", 'to', '{{TO}}', False,
                     id='through a local'),
        pytest.param("return tpl.replace(/{url}/g, window.location.href);", 'window.location.href', '{url}', False,
                     id='page url'),
        pytest.param("return html.replace(/{{BODY}}/g, err.message);", 'err.message', '{{BODY}}', True,
                     id='parameter into html'),
        pytest.param("return tpl.replace(/{{BODY}}/g, `<p>${err.message}</p>`);", 'err.message', '{{BODY}}', True,
                     id='html written with tags'),
        pytest.param("const page = readFileSync('error.html', 'utf8');\n  return page.replace('{{BODY}}', err.message);",
                     'err.message', '{{BODY}}', True, id='read from an html file'),
    ),
)
def test_asked(body, value, placeholder, html):
    src = f'export function page(req, err, tpl, html) {{\n  {body}\n}}\n'
    assert [(line, conf, msg) for line, conf, msg in findings(src) if 'placeholder' in msg] == [
        (1 + body.count('\n') + 1, 'low', message(value, placeholder, html))]


@pytest.mark.parametrize(
    'body',
    (
        pytest.param("return tpl.replace(/{{BODY}}/g, err.message);", id='a parameter, template not known html'),
        pytest.param("return html.replace(/{{BODY}}/g, escapeHtml(err.message));", id='escaped'),
        pytest.param("return html.replace(/{{ID}}/g, err.userId);", id='an id'),
        pytest.param("return html.replace(/{{TO}}/g, req.headers.referer);", id='a header: the browser sets it'),
        pytest.param("return html.replace(/{{URL}}/g, location.origin + location.pathname);", id='url parts'),
        pytest.param("return html.replace(/\\n/g, req.query.to);", id='no placeholder'),
    ),
)
def test_not_asked(body):
    src = f'export function page(req, err, tpl, html) {{\n  {body}\n}}\n'
    assert [f for f in findings(src) if 'placeholder' in f[2]] == []
