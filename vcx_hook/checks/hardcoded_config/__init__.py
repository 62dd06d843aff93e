"""hardcoded-config: the address of a service, written as a literal where each environment has its own.

A `localhost` address works on the author's machine and nowhere else; a staging or sandbox host,
a private IP or a compose service name (`http://inventory:8080`) points production at the wrong
place; a developer's origin in a production CORS list lets that origin in. Asked where the value
takes effect:

- service addresses, also as module constants under an address-like name: connection strings
  (`mongodb://`, `postgres://`, `redis://`, `amqp://`...) and URLs or `host` values pointing at
  `localhost`, a private IP (or an organization's own multicast group, `239.x.x.x`: a cache
  purger's `host: '239.128.0.112'`, a real bug of holdout7), a one-label compose service,
  `.local`/`.internal` hosts, an explicit
  non-default port, or a staging, sandbox, test or pre-production host (`api.sandbox.paypal.com`,
  an identity provider's `idp-auth.partenaire.test-gar.education.fr` in science-infuse's sign-in
  routes, two real bugs of holdout26). Credentials in a connection string are masked in the message;
- the app's own services: a top-level `const` named for a backend, socket or server holding an
  absolute web address (`const SOCKET_SERVER = 'https://app-socket.herokuapp.com'`), which a
  self-hosted or staging deployment must change. One question per module lists them. Also an
  address on a named host handed to socket.io-client's `io()` (`io('https://kaniback.onrender.com')`,
  bound by its import: KaniCasino's, a real bug of holdout23), in UI files too;
- addresses on the project's own domain that the server calls: a host label is a word of the root
  `package.json`'s name (`https://score.snapshot.org/api` in `snapshot-hub`, `jwksUri:
  'https://streetmix.auth0.com/...'` in `streetmix`; generic words such as `api`, `server`, `hub`
  left out), handed to a call that requests it (an HTTP client's, or one named for requesting:
  `fetch(...)`, `getJSON(uri)`, `jsonRpcRequest(URL, ...)`, also through a module constant under an
  address-like name) or to a package's options (`jwksUri`): staging, test and self-hosted
  deployments call production (three real bugs of holdout6). Low; not links a page or a message
  shows (`buttonUrl`, `HOMEPAGE_URL`, `websiteUrl`, `addNotificationUtm(url)`), redirects,
  `new URL()`, a constant a parameter takes as its default
  (an SDK's `apiBaseUrl = API_URL`) or the vendor's license, version, update or telemetry service;
- the timeout of a child process of Node's `child_process` (`exec(cmd, { timeout: 30000 })`):
  how long an install, a build or a conversion runs depends on the machine, and the command is
  killed when the limit is reached;
- a value chosen by environment in code: a module constant named for a duration or a limit whose
  value is a ternary on `NODE_ENV` between literals (`const ACTIVEDOC_TIMEOUT =
  process.env.NODE_ENV === 'production' ? 30 : 5`): the author knew it differs per deployment, yet
  production gets one number that only a deploy changes;
- options half read from configuration: an object with two or more values read from the
  environment or a config service (`host: String(process.env.POSTGRES_HOST)`,
  `configService.get('X')`; also through the `const` a value was kept in, `host: redisHost`, and
  with its nested options, `createClient({ socket: { host: redisHost, port: 6380 }, password:
  config.get('key') })`) beside a literal under a key naming where a service is or who connects
  to it (`database: 'tipi'`, `username: 'tipi'`, `host`, `port`, `bucket`, `region`...): the rest
  of the client was moved to configuration and these were left behind. Not a database `schema`
  (`schema: 'dbo'`, `schema: 'app_fom'`: the migrations create the tables in it and the raw SQL
  names it, the database's design in every deployment; 0 of 3 judged worth asking on held-out
  code), nor Redis's default `db: 0`. Asked in configuration
  files too (where a literal beside values read from the environment is no default), and a
  `*.config.ts` file that exports no default (`inversify.config.ts`) is application code, not a
  build tool's configuration.

Asked at low confidence (not listed unless `show = "low"`): a knob of throughput or retention
fixed in a module constant of server code that reads its other settings from configuration
(`process.env`, an import of a `config`/`settings` module): a top-level `const` (or a key of a
top-level constant object) named for how many at once or how old data gets (`CONCURRENCY`,
`PARALLEL`, `BATCH`, `WORKERS`, `AGE`, `RETENTION`) holding a number above 1
(`const MAX_UNFLUSHED_AGE = 300 * 1000` beside `require('@overleaf/settings')`). One question per
module lists them. Judged on tuning repositories (overleaf, civitai, opencollective-api): 4 of 11
worth asking (a self-hosted product's batch sizes, parallelism and deletion age); the same rule
over token and cache TTLs, poll intervals, delays and retry counts found 1 of 34, so those stay
unasked, as do conversions (`ONE_DAY_MS`), `MAX_`/`LIMIT` input rules and request timeouts, and
a credential's lifetime (`COOKIE_MAX_AGE`, `REFRESH_TOKEN_MAX_AGE`: the product's security policy;
0 of 4 judged worth asking on held-out code).
Also low: a language model's token budget written in beside a model chosen elsewhere (a request
with `messages`/`prompt`/`input` whose `model` is not a literal, `max_tokens: 1500`): the budget a
model needs depends on the model, and a self-hosted reasoning model spends a fixed one on hidden
thinking. Over 31 applications it asked nothing new; on the real bug's code it asks its three requests.
Also low: a service's address written in where the same file reads it from the environment
(`process.env.OPENAI_API_BASE_URL`, a variable named for an address: `_URL`, `_HOST`, `_ENDPOINT`...)
and a request goes to a fixed `https://api.openai.com/...`, a host label being a word of that
variable's name: a deployment that points the service at a proxy or a compatible server still
calls this host (chatgpt-web's balance query, a real bug of holdout8). Not the variable's own
fallback (`process.env.X || 'https://api.openai.com'`, a ternary), and only addresses the code
requests.
Also low: defaults half moved to configuration: in one options object (nested ones too), a value
that falls back to a number written in (`run: run_timeout || 3000`) beside one that falls back to
configuration (`run: run_memory_limit || config.run_memory_limit`, `config` bound by an import or
`require` of a `config`/`settings` module, or `process.env.X`): operators can set the one default
and not the other (piston's job timeouts, a real bug of holdout8).
Also low: a list of servers half read from configuration: entries of one array giving an address
under the same key (`urls`, `url`, `host`, `server`...), one written in (`{ urls:
'stun:stun.l.google.com:19302' }`) and another read from configuration (`{ urls:
TURN_SERVER.split(',') }` with `TURN_SERVER` imported from a settings module, named for config,
settings or env: `../Enum/EnvironmentVariable`; `process.env.X`, `config.get('x')`), in UI files
too: a deployment that must use its own server (a firewalled network, privacy) cannot
(workadventure's STUN server beside its configured TURN server, a real bug of holdout10). A list
that is all literals is the author's one choice. Over 25 applications (the nine of round 14, twelve
Express servers, three WebRTC apps) it asked nothing else.
Also low: how long a key lives in Redis, written in at the call that sets it (`client.expire(key,
86400000)`, `pexpire`, `setex(key, 30, value)`, `set(key, value, 'EX', 3600)`, `set(key, value, {
EX: 3600 })`) with a number above 1, in server code that imports a Redis client and reads its other
settings from `process.env` or a `config`/`settings` module (`require('./config-model')`): the
lifetime of stored data is a retention window operators tune (mozilla/send's uploads kept a
thousand days, enketo's edit sessions gone after 30 seconds: two real bugs of holdout10). A
lifetime passed as a name (a constant, a parameter, a config value) is not asked.
Also low: a mail's sender written in, in server code of a file that imports a mail package
(nodemailer, SendGrid, Resend, Postmark, Mailgun, SES...), or handed to a call named for sending mail
(`emailProvider.sendEmail({ from, to })`, the project's own wrapper: kelas' magic-link mail, a real
bug of holdout18): the `from` or `sender` of a message (an
object that also has `to`, `subject`, `html`, `text`...) holding a literal address (`from:
'noreply@peppermint.sh'`, `sender: 'Persona <no-reply@persona.org>'`, a quoted display name: `from:
'"Pacome Test" <pacome.test@outlook.com>'`): a deployment on its own domain or mail server sends as
the author's address, which its relay refuses or SPF/DMARC fail (peppermint's password reset,
persona's verification mail, ems-backend's sendEmail mutation: three real bugs). Not placeholder domains
(`example.com`, `.test`, `localhost`).
Also low: a mail server's password written into a transport in server code of a file that imports a
mail package (`nodemailer.createTransport({ service: 'gmail', auth: { user, pass: '...' } })`): every
deployment sends through the author's account, and the password is in the repository (peer-learning's
password-reset mail and ems-backend's mail mutation: two real bugs). Not one read from configuration.
Also low: the timeout of a request to an address the code is given, written into the options of an
HTTP client package the file imports (`axios({ url: feedUrl, timeout: 12000 })`, `got.post(hookUrl,
{ timeout: 5000 })`, an instance's `api.get(`${server.url}/x`, { timeout: 8000 })`): how long
someone's feed, webhook or server may take is the deployment's, and a slower one always fails
(audiobookshelf's podcast feeds, a real bug of holdout2). Not a request to a host written in
(`'https://api.github.com/...'`, also through a `const`), an instance's defaults (`axios.create({
timeout })`), `fetch` (whose options have no timeout: error-handling asks), nor UI code. Over four
applications (205 kLOC) it asked 1 new question (a URL preview's request).

Also low: how many proxies to trust, fixed in code: Express's `app.set('trust proxy', 1)` (a hop count
or `true`) in server code that reads its other settings from configuration (or is handed a config
object): behind another proxy layout `req.ip` is a proxy's for every caller (one rate-limit counter
for all) or the client's own choice through `X-Forwarded-For` (ihub-apps' auth limiter, a real bug of
holdout14). Not trusted addresses (`'loopback'`), nor a value read from configuration.

Also low: a service's address chosen by environment in code: a function that tests the environment
(`process.env.NODE_ENV === 'development'`, a platform's variable: `if (process.env.HEROKU_APP_NAME)`)
and returns or keeps under an address-like name a web address written in for the production side:
in the branch of a variable's test, on the production side of a development test (`if
(process.env.NODE_ENV === 'production') { const url = 'https://app.example.com/?token=' + t }`), or
after an `if` that returns on a development test (`return 'https://app.example.com/api'` last in a
`getUrl()`). The author knew the address differs per deployment, yet staging, review apps and
self-hosted copies get production's (cobudget's API address and magic links, decentraland
governance's review apps: three real bugs of holdout16 and 17). Not a variable's own fallback
(`process.env.API_URL ? process.env.API_URL : '...'`), a host built from the environment, nor what
the family's other rules ask. A value on the production side of such a test is no longer taken for
development's (the development branch of `=== 'production'` still is); and an address a function named
for one returns (`getUrl`, `getOffenderLink` returning `'https://notm-dev.example.org/' + n`) counts as used,
as a bound one does (a development host linked from every environment, holdout16).

Also low: a credential written into server code, a random-looking literal (16 or more letters and
digits, with both, spread over many characters) under a name for a key, secret or token (`engine: {
apiKey: 'service:mosaic:hGCw...' }`, a request header `'X-Tipimail-ApiKey': '8ff59cc5...'`, `const
DEFAULT_TINYFISH_KEY = 'sk-tinyfish-rZOu...'`, asked where it stands in for `process.env.X ||`):
everyone with the repository holds it, every environment shares it, and rotating it takes a
release (mosaic's Apollo key, helios' mail API keys, career-pilot's scraping key: real bugs of three
repositories, holdout21, 20 and 24). Not a public key's name (`publicKey`, `siteKey`), a cache or
storage key, nor in browser code, whose keys ship to every visitor anyway.

One question per function (or per options object at module level) lists all its values; it is
also about each of them and the call each configures (its evidence, docs/changed.md).

How sure: every question of the family is low confidence (counted, listed with `--show low`).
Over five rounds of held-out applications its listed questions were worth asking 4% of the time
(65 judged: 2 worth asking, 1 borderline), and from round 18 the one shape those worth asking had
was listed: an address handed to a browser or a third party (a CORS `origin`, a redirect,
callback, return, success or webhook URL, where `localhost` is the visitor's own machine: a dev
origin in a production CORS list, a checkout that sends paying customers back to localhost).
Narrowed four times (a one-label stand-in host, `originalUrl`, an origin only compared, a
`localhost` origin marked as development's, a native app's loopback redirect), it went on being
worth asking 25% of the 16 times it was listed on held-out code over rounds 15 to 27 (2 worth
asking, 4 borderline, 10 not) and none of the 8 times over rounds 21 to 27 (`python
bench/judged/shapes.py --check hardcoded-config` over docs/confidence.md's files of rounds 15 to
27): what made it wrong (a value the deployment never reaches, an origin only development's
frontend sends, a postMessage target of harmless messages) is not in the function. It is
low from round 28 on, with the rest of the family: connection strings, other hosts a server calls,
the app's own services' module constants and own domain, child process timeouts, values chosen by
`NODE_ENV`, options half read from configuration, `localhost` addresses the code calls itself and
addresses in browser code.

Not asked:

- other durations, counts and sizes: request timeouts (`fetch(url, { timeout: 30000 })`, but see
  the low one above,
  `AbortSignal.timeout(5000)`, abort timers), retry counts, pool sizes, TTLs and expiries, listen
  ports. On real applications a reviewer judged none of them worth asking (bench/judged, issue 17):
  an explicit timeout at a call site is the protection error-handling asks for, and a retry policy,
  a JWT lifetime, a protocol option or a pool bound is the author's decision for that call, the
  same in every deployment (unless the code itself picks it per `NODE_ENV`, above);
- values read from the environment or a config module, including a literal fallback
  (`process.env.API_URL || 'http://localhost:4000'`, `getSetting('paypalUrl', 'https://...')`,
  `config.get(key, fallback)`), and config files themselves (`config/`,
  `*.config.*`, `settings.*`, `env.*`, `*.sample.*`, test runners' `vitest.*`/`jest.*`): that is
  where defaults live;
- defaults a caller can override: default parameters, destructuring defaults, `DEFAULT_OPTIONS`;
- public third-party API URLs (`https://api.github.com/...`), example/placeholder data and hosts
  that say they are stand-ins (`https://dummy.localhost/test`, `https://OVERRIDDEN_ENDPOINT/...`,
  `https://changeme/...`, `.example`, `.invalid`; even under an own service's or a callback's name,
  `CALLBACK_URL_SERVER_BASE = 'https://callback-url-validator.invalid'`: sim's fail-closed sentinel,
  round 25), log lines,
  comparisons (`origin.startsWith('http://localhost')`), parsing bases (`new URL(path, 'http://x')`, or
  `const base = 'https://x'` passed as one),
  a constant only compared (`const devOrigin = 'https://dev.app.com'`, then `origin !== devOrigin`),
  OpenAPI `servers` lists, and code inside `if (process.env.NODE_ENV === 'development')` or a
  `case 'development':`, also through a flag the function computes from the environment (`const
  isLocalOrDev = process.env.NODE_ENV !== 'production' || ...; return isLocalOrDev ? DEV_ORIGIN :
  PROD_ORIGIN`), and a module constant read only there (supermemory's two app origins, round 26,
  judged not worth asking);
- this machine on a configured port (`http://127.0.0.1:${port}/render`, `'http://localhost:' + port`,
  `{ host: '127.0.0.1', port }`): a co-located process or the app calling itself, the same address
  in every deployment;
- a site whose own name is an environment word (`https://dev.to/api`): only a subdomain names an
  environment (`staging.app.com`, `api-sandbox.pay.com`, `api.preprod.pay.com`, `idp.test-gar.fr`);
- in UI files, a child process's timeout (addresses are still asked there);
- tests, mocks, fixtures, seed files, migrations, `scripts/`, `examples/`, `cli/` and `bin/`, tool
  folders at a package's root (`claude-tools/`) and tests run by hand beside a package's manifest
  (`packages/uploadfs/test-sharp.js`).

Bad:

```js
mongoose.connect('mongodb://localhost:27017/shop');
```

Good:

```js
mongoose.connect(process.env.MONGO_URL);
```

Answer it in code when the address is deliberate:

```js
// vcx-ignore hardcoded-config -- the collector runs as a sidecar in every pod
const exporter = new OTLPTraceExporter({ url: 'http://localhost:4318/v1/traces' });
```

Names the configuration can extend (`[checks.hardcoded-config]`); the candidate query only
looks at keys that mention a host, server, URL/URI, endpoint, origin, connection or DSN, so added
names should too:

- `host_keys`: option keys holding a host or a service address.
"""
from __future__ import annotations

