"""Service addresses: connection strings and URLs pointing at a local, private, staging or
one-label host or an odd port, used as an address (called, or bound under an address-like name);
and a module constant naming the app's own backend or socket server (``const SOCKET_SERVER =
'https://app-socket.example.com'``) or an address socket.io-client connects to (``io('https://...')``),
which a self-hosted or staging deployment must change; and
an address on the project's own domain (a host label from its package name) that the server calls.

No question at all on a host that says it is a stand-in (``placeholder``: ``.invalid``,
``.example``). Every address is low confidence, the family's (an address handed to a browser or a
third party too: the package's docstring says why)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.hardcoded_config import values
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import schemes
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

Names = Mapping[str, frozenset[str]]

URL = lazyre.compile(r'^(?P<scheme>[a-z][a-z0-9+]*)://(?:[^@/]*@)?(?P<host>\[[^\]]*\]|[^/:?#]*)(?::(?P<port>[^/?#]*))?', re.I)
_CREDENTIALS = lazyre.compile(r'://[^@/\s]+@')
# Private networks: loopback, RFC 1918, an organization's own multicast group (239.0.0.0/8, RFC 2365).
_LOCAL_HOST = lazyre.compile(
    r'^(?:localhost|127(?:\.\d+){3}|0\.0\.0\.0|\[?::1\]?|10(?:\.\d+){3}|192\.168(?:\.\d+){2}|239(?:\.\d+){3}'
    r'|172\.(?:1[6-9]|2\d|3[01])(?:\.\d+){2}|host\.docker\.internal)$'
    r'|\.(?:local|internal|lan|svc|localhost)$', re.I)
# A subdomain naming a non-production environment (`staging.app.com`, `api-sandbox.pay.com`, `test-idp.gov.fr`); the
# domain's own name is not one (`dev.to` is a site).
_ENVIRONMENT_LABEL = lazyre.compile(r'(?:^|[.-])(?:staging|stage|sandbox|dev|qa|uat|test|testing|preprod|recette)(?:[.-]|$)', re.I)
_LOOPBACK = lazyre.compile(r'^(?:localhost|127(?:\.\d+){3}|\[?::1\]?)$', re.I)
# A host that says it is a stand-in (`https://dummy.localhost/test`, `http://placeholder:1234`, the
# reserved `.example`/`.invalid`): never contacted (bench/judged shape:dummy-probe-object-never-used).
_PLACEHOLDER_HOST = lazyre.compile(
    r'^(?:dummy|placeholder|fake|example|overridden(?:[_-]\w+)?|changeme|replace[_-]?me|your[_-]\w+)(?:[.-]|$)|\.(?:example|invalid)$', re.I)
_ADDRESS_NAME = lazyre.compile(
    r'(?i)ur[li]|host|endpoint|origin|server|base|api|dsn|connection|redirect|callback|address|addr|webhook')
_NOT_AN_ADDRESS_NAME = lazyre.compile(r'(?i)relative|dummy|placeholder|fake|example|sample|mock|test|default|fallback')
_NOT_ADDRESS_CALLS = frozenset((
    'startsWith', 'endsWith', 'includes', 'indexOf', 'replace', 'replaceAll', 'match', 'matchAll',
    'test', 'split', 'search', 'localeCompare', 'default', 'prefault', 'catch', 'describe', 'meta',
    'example', 'openapi', 'Request', 'NextRequest',
))
# Module constants that name the app's own services, not a third party's API (`BACKEND_V2_POST`).
OWN_SERVICE_NAME = lazyre.compile(r'(?i)backend|socket|(?:^|_)server(?:_|$)')
# Names of an address someone outside reaches: a browser sent there, a third party calling back.
# Not `originalUrl` (the address before a rewrite: dyad's test transport, judged not worth asking).
_HANDED_OUT = lazyre.compile(r'(?i)origin(?!al)|redirect|callback|return_?ur[li]|success|cancel_?ur[li]|webhook|notify')
# `config.get(key, fallback)`, `getSetting(key, fallback)`: the fallback of a configured value.
_SETTING_GETTER = lazyre.compile(r'^get(?:Settings?|Config|Env|Options?|Value)?$')
_LOG_CALLS = frozenset(('log', 'info', 'warn', 'error', 'debug', 'trace', 'send', 'write', 'render'))


def url_start(quote: str) -> str:
    """The query's pattern for a literal opening with ``quote`` (a regex class) and a known scheme."""
    return '^' + quote + '(?i:' + '|'.join(re.escape(w) for w in sorted(schemes.WEB | schemes.SERVICES)) + ')://'


