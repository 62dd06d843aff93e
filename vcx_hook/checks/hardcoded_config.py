"""hardcoded-config: a value operators tune per environment, written as a literal in code.

Timeouts, retry counts, pool sizes, TTLs, listen ports and the addresses of other services differ
between a laptop, staging and production, and they are what an operator turns during an incident. A
literal in code means a change, a review and a deploy to tune them — and a `localhost` address works
on the author's machine and nowhere else.

Asked where the value takes effect:

- timeouts: option keys ending in `timeout` (`timeout: 30000`, `connectTimeoutMS`,
  `idleTimeoutMillis`, `pingTimeout`...), `AbortSignal.timeout(5000)`, an abort timer
  (`setTimeout(() => controller.abort(), 5000)`), `req.setTimeout(5000)`, superagent's `.timeout()`,
  `server.keepAliveTimeout = 65000`;
- retry counts (`retries`, `maxRetries`, `maxAttempts`...), pool sizes and connection limits
  (`max`/`min` of a pool, `maxPoolSize`, `connectionLimit`...);
- TTLs and expiries: `ttl`, `expiresIn: '1h'`, `EX`, `redis.setex(key, 3600, v)`, `expire(key, 60)`,
  a session's `maxAge`;
- listen ports: `app.listen(3000)`, `listen({ port: 3000 })`, `app.listen(PORT)` with `const PORT = 3000`;
- service addresses, also as module constants under an address-like name: connection strings
  (`mongodb://`, `postgres://`, `redis://`, `amqp://`...) and URLs or `host` values pointing at
  `localhost`, a private IP, a one-label compose service (`http://inventory:8080`), `.local`/
  `.internal` hosts, an explicit non-default port, or a staging/sandbox host
  (`api.sandbox.paypal.com`). Credentials in a connection string are masked in the message.

One question per function (or per options object at module level) lists all its values.

Not asked:

- values read from the environment or a config module, including a literal fallback
  (`Number(process.env.TIMEOUT_MS ?? 30000)`, `process.env.API_URL || 'http://localhost:4000'`), and
  config files themselves (`config/`, `*.config.*`, `settings.*`, `env.*`): that is where defaults live;
- named constants for durations and counts (`const REQUEST_TIMEOUT_MS = 30000`): visible and greppable;
- unit conversions and computations (`retryAfter * 1000`, `1000 * attempt`), `0`/`1`/`-1`, HTTP
  status codes, `LIMIT 1`, validation bounds (zod/joi/JSON schema), column definitions
  (`{ type: Date, expires: 3600 }`), security parameters (bcrypt cost, token length, signed-URL
  lifetimes, `vm` sandbox timeouts), lock expiries (`{ NX: true, EX: 30 }`), transaction budgets
  (`prisma.$transaction(fn, { timeout })`), per-query cache hints (`cacheStrategy: { ttl }`);
- rate-limit settings (`windowMs`, `max`, `@Throttle`): `missing-rate-limit` owns those questions;
- defaults a caller can override: default parameters, destructuring defaults, `DEFAULT_OPTIONS` objects;
- in UI files, timers and client options (a debounce or a toast delay is the component's business);
  addresses are still asked there;
- public third-party API URLs (`https://api.github.com/...`), example/placeholder data, log lines,
  comparisons (`origin.startsWith('http://localhost')`), parsing bases (`new URL(path, 'http://x')`),
  OpenAPI `servers` lists, and code inside `if (process.env.NODE_ENV === 'development')`;
- tests, mocks, fixtures, seed files, migrations, `scripts/`, `examples/`, `cli/` and `bin/`.

Bad:

```js
const response = await fetch(url, { timeout: 30000 });
```

Good:

```js
const response = await fetch(url, { signal: AbortSignal.timeout(config.upstreamTimeoutMs) });
```

Answer it in code when the value is a deliberate constant:

```js
// vcx-ignore hardcoded-config -- the provider documents a 10 s hard limit
const res = await fetch(WEBHOOK_URL, { signal: AbortSignal.timeout(10_000) });
```

Names the configuration can extend (`[checks.hardcoded-config]`); the candidate query only
looks at keys that mention a timeout, retry, attempt, pool, connection, max/min, socket, idle, TTL,
expiry, age, host, server, URL/URI, endpoint, origin, DSN or port, so added names should too:

- `timeout_keys`: option keys holding a duration (any key ending in `timeout` counts as well);
- `retry_keys`: option keys holding a retry count;
- `pool_keys`: option keys holding a pool size or connection limit;
- `ttl_keys`: option keys holding a TTL or an expiry;
- `host_keys`: option keys holding a host or a service address.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.checks.common import load_query
from vcx_hook.config import Config
from vcx_hook.finding import MEDIUM
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

Names = Mapping[str, frozenset[str]]
ID = 'hardcoded-config'
QUESTION = 'Should this timeout/limit/address be configuration instead of code?'
# Held-out precision (bench/judged, issue 17): 1 of 21 judged findings worth asking on the first
# sample (a dev origin shipped in a production CORS list), 0 of 31 on the final one (4 of them
# literal loopback addresses): library and protocol options, job-runner retry policies, JWT
# lifetimes, explicit timeouts at a call site (the protection error-handling asks for), public
# hosts and sidecars.  Every shape is medium: listed, not blocking (docs/confidence.md).
CONFIDENCE = MEDIUM
SUMMARY = 'a timeout, limit, TTL, port or service address hardcoded where it takes effect'
QUERY = load_query(__file__)
NAMES = {
    # Option keys holding a duration (any key ending in `timeout`, `TimeoutMS`... counts too).
    'timeout_keys': frozenset((
        'timeout', 'connectTimeout', 'connectTimeoutMS', 'socketTimeoutMS', 'serverSelectionTimeoutMS',
        'idleTimeoutMillis', 'connectionTimeoutMillis', 'acquireTimeoutMillis', 'requestTimeout',
        'keepAliveTimeout', 'headersTimeout', 'statement_timeout', 'query_timeout',
    )),
    # Option keys holding a retry count.
    'retry_keys': frozenset((
        'retries', 'retry', 'maxRetries', 'maxRetry', 'retryAttempts', 'maxAttempts',
        'retryCount', 'retryLimit', 'maxRetriesPerRequest', 'reconnectTries', 'retryTimes',
    )),
    # Option keys holding a pool size or connection limit (`max`/`min` only inside a pool).
    'pool_keys': frozenset((
        'poolSize', 'maxPoolSize', 'minPoolSize', 'connectionLimit', 'maxConnections', 'maxSockets',
        'maxFreeSockets', 'maxIdle', 'pool_size', 'max_connections',
    )),
    # Option keys holding a TTL or an expiry (`maxAge` only for cookies and sessions).
    'ttl_keys': frozenset((
        'ttl', 'TTL', 'stdTTL', 'cacheTTL', 'defaultTTL', 'expiresIn', 'expiresAfter', 'expiration',
        'refreshExpiresIn', 'accessTokenExpiresIn', 'refreshTokenExpiresIn', 'EX', 'PX', 'maxAge',
    )),
    # Option keys holding a host or a service address.
    'host_keys': frozenset((
        'host', 'hostname', 'server', 'url', 'uri', 'baseURL', 'baseUrl', 'endpoint', 'origin',
        'connectionString', 'dsn', 'redirect_uri', 'redirectUri', 'callbackURL', 'callbackUrl',
    )),
}

_TIMEOUT_KEY = lazyre.compile(r'(?i)(?:^|_)timeout$|Timeout(?:MS|Ms|Millis|Seconds)?$')
_POOL_CALL = lazyre.compile(r'(?i)pool$')
_COOKIE_CONTEXT = lazyre.compile(r'(?i)session')
_DB_SCHEMES = frozenset((
    'mongodb', 'mongodb+srv', 'postgres', 'postgresql', 'mysql', 'mariadb', 'redis', 'rediss', 'amqp',
    'amqps', 'mssql', 'nats', 'kafka',
))
_URL = lazyre.compile(r'^(?P<scheme>[a-z][a-z0-9+]*)://(?:[^@/]*@)?(?P<host>\[[^\]]*\]|[^/:?#]*)(?::(?P<port>[^/?#]*))?', re.I)
_CREDENTIALS = lazyre.compile(r'://[^@/\s]+@')
_LOCAL_HOST = lazyre.compile(
    r'^(?:localhost|127(?:\.\d+){3}|0\.0\.0\.0|\[?::1\]?|10(?:\.\d+){3}|192\.168(?:\.\d+){2}'
    r'|172\.(?:1[6-9]|2\d|3[01])(?:\.\d+){2}|host\.docker\.internal)$'
    r'|\.(?:local|internal|lan|svc|localhost)$'
    r'|(?:^|[.-])(?:staging|stage|sandbox|dev|qa|uat)[.-]', re.I)
_CONFIG_PATH = lazyre.compile(
    r'(?:^|/)(?:config|configs|configuration|settings)(?:/|\.[cm]?[jt]sx?$)|[./-]config\.[cm]?[jt]sx?$'
    r'|(?:^|/)[^/]*(?:config|settings|defaults|options)[^/]*\.[cm]?[jt]sx?$'
    r'|(?:^|/)(?:env|environment|local|dev|development)\.[cm]?[jt]sx?$|(?:^|/)(?:examples?|cli|bin)/', re.I)
_DEV_CONDITION = lazyre.compile(rb'NODE_ENV|development|\bis(?:Dev|Local|Development)\b|\bdev\b', re.I)
_ADDRESS_NAME = lazyre.compile(
    r'(?i)ur[li]|host|endpoint|origin|server|base|api|dsn|connection|redirect|callback|address|addr|webhook')
_NOT_AN_ADDRESS_NAME = lazyre.compile(r'(?i)relative|dummy|placeholder|fake|example|sample|mock|test|default|fallback')
_NOT_ADDRESS_CALLS = frozenset((
    'startsWith', 'endsWith', 'includes', 'indexOf', 'replace', 'replaceAll', 'match', 'matchAll',
    'test', 'split', 'search', 'localeCompare', 'default', 'prefault', 'catch', 'describe', 'meta',
    'example', 'openapi', 'Request', 'NextRequest',
))
_SKIP_OBJECT_CALLS = lazyre.compile(
    r'(?i)rate.?limit|throttl|slowDown|transaction|runIn\w*Context|^Script$|sign(?:ed)?\w*Url|presign|^Feed$')
_SKIP_OBJECT_NAMES = lazyre.compile(r'^(?:cacheStrateg\w*|transactionOptions|servers)$', re.I)
_LOG_CALLS = frozenset(('log', 'info', 'warn', 'error', 'debug', 'trace', 'send', 'write', 'render'))


class Item(NamedTuple):
    node: Node  # where it is reported (a pair, a call, an argument)
    label: str  # `timeout: 30000`
    group: Node  # one finding per group (an options object, a call)
    kind: str  # 'time' | 'url'


def relevant(scope: Scope, config: Config) -> bool:
    """Whether the text holds a candidate ``run`` could report: a URL or a local host (asked in UI
    files too), or elsewhere a listed option key with a constant, a duration, count or port call,
    or a timeout assignment.  Keys precede their colon, so they are looked for in reversed text
    (with URLs, whose scheme precedes its colon too).
    (Searches rather than `finditer`: most texts have no match, and an iterator costs more.)"""
    if _excluded_path(scope.path):
        return False
    text = scope.text if scope.node is None else _gate_text(scope)
    lower = text.lower()  # `_TIMEOUT_KEY` and the assignments' pattern ignore case
    ui: bool | None = None  # in UI files only addresses are asked: computed on the first other candidate
    if b':' in text:
        names = config.names[ID]
        keys = _gate_keys(names['timeout_keys'], names['retry_keys'], names['pool_keys'], names['ttl_keys'],
                          names['host_keys'])
        reverse = lower[::-1]
        size = len(text)
        context: dict[bytes, bool] = {}
        m = keys.search(reverse)
        while m is not None:
            value = size - m.start()  # just after the colon
            if m.start('url') >= 0:
                if _gate_url(text, value + 2):
                    return True
                m = keys.search(reverse, m.end())
                continue
            start, end = m.span('key')
            kinds = ('timeout',) if start < 0 else _gate_kinds(
                text[size - end:size - start].decode('utf-8', 'replace'), names)
            for kind in kinds:
                if kind == 'host':
                    if _gate_host(text, value):
                        return True
                elif ui is None and _gate_value(kind, text, value, context):
                    ui = s.is_ui_file(scope.file)
                    if not ui:
                        return True
            m = keys.search(reverse, m.end())
    if ui:
        return False
    found = _gate_timeout(text, lower)
    m = None if found or scope.file.words.isdisjoint(_GATE_CALL_WORDS) else _GATE_CALLS.search(text)
    while m is not None and not found:
        found = m['abort'] is None or scope.file.fact(_mentions_set_timeout)  # `setTimeout(() => c.abort(), ms)`
        m = _GATE_CALLS.search(text, m.end())
    return found and not s.is_ui_file(scope.file)


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    if _excluded_path(scope.path):
        return
    names = config.names[ID]
    ui = s.is_ui_file(scope.file)
    items = [*_pairs(scope, names), *_urls(scope, names), *_calls(scope), *_assignments(scope)]
    by_group: dict[tuple[int, str], list[Item]] = {}
    for item in items:
        if ui and item.kind != 'url':
            continue  # UI timers and client options are the component's business
        if _dev_only(item.node) or _sample_data(item.node):
            continue
        # One question per function and kind: three `timeout: 10_000` in one function are one decision.
        fn = s.enclosing_function(item.node)
        kind = 'port' if item.kind == 'port' else 'value'
        key = (fn.start_byte if fn is not None else item.group.start_byte, kind)
        by_group.setdefault(key, []).append(item)
    for group in by_group.values():
        group.sort(key=lambda i: i.node.start_byte)
        labels = list(dict.fromkeys(i.label for i in group))
        first = group[0]
        if len({i.group.start_byte for i in group}) > 1:
            first = first._replace(group=first.node)  # several calls: name none of them
        yield scope.finding(first.node, ID, _message(labels, first, {i.kind for i in group}), QUESTION)


def _sample_data(node: Node) -> bool:
    """Inside a react-email ``Template.PreviewProps = {...}``: sample data for the preview, never sent."""
    for a in s.ancestors(node):
        if a.type == 'assignment_expression':
            left = a.child_by_field_name('left')
            if left is not None and s.text(left).endswith('.PreviewProps'):
                return True
        if a.type in ('statement_block', 'program'):
            return False
    return False


# _CONFIG_PATH taken apart, for lowercased ASCII paths (the pattern costs some 10 µs a path): a
# directory of these names, or a last segment like these.
_CONFIG_DIRS = frozenset(('config', 'configs', 'configuration', 'settings', 'example', 'examples', 'cli', 'bin'))
_CONFIG_BASE = lazyre.compile(
    r'(?:config|settings|defaults|options)[^/]*\.[cm]?[jt]sx?$|^(?:env|environment|local|dev|development)\.[cm]?[jt]sx?$')


def _excluded_path(path: str) -> bool:
    """Configuration files are not asked about (seeds, migrations and scripts are file roles)."""
    if not path.isascii():
        return bool(_CONFIG_PATH.search(path))
    lower = path.lower()
    *dirs, base = lower.split('/')
    return not _CONFIG_DIRS.isdisjoint(dirs) or bool(_CONFIG_BASE.search(base))


def _dev_only(node: Node) -> bool:
    """Inside ``if (process.env.NODE_ENV === 'development') { ... }`` or a ternary on it."""
    child = node
    for a in s.ancestors(node):
        if a.type in ('if_statement', 'ternary_expression'):
            cond = a.child_by_field_name('condition')
            if cond is not None and child != cond and _DEV_CONDITION.search(cond.text):
                return True
        if a.type in s.FUNCTION_TYPES:
            return False
        child = a
    return False


def _message(labels: list[str], first: Item, kinds: set[str]) -> str:
    shown = ', '.join(labels[:3]) + (f' and {len(labels) - 3} more' if len(labels) > 3 else '')
    verb = 'is' if len(labels) == 1 else 'are'
    where = _where(first.group)
    if where and where[5:-3] in shown:
        where = ''  # `AbortSignal.timeout(5000)` names its call already
    if first.kind == 'port':
        return f'{shown} hardcodes the listen port: platforms assign it (`process.env.PORT`)'
    if kinds == {'url'}:
        return f'{shown} {verb} hardcoded{where}: each environment needs its own address'
    if 'url' in kinds:
        return f'{shown} {verb} hardcoded{where}: each environment needs its own values'
    return f'{shown} {verb} hardcoded{where}: tuning {"it" if verb == "is" else "them"} takes a deploy'


def _where(group: Node) -> str:
    call = group if group.type in ('call_expression', 'new_expression') else _options_call(group)
    if call is None:
        return ''
    path = s.callee_path(call) or s.text(call.child_by_field_name('constructor'))
    return f' in `{path}()`' if path and len(path) <= 40 and path != 'setTimeout' else ''


# --- option objects ---------------------------------------------------------------------------------

def _pairs(scope: Scope, names: Names) -> Iterator[Item]:
    for value in scope.captures('hardcoded-config.value'):
        pair = s.parent_of(value)
        key = s.text(pair.child_by_field_name('key')).strip('\'"')
        obj = s.parent_of(pair)
        if obj is None or obj.type != 'object' or _overridable(obj) or _skipped_context(obj):
            continue
        kind = _key_kind(key, obj, names)
        if kind is None:
            continue
        group = _outermost_object(obj)
        if kind == 'host':
            text = s.string_value(value)
            if text is not None and _local_host_value(text):
                yield Item(pair, f'`{key}: {s.text(value)}`', group, 'url')
            continue
        if kind == 'port':
            if _number(value) is not None and _in_listen(obj):
                yield Item(pair, f'`{key}: {s.text(value)}`', group, 'port')
            continue
        if kind == 'ttl' and value.type in ('string', 'template_string'):
            if s.string_value(value):
                yield Item(pair, f'`{key}: {s.normalized(value, 20)}`', group, 'time')
            continue
        number = _number(value)
        if number is not None and number > 1:
            yield Item(pair, f'`{key}: {s.normalized(value, 24)}`', group, 'time')


def _key_kind(key: str, obj: Node, names: Names) -> str | None:
    if key in names['timeout_keys'] or _TIMEOUT_KEY.search(key):
        return 'timeout'
    if key in names['retry_keys']:
        return 'retry'
    if key in names['pool_keys'] or (key in ('max', 'min') and _pool_object(obj)):
        return 'pool'
    if key in names['ttl_keys']:
        return 'ttl' if key != 'maxAge' or _cookie_object(obj) else None
    if key in names['host_keys']:
        return 'host'
    if key == 'port':
        return 'port'
    return None


def _pool_object(obj: Node) -> bool:
    """``{ max: 20 }`` as ``pool: {...}`` or as the options of ``new Pool(...)``/``createPool(...)``."""
    parent = s.parent_of(obj)
    if parent is not None and parent.type == 'pair':
        return s.text(parent.child_by_field_name('key')).strip('\'"').lower() == 'pool'
    call = _options_call(obj)
    return call is not None and bool(_POOL_CALL.search(_call_name(call)))


def _cookie_object(obj: Node) -> bool:
    parent = s.parent_of(obj)
    if parent is not None and parent.type == 'pair':
        return bool(_COOKIE_CONTEXT.search(s.text(parent.child_by_field_name('key'))))
    call = _options_call(obj)
    return call is not None and bool(_COOKIE_CONTEXT.search(_call_name(call)))


def _in_listen(obj: Node) -> bool:
    call = _options_call(obj)
    return call is not None and s.callee_name(call) == 'listen'


def _options_call(obj: Node) -> Node | None:
    parent = s.parent_of(obj)
    while parent is not None and parent.type in ('as_expression', 'satisfies_expression', 'parenthesized_expression'):
        parent = s.parent_of(parent)
    if parent is not None and parent.type == 'arguments':
        return s.parent_of(parent)
    return None


def _call_name(call: Node) -> str:
    if call.type == 'new_expression':
        ctor = call.child_by_field_name('constructor')
        return s.text(ctor).rsplit('.', 1)[-1]
    return s.callee_name(call)


def _outermost_object(obj: Node) -> Node:
    """The options object a nested object belongs to (``{ pool: { max } }`` is one group)."""
    while s.parent_of(obj) is not None and s.parent_of(obj).type == 'pair' and s.parent_of(s.parent_of(obj)) is not None and (
            s.parent_of(s.parent_of(obj)).type == 'object'):
        obj = s.parent_of(s.parent_of(obj))
    return obj


def _overridable(obj: Node) -> bool:
    """Defaults a caller overrides, column definitions, and objects merged with the environment."""
    keys = {s.text(c.child_by_field_name('key')) for c in obj.named_children if c.type == 'pair'}
    if keys & {'type', 'swr', 'NX'}:
        return True  # { type: Date, expires }: a column; { ttl, swr }: a query cache hint; { NX, EX }: a lock
    for a in s.ancestors(obj):
        if a.type == 'formal_parameters':
            return True
        if a.type == 'variable_declarator':
            return 'default' in s.text(a.child_by_field_name('name')).lower()
        if a.type in s.FUNCTION_TYPES or a.type in ('statement_block', 'program'):
            return False
    return False


def _number(node: Node) -> float | None:
    """The value of a numeric literal or a constant product (``15 * 60 * 1000``)."""
    node = s.unwrap(node)
    if node.type == 'number':
        try:
            return float(s.text(node).replace('_', ''))
        except ValueError:
            return None
    if node.type == 'binary_expression':
        op = s.text(node.child_by_field_name('operator'))
        left = _number(node.child_by_field_name('left'))
        right = _number(node.child_by_field_name('right'))
        if left is None or right is None:
            return None
        if op == '*':
            return left * right
        if op == '+':
            return left + right
        if op == '-':
            return left - right
        if op == '/' and right:
            return left / right
    return None


# --- URLs and connection strings --------------------------------------------------------------------

def _urls(scope: Scope, names: Names) -> Iterator[Item]:
    for lit in scope.captures('hardcoded-config.url'):
        text = s.string_like_text(lit)
        if not _environment_url(text or '') or not _used_as_address(lit):
            continue
        label = f'`{_shorten(_CREDENTIALS.sub("://***@", text or ""), 48)}`'  # no secrets in the report
        yield Item(lit, label, _url_group(lit), 'url')


def _environment_url(text: str) -> bool:
    """A database URL, or one to a local, private, staging or one-label host, or on an odd port."""
    m = _URL.match(text)
    if m is None:
        return False
    host = m.group('host')
    if not host or '${}' in host:
        return False
    return m.group('scheme').lower() in _DB_SCHEMES or _internal_host(host) or _odd_port(m.group('port'))


def _local_host_value(text: str) -> bool:
    """A bare local host (``host: 'localhost'``); ``0.0.0.0`` and ``::`` bind every interface."""
    return '://' not in text and _local_host(text) and text not in ('0.0.0.0', '::')


def _local_host(host: str) -> bool:
    return bool(_LOCAL_HOST.search(host.strip('[]').lower()))


def _internal_host(host: str) -> bool:
    """Local, private, staging/sandbox, or a one-label name (``http://api:3000``, a compose service)."""
    host = host.strip('[]').lower()
    return _local_host(host) or ('.' not in host and host.replace('-', '').replace('_', '').isalnum())


def _odd_port(port: str | None) -> bool:
    return bool(port) and port not in ('80', '443', '${}')


def _used_as_address(lit: Node) -> bool:
    """Called, or configured or bound under an address-like name; not a log line, a comparison, a
    fallback (``process.env.URL ?? 'http://localhost:3000'``), an example or a parsing base."""
    node = lit
    parent = s.parent_of(node)
    while parent is not None and parent.type in ('parenthesized_expression', 'as_expression', 'array'):
        node, parent = parent, s.parent_of(parent)
    if parent is None:
        return False
    if parent.type == 'binary_expression':
        return s.text(parent.child_by_field_name('operator')) == '+' and _used_as_address(parent)
    if parent.type == 'arguments':
        call = s.parent_of(parent)
        name = _call_name(call)
        if name in _LOG_CALLS or name in _NOT_ADDRESS_CALLS or s.receiver_name(call) in ('console', 'logger', 'log'):
            return False
        return not (name == 'URL' and s.arguments(call)[1:2] == [node])  # new URL(path, base)
    if parent.type == 'pair':
        key = s.text(parent.child_by_field_name('key')).strip('\'"`')
        return bool(_ADDRESS_NAME.search(key)) and not _skipped_context(s.parent_of(parent))
    if parent.type in ('variable_declarator', 'assignment_expression'):
        target = parent.child_by_field_name('name') or parent.child_by_field_name('left')
        name = s.text(target)
        return bool(_ADDRESS_NAME.search(name)) and not _NOT_AN_ADDRESS_NAME.search(name)
    return False


def _skipped_context(obj: Node | None) -> bool:
    """Options of rate limiters (another family's question), transactions, sandboxes and signed
    URLs; per-query cache hints; OpenAPI server lists."""
    if obj is None:
        return False
    call = _options_call(_outermost_object(obj))
    if call is not None and _SKIP_OBJECT_CALLS.search(_call_name(call)):
        return True
    for a in s.ancestors(obj):
        named = a.child_by_field_name('key') if a.type == 'pair' else (
            a.child_by_field_name('name') if a.type == 'variable_declarator' else None)
        if named is not None and _SKIP_OBJECT_NAMES.match(s.text(named).strip('\'"')):
            return True
        if a.type in s.FUNCTION_TYPES or a.type in ('statement_block', 'program'):
            return False
    return False


def _url_group(lit: Node) -> Node:
    parent = s.parent_of(lit)
    if parent is not None and parent.type == 'pair' and s.parent_of(parent) is not None:
        return _outermost_object(s.parent_of(parent))
    if parent is not None and parent.type == 'arguments' and s.parent_of(parent) is not None:
        return s.parent_of(parent)
    return lit


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 3] + '...'


