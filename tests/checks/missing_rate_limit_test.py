from __future__ import annotations

import pytest

from vcx_hook.checks import missing_rate_limit
from vcx_hook.checks.missing_rate_limit import ID
from vcx_hook.checks.missing_rate_limit import work
from vcx_hook.config import default_config
from vcx_hook.ecosystem import services
from vcx_hook.engine import audit
from vcx_hook.lang import scope as s

from tests import helpers

CONFIG = default_config()._replace(enabled=frozenset(('missing-rate-limit',)))
findings = helpers.bind(helpers.findings, ID, 'x.js')
gate_opens = helpers.bind(helpers.gate_opens, ID, 'src/server.js')


ROUTER = 'no rate limiter on the route or an earlier `use()`'


SEED = """\
const app = require('express')();
app.post('/api/send-email', async (req, res) => {
  await sendEmail(req.body.to, req.body.subject, req.body.body);
  res.json({ success: true });
});
"""
SEED_FINDING = f'x.js:2 `POST /api/send-email` sends email (`sendEmail()`, line 3); {ROUTER}'


@pytest.mark.parametrize(
    ('rows', 'expected'),
    (
        pytest.param(None, [SEED_FINDING], id='whole file'),
        pytest.param([2], [SEED_FINDING], id='edit inside the handler raises its route'),
        pytest.param([3], [SEED_FINDING], id='edit of another handler line'),
        pytest.param([1], [SEED_FINDING], id='edit of the registration line'),
        pytest.param([0], [], id='edit elsewhere'),
    ),
)
def test_seed(rows, expected):
    assert findings(SEED, rows=rows) == expected


NAMED = """\
const app = require('express')();
app.post('/invite', invite);
async function invite(req, res) {
  await sendEmail(req.user.email, 'Join us', 'You are invited');
  res.end();
}
function unrelated() { return 1; }
const router = require('express').Router();
router.post('/reset', async (req, res) => {
  await Promise.all(req.body.ids.map(async (id) => {
    await sendPasswordResetEmail(id);
  }));
  res.end();
});
"""


@pytest.mark.parametrize(
    ('rows', 'expected'),
    (
        pytest.param([3], [f'x.js:2 `POST /invite` sends email (`sendEmail()`, line 4); {ROUTER}'],
                     id='named handler declared in the file'),
        pytest.param([6], [], id='a function no route uses'),
        pytest.param([10], [f'x.js:9 `POST /reset` sends email (`sendPasswordResetEmail()`, line 11); {ROUTER}'],
                     id='nested callback inside a handler'),
    ),
)
def test_touched_function_raises_its_route(rows, expected):
    assert findings(NAMED, rows=rows) == expected


def route(middleware: str, prelude: str = '', after: str = '') -> str:
    return (
        "const express = require('express');\nconst app = express();\nconst router = express.Router();\n"
        f"{prelude}router.post('/x', {middleware}async (req, res) => {{ await sendSms(req.user.phone, 'hi'); }});\n"
        f"{after}"
    )


@pytest.mark.parametrize(
    'src',
    (
        pytest.param(route('limiter, '), id='limiter on the route'),
        pytest.param(route("rateLimit({ max: 5 }), "), id='limiter built inline'),
        pytest.param(route('guard, ', "import rl from 'express-rate-limit';\nconst guard = rl({ max: 5 });\n"),
                     id='package import under another name'),
        pytest.param(route('bruteforce.prevent, '), id='express-brute'),
        pytest.param(route('', 'router.use(apiLimiter);\n'), id='router.use earlier'),
        pytest.param(route('', 'app.use(speedLimiter);\n'), id='app.use earlier'),
        pytest.param(route('', '', "app.use('/api', authLimiter, router);\n"), id='router mounted behind a limiter'),
        pytest.param(route('[auth, throttle], '), id='array of middleware'),
    ),
)
def test_limiters_answer(src):
    assert findings(src) == []


def test_use_after_the_route_does_not_cover_it():
    src = route('', '', 'app.use(limiter);\n')
    assert findings(src) == [f'x.js:4 `POST /x` sends SMS (`sendSms()`, line 4); {ROUTER}']