def urls(scope: Scope, names: Names, own: frozenset[str] = frozenset()) -> Iterator[values.Item]:
    """``own``: the words of the project's name (``Config.project_words``), its domain's likely labels."""
    ui = bool(own) and s.is_ui_file(scope.file)
    for lit in scope.captures('hardcoded-config.url'):
        text = s.string_like_text(lit)
        if placeholder(text or ''):
            continue  # a stand-in even under an own service's name (`SERVER_BASE = 'https://x.invalid'`)
        module = None if environment_url(text or '') and used_as_address(lit) else own_service(lit, text or '')
        module = module or (url_group(lit) if socket_server(scope, lit, text or '') else None)
        if module is None and not (environment_url(text or '') and used_as_address(lit)):
            if not ui and own_domain(text or '', own) and called(scope, lit) and not _overridable(scope, lit):
                yield values.Item(lit, f'`{shorten(text or "", 48)}`', url_group(lit), 'url')
            continue
        label = f'`{shorten(_CREDENTIALS.sub("://***@", text or ""), 48)}`'  # no secrets in the report
        # A module's own-service constants are one decision (where its backend lives): one question.
        yield values.Item(lit, label, module or url_group(lit), 'url')


def environment_url(text: str) -> bool:
    """A database URL, or one to a local, private, staging or one-label host, or on an odd port."""
    m = URL.match(text)
    if m is None:
        return False
    host, port = m.group('host'), m.group('port')
    if not host or '${}' in host or _PLACEHOLDER_HOST.search(host):
        return False
    if port is not None and (port == '' or '${}' in port) and loopback(host):
        return False  # this machine on a configured port (`http://127.0.0.1:${port}`): a co-located process
    return m.group('scheme').lower() in schemes.SERVICES or _local_host(host) or _odd_port(port) or _one_label(host)


def placeholder(text: str) -> bool:
    """A URL whose host says it is a stand-in (``https://callback-url-validator.invalid``: RFC 2606
    reserves ``.invalid`` and ``.example`` so that they never resolve)."""
    m = URL.match(text)
    return m is not None and bool(m.group('host')) and _PLACEHOLDER_HOST.search(m.group('host')) is not None


def local_url(text: str) -> bool:
    """A URL to this machine (``http://localhost:5173``, ``http://127.0.0.1:3000``)."""
    m = URL.match(text)
    return m is not None and bool(m.group('host')) and loopback(m.group('host'))


def own_domain(text: str, own: frozenset[str]) -> bool:
    """A web address on the project's own domain, a host label being a word of its name
    (``https://score.snapshot.org/api`` in snapshot-hub, ``https://streetmix.auth0.com/`` in
    streetmix): staging, test and self-hosted deployments call production (holdout6's real bugs)."""
    m = URL.match(text) if own else None
    if m is None or m.group('scheme').lower() not in schemes.WEB:
        return False
    labels = m.group('host').lower().split('.')
    return len(labels) >= 2 and '${}' not in m.group('host') and not own.isdisjoint(labels[:-1]) \
        and not _PHONE_HOME.search(text)


# The vendor's own service every install calls on purpose: a license, version or update check, telemetry.
_PHONE_HOME = lazyre.compile(r'(?i)licen[cs]e|version|update|release|telemetry')


def called(scope: Scope, lit: Node) -> bool:
    """The server calls the address: an argument of a call that sends no one there
    (``fetch('https://api.x.com/v1')``, not ``res.redirect(...)``), an option of a package's call
    (``jwksRsa.expressJwtSecret({ jwksUri })``), or a module constant under an address-like name
    passed to a call in the file (``getJSON(uri)``). Links a page shows (``buttonUrl``,
    ``HOMEPAGE_URL``) are not called."""
    if handed_out(lit) or not used_as_address(lit):
        return False
    node, parent = lit, s.parent_of(lit)
    while parent is not None and (parent.type in ('parenthesized_expression', 'as_expression') or (
            parent.type == 'binary_expression' and s.text(parent.child_by_field_name('operator')) == '+')):
        node, parent = parent, s.parent_of(parent)
    if parent is None:
        return False
    if parent.type == 'arguments':
        return _requests(scope, s.parent_of(parent))
    if parent.type == 'pair':
        key = s.text(parent.child_by_field_name('key')).strip('\'"`')
        holder = s.parent_of(s.parent_of(parent) or parent)
        call = s.parent_of(holder) if holder is not None and holder.type == 'arguments' else None
        callee = s.callee(call) if call is not None else None
        found = bindings.binding(scope.file, callee) if callee is not None and not _LINK_KEY.search(key) else None
        return found is not None and found.kind not in (packages.LOCAL, packages.VALUE)
    if parent.type == 'variable_declarator' and s.enclosing_function(parent) is None:
        name = s.text(parent.child_by_field_name('name'))
        if not name.isidentifier():
            return False
        for m in re.finditer(rb'[(,]\s*(' + re.escape(name.encode()) + rb')\s*[,)]', scope.file.source):
            used = s.descendant(scope.file.tree.root, m.start(1), m.end(1))
            args = s.parent_of(used) if used is not None else None
            if args is not None and args.type == 'arguments' and _requests(scope, s.parent_of(args)):
                return True
    return False