# --- calls, timers and assignments ------------------------------------------------------------------

def _calls(scope: Scope) -> Iterator[Item]:
    for call in scope.captures('hardcoded-config.call'):
        method = s.callee_name(call)
        args = s.arguments(call)
        if method == 'abort':
            yield from _abort_timer(call)
            continue
        if method == 'listen':
            yield from _listen(call, args)
            continue
        index = 1 if method in ('setex', 'psetex', 'expire', 'pexpire') else 0
        if len(args) <= index:
            continue
        number = _number(args[index])
        if method == 'timeout' and s.receiver_name(call) == 'AbortSignal':
            pass
        elif s.receiver_name(call) in ('jest', 'vi'):
            continue
        if number is not None and number > 1:
            path = s.callee_path(call)
            label = (f'the {s.text(args[index])} s TTL of `{path}()`' if index else
                     f'`{path}({s.text(args[0])})`' if len(path) <= 40 else f'`{_short(call)}`')
            yield Item(call, label, call, 'time')


def _listen(call: Node, args: list[Node]) -> Iterator[Item]:
    if not args:
        return
    port = s.unwrap(args[0])
    value = port
    if port.type == 'identifier':
        init = s.initializer(port)
        value = s.unwrap(init) if init is not None else port
    if value.type == 'number' and _number(value) not in (None, 0.0):
        yield Item(call, f'`{_short(call, 32)}`' + (f' (`{s.text(port)} = {s.text(value)}`)' if value is not port else ''),
                   call, 'port')


