"""lang/source: a server file's own `document` (a record, not the DOM) does not make it UI code."""
from __future__ import annotations

import pytest

from vcx_hook.lang import scope as scope_mod
from vcx_hook.lang import syntax


@pytest.mark.parametrize(('src', 'ui'), [
    pytest.param(b'const document = await Doc.findById(id);\nreturn document.title;\n', False, id='a local const'),
    pytest.param(b'export function present(document: Document) {\n  return { id: document.id };\n}\n', False,
                 id='a typed parameter'),
    pytest.param(b'const el = document.getElementById("x");\n', True, id='the DOM'),
    pytest.param(b'const docs = input.documents.map((document) => ({ name: document.name }));\n', False,
                 id="an arrow's parameter"),
    pytest.param(b'const names = input.documents.map(document => document.name);\n', False,
                 id="an arrow's bare parameter"),
    pytest.param(b'const names = f((document), 1);\nreturn document.title;\n', True, id='no arrow after it'),
    pytest.param(b'docs.forEach(function (document) {\n  document.status = 1;\n});\n', False,
                 id="a function expression's parameter"),
    pytest.param(b'function copy(data, document) {\n  return document.title;\n}\n', False,
                 id="a named function's parameter"),
    pytest.param(b'call(function () { return x; }, document);\nconst t = document.title;\n', True,
                 id='an argument after a function'),
    pytest.param(b'function f(document) {\n  return document.title;\n}\nwindow.scrollTo(0, 0);\n', True,
                 id='another DOM global'),
    pytest.param(b'const dom = new JSDOM(html);\nconst title = dom.window.document.title;\n', False,
                 id="JSDOM's window, a property"),
])
def test_local_document_is_no_dom(src, ui):
    file = scope_mod.File('a.ts', syntax.parse(src, 'typescript'))
    assert scope_mod.is_ui_file(file) is ui


def test_destructured_document_is_no_dom():
    src = b'function log({ document, fork }: Args) {\n  return document.trunkId;\n}\n'
    assert scope_mod.is_ui_file(scope_mod.File('a.ts', syntax.parse(src, 'typescript'))) is False


@pytest.mark.parametrize(('path', 'ui'), [
    pytest.param('app/components/Button.tsx', True, id='a component'),
    pytest.param('app/services/email.server.tsx', False, id="Remix's server-only module"),
    pytest.param('app/entry.server.jsx', False, id='the server entry'),
    pytest.param('app/server/Page.tsx', True, id='a component under a server folder'),
])
def test_server_only_jsx_modules(path, ui):
    src = b'export const page = () => <main>hi</main>;\n'
    assert scope_mod.is_ui_file(scope_mod.File(path, syntax.parse(src, 'tsx'))) is ui