# Option keys of a link a page or a message shows (`websiteUrl`, `logoUri`), not a service called.
_LINK_KEY = lazyre.compile(r'(?i)web_?site|home|docs|logo|icon|image|avatar|terms|privacy|support|help|link|href')
# Words of a call that requests what it is handed (`fetch`, `getJSON`, `jsonRpcRequest`, `axios.get`).
_REQUEST_WORDS = frozenset((
    'fetch', 'get', 'post', 'put', 'patch', 'request', 'rpc', 'json', 'query', 'load', 'download', 'connect',
    'subscribe', 'discover', 'call',
))


def _requests(scope: Scope, call: Node | None) -> bool:
    """``call`` requests the address it is handed: an HTTP client's call, or one whose name says
    it requests (``fetch``, ``getJSON``, ``jsonRpcRequest``); not ``new URL()``, a link builder
    (``addNotificationUtm(url)``) or a message that carries the link (``sendMediaMessage(id, url)``)."""
    if call is None or call.type != 'call_expression':
        return False
    callee = s.callee(call)
    found = bindings.binding(scope.file, callee) if callee is not None else None
    if found is not None and found.kind == packages.HTTP:
        return True
    return not _REQUEST_WORDS.isdisjoint(s.name_words(s.callee_name(call)))


def _overridable(scope: Scope, lit: Node) -> bool:
    """A module constant a parameter takes as its default (``apiBaseUrl = PAPRA_API_URL``): an
    SDK's default address, which its caller overrides."""
    decl = s.parent_of(lit)
    if decl is None or decl.type != 'variable_declarator':
        return False
    name = s.text(decl.child_by_field_name('name'))
    if not name.isidentifier():
        return False
    default = re.compile(rb'[(,{]\s*[\w$]+\s*(?::[^=,(){}]*)?=\s*' + re.escape(name.encode()) + rb'\b')
    return bool(default.search(scope.file.source))


def loopback(host: str) -> bool:
    """This machine: ``localhost``, ``127.0.0.1``, ``::1``."""
    return bool(_LOOPBACK.match(host))


def local_host_value(text: str) -> bool:
    """A bare local host (``host: 'localhost'``); ``0.0.0.0`` and ``::`` bind every interface."""
    return '://' not in text and _local_host(text) and text not in ('0.0.0.0', '::')


def _local_host(host: str) -> bool:
    host = host.strip('[]').lower()
    subdomain = host.rsplit('.', 2)[0] if host.count('.') >= 2 else ''
    return bool(_LOCAL_HOST.search(host)) or bool(subdomain and _ENVIRONMENT_LABEL.search(subdomain))


def _one_label(host: str) -> bool:
    """A compose service's name (``http://api:${PORT}``)."""
    return '.' not in host and host.replace('-', '').replace('_', '').isalnum()


def stand_in(text: str) -> bool:
    """A web address on a one-label host with no port: most often a stand-in for the real one
    (``imageUrl: 'https://imageUrl'``, ``redirectUrl: 'https://redirect-url'``,
    ``http://link-to-app/reset``, ``https://mock-login/token``), at times a compose service on port
    80. Of the 9 findings judged while held out whose addresses were all such hosts, none was worth
    asking (1 borderline; round 18 listed an in-memory test double's placeholders as handed-out
    addresses): no address chosen by hand (``chosen_addresses``)."""
    m = URL.match(text)
    return m is not None and m.group('scheme').lower() in schemes.WEB and not m.group('port') \
        and _one_label(m.group('host')) and not _local_host(m.group('host'))