def _abort_timer(abort: Node) -> Iterator[Item]:
    """``setTimeout(() => controller.abort(), 5000)``: a request timeout in disguise."""
    fn = s.enclosing_function(abort)
    args = s.parent_of(fn) if fn is not None else None
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if call is None or s.callee_name(call) != 'setTimeout' or s.receiver(call) is not None:
        return
    params = s.arguments(call)
    number = _number(params[1]) if len(params) > 1 and params[0] == fn else None
    if number is not None and number > 1:
        yield Item(call, f'the {s.text(params[1])} ms abort timer', call, 'time')


def _assignments(scope: Scope) -> Iterator[Item]:
    for assign in scope.captures('hardcoded-config.assign'):
        right = assign.child_by_field_name('right')
        number = _number(right) if right is not None else None
        if number is not None and number > 1:
            yield Item(assign, f'`{_short(assign)}`', assign, 'time')


def _short(node: Node, limit: int = 44) -> str:
    text = s.normalized(node, limit + 8)
    return text if len(text) <= limit else text[:limit - 3] + '...'


# --- the gate: the same candidates, read from the bytes ----------------------------------------------

# Whitespace and comments between two tokens; and read backwards, where `// c\n` shows as `\n c //`.
_WS = rb'(?:\s|/\*(?:[^*]|\*(?!/))*\*/|//[^\n]*(?![^\n]))*'
_WS_BACK = rb'(?:\s|/\*(?:[^*]|\*(?!/))*\*/|\n[^\n]*?//)*'
# Where `_number` can find a constant: 5000, .5, (5000), <number>5000, await 5000.
_NUMERIC = rb'(?:\d|\.\d|<|await(?![\w$])|\(' + _WS + rb'(?:\d|\.\d|[(<]|await(?![\w$])))'
_GATE_NUMBER = lazyre.compile(_WS + _NUMERIC)
# Above 1, as durations, counts and sizes must be: not a pair's lone `0`, `1` or `0.5`.
_GATE_ABOVE_1 = lazyre.compile(_WS + rb'(?!(?:0(?:\.\d*)?|1(?:\.0*)?)(?![\w$.])' + _WS + rb'[,}])' + _NUMERIC)
_GATE_STRING = lazyre.compile(_WS + rb'[\'"`]')
_GATE_SUBSTITUTION = lazyre.compile(rb'\$\{[^{}`\'"\\/]*\}')
# Member calls `_calls` asks about (where it must be, the first argument a constant), but for
# `.timeout(ms)`/`.setTimeout(ms)`, which `_GATE_TIMEOUT` finds with the assignments.
_GATE_CALLS = lazyre.compile(
    rb'\.(?=[\s/rspela])' + _WS + rb'(?:retry' + _WS + rb'(?:\?\.' + _WS + rb')?(?:<|\(' + _WS + _NUMERIC
    + rb')|(?:setex|psetex|expire|pexpire|listen|(?P<abort>abort))' + _WS + rb'[(<?])')
