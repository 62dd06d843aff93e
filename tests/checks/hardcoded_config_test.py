from __future__ import annotations

import pytest

from vcx_hook.checks.hardcoded_config import ID
from vcx_hook.checks.hardcoded_config import gate
from vcx_hook.checks.hardcoded_config import values
from vcx_hook.config import Config
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Change

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/x.js')
gate_opens = helpers.bind(helpers.gate_opens, ID, 'src/x.js')


def test_child_process_timeout():
    src = (
        "const child = require('child_process');\n"
        "function run(cmd, cb) {\n  return child.exec(cmd, { maxBuffer: 3 * 1024 * 1024, timeout: 30000 }, cb);\n}\n"
    )
    assert findings(src) == [
        'src/x.js:3 `timeout: 30000` is hardcoded in `child.exec()`: how long a command may run depends on the machine',
    ]


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            "import { execSync } from 'node:child_process';\nexecSync('npm ci', { timeout: 10 * 60 * 1000 });\n",
            ['src/x.js:2 `timeout: 10 * 60 * 1000` is hardcoded in `execSync()`: how long a command may run '
             'depends on the machine'],
            id='imported from node:child_process'),
        pytest.param(
            "const { exec } = require('child_process');\nexec(cmd, { timeout: Number(process.env.T) || 30000 });\n",
            [], id='env with fallback'),
        pytest.param("const cp = require('child_process');\ncp.exec(cmd, { timeout: 0 });\n", [], id='zero disables'),
        pytest.param("const ssh = require('ssh2');\nconn.exec(cmd, { timeout: 30000 });\n", [], id='not child_process'),
        pytest.param('const response = await fetch(url, { timeout: 30000 });\n', [], id='request timeout'),
        pytest.param(
            'const c = new AbortController();\nsetTimeout(() => c.abort(), 5000);\nawait fetch(u, { signal: c.signal });\n'
            'await fetch(u, { signal: AbortSignal.timeout(8000) });\n', [], id='abort timers'),
        pytest.param("const pool = new Pool({ max: 20, idleTimeoutMillis: 30000 });\n", [], id='pool size'),
        pytest.param("const token = jwt.sign(p, s, { expiresIn: '1h' });\n", [], id='jwt expiry'),
        pytest.param('await redis.setex(key, 3600, value);\n', [], id='redis ttl'),
        pytest.param("export const t = task({ id: 'send', retry: { maxAttempts: 3 } });\n", [], id='retry policy'),
        pytest.param('server.keepAliveTimeout = 65000;\napp.listen(3000);\n', [], id='server timeout and port'),
    ),
)
def test_durations_counts_and_limits(src, expected):
    """Of durations, counts and sizes only a child process's timeout is asked (bench/judged: 0 of 47
    judged request timeouts, retry policies, pool sizes, TTLs and expiries worth asking)."""
    assert findings(src) == expected


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            "const axios = require('axios');\nfunction feed(u) {\n  return axios({ url: u, timeout: 12000 });\n}\n",
            ['src/x.js:3 `timeout: 12000` is fixed in `axios()`: how long a remote server may take depends on the '
             'deployment, and a slower one always fails until the code changes'],
            id='request to a given address'),
        pytest.param(
            "import got from 'got';\nexport const hook = (h) => got.post(h.url, { json: {}, timeout: 60 * 1000 });\n",
            ['src/x.js:2 `timeout: 60 * 1000` is fixed in `got.post()`: how long a remote server may take depends on '
             'the deployment, and a slower one always fails until the code changes'],
            id='got'),
        pytest.param(
            "const axios = require('axios');\nconst u = 'https://api.github.com/x';\naxios.get(u, { timeout: 5000 });\n",
            [], id='fixed host through a const'),
        pytest.param("const axios = require('axios');\naxios.get(u, { timeout: 0 });\n", [], id='disabled'),
        pytest.param("const axios = require('axios');\nconst c = axios.create({ timeout: 5000 });\n", [], id='instance'),
        pytest.param("const axios = require('axios');\ndb.query({ text: q, timeout: 5000 });\n", [], id='no request'),
    ),
)
def test_request_timeouts(src, expected):
    """Low: a request timeout written in, for an address the code is given (options._http_request)."""
    assert findings(src) == expected


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            "const API_URL = 'http://localhost:4000/api';\n",
            ['src/x.js:1 `http://localhost:4000/api` is hardcoded: each environment needs its own address'],
            id='module constant',
        ),
        pytest.param(
            "mongoose.connect('mongodb+srv://app:secret@cluster0.mongodb.net/shop');\n",
            ['src/x.js:1 `mongodb+srv://***@cluster0.mongodb.net/shop` is hardcoded in `mongoose.connect()`: '
             'each environment needs its own address'],
            id='connection string',
        ),
        pytest.param(
            "await fetch('https://api.sandbox.paypal.com/v1/oauth2/token', init);\n",
            ['src/x.js:1 `https://api.sandbox.paypal.com/v1/oauth2/token` is hardcoded in `fetch()`: each '
             'environment needs its own address'],
            id='sandbox host',
        ),
        pytest.param(
            "const r = await axios.get('http://inventory:8080/items');\n",
            ['src/x.js:1 `http://inventory:8080/items` is hardcoded in `axios.get()`: each environment needs its '
             'own address'],
            id='compose service',
        ),
        pytest.param("await fetch('https://api.github.com/repos/a/b');\n", [], id='public api'),
        pytest.param("const url = process.env.API_URL ?? 'http://localhost:4000';\n", [], id='fallback'),
        pytest.param("if (origin.startsWith('http://localhost')) allow();\n", [], id='comparison'),
        pytest.param("const u = new URL(path, 'http://localhost');\n", [], id='parsing base'),
        pytest.param("console.log('listening on http://localhost:3000');\n", [], id='log line'),
        pytest.param("const DEFAULT_WEBAPP_URL = 'http://localhost:3000';\n", [], id='named default'),
        pytest.param(
            "if (process.env.NODE_ENV === 'development') {\n  fetch('http://localhost:9000/x');\n}\n",
            [], id='dev only branch',
        ),
        pytest.param("const c = { image: 'https://example.com/og.png' };\n", [], id='example data'),
        pytest.param(
            "const q = new Queue('mail', { connection: { host: 'localhost', port: 6379 } });\n",
            ["src/x.js:1 `host: 'localhost'` is hardcoded in `Queue()`: each environment needs its own address"],
            id='bare host',
        ),
        pytest.param("const p = { origin: 'center' };\n", [], id='not a host'),
        pytest.param("const r = await fetch(`http://127.0.0.1:${port}/render`, init);\n", [],
                     id='this machine on a configured port'),
        pytest.param("const u = 'http://127.0.0.1:' + config.port + '/api/import';\n", [],
                     id='this machine, the port concatenated'),
        pytest.param("mongo.connect(`mongodb://127.0.0.1:${mongoPort}/app`);\n", [], id='a co-located database'),
        pytest.param("net.createConnection({ host: '127.0.0.1', port: routerPort });\n", [],
                     id='this machine, a port from elsewhere'),
        pytest.param(
            "net.createConnection({ host: '127.0.0.1', port: 4000 });\n",
            ["src/x.js:1 `host: '127.0.0.1'` is hardcoded in `net.createConnection()`: each environment needs its own "
             "address"], id='this machine, a port of its own'),
        pytest.param(
            "mongo.connect('mongodb://127.0.0.1:27017/app');\n",
            ['src/x.js:1 `mongodb://127.0.0.1:27017/app` is hardcoded in `mongo.connect()`: each environment needs '
             'its own address'], id='this machine on a fixed port'),
        pytest.param("await fetch('https://dev.to/api/articles', init);\n", [], id='a site named dev'),
        pytest.param(
            "await fetch('https://api-sandbox.pinterest.com/v5/oauth/token', init);\n",
            ['src/x.js:1 `https://api-sandbox.pinterest.com/v5/oauth/token` is hardcoded in `fetch()`: each '
             'environment needs its own address'], id='a sandbox subdomain'),
        pytest.param(
            "switch (env) {\n  case 'development':\n    servers = [{ url: 'http://localhost:3000' }];\n}\n", [],
            id='a development case'),
    ),
)
def test_addresses(src, expected):
    assert findings(src) == expected


