"""Which calls are network calls: a fetch-like function or a client module called by the name the
file binds it to, a method call on a client module or on an instance the file makes."""
from __future__ import annotations

import re

from vcx_hook.checks.error_handling.facts import Facts
from vcx_hook.checks.error_handling.facts import Names
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import owned
from vcx_hook.ecosystem.http import Client
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node


def client(call: Node, names: Names, facts: Facts) -> Client | None:
    fn = s.callee(call)
    if fn is None:
        return None
    if fn.type == 'identifier':
        name = s.text(fn)
        if name in facts.wrapped:
            return None
        if _locally_bound(fn):
            value = s.initializer(fn)
            return _fetch_alias(value, names) if value is not None else None
        return http.called_client(name, names['fetch_functions'], names['clients'])
    recv = s.text(fn.child_by_field_name('object'))
    method = s.callee_name(call)
    if recv == 'this' and method not in http.METHODS:
        return _fetch_field(facts.file, fn, method, names)
    if method not in http.METHODS:
        return None
    if recv in facts.instances:
        return Client(http.THROWS, facts.instances[recv][0], recv)
    if recv not in names['clients'] or recv in facts.wrapped:
        return None
    obj = s.unwrap(fn.child_by_field_name('object'))
    if recv in http.NODE_HTTP and obj.type == 'identifier' and not _node_http(obj):
        return None  # `http: HttpClient` handed in: the project's own client, not Node's module
    return http.method_client(recv, method)



def _fetch_alias(value: Node, names: Names) -> Client | None:
    """fetch under another name, as one of the alternatives it is chosen from (``let fetchFunc =
    timeout ? fetchWithTimeout : fetch``, ``options.fetch || fetch``): every alternative takes and
    answers what fetch does, so the call keeps fetch's contract (pinafore's ``_get`` and
    lighthouse-ci's ``ApiClient``, real bugs of holdout16 and holdout18: a body read with no status
    check)."""
    value = s.unwrap(value)
    if value.type == 'ternary_expression':
        branches = [value.child_by_field_name('consequence'), value.child_by_field_name('alternative')]
    elif value.type == 'binary_expression' and s.text(value.child_by_field_name('operator')) in ('||', '??'):
        branches = [value.child_by_field_name('left'), value.child_by_field_name('right')]
    else:
        branches = [value]
    for branch in branches:
        node = s.unwrap(branch) if branch is not None else None
        if node is not None and node.type == 'identifier' and not _locally_bound(node) and (
                s.text(node) in names['fetch_functions']):
            return http.called_client(s.text(node), names['fetch_functions'], names['clients'])
    return None


def _fetch_field(file: File, callee: Node, prop: str, names: Names) -> Client | None:
    """``this._fetch(url)`` where the class sets ``this._fetch = options.fetch || fetch``: every
    value the class gives the field is fetch or an alternative of it (``_fetch_alias``)."""
    if 'fetch' not in prop.lower():
        return None
    body = next((a for a in s.ancestors(callee) if a.type == 'class_body'), None)
    values = owned.field_values(file, body, prop) if body is not None else []
    found = [_fetch_alias(v, names) for v in values]
    return found[0] if found and all(found) else None


def _node_http(ident: Node) -> bool:
    """``http`` is Node's module: not declared in the file (a global of old code), imported or
    required from ``http``/``https`` (``node:`` too); not a parameter or a local bound to something
    else (firecrawl's SDK methods take ``http: HttpClient``, an axios wrapper: judged not worth
    asking, ``shape:axios-wrapper-not-node-http``)."""
    decl = s.declaration(ident)
    if decl is None:
        return True
    statement = next((a for a in s.ancestors(decl) if a.type == 'import_statement'), None)
    if statement is not None:
        return s.string_value(statement.child_by_field_name('source')) in http.NODE_HTTP_MODULES
    if decl.type == 'variable_declarator':
        value = decl.child_by_field_name('value')
        value = s.unwrap(value) if value is not None else None
        args = s.arguments(value) if value is not None and value.type == 'call_expression' else []
        return s.callee_name(value) == 'require' and bool(args) and s.string_value(args[0]) in http.NODE_HTTP_MODULES \
            if value is not None else False
    return False