# The names `_GATE_CALLS` takes, each a whole word: a file without one is not searched.
_GATE_CALL_WORDS = frozenset((b'retry', b'setex', b'psetex', b'expire', b'pexpire', b'listen', b'abort'))
# In lowercased text: an assignment to a property naming a timeout, `.timeout(ms)`, `.setTimeout(ms)`.
_GATE_TIMEOUT = lazyre.compile(
    rb'timeout[\w$\x80-\xff]*' + _WS + rb'(?:=(?![=>])' + _WS + _NUMERIC + rb'|(?:\?\.' + _WS + rb')?(?:<|\('
    + _WS + _NUMERIC + rb'))')
_GATE_CONTEXT = {b'pool': lazyre.compile(rb'(?i)pool'), b'session': lazyre.compile(rb'(?i)session')}


@functools.lru_cache(maxsize=8)
def _gate_keys(*lists: frozenset[str]) -> re.Pattern[bytes]:
    """In reversed lowercased text: a colon, then (backwards) a listed key, any key `_TIMEOUT_KEY`
    takes, or (`://` reversed) a scheme of the query's opening a literal: where a URL opens."""
    words = {n.encode().lower()[::-1] for names in lists for n in names if n} | {b'xam', b'nim', b'trop'}
    schemes = {scheme.encode()[::-1] for scheme in _DB_SCHEMES | {'http', 'https', 'ws', 'wss'}}
    suffixes = b'|'.join(_caseless_reversed(w) for w in ('ms', 'millis', 'seconds'))
    return re.compile(
        b':(?:(?<=//:)(?P<url>' + _alternation(schemes) + rb')[\'"`]|' + _WS_BACK + rb'[\'"]*(?:(?:' + suffixes
        + rb')?' + _caseless_reversed('timeout') + rb'|(?P<key>' + _alternation(words) + rb')(?![\w$])))')


