"""missing-rate-limit: a route that does something abusable or expensive, with no rate limiter.

An endpoint works the same for one caller and for a script in a loop. When each call sends an
email or SMS, checks a password, charges a card, calls a paid AI or third-party API, takes an upload
or renders an export, the loop costs money (the provider bills or bans you), reputation (your mail
domain is blocklisted) or CPU (bcrypt and PDF rendering are slow on purpose), and a sign-in route
without a limit is a credential-stuffing target.

Asked once per route, on the line that registers it (`app.post(...)`, the `@Post()` decorator, the
exported Next.js handler) — also when the commit only edits the handler's body — for:

- Express, Koa, Hono and Fastify routes (`app.post('/x', ...)`, `router.route('/x').post(...)`,
  `fastify.route({ method, url, handler })`), NestJS controller methods (the path joins the
  `@Controller` prefix), Next.js API routes (`pages/api/*` default exports, `export async function
  POST` in `app/**/route.ts`, with the path taken from the file path);
- whose handler (inline, or a function of the same file passed by name) or route middleware does
  abusable or expensive work: sends mail (`sendEmail`, `transporter.sendMail`, `resend.emails.send`,
  `SendEmailCommand`), SMS (`sendSms`, Twilio `messages.create`) or push notifications; checks
  passwords or one-time codes (`bcrypt.compare/hash`, argon2, `comparePassword`,
  `passport.authenticate('local')`, `signInWithPassword`, `verifyOtp`); starts payments
  (`stripe.*.create`, `createPaymentIntent`); calls an AI API (`openai.*`, `anthropic.*`,
  `generateText`, `streamText`...); takes uploads (`upload.single()`, `req.file(s)`, `formidable`,
  `s3.upload`); renders files (`puppeteer.launch`, `new PDFDocument`); bulk-writes (`createMany`,
  `insertMany`, `bulkCreate`); spawns processes;
- or, where the whole request pipeline is in view (a file that creates the app, a Next.js handler),
  whose path alone says sign-in, sign-up, password reset or one-time code (`POST /login`,
  `/auth/forgot-password`, `/verify-otp`) or export (`/export`).

Not asked:

- a limiter on the route (`app.post('/x', loginLimiter, ...)`, `rateLimit({...})` inline, Fastify
  `config: { rateLimit }`), on its router or in an `app.use(...)`/`router.use(...)` earlier in the
  file (or one that mounts the router), `fastify.register(rateLimit)`, `@Throttle()`/`ThrottlerGuard`
  or any `@nestjs/throttler` import in a controller, or a limiter called in the handler (Upstash
  `ratelimit.limit(ip)`, rate-limiter-flexible `limiter.consume(ip)`, `checkRateLimit(req)`).
  Limiters are recognized by package (express-rate-limit, rate-limiter-flexible, express-brute,
  express-slow-down, @fastify/rate-limit, koa-ratelimit, hono-rate-limiter, @nestjs/throttler,
  @upstash/ratelimit...) whatever they are called locally, and by name (`rate limit`, `limiter`,
  `throttle`, `brute`, `slow down`);
- routes in router or controller files and Next.js handlers when the project's `package.json`
  depends on a limiter package: the limiter is then applied where they are mounted (`app.use`,
  a global `ThrottlerGuard`, Next.js middleware), out of this file's sight;
- routes called by machines: paths or directories with `webhook`, `cron`, `callback`, `internal`,
  `health`; handlers that check a signature (`constructEvent`, `verifySignature`,
  `receiver.verify({ signature })`) or compare a shared secret (`` `Bearer ${process.env.CRON_SECRET}` ``);
  and `admin` routes;
- Next.js handlers wrapped in a project wrapper (`export const POST = withWorkspace(...)`): the
  wrapper is the request pipeline, where auth and limits usually live, out of this file's sight;
- a path alone in a router file or a NestJS controller (`router.post('/login', auth.login)`): they
  are mounted elsewhere, often behind `app.use('/auth', authLimiter)` or a global guard; the
  question is raised there when the handler's own work is visible;
- reads, plain single-record writes and GETs of sign-in pages;
- HTTP clients and tests that call routes (`axios.post('/login', ...)`, `request(app).post(...)`,
  MSW mocks).

Bad:

```js
app.post('/api/send-email', async (req, res) => {
  await sendEmail(req.body.to, req.body.subject, req.body.body);
  res.json({ success: true });
});
```

Good:

```js
const emailLimiter = rateLimit({ windowMs: 60_000, limit: 5 });

app.post('/api/send-email', requireUser, emailLimiter, async (req, res) => {
  await sendEmail(req.user.email, req.body.subject, req.body.body);
  res.json({ success: true });
});
```

Answer it in code when the limit lives where the hook cannot see it:

```js
// vcx-ignore missing-rate-limit -- /auth is mounted behind authLimiter in app.js
router.post('/login', validate(loginSchema), authController.login);
```

Names the configuration can extend (`[checks.missing-rate-limit]`):

- `limiters`: middleware and calls that limit requests (beyond names that say rate limit/throttle);
- `limiter_packages`: packages whose imports are limiters whatever their local name (and whose
  presence in `package.json` covers files mounted elsewhere);
- `mail_calls`, `mail_clients`, `sms_calls`, `sms_clients`, `push_calls`: outbound messages;
- `auth_calls`, `hash_clients`: password and one-time-code checks;
- `payment_clients`, `payment_calls`, `ai_clients`, `ai_calls`: paid third-party APIs;
- `upload_calls`, `render_calls`, `bulk_writes`, `process_calls`: uploads and expensive work;
- `auth_words`, `export_words`: route path words that raise the question on their own;
- `skip_words`: route path or directory words of machine-called routes (`webhook`, `cron`...).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.checks.common import encoded
from vcx_hook.config import Config
from vcx_hook.ecosystem import routes
from vcx_hook.ecosystem import stores
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

ID = 'missing-rate-limit'
QUESTION = 'What stops a script from calling this route 10,000 times a minute?'
SUMMARY = 'a route that mails, logs in, pays, calls paid APIs or takes uploads with no rate limiter'
# Routes are found by name (`ecosystem.routes`): a query would walk every tree for a few calls.
QUERY = ''
# Run only over the handlers of routes `ecosystem.routes` finds (few per file), so every call is a candidate
# and the name lists below (extensible by configuration) decide.
HANDLER_QUERY = '(call_expression) @call\n(new_expression) @call\n'
NAMES = {
    # Middleware and calls that limit requests (names with ratelimit/limiter/throttle/brute/slowdown
    # in them are recognized without being listed).
    'limiters': frozenset((
        'rateLimit', 'rateLimiter', 'limiter', 'ratelimit', 'slowDown', 'throttle', 'Throttle',
        'ThrottlerGuard', 'bruteforce', 'brute',
    )),
    # Packages whose imports are limiters whatever they are called locally.
    'limiter_packages': frozenset((
        'express-rate-limit', 'rate-limiter-flexible', 'express-brute', 'express-slow-down',
        '@fastify/rate-limit', 'fastify-rate-limit', 'koa-ratelimit', 'koa2-ratelimit',
        'hono-rate-limiter', '@hono-rate-limiter/redis', '@nestjs/throttler', '@upstash/ratelimit',
        'express-limiter', '@arcjet/next', '@arcjet/node',
    )),
    'mail_calls': frozenset((
        'sendMail', 'sendEmail', 'sendEmails', 'sendVerificationEmail', 'sendPasswordResetEmail',
        'sendResetPasswordEmail', 'sendWelcomeEmail', 'sendMagicLink', 'sendInviteEmail',
        'sendInvitationEmail', 'sendLoginEmail', 'sendTemplateEmail', 'sendTransacEmail',
    )),
    # Receivers whose .send() sends mail: sgMail.send(msg), resend.emails.send(...).
    'mail_clients': frozenset((
        'sgMail', 'sendgrid', 'mailer', 'mail', 'resend', 'emails', 'postmark', 'mailgun', 'mg',
        'ses', 'transporter', 'transport', 'nodemailer', 'brevo', 'mailchimp', 'mandrill',
    )),
    'sms_calls': frozenset(('sendSms', 'sendSMS', 'sendText', 'sendTextMessage', 'sendOtp', 'sendOTP', 'sendCode')),
    'sms_clients': frozenset(('twilio', 'twilioClient', 'vonage', 'nexmo', 'plivo', 'messagebird', 'sns', 'telnyx')),
    'push_calls': frozenset((
        'sendNotification', 'sendPushNotification', 'sendPush', 'sendToDevice', 'sendMulticast',
        'sendEachForMulticast', 'sendPushNotificationsAsync',
    )),
    # Password and one-time-code checks (bcrypt/argon2 roots are recognized by name).
    'auth_calls': frozenset((
        'comparePassword', 'isPasswordMatch', 'validatePassword', 'verifyPassword', 'checkPassword',
        'isValidPassword', 'matchPassword', 'passwordMatches', 'signInWithPassword', 'signInWithOtp',
        'verifyOtp', 'verifyOTP', 'verifyTotp', 'verifyTOTP', 'signInWithEmailAndPassword',
        'createUserWithEmailAndPassword', 'sendPasswordResetEmail', 'resetPasswordForEmail',
    )),
    'hash_clients': frozenset(('bcrypt', 'bcryptjs', 'argon2', 'argon')),
    'payment_clients': frozenset(('stripe', 'paypal', 'braintree', 'razorpay', 'mollie', 'paddle', 'lemonsqueezy', 'gateway')),
    'payment_calls': frozenset(('createCheckoutSession', 'createPaymentIntent', 'chargeCard', 'createCharge')),
    'ai_clients': frozenset((
        'openai', 'anthropic', 'claude', 'gemini', 'genAI', 'genai', 'replicate', 'cohere', 'groq',
        'mistral', 'together', 'deepseek', 'perplexity', 'hf', 'huggingface', 'llm', 'chatModel',
    )),
    'ai_calls': frozenset((
        'generateText', 'streamText', 'generateObject', 'streamObject', 'embedMany', 'generateImage',
        'experimental_generateImage', 'generateContent', 'generateContentStream', 'createCompletion',
        'createChatCompletion', 'createImage', 'createEmbedding', 'createTranscription',
    )),
    'upload_calls': frozenset((
        'formidable', 'busboy', 'Busboy', 'uploadFile', 'uploadImage', 'upload_stream', 'uploadStream',
        'multer', 'IncomingForm', 'PutObjectCommand', 'Upload',
    )),
    'render_calls': frozenset(('PDFDocument', 'Workbook', 'archiver', 'renderToBuffer', 'pdf', 'writeBuffer')),
    'bulk_writes': stores.ROUTE_BULK_WRITES,
    'process_calls': frozenset(('exec', 'execFile', 'spawn', 'fork', 'execSync', 'spawnSync', 'execFileSync', 'sharp', 'ffmpeg')),
    # Route path words: auth routes are asked even when the handler lives in another file.
    'auth_words': frozenset((
        'login', 'log-in', 'signin', 'sign-in', 'signup', 'sign-up', 'register', 'forgot',
        'forgot-password', 'reset-password', 'password', 'otp', '2fa', 'mfa', 'totp', 'verify-otp',
        'magic-link', 'resend-verification',
    )),
    'export_words': frozenset(('export', 'exports')),
    # Routes called by machines that sign or authenticate their calls, not by the public.
    # Routes (or route files under directories) called by machines or staff, not by the public.
    'skip_words': frozenset((
        'webhook', 'webhooks', 'cron', 'crons', 'callback', 'callbacks', 'health', 'healthz',
        'internal', 'admin',
    )),
}

_LIMITER = re.compile(r'rate.?limit|(?<!de)limiter|throttl|brute|slow.?down', re.I)
_LIMITER_LOWER = re.compile(rb'rate.?limit|(?<!de)limiter|throttl|brute|slow.?down')  # in File.lower
_LIMITER_KEYS = (b'limit', b'throttl', b'brute', b'slow')  # one is in every match: searched first
_USE = re.compile(rb'\.\s*(?:use|register)\s*\(')
_MAIL_NAME = re.compile(r'^send\w*E?[mM]ails?$')
_SMS_NAME = re.compile(r'^send\w*(?:Sms|SMS|Otp|OTP)s?$')
_WORD_SPLIT = re.compile(r'[/.:]+')
_CHARGE = re.compile(r'^(?:create|confirm|capture|charge|refund|pay)')
_WRITE_VERBS = frozenset(('POST', 'PUT', 'PATCH', 'ALL', ''))
_WHERE = {
    'router': 'no rate limiter on the route or an earlier `use()`',
    'nest': 'no `@Throttle()` or `ThrottlerGuard`',
    'next': 'no rate limiter in the handler',
}
_UPLOADED = re.compile(rb'\b(?:req|request)\.files?\b')
# A shared secret compared in the handler: `auth !== `Bearer ${process.env.CRON_SECRET}``.
_SECRET = re.compile(rb'\b[A-Z0-9_]*(?:SECRET|TOKEN|API_KEY)[A-Z0-9_]*\b')
_MACHINE_CALL = re.compile(r'(?i)signature|timingSafeEqual|safeCompare|constructEvent|verifyWebhook')
_ACCOUNT_PREFIXES = frozenset(('api', 'auth', 'user', 'users', 'account', 'accounts', 'identity'))
_VERSION = re.compile(r'^v\d+$')


class _Limiters(NamedTuple):
    locals: frozenset[str]  # names imported from limiter packages or built by a limiter call
    uses: tuple[tuple[int, str, frozenset[str]], ...]  # (start byte, receiver, argument names) of use(limiter)
    everywhere: bool  # a registered plugin or guard that covers every route of the file


def relevant(scope: Scope, config: Config) -> bool:
    """A route somewhere in the file (a touched handler raises a route registered outside it):
    a Next.js API route by its path, a ``route`` chain or object, a NestJS verb decorator, or a
    verb call on a receiver whose first argument is a string or template literal."""
    return routes.possible(scope.file)


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    names = config.names[ID]
    for route in routes.raised(scope):
        if _skipped(scope.file, route, names) or _limited(scope.file, route, names, config.packages):
            continue
        work = _work(scope, route, names)
        if work is not None:
            finding = scope.finding(route.node, ID, f'`{route.label}` {work}; {_WHERE[route.kind]}', QUESTION)
            # Grouped with the handler's other questions, and never folded with other routes.
            handler = s.function_name(route.handlers[-1]) if route.handlers else None
            yield finding._replace(function=handler or route.label)


# --- limiters --------------------------------------------------------------------------------

def _skipped(file: File, route: routes.Route, names: Mapping[str, frozenset[str]]) -> bool:
    skip = names['skip_words']
    return bool(skip.intersection(_path_words(route.path))) or bool(skip.intersection(file.path.lower().split('/')[:-1]))


def _limited(file: File, route: routes.Route, names: Mapping[str, frozenset[str]], packages: Mapping[str, str]) -> bool:
    facts = _limiters(file, names)
    if facts.everywhere:
        return True
    if not _sets_up_app(file, route) and any(p in packages for p in names['limiter_packages']):
        return True  # the project limits requests, where this router/controller/route is mounted
    if any(_is_limiter(m, names, facts.locals) for m in route.middleware):
        return True
    start = route.node.start_byte
    for pos, recv, args in facts.uses:
        if pos < start or (route.receiver and route.receiver in args):
            return True
    return False


def _is_limiter(node: Node, names: Mapping[str, frozenset[str]], local: frozenset[str], depth: int = 0) -> bool:
    node = s.unwrap(node)
    t = node.type
    if t in ('identifier', 'member_expression'):
        text = s.dotted(node) or s.text(node)
        return _limiter_name(text, names, local)
    if t in ('call_expression', 'new_expression'):
        if _limiter_name(s.callee_path(node), names, local):
            return True
        return depth < 2 and any(_is_limiter(a, names, local, depth + 1) for a in s.arguments(node))
    if t == 'decorator':
        return any(_is_limiter(c, names, local, depth) for c in node.named_children)
    if t in ('array', 'arguments'):
        return depth < 3 and any(_is_limiter(c, names, local, depth + 1) for c in node.named_children)
    if t == 'object':
        keys = s.object_keys(node)
        if 'rateLimit' in keys:
            return True
        return depth < 3 and any(_is_limiter(v, names, local, depth + 1) for v in keys.values())
    return False


def _limiter_name(path: str, names: Mapping[str, frozenset[str]], local: frozenset[str]) -> bool:
    if not path:
        return False
    parts = path.replace('()', '').split('.')
    if parts[0] in local or any(p in names['limiters'] for p in parts):
        return True
    return bool(_LIMITER.search(path))


def _limiters(file: File, names: Mapping[str, frozenset[str]]) -> _Limiters:
    return file.memo(f'{ID}:limiters', lambda f: _find_limiters(f, names))


def _find_limiters(file: File, names: Mapping[str, frozenset[str]]) -> _Limiters:
    """Limiters the whole file sets up: imports, ``app.use(limiter)``, ``fastify.register(rateLimit)``."""
    source = file.source
    low = file.lower  # `_LIMITER` ignores case, ASCII only for bytes: the same on lower-case text
    if not (any(k in low for k in _LIMITER_KEYS) and _LIMITER_LOWER.search(low)) \
            and not any(n in source for n in encoded(names['limiters'])) \
            and not any(p in source for p in encoded(names['limiter_packages'])):
        return _Limiters(frozenset(), (), False)
    local, everywhere = _limiter_imports(file.tree.root, names)
    uses = []
    root = file.tree.root
    for m in _USE.finditer(source):
        prop = s.descendant(root, m.end() - 2, m.end() - 2)
        call = s.parent_of(s.parent_of(prop)) if prop is not None and s.parent_of(prop) is not None else None
        while call is not None and call.type != 'call_expression':
            call = s.parent_of(call) if call.type in ('member_expression', 'property_identifier') else None
        if call is None:
            continue
        args = s.arguments(call)
        if not any(_is_limiter(a, names, local) or _names_package(a, names) for a in args):
            continue
        if s.callee_name(call) == 'register':
            everywhere = True
        arg_names = frozenset(s.text(a) for a in args if a.type == 'identifier')
        uses.append((call.start_byte, s.receiver_name(call) or s.text(s.receiver(call)), arg_names))
    return _Limiters(local, tuple(uses), everywhere)


def _limiter_imports(root: Node, names: Mapping[str, frozenset[str]]) -> tuple[frozenset[str], bool]:
    """Local names bound to limiter packages (or to calls of them); NestJS throttler covers all."""
    packages = names['limiter_packages']
    local: set[str] = set()
    everywhere = False
    for stmt in root.named_children:
        if stmt.type == 'import_statement':
            source = s.string_value(stmt.child_by_field_name('source'))
            if source in packages:
                everywhere = everywhere or source == '@nestjs/throttler'
                for ident in _import_names(stmt):
                    local.add(ident)
        elif stmt.type in ('lexical_declaration', 'variable_declaration'):
            for d in stmt.named_children:
                value = d.child_by_field_name('value') if d.type == 'variable_declarator' else None
                if value is None:
                    continue
                value = s.unwrap(value)
                pattern = d.child_by_field_name('name')
                if _names_package(value, names) or (
                        value.type in ('call_expression', 'new_expression')
                        and _limiter_name(s.callee_path(value), names, frozenset(local))):
                    local.update(_pattern_idents(pattern))
    return frozenset(local), everywhere


def _import_names(stmt: Node) -> Iterator[str]:
    stack = [c for c in stmt.named_children if c.type == 'import_clause']
    while stack:
        node = stack.pop()
        if node.type == 'identifier':
            yield s.text(node)
        elif node.type == 'import_specifier':
            alias = node.child_by_field_name('alias') or node.child_by_field_name('name')
            yield s.text(alias)
        else:
            stack.extend(node.named_children)


def _pattern_idents(pattern: Node | None) -> Iterator[str]:
    if pattern is None:
        return
    if pattern.type in ('identifier', 'shorthand_property_identifier_pattern'):
        yield s.text(pattern)
        return
    for c in pattern.named_children:
        if c.type == 'pair_pattern':
            c = c.child_by_field_name('value') or c
        yield from _pattern_idents(c)


def _names_package(node: Node, names: Mapping[str, frozenset[str]]) -> bool:
    """``require('express-rate-limit')``, ``import('@fastify/rate-limit')``."""
    node = s.unwrap(node)
    if node.type != 'call_expression':
        return False
    fn = s.callee(node)
    if fn is None or s.text(fn) not in ('require', 'import'):
        return False
    args = s.arguments(node)
    return bool(args) and s.string_value(args[0]) in names['limiter_packages']


# --- what the handler does -------------------------------------------------------------------

def _work(scope: Scope, route: routes.Route, names: Mapping[str, frozenset[str]]) -> str | None:
    """What makes the route worth limiting, as a phrase; ``None`` when nothing visible is, or when
    the handler limits itself or only answers machines that sign their calls."""
    local = _limiters(scope.file, names).locals
    seen: str | None = None
    for m in route.middleware:
        seen = seen or _middleware_work(m, names)
    for fn in route.handlers:
        calls = _calls_in(scope, fn)
        if any(_limiter_name(s.callee_path(c), names, local) or _machine_call(c) for c in calls):
            return None
        if _compares_secret(scope.file, fn):
            return None
        upload = _UPLOADED.search(scope.file.source, fn.start_byte, fn.end_byte) if seen is None else None
        if upload is not None:
            line = scope.file.row_of_byte(upload.start()) + 1
            seen = f'takes uploads (`{upload.group().decode()}`, line {line})'
        for call in calls if seen is None else ():
            what = _action(call, names, scope.file)
            if what is not None:
                seen = f'{what} (`{_shown(call)}`, line {call.start_point.row + 1})'
                break
    if seen is not None or not _path_tells(scope.file, route):
        return seen
    words = _path_words(route.path)
    if route.method in _WRITE_VERBS and _auth_route(words, names):
        return 'is a sign-in/sign-up/password route'
    if set(words) & names['export_words']:
        return 'exports data'
    return None


def _path_tells(file: File, route: routes.Route) -> bool:
    """Whether a route path alone may raise the question: only where the whole request pipeline is
    in view (a Next.js handler, or a file that creates the app); a router or controller file is
    mounted elsewhere, often behind a limiter this file cannot show."""
    return route.kind == 'next' or _sets_up_app(file, route)


def _sets_up_app(file: File, route: routes.Route) -> bool:
    """This file creates the app (``express()``, ``new Koa()``, ``Fastify()``, ``new Hono()``)."""
    return route.kind == 'router' and routes.creates_app(file)


def _auth_route(words: list[str], names: Mapping[str, frozenset[str]]) -> bool:
    for i, w in enumerate(words):
        if w in names['auth_words']:
            # `/domains/register` registers a domain; `/auth/register` an account.
            return w != 'register' or i == 0 or words[i - 1] in _ACCOUNT_PREFIXES or bool(_VERSION.match(words[i - 1]))
    return False


def _path_words(path: str) -> list[str]:
    return [w for w in _WORD_SPLIT.split(path.lower()) if w]


def _machine_call(call: Node) -> bool:
    """A signature check (``constructEvent``, ``receiver.verify({ signature })``): a provider calls."""
    name = s.callee_name(call)
    if name == 'verify':
        args = s.arguments(call)
        return bool(args) and any('signature' in k.lower() for k in s.object_keys(args[0]))
    return bool(_MACHINE_CALL.search(name))


def _compares_secret(file: File, fn: Node) -> bool:
    """A shared secret compared in the handler: the caller is a scheduler or another service."""
    for m in _SECRET.finditer(file.source, fn.start_byte, fn.end_byte):
        node = s.descendant(file.tree.root, m.start(), m.end())
        parent = s.parent_of(node) if node is not None else None
        while parent is not None and parent.type in (
                'member_expression', 'template_substitution', 'template_string', 'parenthesized_expression'):
            parent = s.parent_of(parent)
        if parent is not None and parent.type == 'binary_expression' and s.text(
                parent.child_by_field_name('operator')) in ('===', '!==', '==', '!='):
            return True
    return False


def _calls_in(scope: Scope, fn: Node) -> list[Node]:
    """Every call and ``new`` inside the handler ``fn`` (computed once per handler)."""
    start, end = fn.start_byte, fn.end_byte

    def calls(file: File) -> list[Node]:
        return file.captures(HANDLER_QUERY, ((start, end),)).get('call', [])

    return scope.file.memo(f'{ID}:calls:{start}:{end}', calls)


def _middleware_work(node: Node, names: Mapping[str, frozenset[str]]) -> str | None:
    node = s.unwrap(node)
    if node.type != 'call_expression':
        return None
    path = s.callee_path(node)
    name = s.callee_name(node)
    if name in ('single', 'array', 'fields', 'any') and re.search(r'(?i)upload|multer', path):
        return f'takes uploads (`{_shown(node)}`)'
    if name == 'authenticate' and s.receiver_name(node) == 'passport':
        args = s.arguments(node)
        strategy = s.string_value(args[0]) if args else None
        if strategy is not None and 'local' in strategy:
            return 'checks passwords (`passport.authenticate()`)'
    return None


def _action(call: Node, names: Mapping[str, frozenset[str]], file: File) -> str | None:
    """A short description of abusable/expensive work done by ``call``, or ``None``."""
    name = s.callee_name(call)
    path = s.callee_path(call).replace('()', '')
    parts = path.split('.')
    root = parts[0]
    if call.type == 'new_expression':
        if name in ('SendEmailCommand', 'SendRawEmailCommand'):
            return 'sends email'
        if name in names['upload_calls']:
            return 'takes uploads'
        if name in names['render_calls']:
            return 'renders a file'
        return None
    if name in names['mail_calls'] or _MAIL_NAME.match(name) \
            or (name == 'send' and any(p in names['mail_clients'] for p in parts[:-1])):
        return 'sends email'
    if name in names['sms_calls'] or _SMS_NAME.match(name) or (
            root in names['sms_clients'] and name in ('create', 'send', 'publish')):
        return 'sends SMS'
    if name in names['push_calls'] or (name == 'send' and 'messaging' in parts):
        return 'sends push notifications'
    if name in names['auth_calls'] or (root in names['hash_clients'] and name in (
            'compare', 'compareSync', 'hash', 'hashSync', 'verify')):
        return 'checks passwords'
    if (root in names['payment_clients'] and _CHARGE.match(name)) or name in names['payment_calls']:
        return 'starts payments'
    if root in names['ai_clients'] or name in names['ai_calls']:
        return 'calls an AI API'
    if name in names['upload_calls'] or (name == 'upload' and len(parts) > 1):
        return 'takes uploads'
    if name in names['render_calls'] and len(parts) == 1 or (name == 'launch' and root in (
            'puppeteer', 'chromium', 'playwright')):
        return 'renders a file'
    if name in names['bulk_writes'] and len(parts) > 1:
        return 'bulk-writes'
    if name in names['process_calls'] and (len(parts) == 1 or root in ('child_process', 'cp', 'childProcess')):
        if len(parts) == 1 and name in ('exec', 'fork') and not file.fact(_mentions_child_process):
            return None
        return 'spawns a process' if name not in ('sharp', 'ffmpeg') else 'processes media'
    return None


def _shown(call: Node) -> str:
    path = s.callee_path(call).replace('()', '')
    if len(path) > 26:  # stripe.billingPortal.sessions.create -> stripe...sessions.create
        parts = path.split('.')
        path = f'{parts[0]}...{".".join(parts[-2:])}' if len(parts) > 2 else parts[-1]
        path = path if len(path) <= 26 else '...' + parts[-1][-23:]
    return f'new {path}()' if call.type == 'new_expression' else f'{path}()'


def _mentions_child_process(file: File) -> bool:
    """Asked once per file, not once per call."""
    return b'child_process' in file.source
