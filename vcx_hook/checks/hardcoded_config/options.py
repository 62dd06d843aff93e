"""Option keys with a constant value: a local host (``connection: { host: 'localhost' }``), the
timeout of a child process (``exec(cmd, { timeout: 30000 })``): how long a build, an install or a
conversion may run depends on the machine it runs on, and the run is killed when it is reached; and
(low) the timeout of a request to an address the code is given, made with an HTTP client package the
file imports (``axios({ url: feedUrl, timeout: 12000 })``, ``got.post(hookUrl, { timeout: 5000 })``):
how long someone's feed, webhook or server may take is the deployment's, and a slow one always fails
(audiobookshelf's podcast feeds, a real bug of holdout2); also through the project's own request
function (``HttpRequest(url, { timeout: 5000 })`` imported from its ``lib/http-request``: Spoke's VAN
exports, a real bug of holdout15). Not a request to a fixed host
(``axios.get('https://api.github.com/...', { timeout })``: the author knows that service), nor an
instance's defaults (``axios.create({ timeout })``)."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.hardcoded_config import addresses
from vcx_hook.checks.hardcoded_config import values
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import services
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

Names = Mapping[str, frozenset[str]]


def pairs(scope: Scope, names: Names) -> Iterator[values.Item]:
    for value in scope.captures('hardcoded-config.value'):
        pair = s.parent_of(value)
        key = s.text(pair.child_by_field_name('key')).strip('\'"')
        obj = s.parent_of(pair)
        if obj is None or obj.type != 'object' or _overridable(obj) or values.skipped_context(obj):
            continue
        group = values.outermost_object(obj)
        if key in names['host_keys']:
            text = s.string_value(value)
            if text is not None and addresses.local_host_value(text) and not _configured_port(obj, text):
                yield values.Item(pair, f'`{key}: {s.text(value)}`', group, 'url')
        elif key == 'timeout' and _child_process_run(scope, obj):
            number = values.number(value)
            if number is not None and number > 1:
                yield values.Item(pair, f'`{key}: {s.normalized(value, 24)}`', group, 'time')
        elif key == 'timeout' and obj == group and _http_request(scope, obj):
            number = values.number(value)
            if number is not None and number > 1:
                yield values.Item(pair, f'`{key}: {s.normalized(value, 24)}`', group, 'request')


def _child_process_run(scope: Scope, obj: Node) -> bool:
    """``obj`` is the options of ``exec``/``execSync``/``spawn``... of Node's ``child_process``
    (``cp.exec(cmd, {...})``, or ``exec`` imported from it)."""
    call = values.options_call(obj)
    if call is None or call.type != 'call_expression' or s.callee_name(call) not in services.PROCESS_RUNS:
        return False
    callee = call.child_by_field_name('function')
    if callee is None:
        return False
    named = callee.child_by_field_name('object') if callee.type == 'member_expression' else callee
    bound = bindings.binding(scope.file, named) if named is not None else None
    return bound is not None and bound.library in services.CHILD_PROCESS_PACKAGES


def _http_request(scope: Scope, obj: Node) -> bool:
    """``obj`` is the options of a call of an HTTP client bound here to its package: ``axios({...})``,
    ``got.post(url, {...})``, ``axios.create({...})``, an instance made from one (not ``fetch``, a
    global: its ``timeout`` key does nothing)."""
    call = values.options_call(obj)
    if call is None or call.type != 'call_expression' or s.callee_name(call) in _INSTANCE_MAKERS:
        return False
    callee = call.child_by_field_name('function')
    if callee is None:
        return False
    named = callee.child_by_field_name('object') if callee.type == 'member_expression' else callee
    if named is None or named.type != 'identifier' or not (
            http.bound_client(scope.file, named) is True or _own_request_helper(scope, callee)):
        return False
    args = s.arguments(call)
    url = s.object_keys(obj).get('url') if args and s.unwrap(args[0]) == obj else args[0] if args else None
    return url is not None and not _fixed_host(url)


def _own_request_helper(scope: Scope, callee: Node) -> bool:
    """``HttpRequest(url, { timeout: 5000 })``: a function the project's own module exports, named for
    making a request (Spoke's ``server/lib/http-request``, a wrapper of node-fetch with retries)."""
    if callee.type != 'identifier' or _REQUEST_HELPER.match(s.text(callee)) is None:
        return False
    bound = bindings.binding(scope.file, callee)
    return bound is not None and bound.kind == bindings.LOCAL


# Names of a project's own request function: `HttpRequest`, `request`, `httpGet`, `fetchJson`, `apiRequest`.
REQUEST_HELPER_NAMES = r'(?:[a-z]*Request|request|[Hh]ttp(?:Request|Get|Post)|fetch(?:Json|Url|Data)|HttpRequest)'
_REQUEST_HELPER = lazyre.compile(rf'^{REQUEST_HELPER_NAMES}$')


# Calls that make a configured instance rather than a request (`axios.create`, `rp.defaults`, `got.extend`).
_INSTANCE_MAKERS = frozenset(('create', 'defaults', 'extend'))


def _fixed_host(url: Node) -> bool:
    """``'https://api.github.com/...'``, `` `https://api.github.com/users/${login}` ``, ``base + '/x'``
    whose left end is such a literal: an address written in the code."""
    url = s.unwrap(url)
    if url.type == 'identifier':  # `const url = `https://api.github.com/users/${login}``
        value = s.initializer(url)
        url = s.unwrap(value) if value is not None else url
    while url.type == 'binary_expression':
        url = s.unwrap(url.child_by_field_name('left'))
    if url.type not in ('string', 'template_string'):
        return False
    text = s.text(url)[1:]
    return '://' in text[:12] and not text.split('://', 1)[1].startswith('${')


def _configured_port(obj: Node, host: str) -> bool:
    """``{ host: '127.0.0.1', port: routerPort }``: this machine on a port from elsewhere, a
    co-located process (as ``addresses.environment_url`` for ``http://127.0.0.1:${port}``)."""
    port = s.object_keys(obj).get('port')
    return port is not None and addresses.loopback(host) and values.number(port) is None


def _overridable(obj: Node) -> bool:
    """Defaults a caller overrides (a default parameter, ``DEFAULT_OPTIONS``)."""
    for a in s.ancestors(obj):
        if a.type == 'formal_parameters':
            return True
        if a.type == 'variable_declarator':
            return 'default' in s.text(a.child_by_field_name('name')).lower()
        if a.type in s.FUNCTION_TYPES or a.type in ('statement_block', 'program'):
            return False
    return False