def _caseless_reversed(word: str) -> bytes:
    """``word`` backwards, in any case (as `(?i)` matches it in Python: `ı` and `İ` are `i`, `ſ` is `s`)."""
    other = {'i': rb'|[\xb0\xb1]\xc4', 's': rb'|\xbf\xc5'}  # UTF-8, backwards
    return b''.join(b'(?:[' + c.encode() + c.upper().encode() + b']' + other.get(c, b'') + b')'
                    for c in reversed(word.lower()))


def _alternation(words: Iterable[bytes]) -> bytes:
    """A regex for any of ``words``, as a trie: one branch per next byte, quick to reject."""
    trie: dict[int, dict] = {}
    for word in words:
        node = trie
        for byte in word:
            node = node.setdefault(byte, {})
        node[-1] = {}

    def emit(node: dict[int, dict]) -> bytes:
        branches = [re.escape(bytes((b,))) + emit(child) for b, child in sorted(node.items()) if b != -1]
        if not branches:
            return b''
        body = branches[0] if len(branches) == 1 else b'(?:' + b'|'.join(branches) + b')'
        return b'(?:' + body + b')?' if -1 in node else body

    return emit(trie)


def _gate_text(scope: Scope) -> bytes:
    """The scope's bytes; for a function, with the rest of an expression it opens (a capture that
    starts where the function does belongs to it: ``function () {}.timeout(5000)``)."""
    fn = scope.node
    if fn is None:
        return scope.text
    top = fn
    while s.parent_of(top) is not None and s.parent_of(top).start_byte == fn.start_byte and s.parent_of(top).type != 'program':
        top = s.parent_of(top)
    return scope.text if top.end_byte <= fn.end_byte else scope.file.source[fn.start_byte:top.end_byte]