def _odd_port(port: str | None) -> bool:
    return bool(port) and port not in ('80', '443', '${}')


def used_as_address(lit: Node) -> bool:
    """Called, configured or bound under an address-like name, or returned by a function named for
    one; not a log line, a comparison, a fallback (``process.env.URL ?? 'http://localhost:3000'``), an example or a parsing base."""
    node = lit
    parent = s.parent_of(node)
    while parent is not None and parent.type in ('parenthesized_expression', 'as_expression', 'array'):
        node, parent = parent, s.parent_of(parent)
    if parent is None:
        return False
    if parent.type == 'binary_expression':
        return s.text(parent.child_by_field_name('operator')) == '+' and used_as_address(parent)
    if parent.type == 'arguments':
        call = s.parent_of(parent)
        name = values.call_name(call)
        if name in _LOG_CALLS or name in _NOT_ADDRESS_CALLS or s.receiver_name(call) in ('console', 'logger', 'log'):
            return False
        if _SETTING_GETTER.match(name) and node in s.arguments(call)[1:]:
            return False  # `getSetting('paypalUrl', 'https://api-m.sandbox.paypal.com')`: a setting's default
        return not (name == 'URL' and s.arguments(call)[1:2] == [node])  # new URL(path, base)
    if parent.type == 'pair':
        key = s.text(parent.child_by_field_name('key')).strip('\'"`')
        return bool(_ADDRESS_NAME.search(key)) and not values.skipped_context(s.parent_of(parent))
    if parent.type in ('variable_declarator', 'assignment_expression'):
        target = parent.child_by_field_name('name') or parent.child_by_field_name('left')
        name = s.text(target)
        return bool(_ADDRESS_NAME.search(name)) and not _NOT_AN_ADDRESS_NAME.search(name) \
            and not _parsing_base(parent, name) and not _only_compared(parent, name)
    return parent.type in ('return_statement', 'arrow_function') and returned(lit)


# A function named for giving an address or a link (`getUrl`, `getGovernanceApiUrl`, `offenderLink`).
_ADDRESS_FUNCTION = lazyre.compile(r'(?i)ur[li]|host|endpoint|origin|server|base|api|address|link|href')
# What an address passes through on its way to a `return`.
_PASSES = frozenset((
    'parenthesized_expression', 'as_expression', 'satisfies_expression', 'ternary_expression', 'binary_expression',
))


def returned(lit: Node) -> bool:
    """The value a function named for an address or a link returns (``getUrl``, ``offenderLink``):
    ``return 'https://...'`` or an arrow's body, through a concatenation, a ternary's branch or a cast."""
    node, parent = lit, s.parent_of(lit)
    while parent is not None and parent.type in _PASSES:
        if parent.type == 'binary_expression' and s.text(parent.child_by_field_name('operator')) != '+':
            return False
        if parent.type == 'ternary_expression' and node == parent.child_by_field_name('condition'):
            return False
        node, parent = parent, s.parent_of(parent)
    if parent is None:
        return False
    if parent.type == 'return_statement':
        fn = s.enclosing_function(parent)
    elif parent.type == 'arrow_function' and parent.child_by_field_name('body') == node:
        fn = parent
    else:
        return False
    name = (s.function_name(fn) if fn is not None else None) or ''
    return bool(_ADDRESS_FUNCTION.search(name.rsplit('.', 1)[-1]))


_COMPARISONS = frozenset(('===', '!==', '==', '!='))


def _only_compared(decl: Node, name: str) -> bool:
    """``const devOrigin = 'https://dev.app.com'`` that the code only compares
    (``location.origin !== devOrigin``): an allow list of the environments, no address it uses
    (omnivore's service worker, held out in round 4, judged not worth asking)."""
    if decl.type != 'variable_declarator' or not name.isidentifier():
        return False
    holder = _holder(decl)
    target = decl.child_by_field_name('name')
    uses = [n for n in s.identifiers(holder) if s.text(n) == name and n != target]
    return bool(uses) and all(_compared(n) for n in uses)


def _compared(ref: Node) -> bool:
    parent = s.parent_of(ref)
    if parent is not None and parent.type == 'binary_expression':
        return s.text(parent.child_by_field_name('operator')) in _COMPARISONS
    call = s.parent_of(parent) if parent is not None and parent.type == 'arguments' else None
    return call is not None and values.call_name(call) in _NOT_ADDRESS_CALLS