@pytest.mark.parametrize(
    ('body', 'expected'),
    (
        pytest.param("await ratelimit.limit(req.ip);", [], id='upstash in handler'),
        pytest.param("await checkRateLimit(req);", [], id='limiter helper by name'),
        pytest.param(
            "if (req.headers.authorization !== `Bearer ${process.env.CRON_SECRET}`) return res.status(401).end();",
            [], id='shared secret compared: a scheduler calls it'),
        pytest.param("if (!verifySignature(req)) return res.status(401).end();", [], id='signed caller'),
        pytest.param(
            "jwt.verify(req.headers.authorization, process.env.JWT_SECRET);",
            [f'x.js:3 `POST /notify` sends push notifications (`webpush.sendNotification()`, line 3); {ROUTER}'],
            id='a user token is not a machine caller'),
    ),
)
def test_handler_guards(body, expected):
    src = (
        "const app = require('express')();\n\n"
        f"app.post('/notify', async (req, res) => {{ {body} await webpush.sendNotification(req.user.sub, 'x'); }});\n"
    )
    assert findings(src) == expected


@pytest.mark.parametrize(
    'src',
    (
        pytest.param("axios.post('/api/login', { email, password });", id='axios client'),
        pytest.param("api.post('/upload', file);", id='api client with data'),
        pytest.param("request(app).post('/login').send({ a: 1 });", id='supertest'),
        pytest.param("http.get('https://example.com/export', (res) => res.pipe(out));", id='node http client'),
        pytest.param("rest.post('/login', (req, res, ctx) => res(ctx.json({})));", id='msw mock'),
        pytest.param("app.get('/login', (req, res) => res.render('login'));", id='GET of a login page'),
        pytest.param("app.post('/api/posts', async (req, res) => res.json(await db.post.create({ data: {} })));",
                     id='a plain write'),
    ),
)
def test_not_routes_or_not_abusable(src):
    assert findings("const app = require('express')();\n" + src + '\n') == []


@pytest.mark.parametrize(
    ('path', 'src', 'expected'),
    (
        pytest.param(
            'web/app/(marketing)/api/contact/route.ts',
            'export async function POST(req: Request) {\n  await sendEmail({ to: "a@b.c" });\n}\n',
            'web/app/(marketing)/api/contact/route.ts:1 `POST /api/contact` sends email (`sendEmail()`, line 2); '
            'no rate limiter in the handler',
            id='app router: route groups are not in the path'),
        pytest.param(
            'src/pages/api/login/index.ts',
            'async function handler(req, res) {\n  res.json(await signInWithPassword(req.body));\n}\n'
            'export default handler;\n',
            'src/pages/api/login/index.ts:4 `/api/login` checks passwords (`signInWithPassword()`, line 2); '
            'no rate limiter in the handler',
            id='pages router: default export of a named handler'),
        pytest.param(
            'app/api/login/route.ts',
            'export const POST = async (req: Request) => Response.json(await login(await req.json()));\n',
            'app/api/login/route.ts:1 `POST /api/login` is a sign-in/sign-up/password route; no rate limiter in the handler',
            id='app router: path alone for sign-in'),
        pytest.param(
            'app/api/login/route.ts',
            'export const POST = withSession(async (req: Request) => Response.json(await login(req)));\n',
            None,
            id='wrapped handler: the wrapper is out of sight'),
        pytest.param(
            'app/api/domains/register/route.ts',
            'export async function POST(req: Request) { return Response.json(await register(req)); }\n',
            None,
            id='registering a domain is not a sign-up'),
        pytest.param(
            'lib/login/route.ts',
            'export async function POST(req: Request) { return Response.json(await login(req)); }\n',
            None,
            id='not under app/'),
    ),
)
def test_next_routes(path, src, expected):
    assert findings(src, path) == ([expected] if expected else [])