def _gate_kinds(key: str, names: Names) -> tuple[str, ...]:
    """What `_key_kind` can make of ``key``, whatever object it is in."""
    if key in names['timeout_keys'] or _TIMEOUT_KEY.search(key):
        return ('timeout',)
    if key in names['retry_keys']:
        return ('retry',)
    if key in names['pool_keys']:
        return ('pool',)
    bound = ('pool bound',) if key in ('max', 'min') else ()  # a pool's, or on to the lists below
    if key in names['ttl_keys']:
        return (*bound, 'cookie' if key == 'maxAge' else 'ttl')
    if key in names['host_keys']:
        return (*bound, 'host')
    return (*bound, 'port') if key == 'port' else bound


def _gate_value(kind: str, text: bytes, pos: int, context: dict[bytes, bool]) -> bool:
    """Whether the value after a key's colon at ``pos`` can be one `_pairs` reports for ``kind``."""
    need = {'pool bound': b'pool', 'cookie': b'session'}.get(kind)  # `_pool_object`, `_cookie_object`
    if need is not None:
        if need not in context:
            context[need] = bool(_GATE_CONTEXT[need].search(text))
        if not context[need]:
            return False
    if kind == 'port':
        return b'listen' in text and bool(_GATE_NUMBER.match(text, pos))  # `_in_listen`, any number
    if kind in ('ttl', 'cookie') and _GATE_STRING.match(text, pos):
        return True
    return bool(_GATE_ABOVE_1.match(text, pos))