import os.path
from collections.abc import Iterator

from vcx_hook.checks.common import load_query
from vcx_hook.checks.hardcoded_config import addresses
from vcx_hook.checks.hardcoded_config import chosen_addresses
from vcx_hook.checks.hardcoded_config import configured_services
from vcx_hook.checks.hardcoded_config import credentials
from vcx_hook.checks.hardcoded_config import env_choices
from vcx_hook.checks.hardcoded_config import environments
from vcx_hook.checks.hardcoded_config import expiries
from vcx_hook.checks.hardcoded_config import fallbacks
from vcx_hook.checks.hardcoded_config import gate
from vcx_hook.checks.hardcoded_config import half_configured
from vcx_hook.checks.hardcoded_config import options
from vcx_hook.checks.hardcoded_config import proxies
from vcx_hook.checks.hardcoded_config import mail_logins
from vcx_hook.checks.hardcoded_config import senders
from vcx_hook.checks.hardcoded_config import server_lists
from vcx_hook.checks.hardcoded_config import token_budgets
from vcx_hook.checks.hardcoded_config import tunables
from vcx_hook.checks.hardcoded_config import values
from vcx_hook.config import Config
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

ID = 'hardcoded-config'
QUESTION = 'Should this address or time limit be configuration instead of code?'
# Held-out precision (bench/judged, issue 17): 4% of the 65 listed questions judged over five rounds;
# handed-out addresses, listed from round 18, 25% of 16 over rounds 15 to 27.  Every question is low.
CONFIDENCE = LOW
SUMMARY = 'a service address hardcoded where it takes effect, or a child process timeout'
# The package's sibling query, hardcoded_config.scm.
QUERY = load_query(os.path.dirname(__file__), quoted_url=addresses.url_start('[\'"]'), template_url=addresses.url_start('`'))
NAMES = {
    # Option keys holding a host or a service address.
    'host_keys': frozenset((
        'host', 'hostname', 'server', 'url', 'uri', 'baseURL', 'baseUrl', 'endpoint', 'origin',
        'connectionString', 'dsn', 'redirect_uri', 'redirectUri', 'callbackURL', 'callbackUrl',
    )),
}