NEST = """\
import { Controller, Post } from '@nestjs/common';
@Controller('users')
export class UsersController {
  @Post('login')
  async login(dto) {
    return this.auth.login(dto);
  }

  @Post('avatar')
  async avatar(dto) {
    return cloudinary.uploader.upload(dto.file);
  }
}
"""


def tiered(src: str, path: str = 'x.js', config=CONFIG) -> list[str]:
    """``path:line confidence message`` of the family's findings in ``src``."""
    result = audit.audit(audit.Target(path, src.encode(), None), config)
    return [f'{f.path}:{f.line} {f.confidence} {f.message}' for f in result.findings if f.check_id == ID]


def test_nest_routes():
    # The sign-in route only delegates (a global ThrottlerGuard would not show here, but no throttler
    # package is in the project): its path alone is listed; the upload is visible in the body (low: a
    # server-side copy as often as not).
    assert tiered(NEST, 'users.controller.ts') == [
        'users.controller.ts:4 medium `POST /users/login` is a sign-in/sign-up/password route; no `@Throttle()` or '
        '`ThrottlerGuard`',
        'users.controller.ts:9 low `POST /users/avatar` takes uploads (`cloudinary.uploader.upload()`, line 11); '
        'no `@Throttle()` or `ThrottlerGuard`',
    ]
    assert findings(NEST, 'users.controller.ts', rows=[10]) == findings(NEST, 'users.controller.ts')[1:]


def test_path_alone_in_a_router_file_is_low_where_a_limiter_package_may_cover_its_mount():
    router = "const router = require('express').Router();\nrouter.post('/login', auth.login);\n"
    app = "const app = express();\napp.post('/login', auth.login);\n"
    config = CONFIG._replace(packages={'express-rate-limit': '^7.1.0'})
    assert tiered(router) == [f'x.js:2 medium `POST /login` is a sign-in/sign-up/password route; {ROUTER}']
    assert tiered(router, config=config) == [f'x.js:2 low `POST /login` is a sign-in/sign-up/password route; {ROUTER}']
    assert tiered(app) == [f'x.js:2 medium `POST /login` is a sign-in/sign-up/password route; {ROUTER}']
    assert tiered(app, config=config) == [f'x.js:2 medium `POST /login` is a sign-in/sign-up/password route; {ROUTER}']


def test_skipped_directories_and_paths():
    src = "const app = express();\napp.post('/send', async (req, res) => { await sendEmail(req.user.email); });\n"
    assert findings(src, 'src/webhooks/mail.js') == []
    assert findings(src, 'src/admin/mail.js') == []
    assert findings(src, 'src/routes/stripe-webhook.js') == []
    assert findings(src, 'src/routes/cron.controller.js') == []
    assert len(findings(src, 'src/routes/mail.js')) == 1


def test_messages_stay_short():
    long_path = '/api/workspaces/:workspaceId/projects/:projectId/billing/checkout-sessions'
    src = (
        "const app = express();\n"
        f"app.post('{long_path}', async (req, res) => {{ await stripe.paymentIntents.createWithSomeVeryLongName(); }});\n"
    )
    [msg] = findings(src)
    assert '...' in msg
    assert len(msg.split(' ', 1)[1]) < 160


def test_names_are_extensible():
    names = dict(CONFIG.names)
    names['missing-rate-limit'] = dict(names['missing-rate-limit'])
    names['missing-rate-limit']['limiters'] = missing_rate_limit.NAMES['limiters'] | {'antiSpam'}
    config = CONFIG._replace(names=names)
    src = "const app = express();\napp.post('/x', antiSpam, async (req, res) => { await sendMail(req.user); });\n"
    assert audit.audit(audit.Target('x.js', src.encode(), None), CONFIG).findings
    assert audit.audit(audit.Target('x.js', src.encode(), None), config).findings == []


@pytest.mark.parametrize('grammar', ('javascript', 'typescript', 'tsx'))
def test_handler_query_compiles(grammar):
    from vcx_hook.lang import syntax

    syntax.compile_query(grammar, missing_rate_limit.HANDLER_QUERY)