def _gate_timeout(text: bytes, lower: bytes) -> bool:
    """`_assignments` (a property that names a timeout in any case), or a `.timeout(ms)` call."""
    if b'\xc4' in text:
        lower = lower.replace(b'\xc4\xb0', b'i').replace(b'\xc4\xb1', b'i')  # `(?i)` takes `İ` and `ı` for `i`
    return b'timeout' in lower and bool(_GATE_TIMEOUT.search(lower))


def _gate_host(text: bytes, pos: int) -> bool:
    """Whether the value after a host key's colon at ``pos`` can be a local host (`_pairs`)."""
    m = _GATE_STRING.match(text, pos)
    if m is None:
        return False
    value = _gate_literal(text, m.end() - 1)
    if value is None:
        return True
    # A template with a substitution has no `s.string_value`.
    return not (text[m.end() - 1] == 0x60 and '${}' in value) and _local_host_value(value)


def _gate_url(text: bytes, pos: int) -> bool:
    """The URL literal whose `://` ends at ``pos``: could `_urls` report it?"""
    quote = max(text.rfind(q, max(pos - 16, 0), pos) for q in (b'"', b"'", b'`'))
    value = _gate_literal(text, quote)
    return value is None or _environment_url(value)


def _gate_literal(text: bytes, start: int) -> str | None:
    """`s.string_like_text` of the literal opening at ``start``; None where bytes alone cannot tell
    (escapes, JSX entities, substitutions with braces, quotes or slashes)."""
    quote = text[start:start + 1]
    end = text.find(quote, start + 1)
    if end < 0:
        return None
    raw = text[start + 1:end]
    if b'\\' in raw or b'&' in raw:
        return None
    if quote == b'`' and b'${' in raw:
        raw = _GATE_SUBSTITUTION.sub(b'${}', raw)
        if b'${' in raw.replace(b'${}', b''):
            return None
    return raw.decode('utf-8', 'replace')


def _mentions_set_timeout(file: s.File) -> bool:
    return b'setTimeout' in file.source