def handed_out(lit: Node) -> bool:
    """The address is given to a browser or a third party, who must reach it from outside: a CORS
    ``origin``, a redirect, callback, return, success or webhook URL (``res.redirect(url)``,
    ``const origin = 'http://localhost'`` that builds a checkout's ``success_url``). Not an address
    in a decorator's arguments: an API document's example (tsoa's ``@Example({ url: ... })``), never
    requested (round 15's api-subventions, ``shape:tsoa-example-doc-payload``)."""
    if any(up.type == 'decorator' for up in s.ancestors(lit)):
        return False
    node, parent = lit, s.parent_of(lit)
    while parent is not None and (parent.type in ('parenthesized_expression', 'as_expression', 'array') or (
            parent.type == 'binary_expression' and s.text(parent.child_by_field_name('operator')) == '+')):
        node, parent = parent, s.parent_of(parent)
    if parent is None:
        return False
    if parent.type == 'arguments':
        call = s.parent_of(parent)  # `res.redirect(url)`, `res.setHeader('Access-Control-Allow-Origin', url)`
        return call is not None and (bool(_HANDED_OUT.search(values.call_name(call))) or any(
            _HANDED_OUT.search(s.string_value(a) or '') for a in s.arguments(call) if a != node))
    if parent.type == 'pair':
        name = s.text(parent.child_by_field_name('key')).strip('\'"`')
    elif parent.type in ('variable_declarator', 'assignment_expression'):
        name = s.text(parent.child_by_field_name('name') or parent.child_by_field_name('left'))
    else:
        return False
    return bool(_HANDED_OUT.search(name))


def _parsing_base(decl: Node, name: str) -> bool:
    """``const base = 'https://x'`` that the same function passes as ``new URL(path, base)``'s
    base: a dummy origin to resolve a path against, never contacted."""
    if decl.type != 'variable_declarator' or not name.isidentifier():
        return False
    holder = _holder(decl)
    pattern = re.compile(rb'\bnew\s+URL\s*\([^()]*,\s*' + re.escape(name.encode()) + rb'\s*\)')
    return bool(pattern.search(holder.text or b''))


def url_group(lit: Node) -> Node:
    parent = s.parent_of(lit)
    if parent is not None and parent.type == 'pair' and s.parent_of(parent) is not None:
        return values.outermost_object(s.parent_of(parent))
    if parent is not None and parent.type == 'arguments' and s.parent_of(parent) is not None:
        return s.parent_of(parent)
    return lit


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 3] + '...'


def own_service(lit: Node, text: str) -> Node | None:
    """The module of ``const BACKEND_GET = 'https://json.app.com/api/v1/'`` at its top level (issue 18)."""
    m = URL.match(text)
    if m is None or m.group('scheme').lower() not in schemes.WEB or '.' not in m.group('host'):
        return None
    decl = s.parent_of(lit)
    statement = s.parent_of(decl) if decl is not None and decl.type == 'variable_declarator' else None
    holder = s.parent_of(statement) if statement is not None else None
    if holder is not None and holder.type == 'export_statement':
        holder = s.parent_of(holder)
    if holder is None or holder.type != 'program' or statement is None or statement.children[0].type != 'const':
        return None
    name = s.text(decl.child_by_field_name('name'))
    return holder if OWN_SERVICE_NAME.search(name) and not _NOT_AN_ADDRESS_NAME.search(name) else None


def socket_server(scope: Scope, lit: Node, text: str) -> bool:
    """``io('https://kaniback.onrender.com')``: a web address on a named host handed to socket.io-client's
    ``io``/``connect`` (bound by its import), the app's own realtime server: a staging or self-hosted
    deployment's pages connect to production's (KaniCasino's, a real bug of holdout23)."""
    m = URL.match(text)
    if m is None or m.group('scheme').lower() not in schemes.WEB or '.' not in m.group('host'):
        return False
    parent = s.parent_of(lit)
    call = s.parent_of(parent) if parent is not None and parent.type == 'arguments' else None
    if call is None or call.type != 'call_expression' or s.arguments(call)[0].start_byte != lit.start_byte:
        return False
    fn = s.callee(call)
    return fn is not None and bindings.library(scope.file, s.unwrap(fn)) == packages.SOCKET_IO_CLIENT


def _holder(decl: Node) -> Node:
    """The function ``decl`` is declared in, or (at module level) the whole program."""
    holder = s.enclosing_function(decl)
    if holder is None:
        holder = decl
        for holder in s.ancestors(decl):
            pass
    return holder