@pytest.mark.parametrize(
    ('path', 'src', 'expected'),
    (
        pytest.param(
            'src/Banner.tsx', 'useEffect(() => { const t = setTimeout(() => c.abort(), 3000); }, []);\n', [],
            id='ui timer',
        ),
        pytest.param(
            'src/api.tsx', "const api = axios.create({ baseURL: 'http://localhost:5000', timeout: 10000 });\n",
            ['src/api.tsx:1 `http://localhost:5000` is hardcoded in `axios.create()`: each environment needs its '
             'own address'],
            id='ui asks the address only',
        ),
        pytest.param('src/config/index.js', "module.exports = { http: { timeout: 30000 } };\n", [], id='config module'),
        pytest.param('next.config.js', "module.exports = { api: { timeout: 30000 } };\n", [], id='tool config'),
        pytest.param('scripts/seed.js', "mongoose.connect('mongodb://localhost/app');\n", [], id='script'),
    ),
)
def test_paths(path, src, expected):
    assert findings(src, path) == expected


# --- the gate ---------------------------------------------------------------------------------------


def both(src: str, path: str, change: Change | None, cfg: Config | None = None) -> tuple[list[str], list[str]]:
    return helpers.gated_and_ungated(ID, src, path, change, cfg)


@pytest.mark.parametrize(
    'src',
    (
        pytest.param("require('child_process');\nexec(c, { timeout: config.execTimeout });\n", id='value from config'),
        pytest.param("require('child_process');\nconst o = { retries: 0, timeout: 1 };\n", id='zero and one'),
        pytest.param('fetch(u, { timeout: 30000 });\n', id='a timeout in a file without child_process'),
        pytest.param('const s = { port: 3000 };\nconst p = new Pool({ max: 20 });\n', id='port and pool'),
        pytest.param('req.timeout(ms);\nsetTimeout(() => c.abort(), 100);\nx.timeout = 10;\n', id='timers'),
        pytest.param("fetch('https://api.github.com/repos');\n", id='public url'),
        pytest.param("// see http://localhost:3000\nconst u = { url: '/api/users', host: 'example.com' };\n",
                     id='address in a comment, relative url, public host'),
        pytest.param('new Pool({ connectionString: process.env.DATABASE_URL });\n', id='address from env'),
    ),
)
def test_gate_closes_on_near_misses(src):
    assert gate_opens(src) == [False]