def test_a_limiter_package_in_the_project_may_cover_files_mounted_elsewhere():
    config = CONFIG._replace(packages={'express-rate-limit': '^7.1.0'})
    router = ("const router = require('express').Router();\n"
              "router.post('/x', async (req, res) => { await sendEmail(req.user.email); });\n")
    app = "const app = express();\napp.post('/x', async (req, res) => { await sendEmail(req.user.email); });\n"
    nest = "@Controller('a')\nclass A {\n  @Post('b')\n  async b() { await sendEmail(this.to); }\n}\n"
    route_ts = 'export async function POST() { await sendEmail({ to: "a@b.c" }); }\n'
    # Low where it is mounted out of sight (kept for recall: dub's SAML verify route limited nothing).
    # (a NestJS controller's mail is low anyway: its guards are out of sight, ecosystem/callers)
    for src, path, before in ((router, 'x.js', 'medium'), (nest, 'a.controller.ts', 'low'),
                              (route_ts, 'app/api/x/route.ts', 'medium')):
        assert [f.split(' ')[1] for f in tiered(src, path)] == [before]
        assert [f.split(' ')[1] for f in tiered(src, path, config)] == ['low']
    # Where the app is created, the whole pipeline is in view: the package is not applied here.
    assert [f.split(' ')[1] for f in tiered(app, 'x.js', config)] == ['medium']


def test_edit_in_a_callback_of_a_next_handler():
    src = (
        'export async function POST(req: Request) {\n'
        '  const { emails } = await req.json();\n'
        '  await Promise.all(emails.map(async (to: string) => {\n'
        '    await sendEmail({ to });\n'
        '  }));\n'
        '}\n'
    )
    assert findings(src, 'app/api/invite/route.ts', rows=[3]) == [
        'app/api/invite/route.ts:1 `POST /api/invite` sends email (`sendEmail()`, line 4); no rate limiter in the handler',
    ]


@pytest.mark.parametrize(('src', 'path', 'opened'), [
    pytest.param('const v = cache.get(key);\nmap.delete(key);\n', 'src/a.js', False, id='map-get-on-a-variable'),
    pytest.param('function add(a, b) {\n  return a + b;\n}\n', 'src/a.js', False, id='no-route'),
    pytest.param("app.post('/login', login);\n", 'src/a.js', True, id='express-verb'),
    pytest.param("fastify.get<{ Params: P }>(\n  // the user\n  '/u/:id', h);\n", 'src/a.ts', True, id='generic-and-comment'),
    pytest.param("router.route('/x').post(h);\n", 'src/a.js', True, id='route-chain'),
    pytest.param('export async function POST(req) {\n  return new Response(null);\n}\n', 'app/api/login/route.ts', True,
                 id='next-app-route-by-path'),
    pytest.param("@Controller('u')\nclass U {\n  @Post('login')\n  login() {}\n}\n", 'src/u.ts', True, id='nest'),
])
def test_gate(src, path, opened):
    assert gate_opens(src, path) == [opened]


@pytest.mark.parametrize(('src', 'path', 'lines'), [
    pytest.param(SEED, 'x.js', [(2, 3)], id='registration-and-the-call-that-sends'),
    pytest.param(
        "const app = express();\n"
        "app.post('/invite', requireUser, invite);\n"
        "\n"
        "async function invite(req, res) {\n"
        "  const user = await db.user.find(req.user.id);\n"
        "  await mailer.sendMail({ to: req.body.email });\n"
        "}\n",
        'x.js', [(2, 4, 6)], id='named-handler-defined-below'),
    pytest.param(
        "const app = express();\n"
        "app.post('/avatar',\n"
        "  upload.single('file'),\n"
        "  async (req, res) => res.json({ ok: true }));\n",
        'x.js', [(2, 3, 4)], id='upload-middleware'),
    pytest.param(
        "const app = express();\n"
        "app.post('/login', auth.login);\n",
        'x.js', [(2,)], id='path-alone-has-no-handler-in-view'),
    pytest.param(
        "@Controller('users')\n"
        "export class UsersController {\n"
        "  @Post('invite')\n"
        "  async invite(@Body() body) {\n"
        "    await this.mail.sendEmail(body.to);\n"
        "  }\n"
        "}\n",
        'src/users.controller.ts', [(3, 4, 5)], id='nest-decorator-method-and-call'),
])
def test_evidence_is_the_handler_and_what_it_does(src, path, lines):
    assert helpers.about(ID, src, path) == lines