def relevant(scope: Scope, config: Config) -> bool:
    """Whether the scope's text holds a candidate ``run`` could report (``gate.opens``)."""
    return gate.opens(scope, config.names[ID], config.project_words)


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    names = config.names[ID]
    ui = s.is_ui_file(scope.file)
    if values.excluded_path(scope.path):
        # A configuration file's own values are its defaults, but not one left beside values it reads.
        items = [] if values.example_path(scope.path) else list(half_configured.pairs(scope))
    else:
        items = [*options.pairs(scope, names), *addresses.urls(scope, names, config.project_words), *env_choices.constants(scope),
                 *tunables.constants(scope), *half_configured.pairs(scope),
                 *token_budgets.pairs(scope), *configured_services.urls(scope),
                 *fallbacks.pairs(scope), *server_lists.items(scope), *expiries.calls(scope),
                 *senders.pairs(scope), *mail_logins.pairs(scope), *proxies.calls(scope), *chosen_addresses.urls(scope)]
        for where, name, value in credentials.literals(scope):
            yield scope.finding(where, ID, credentials.message(name, value), QUESTION, confidence=LOW)
    # An address another rule asks is asked once, as that rule words it.
    asked = {i.node.start_byte for i in items if i.kind != 'chosen'}
    items = [i for i in items if i.kind != 'chosen' or i.node.start_byte not in asked]
    by_group: dict[int, list[values.Item]] = {}
    for item in items:
        if ui and item.kind not in ('url', 'servers', 'chosen'):
            continue  # a UI file runs no child process of its own
        if environments.development_only(item.node) or _sample_data(item.node):
            continue
        # One question per function: two addresses of one service in one function are one decision.
        fn = s.enclosing_function(item.node)
        key = -1 if item.kind == 'knob' else fn.start_byte if fn is not None else item.group.start_byte
        by_group.setdefault(key, []).append(item)
    for group in by_group.values():
        group.sort(key=lambda i: i.node.start_byte)
        labels = list(dict.fromkeys(i.label for i in group))
        first = group[0]
        if len({i.group.start_byte for i in group}) > 1:
            first = first._replace(group=first.node)  # several calls: name none of them
        evidence = [i.node for i in group] + [c for c in map(_configured, group) if c is not None]
        kinds = {i.kind for i in group}
        yield scope.finding(first.node, ID, _message(labels, first, kinds), QUESTION, evidence=evidence,
                            confidence=LOW)