def network_chain(top: Node, names: Names, facts: Facts) -> bool:
    return any(client(c, names, facts) is not None for c in s.chain_calls(top))


def dynamic_import(top: Node) -> bool:
    inner = s.chain_calls(top)[-1]
    fn = s.callee(inner)
    return fn is not None and fn.type == 'import'


def bundled_asset(call: Node, file: File | None = None) -> bool:
    """A file shipped with the code: ``fetch(new URL('./font.ttf', import.meta.url))``, a name the
    file imports from a data file of the project (``import manual from './assets/manual.md';
    fetch(manual)``: the bundler turns it into the URL of a copy served beside the page; not a
    module's code, ``.js``, ``.json``), or a static
    file of the page's own origin (``fetch('/countries.geojson')``, also through a ``const``): an
    error there is a broken deploy that fails the parse loudly, not a state to handle (bench/judged
    ``shape:static-same-origin-asset``, 0 of 2); or bytes already in the page, a ``data:`` or
    ``blob:`` URL (``fetch(canvas.toDataURL())``), which has no HTTP status."""
    args = s.arguments(call)
    arg = s.unwrap(args[0]) if args else None
    if arg is None:
        return False
    if arg.type == 'new_expression':
        return b'import.meta.url' in arg.text
    if arg.type == 'identifier' and file is not None and s.declaration(arg) is None:
        imported = bindings.imports(file).get(s.text(arg))
        if imported is not None and _ASSET_MODULE.search(imported.library) is not None:
            return True
    value = s.initializer(arg) if arg.type == 'identifier' else arg
    if value is not None and s.callee_name(s.unwrap(value)) in _IN_MEMORY:
        return True
    path = s.string_value(s.unwrap(value)) if value is not None else None
    return path is not None and (path.startswith(('data:', 'blob:')) or (
        _STATIC_FILE.match(path) is not None and '/api/' not in path))


# A module specifier of the project's own data file (`./assets/parcoursup.md`, `@/docs/terms.txt`,
# Vite's `./model.bin?url`): what a bundler imports as the URL of a file it copies beside the page
# (catalogue-apprentissage's manual, round 31, judged not worth asking: ``handled:static-bundled-asset``).
# Not a package, nor a module of code or JSON (imported as values, not URLs).
_ASSET_MODULE = lazyre.compile(
    r'^(?:\.{1,2}|[@~#]|src)/[^?#:]*\.(?!(?:[cm]?[jt]sx?|json5?|vue|svelte|astro|node)(?:[?#]|$))[a-z][a-z0-9]{0,7}'
    r'(?:\?(?:url|raw)?)?$', re.I)


# What makes a URL of bytes already in the page (`canvas.toDataURL('image/png')`,
# `URL.createObjectURL(blob)`): fetching it turns them into a blob, no network and no HTTP status
# (chatbot-ui's drawing canvas, judged not worth asking: ``shape:data-url-fetch-no-http-status``).
_IN_MEMORY = frozenset(('toDataURL', 'createObjectURL'))


# A path of the page's own origin to a file, named with its extension (not an API route: `/api/...`;
# not a page a server runs, `.php`, `.aspx`...): data, media, a template to download
# (`/template/template-enfants.xlsx`: enfants-du-spectacle, round 19, twice judged not worth asking,
# ``shape:same-origin-static-asset-download``).
_STATIC_FILE = lazyre.compile(
    r'^\.{0,2}/[^?#:]*\.(?!(?:php\d?|aspx?|ashx|jsp|cgi|pl|py|rb|do|action|cfm)(?:[?#]|$))[a-z][a-z0-9]{0,7}(?:[?#].*)?$',
    re.I)


def _locally_bound(ident: Node) -> bool:
    """``fetch`` declared here or taken as a plain parameter (SvelteKit's ``{ fetch }`` is the real one)."""
    decl = s.declaration(ident)
    if decl is None:
        return False
    if decl.type == 'variable_declarator':
        value = decl.child_by_field_name('value')
        return value is None or s.callee_name(s.unwrap(value)) != 'require'  # const got = require('got')
    target = decl.child_by_field_name('pattern') or decl
    return target.type == 'identifier'