def _asked(src: str, path: str) -> list[str]:
    from vcx_hook.engine.target import Target

    result = audit.audit(Target(path, src.encode(), None), CONFIG)
    return [f'{f.path}:{f.line} {f.confidence} {f.message}' for f in result.findings if f.check_id == ID]


SERVER_ACTION = """\
'use server';
export async function verifyLinkPassword(_state, data) {
  const link = await prisma.link.findUnique({ where: { id: data.get('id') } });
  return data.get('password') === link.password;
}
export async function hasPassword(id) {
  const link = await prisma.link.findUnique({ where: { id } });
  return link?.password !== null;
}
"""
SAFE_ACTION = """\
export const pinAction = actionClient
  .inputSchema(schema)
  .action(async ({ parsedInput }) => {
    const survey = await getSurvey(parsedInput.surveyId);
    if (survey.pin !== parsedInput.pin) throw new Error('INVALID_PIN');
  });
export const mailAction = authActionClient.schema(schema).action(async ({ parsedInput }) => {
  await sendSurveyLinkEmail(parsedInput.email);
});
"""
TRPC = """\
export const usersRouter = router({
  changePassword: authedProcedure.input(schema).mutation(async ({ input, ctx }) => {
    await (await User.fromCtx(ctx)).changePassword(input.currentPassword, input.newPassword);
  }),
  setDatabasePassword: adminProcedure.input(schema).mutation(async ({ input }) => {
    await db.update(input.id, { password: input.password });
  }),
  limited: publicProcedure.use(createRateLimitMiddleware(opts)).mutation(async ({ input }) => {
    await sendInviteEmail(input.email);
  }),
  invites: authedProcedure.query(async () => sendInviteEmail('never a query')),
});
"""
CREDENTIALS = """\
import Credentials from 'next-auth/providers/credentials';
export const providers = [
  Credentials({
    async authorize(credentials) {
      return findUser(credentials.email);
    },
  }),
  Credentials({ authorize: async (c) => { await limiter.consume(c.email); return findUser(c.email); } }),
];
"""


@pytest.mark.parametrize(('src', 'path', 'expected'), [
    pytest.param(SERVER_ACTION, 'app/p/action.ts', [
        'app/p/action.ts:2 medium `verifyLinkPassword` compares a password or code '
        "(`data.get('password') === link.pas...`, line 4); no rate limiter in the action",
    ], id='server-action-comparing-a-password'),
    pytest.param(SAFE_ACTION, 'app/s/actions.ts', [
        "app/s/actions.ts:1 medium `pinAction` compares a password or code (`survey.pin !== parsedInput.pin`, "
        'line 5); no rate limiter in the action',
        'app/s/actions.ts:7 low `mailAction` sends email (`sendSurveyLinkEmail()`, line 8); no rate limiter in '
        'the action',
    ], id='next-safe-action'),
    pytest.param(TRPC, 'src/routers/users.ts', [
        'src/routers/users.ts:2 medium `changePassword` checks the current password (`input.currentPassword`, line 3); '
        'no rate limiter on the procedure',
    ], id='trpc-mutations'),
    pytest.param(CREDENTIALS, 'src/auth.ts', [
        'src/auth.ts:4 medium `authorize` checks sign-in credentials; no rate limiter before the credentials are checked',
    ], id='nextauth-credentials'),
    pytest.param(
        "export async function POST(req: Request) {\n  const { slug } = await req.json();\n"
        "  return Response.json(await prisma.project.findUnique({ where: { slug } }));\n}\n",
        'app/api/auth/saml/verify/route.ts', [
            'app/api/auth/saml/verify/route.ts:1 low `POST /api/auth/saml/verify` is a sign-in/sign-up/password '
            'route; no rate limiter in the handler',
        ], id='single-sign-on-step'),
])
def test_entry_points_called_by_name(src, path, expected):
    assert _asked(src, path) == expected