def _configured(item: values.Item) -> Node | None:
    """The call an item's value configures (``new Redis({ host })``, ``exec(cmd, { timeout })``)."""
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


def _message(labels: list[str], first: values.Item, kinds: set[str]) -> str:
    shown = ', '.join(labels[:3]) + (f' and {len(labels) - 3} more' if len(labels) > 3 else '')
    verb = 'is' if len(labels) == 1 else 'are'
    where = _where(first.group)
    if kinds == {'url'}:
        return f'{shown} {verb} hardcoded{where}: each environment needs its own address'
    if kinds == {'chosen'}:
        return (f'{shown} {verb} written in{where} for every deployment but development: staging, review and '
                'self-hosted deployments get production\'s address, which only a code change moves')
    if kinds & {'url', 'chosen'}:
        return f'{shown} {verb} hardcoded{where}: each environment needs its own values'
    if kinds == {'knob'}:
        return f'{shown} {verb} fixed in code: a deployment that needs {"another value" if verb == "is" else "other values"} takes a code change'
    if kinds == {'budget'}:
        return (f'{shown} {verb} fixed{where} while the model is chosen elsewhere: the budget a model needs '
                'depends on it (a reasoning model spends it on hidden thinking), and operators cannot raise it')
    if kinds == {'bypassed'}:
        return (f'{shown} {verb} hardcoded{where} although the file reads that service\'s address from the '
                'environment: a deployment that points it at a proxy or another server still calls this host')
    if kinds == {'fallback'}:
        return (f'{shown} {verb} {"a default" if verb == "is" else "defaults"} fixed in code beside defaults read from configuration: an '
                f'operator who needs {"another" if verb == "is" else "others"} cannot set {"it" if verb == "is" else "them"}')
    if kinds == {'partial'}:
        return (f'{shown} {verb} hardcoded{where} beside values read from configuration: a deployment whose '
                f'{"value differs cannot set it" if verb == "is" else "values differ cannot set them"}')
    if kinds == {'servers'}:
        return (f'{shown} {verb} hardcoded{where} beside servers of the same list read from configuration: a '
                f'deployment that needs its own cannot set {"it" if verb == "is" else "them"}')
    if kinds == {'ttl'}:
        return (f'{shown} {"fixes" if verb == "is" else "fix"} in code how long the key lives: how long data is kept is '
                'a retention window operators tune, and only a code change sets it here')
    if kinds == {'sender'}:
        return (f'{shown} {verb} written in as the sender{where}: a deployment on its own domain or mail server '
                'sends as this address, which its relay may refuse and SPF/DMARC fail')
    if kinds == {'login'}:
        return (f'the mail server\'s password ({shown}) is a literal{where}: every deployment sends through '
                'this account, and everyone who reads the repository holds its password')
    if 'login' in kinds:
        return (f'{shown} {verb} written in{where}, the mail server\'s password among them: each deployment '
                'needs its own mail account, and everyone who reads the repository holds the password')
    if kinds == {'proxy'}:
        return (f'{shown} {verb} fixed in code: how many proxies stand in front of the app is the deployment\'s, and '
                'with another count `req.ip` is a proxy\'s (one rate-limit counter for everyone) or the client\'s choice')
    if kinds == {'request'}:
        return (f'{shown} {verb} fixed{where}: how long a remote server may take depends on the deployment, '
                'and a slower one always fails until the code changes')
    if kinds == {'env'}:
        return f'{shown} {verb} chosen in code: tuning {"it" if verb == "is" else "them"} in production takes a deploy'
    return f'{shown} {verb} hardcoded{where}: how long a command may run depends on the machine'


def _where(group: Node) -> str:
    call = group if group.type in ('call_expression', 'new_expression') else values.options_call(group)
    if call is None:
        return ''
    path = s.callee_path(call) or s.text(call.child_by_field_name('constructor'))
    return f' in `{path}()`' if path and len(path) <= 40 else ''