@pytest.mark.parametrize(
    ('path', 'src'),
    (
        pytest.param('src/x.js', "const cp = require('child_process');\ncp.exec(c, { timeout /* ms */ : 30000 });\n",
                     id='comment before colon'),
        pytest.param('src/x.js', "const cp = require('child_process');\ncp.exec(c, { \"timeout\" // ms\n  : (30000) });\n",
                     id='line comment before colon'),
        pytest.param('src/x.js', "const c = new Client({ hostname: 'db.internal' });\n", id='host key'),
        pytest.param('src/x.js', "const c = new Client({ host: \"db.internal\" });\n", id='internal host'),
        pytest.param('src/x.js', "mongoose.connect(`mongodb://${user}:${pass}@db:27017/app`);\n", id='template url'),
        pytest.param('src/x.js', "fetch('http://api:3000/x');\n", id='compose service'),
        pytest.param('src/App.tsx', "const c = { host: 'localhost' };\nconnect(c);\n", id='host in ui'),
    ),
)
def test_gate_opens_where_run_reports(path, src):
    """In file mode and with any single row changed (hook mode), gated and ungated runs agree."""
    assert gate_opens(src, path) == [True]
    rows = src.count('\n')
    for change in (None, *(Change(((row, row + 1),)) for row in range(rows))):
        gated, ungated = both(src, path, change)
        assert gated == ungated
    assert len(both(src, path, None)[0]) == 1


def test_gate_in_ui_files_opens_for_addresses_only():
    assert gate_opens("require('child_process');\nexec(c, { timeout: 30000 });\n", 'src/App.tsx') == [False]
    assert gate_opens("const API_URL = 'http://localhost:3000';\n", 'src/App.tsx') == [True]