def test_a_use_server_file_without_the_directive_has_no_actions():
    assert _asked(SERVER_ACTION.split('\n', 1)[1], 'app/p/action.ts') == []


def test_a_limiter_package_does_not_cover_a_server_action():
    config = CONFIG._replace(packages={'@upstash/ratelimit': '^2'})
    from vcx_hook.engine.target import Target

    found = audit.audit(Target('app/p/action.ts', SERVER_ACTION.encode(), None), config).findings
    assert [f.line for f in found] == [2]


HONO_CHAIN = """\
const app = new Hono()
  .use(authMiddleware)
  .post('/', zValidator('form', z.object({ file: z.instanceof(File) })), async (c) => {
    return c.json(await storeAsset(c.req.valid('form').file));
  })
  .post('/notes', async (c) => c.json(await saveNote(await c.req.json())));
"""


def test_routes_chained_on_a_new_app():
    assert _asked(HONO_CHAIN, 'src/routes/assets.ts') == [
        'src/routes/assets.ts:3 medium `POST /` takes uploads (a `File` in its validated body); no rate limiter on '
        'the route or an earlier `use()`',
    ]


def test_a_limiter_used_earlier_in_the_chain_covers_the_route():
    src = HONO_CHAIN.replace('.use(authMiddleware)', '.use(authMiddleware)\n  .use(rateLimiter({ limit: 30 }))')
    assert _asked(src, 'src/routes/assets.ts') == []


def test_a_chat_helper_asks_a_model_in_a_project_on_an_ai_package():
    # planet's chat gateway (holdout12 a12): `chat()` of `./services/chat.service`, the project on openai.
    src = ("import { chat } from './services/chat.service';\n"
           "import { render } from './services/pdf.service';\n"
           "export function register(app) {\n"
           "  app.post('/', async (req, res) => { res.json(await chat(req.body.data)); });\n"
           "  app.post('/pdf', async (req, res) => { res.json(await render(req.body.data)); });\n"
           "}\n")
    ai = CONFIG._replace(packages={'openai': '^4.104.0', 'express': '^4.18.2'})
    assert tiered(src, 'src/chat/register.ts', ai) == [
        'src/chat/register.ts:4 low `POST /` asks an AI model through the project (`chat()`, line 4); no rate '
        'limiter on the route or an earlier `use()`',
    ]
    assert tiered(src, 'src/chat/register.ts') == []


@pytest.mark.parametrize(('src', 'expected'), (
    pytest.param('supabase.auth.signInWithPassword({ email, password })', True, id='supabase client auth'),
    pytest.param('(await createClient()).auth.verifyOtp({ type, token_hash })', True, id='client made in place'),
    pytest.param('auth.verifyOtp(code)', False, id='a bare auth object of the project'),
    pytest.param('supabase.auth.getUser()', False, id='not a sign-in'),
    pytest.param('signInWithPassword(req.body)', False, id='a function, not a provider client'),
))
def test_provider_sign_in(src, expected):
    file = s.File.unparsed('a.ts', f'async function f() {{ await {src}; }}\n'.encode(), 'typescript')
    call = next(c for c in s.calls_in(file.tree.root) if s.callee_name(c) in services.PROVIDER_SIGN_INS | {'getUser'})
    assert work.provider_sign_in(call) is expected


@pytest.mark.parametrize(
    ('segment', 'resends'),
    (
        pytest.param('resend-confirmation', True, id='resend-'),
        pytest.param('resendInvite', True, id='camel case'),
        pytest.param('resend', True, id='the word alone'),
        pytest.param('resentment', False, id='other word, same letters'),
        pytest.param('resender', False, id='a noun'),
    ),
)
def test_a_segment_that_re_sends(segment, resends):
    from vcx_hook.checks.missing_rate_limit import work
    assert work._resends(segment) is resends
