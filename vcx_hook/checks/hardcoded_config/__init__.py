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
  (`api.sandbox.paypal.com`). Credentials in a connection string are masked in the message;
- the app's own services: a top-level `const` named for a backend, socket or server holding an
  absolute web address (`const SOCKET_SERVER = 'https://app-socket.herokuapp.com'`), which a
  self-hosted or staging deployment must change. One question per module lists them.

One question per function (or per options object at module level) lists all its values; it is
also about each of them and the call each configures (its evidence, docs/changed.md).

Not asked:

- values read from the environment or a config module, including a literal fallback
  (`Number(process.env.TIMEOUT_MS ?? 30000)`, `process.env.API_URL || 'http://localhost:4000'`), and
  config files themselves (`config/`, `*.config.*`, `settings.*`, `env.*`): that is where defaults live;
- named constants for durations and counts (`const REQUEST_TIMEOUT_MS = 30000`): visible and greppable;
- unit conversions and computations (`retryAfter * 1000`, `1000 * attempt`), `0`/`1`/`-1`, HTTP
  status codes, `LIMIT 1`, validation bounds (zod/joi/JSON schema), column definitions
  (`{ type: Date, expires: 3600 }`), security parameters (bcrypt cost, token length, signed-URL
  lifetimes, `vm` sandbox timeouts), lock expiries (`{ NX: true, EX: 30 }`), transaction budgets
  (`prisma.$transaction(fn, { timeout })`), per-query cache hints (`cacheStrategy: { ttl }`), the
  size and TTL of an in-process cache (`new LRUCache({ max: 1000, ttl })` from `lru-cache`,
  `node-cache`, `@isaacs/ttlcache`...);
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

import os.path
import re
from collections.abc import Iterator

from vcx_hook.checks.common import load_query
from vcx_hook.checks.hardcoded_config import addresses
from vcx_hook.checks.hardcoded_config import calls
from vcx_hook.checks.hardcoded_config import gate
from vcx_hook.checks.hardcoded_config import options
from vcx_hook.checks.hardcoded_config import values
from vcx_hook.config import Config
from vcx_hook.finding import MEDIUM
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

ID = 'hardcoded-config'
QUESTION = 'Should this timeout/limit/address be configuration instead of code?'
# Held-out precision (bench/judged, issue 17): 1 of 21 judged findings worth asking on the first
# sample (a dev origin shipped in a production CORS list), 0 of 31 on the final one (4 of them
# literal loopback addresses): library and protocol options, job-runner retry policies, JWT
# lifetimes, explicit timeouts at a call site (the protection error-handling asks for), public
# hosts and sidecars.  Every shape is medium: listed, not blocking (docs/confidence.md).
CONFIDENCE = MEDIUM
SUMMARY = 'a timeout, limit, TTL, port or service address hardcoded where it takes effect'
# The package's sibling query, hardcoded_config.scm.
QUERY = load_query(os.path.dirname(__file__), quoted_url=addresses.url_start('[\'"]'), template_url=addresses.url_start('`'))
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
_DEV_CONDITION = lazyre.compile(rb'NODE_ENV|development|\bis(?:Dev|Local|Development)\b|\bdev\b', re.I)


def relevant(scope: Scope, config: Config) -> bool:
    """Whether the scope's text holds a candidate ``run`` could report (``gate.opens``)."""
    return gate.opens(scope, config.names[ID])


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    if values.excluded_path(scope.path):
        return
    names = config.names[ID]
    ui = s.is_ui_file(scope.file)
    items = [*options.pairs(scope, names), *addresses.urls(scope, names), *calls.calls(scope), *calls.assignments(scope)]
    by_group: dict[tuple[int, str], list[values.Item]] = {}
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
        evidence = [i.node for i in group] + [c for c in map(_configured, group) if c is not None]
        yield scope.finding(first.node, ID, _message(labels, first, {i.kind for i in group}), QUESTION, evidence=evidence)


def _configured(item: values.Item) -> Node | None:
    """The call an item's value configures (``new Pool({ max: 20 })``, ``fetch(url, { timeout })``)."""
    group = item.group
    return group if group.type in ('call_expression', 'new_expression') else values.options_call(group)


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


def _message(labels: list[str], first: values.Item, kinds: set[str]) -> str:
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
    call = group if group.type in ('call_expression', 'new_expression') else values.options_call(group)
    if call is None:
        return ''
    path = s.callee_path(call) or s.text(call.child_by_field_name('constructor'))
    return f' in `{path}()`' if path and len(path) <= 40 and path != 'setTimeout' else ''