def test_gate_opens_on_keys_added_in_config():
    cfg = default_config()
    names = {k: dict(v) for k, v in cfg.names.items()}
    names[ID]['host_keys'] = names[ID]['host_keys'] | {'brokerHost'}
    extended = cfg._replace(names=names)
    src = "new Kafka({ brokerHost: 'localhost' });\n"
    assert gate_opens(src) == [False]
    assert gate_opens(src, config=extended) == [True]
    assert both(src, 'src/x.js', None, extended) == (
        ["1 `brokerHost: 'localhost'` is hardcoded in `Kafka()`: each environment needs its own address"],
    ) * 2


@pytest.mark.parametrize('path', (
    'src/config/db.js', 'src/app.config.ts', 'src/Settings/x.js', 'lib/defaults.js', 'env.js', 'src/ENV.mjs',
    'examples/a.js', 'x/cli/y.js', 'db/seeds/users.js', 'migrations/001.js', 'scripts/x.js', 'src/reconfigure.js',
    'src/configs.d.ts', 'src/development.cjs', 'a/bin', 'configuration/', 'src/my_seed.ts', 'src/options.json',
    'src/environment.tsx', 'src/dev.jsx.bak', 'src/api.ts', 'lib/Watching.js', 'test/configCases/x/index.js',
    'src/ĸonfig.js', 'src/\u017feeds/x.js',
    'apps/web/public/js/env.sample.js', 'src/sample.js', 'vitest.shared.ts', 'e2e/playwright.setup.ts', 'src/jest-utils.ts',
))
def test_path_exclusion_is_the_configuration_pattern(path):
    expected = bool(values._CONFIG_PATH.search(path))
    assert values.excluded_path(path) is expected


def _tiers(src: str, path: str = 'src/x.js') -> list[str]:
    from vcx_hook.engine.target import Target
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [f'{f.path}:{f.line} {f.confidence} {f.message}' for f in result.findings if f.check_id == ID]


def test_every_shape_is_low_a_handed_out_address_too():
    # bench/judged: handed-out addresses, listed from round 18, were worth asking 25% of 16 times held out
    # (rounds 15 to 27); the family's other questions 1 time of 61 listed ones.
    src = (
        "app.use(cors({ origin: ['https://app.example.com', 'http://localhost:6274'] }));\n"
        "const routerUrl = `http://router:${routerPort}/graphql`;\n"
        "const cp = require('child_process');\ncp.execSync('make', { timeout: 60000 });\n"
    )
    assert _tiers(src) == [
        'src/x.js:1 low `http://localhost:6274` is hardcoded: each environment needs its own address',
        'src/x.js:2 low `http://router:${}/graphql` is hardcoded: each environment needs its own address',
        'src/x.js:4 low `timeout: 60000` is hardcoded in `cp.execSync()`: how long a command may run '
        'depends on the machine',
    ]


def test_react_email_preview_props_are_not_asked():
    src = (
        "export const Digest = ({ url }) => url;\n"
        "Digest.PreviewProps = { url: 'http://localhost:3000/d', ttl: 3600 };\n"
        "export const live = { url: 'http://localhost:3000/d' };\n"
    )
    assert _tiers(src, 'src/emails/Digest.ts') == [
        'src/emails/Digest.ts:3 low `http://localhost:3000/d` is hardcoded: each environment needs its own address',
    ]


@pytest.mark.parametrize(('src', 'lines'), [
    pytest.param(
        "const cp = require('child_process');\nfunction run(c) {\n  return cp.exec(c, { timeout: 30000 });\n}\n",
        [(3,)], id='value-and-call-on-one-line'),
    pytest.param(
        "const cp = require('child_process');\nfunction run(c) {\n  return cp.exec(c, {\n    timeout: 30000,\n  });\n}\n",
        [(3, 4)], id='the-value-and-the-call'),
    pytest.param(
        "const client = createClient({\n  url: 'redis://cache:6379',\n});\n",
        [(1, 2)], id='address-and-the-client-it-configures'),
])
def test_evidence_is_the_values_and_the_calls_they_configure(src, lines):
    assert helpers.about(ID, src, 'src/x.js') == lines


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        "const BACKEND_GET = 'https://json.drawapp.com/api/v1/';\n"
        "export const SOCKET_SERVER = 'wss://drawapp-socket.herokuapp.com';\n",
        ['src/x.ts:1 low `https://json.drawapp.com/api/v1/`, `wss://drawapp-socket.herokuapp.com` are hardcoded: '
         'each environment needs its own address'],
        id='own-backend-and-socket-server-constants'),
    pytest.param("const GITHUB_API = 'https://api.github.com';\n", [], id='a-third-party-api'),
    pytest.param("const DEFAULT_SERVER_URL = 'https://api.drawapp.com';\n", [], id='a-named-default'),
    pytest.param("let BACKEND = 'https://json.drawapp.com';\n", [], id='a-variable-set-later'),
    pytest.param("function f() {\n  const BACKEND = 'https://json.drawapp.com';\n  return BACKEND;\n}\n", [],
                 id='inside-a-function'),
    pytest.param("const BACKEND = process.env.BACKEND_URL ?? 'https://json.drawapp.com';\n", [],
                 id='moved-to-configuration-with-a-default'),
])
def test_own_service_addresses_in_module_constants(src, expected):
    assert _tiers(src, 'src/x.ts') == expected


