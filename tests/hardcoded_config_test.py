from __future__ import annotations

import pytest

from vcx_hook import audit
from vcx_hook.checks.hardcoded_config import ID
from vcx_hook.config import default_config


def findings(src: str, path: str = 'src/x.js') -> list[str]:
    result = audit.audit(audit.Target(path, src.encode(), None), default_config())
    return [f'{f.path}:{f.line} {f.message}' for f in result.findings if f.check_id == ID]


def test_seed_fetch_timeout():
    src = 'async function load(url) {\n  const response = await fetch(url, { timeout: 30000 });\n  return response;\n}\n'
    assert findings(src) == ['src/x.js:2 `timeout: 30000` is hardcoded in `fetch()`: tuning it takes a deploy']


def test_seed_abort_timer():
    src = (
        'async function get(url) {\n  const controller = new AbortController();\n'
        '  const timeout = setTimeout(() => controller.abort(), 5000);\n'
        '  return fetch(url, { signal: controller.signal });\n}\n'
    )
    assert findings(src) == ['src/x.js:3 the 5000 ms abort timer is hardcoded: tuning it takes a deploy']


def test_one_finding_per_options_object():
    src = "const pool = new Pool({\n  max: 20,\n  idleTimeoutMillis: 30000,\n  connectionTimeoutMillis: 2000,\n});\n"
    assert findings(src) == [
        'src/x.js:2 `max: 20`, `idleTimeoutMillis: 30000`, `connectionTimeoutMillis: 2000` are hardcoded in '
        '`Pool()`: tuning them takes a deploy',
    ]


def test_one_finding_per_function():
    src = (
        'async function render(page) {\n  await page.goto(u, { timeout: 10_000 });\n'
        '  await page.waitForSelector(s, { timeout: 10_000 });\n}\n'
    )
    assert findings(src) == ['src/x.js:2 `timeout: 10_000` is hardcoded: tuning it takes a deploy']


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param('fetch(u, { timeout: Number(process.env.T) || 30000 });\n', [], id='env with fallback'),
        pytest.param('fetch(u, { timeout: TIMEOUT_MS });\n', [], id='named constant'),
        pytest.param('fetch(u, { timeout: 0 });\n', [], id='zero disables'),
        pytest.param('const s = z.string().max(100);\n', [], id='validation bound'),
        pytest.param("app.use(rateLimit({ windowMs: 15 * 60 * 1000, max: 100 }));\n", [], id='rate limit'),
        pytest.param("const hash = await bcrypt.hash(pw, 12);\nres.status(404);\n", [], id='cost and status'),
        pytest.param('const s = new Schema({ at: { type: Date, expires: 3600 } });\n', [], id='column definition'),
        pytest.param('function f(opts = { timeout: 5000 }) {}\n', [], id='default parameter'),
        pytest.param('const DEFAULT_OPTIONS = { timeout: 5000, retries: 3 };\n', [], id='defaults object'),
        pytest.param("await redis.set(k, v, { NX: true, EX: 30 });\n", [], id='lock expiry'),
        pytest.param('await prisma.$transaction(fn, { timeout: 5000 });\n', [], id='transaction budget'),
        pytest.param('await sleep(1000 * attempt);\n', [], id='backoff computation'),
        pytest.param(
            "const token = jwt.sign(p, s, { expiresIn: '1h' });\n",
            ["src/x.js:1 `expiresIn: '1h'` is hardcoded in `jwt.sign()`: tuning it takes a deploy"], id='jwt expiry',
        ),
        pytest.param(
            'await redis.setex(key, 3600, value);\n',
            ['src/x.js:1 the 3600 s TTL of `redis.setex()` is hardcoded: tuning it takes a deploy'], id='redis ttl',
        ),
        pytest.param(
            'server.keepAliveTimeout = 65000;\n',
            ['src/x.js:1 `server.keepAliveTimeout = 65000` is hardcoded: tuning it takes a deploy'], id='server timeout',
        ),
    ),
)
def test_durations_counts_and_limits(src, expected):
    assert findings(src) == expected


@pytest.mark.parametrize(
    ('src', 'expected'),
    (
        pytest.param(
            'app.listen(3000);\n',
            ['src/x.js:1 `app.listen(3000)` hardcodes the listen port: platforms assign it (`process.env.PORT`)'],
            id='literal port',
        ),
        pytest.param(
            'const PORT = 8080;\napp.listen(PORT);\n',
            ['src/x.js:2 `app.listen(PORT)` (`PORT = 8080`) hardcodes the listen port: platforms assign it '
             '(`process.env.PORT`)'],
            id='port constant',
        ),
        pytest.param('const PORT = process.env.PORT || 3000;\napp.listen(PORT);\n', [], id='env port'),
        pytest.param(
            'fastify.listen({ port: 3000 });\n',
            ['src/x.js:1 `port: 3000` hardcodes the listen port: platforms assign it (`process.env.PORT`)'],
            id='listen options',
        ),
    ),
)
def test_listen_ports(src, expected):
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