HANDED_OUT = '''\
app.use(cors({ origin: ['https://app.example.com', 'http://localhost:6274'] }));
function done(req, res) {
  res.redirect('http://localhost:3000/done');
}
function allow(req, res) {
  res.setHeader('Access-Control-Allow-Origin', 'http://localhost:3000');
}
function checkout(stripe, invoice) {
  const origin = 'http://localhost';
  return stripe.checkout.sessions.create({ success_url: `${origin}/paid/${invoice.id}` });
}
const exporter = new OTLPTraceExporter({ url: 'http://localhost:4318/v1/traces' });
function probe() {
  const baseUrl = 'http://host.docker.internal:11434';
  return fetch(baseUrl);
}
async function paypalBase(getSetting) {
  return getSetting('paypalUrl', 'https://api-m.sandbox.paypal.com');
}
'''
EACH = 'each environment needs its own address'


def test_handed_out_addresses_and_this_machine_asked_a_settings_default_not():
    result = audit.audit(audit.Target('src/server.js', HANDED_OUT.encode(), None), default_config())
    assert [f'{f.line} ({f.confidence}) {f.message}' for f in result.findings if f.check_id == ID] == [
        f'1 (low) `http://localhost:6274` is hardcoded: {EACH}',
        f'3 (low) `http://localhost:3000/done` is hardcoded in `res.redirect()`: {EACH}',
        f'6 (low) `http://localhost:3000` is hardcoded in `res.setHeader()`: {EACH}',
        f'9 (low) `http://localhost` is hardcoded: {EACH}',
        f'12 (low) `http://localhost:4318/v1/traces` is hardcoded in `OTLPTraceExporter()`: {EACH}',
        f'14 (low) `http://host.docker.internal:11434` is hardcoded: {EACH}',
    ]


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            "function getUrl() {\n  if (process.env.NODE_ENV === 'development') return 'http://localhost:3000';\n"
            "  return 'https://app.example.org/api';\n}\n",
            ['src/x.js:3 `https://app.example.org/api` is written in for every deployment but development: staging, '
             "review and self-hosted deployments get production's address, which only a code change moves"],
            id='after a development test returns'),
        pytest.param(
            "function send(t) {\n  if (process.env.NODE_ENV === 'production') {\n"
            "    const url = 'https://app.example.org/?t=' + t;\n    return mail(url);\n  }\n}\n",
            ['src/x.js:3 `https://app.example.org/?t=` is written in for every deployment but development: staging, '
             "review and self-hosted deployments get production's address, which only a code change moves"],
            id='in the production branch'),
        pytest.param(
            "function getUrl() {\n  if (process.env.NODE_ENV !== 'production') {\n"
            "    return 'https://app.example.org/api';\n  }\n  return process.env.API_URL;\n}\n",
            [], id='in the development branch'),
        pytest.param(
            "const apiUrl = () => process.env.API_URL ? process.env.API_URL : 'https://app.example.org/api';\n",
            [], id='a variable and its fallback'),
        pytest.param("const docsUrl = () => 'https://app.example.org/docs';\n", [], id='no test of the environment'),
    ),
)
def test_addresses_chosen_by_environment(src, expected):
    assert findings(src) == expected
