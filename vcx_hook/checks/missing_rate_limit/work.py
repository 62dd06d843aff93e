"""What a route's handler does that makes it worth limiting: sends mail, SMS or push messages,
checks passwords, starts payments, calls an AI API, takes uploads, renders files, bulk-writes or
spawns processes; or, where the whole request pipeline is in view, a path that says sign-in or
export.  Nothing when the handler limits itself or answers only machines that sign their calls."""
from __future__ import annotations

import re
from collections.abc import Collection
from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.checks.missing_rate_limit import accounts
from vcx_hook.checks.missing_rate_limit import ai_helpers
from vcx_hook.checks.missing_rate_limit import factors
from vcx_hook.checks.missing_rate_limit import imported
from vcx_hook.checks.missing_rate_limit import limited
from vcx_hook.checks.missing_rate_limit import mail
from vcx_hook.checks.missing_rate_limit import secrets
from vcx_hook.checks.missing_rate_limit import shared_secrets
from vcx_hook.checks.missing_rate_limit import siblings
from vcx_hook.checks.missing_rate_limit import sign_in_paths
from vcx_hook.checks.missing_rate_limit import token_exchange
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import callers
from vcx_hook.ecosystem import helper_effects
from vcx_hook.ecosystem import limiters
from vcx_hook.ecosystem import logs
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import routes
from vcx_hook.ecosystem import services
from vcx_hook.ecosystem import uploads
from vcx_hook.finding import LOW
from vcx_hook.finding import MEDIUM
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

Names = Mapping[str, frozenset[str]]
# Run only over the handlers of routes `ecosystem.routes` finds (few per file), so every call is a candidate
# and the name lists (extensible by configuration) decide.
HANDLER_QUERY = '(call_expression) @call\n(new_expression) @call\n'
# `sendEmail`, and `SendEmail` of a project that names its functions in PascalCase (Tachi's mail client).
_MAIL_NAME = lazyre.compile(r'^[sS]end\w*E?[mM]ails?$')
_SMS_NAME = lazyre.compile(r'^[sS]end\w*(?:Sms|SMS|Otp|OTP)s?$')
_CHARGE = lazyre.compile(r'^(?:create|confirm|capture|charge|refund|pay)')
_WRITE_VERBS = frozenset(('POST', 'PUT', 'PATCH', 'ALL', ''))
# A request body validated to hold a file (issue 18's Hono asset upload).
FILE_BODY = 'takes uploads (a `File` in its validated body)'
_FILE_SCHEMA = lazyre.compile(rb'\binstanceof\(\s*File\s*\)')
_UPLOADED = lazyre.compile(rb'\b(?:req|request)\.files?\b')
# Entry points called by name (`ecosystem.procedures`): server actions, tRPC mutations, NextAuth `authorize()`.
NAMED_KINDS = ('action', 'trpc', 'credentials')


# Work judged mostly not worth a limiter question (low confidence; bench/judged, borderline half): an
# upload seen in the handler's body rather than on the route (`req.file`, `new PutObjectCommand()`: 0% of
# 3, a server-side copy or an API-key route), and mail or AI calls that only signed-in callers reach
# (`ecosystem.callers`; mail 0% of 5: admins creating users, members inviting, tenants mailing their own
# invoices; AI 17% of 6: the organization's own key, a signed-in team, a cheap model), and bulk writes
# they make (0 of 2: a member forking their own thread, a campaign's tasks behind the project's secret key),
# and files rendered or media processed for them (30% of 5: hollo's media upload behind `tokenRequired`,
# pwndoc's admin backup, ztnet's session-gated zip, not; egapro's PDF, borderline; litlyx's Chromium PDF),
# also where the handler itself reads the session and answers 401 (ztnet's zip, egapro's PDF).
_LOW_WORK = frozenset(('takes uploads', 'runs a command-line tool', ai_helpers.PHRASE))
# An upload middleware on the route (`upload.single('file')`) is listed where anonymous callers reach it
# (workadventure's audio upload, worth asking); behind sign-in it is low like mail and AI: held out, the
# uploads (on the route or in the handler) that signed-in callers alone reach were judged worth asking 21%
# of 12 times (0 worth asking, 5 borderline: an admin-role CSV import, superuser asset uploads, a
# self-hosted app's own users); the listed middleware ones 50% of 3, the two behind sign-in 25%.
UPLOAD_MIDDLEWARE = 'takes uploads (`'
_ACCOUNT_BOUNDED = frozenset(('sends email', 'calls an AI API', 'bulk-writes', 'renders a file', 'processes media'))
_SESSION_BOUNDED = frozenset(('bulk-writes', 'renders a file', 'processes media'))
# A password taken from the request body (sign-in, sign-up, a password reset): not judged on held-out code.
SUBMITTED_CONFIDENCE = LOW
# A write route without the limiter its neighbours take: not judged on held-out code.
SIBLINGS_CONFIDENCE = LOW
# An account made for an anonymous caller: not judged on held-out code.
ACCOUNTS_CONFIDENCE = LOW
# A step that checks or re-sends an emailed or texted code (`POST /verify-email`, `/resend-otp`): a
# short code is guessed, a resend mails whoever is named. Low: not judged on held-out code, and a
# link's long token is no guess (InternHack's `/verify-email`, a real bug of holdout6).
CODE_STEP_WORDS = frozenset((
    'verify-email', 'resend-otp', 'send-otp', 'resend-code', 'verify-code', 'resend-verify-email',
    'resend-verification-email', 'resend-email-verification',
))
CODE_STEP_CONFIDENCE = LOW
# ... or any segment that re-sends a message (`/resend-confirmation`, `/resendInvite`: ayunis' confirmation
# mail to whatever address the body names, a real bug of holdout25).
_RESEND = lazyre.compile(r'^re-?send(?:[-_A-Z]|$)')


def _resends(word: str) -> bool:
    return _RESEND.match(word) is not None
# A route raised by its path alone: it says sign-in, sign-up or password.
PATH_SIGN_IN = 'is a sign-in/sign-up/password route'


def provider_sign_in(call: Node) -> bool:
    """``call`` is a sign-in method of a hosted auth provider's client (``<client>.auth.verifyOtp(...)``,
    ``services.PROVIDER_SIGN_INS``): the provider's endpoint counts and limits the attempts. Judged 0
    worth asking of the 5 listed on held-out code (capgo's invitation sign-in and midday's code step,
    borderline; capgo's impersonation, morphic's emailed token_hash and onlook's seeded dev sign-in, not)."""
    parts = s.callee_path(call).replace('()', '').split('.')
    return len(parts) > 2 and parts[-2] == services.PROVIDER_AUTH and parts[-1] in services.PROVIDER_SIGN_INS


class Work(NamedTuple):
    phrase: str  # what makes the route worth limiting: 'sends email (`sendEmail()`, line 3)'
    evidence: tuple[Node, ...]  # the handler and the call or middleware that does it
    confidence: str = ''  # MEDIUM for the shapes added for real-bug recall (issue 18), LOW, or '' for the family's
    credential: bool = False  # the route checks or sets a credential (a password, a code, an account)


def work(scope: Scope, route: routes.Route, names: Names, declared: Collection[str] = (),
         helpers: helper_effects.Table | None = None) -> Work | None:
    """What makes the route worth limiting; ``None`` when nothing visible is, or when the handler
    limits itself or only answers machines that sign their calls (``declared``: the project's packages;
    ``helpers``: what the project's functions the file imports do)."""
    local = limited.file_limiters(scope.file, names).locals
    ai_project = any(_ai_library(p) and not packages.is_local(p) for p in declared)
    seen: str | None = None
    where: Node | None = None
    for m in route.middleware:
        if seen is None:
            seen = _middleware_work(m, names)
            where = m if seen is not None else None
        interceptor = uploads.nest_interceptor(scope.file, m) if seen is None and route.kind == routes.NEST else None
        if interceptor is not None:
            seen, where = f'{UPLOAD_MIDDLEWARE}{_shown(interceptor)}`)', interceptor
    # An upload middleware on a route only signed-in callers reach (`requireRole(['admin'])`, `authCheck`).
    low = seen is not None and seen.startswith(UPLOAD_MIDDLEWARE) and callers.signed_in(route)
    for fn in route.handlers:
        calls = _calls_in(scope, fn)
        if any(limiters.limiter_name(s.callee_path(c), names['limiters'], local) or shared_secrets.machine_call(c) for c in calls):
            return None
        if shared_secrets.compares_secret(scope.file, fn) or _answers_too_many(scope.file, fn):
            return None
        upload = _UPLOADED.search(scope.file.source, fn.start_byte, fn.end_byte) if seen is None else None
        if upload is not None:
            line = scope.file.row_of_byte(upload.start()) + 1
            seen = f'takes uploads (`{upload.group().decode()}`, line {line})'
            where = s.descendant(scope.file.tree.root, upload.start(), upload.end())
            low = True
        for call in calls if seen is None else ():
            if _declared_inside(call, fn):
                continue  # its body's calls are the handler's own, and asked for what they do
            what = _action(call, names, scope.file, ai_project)
            if what == 'bulk-writes' and route.kind in NAMED_KINDS:
                continue  # a signed-in user's bulk edit in an app's own API (langfuse's annotation queues)
            if what == 'checks passwords' and route.kind == 'action' and not s.parameters(fn):
                continue  # a server action nothing is handed to signs in with fixed credentials (no guess)
            if what is not None:
                seen = f'{what} (`{_shown(call)}`, line {call.start_point.row + 1})'
                where = call
                low = what in _LOW_WORK or (what in _ACCOUNT_BOUNDED and callers.signed_in(route)) \
                    or (what in _SESSION_BOUNDED and callers.session_checked(calls, fn)) \
                    or (what == 'calls an AI API' and _callers_key(scope.file, fn, calls)) \
                    or (what == 'sends email' and mail.known_recipients(scope.file, route, calls, call)) \
                    or (what == 'checks passwords' and provider_sign_in(call))
                break
        for call in calls if seen is None and helpers else ():
            through = imported.through(scope.file, call, helpers or {})
            if through is not None and not _declared_inside(call, fn):
                seen, where, low = through, call, True
                break
    handlers = route.handlers[-1:]
    confidence = LOW if low else MEDIUM if route.kind in NAMED_KINDS or seen == FILE_BODY else ''
    if seen is not None:
        return Work(seen, (*handlers, *(() if where is None else (where,))), confidence, seen.startswith('checks passwords'))
    compared = secrets.compared(scope.file, route.handlers[-1]) if route.handlers else None
    if compared is not None:
        shown = s.normalized(compared, 40)
        shown = shown if len(shown) <= 36 else shown[:33] + '...'
        return Work(f'compares a password or code (`{shown}`, line {compared.start_point.row + 1})',
                    (*handlers, compared), MEDIUM, credential=True)
    if route.kind == 'credentials' and secrets.guessable_credentials(route.node):
        return Work('checks sign-in credentials', handlers, MEDIUM, credential=True)
    current = secrets.current_password(scope.file, route.handlers[-1]) if route.handlers else None
    if current is not None:
        return Work(f'checks the current password (`{s.text(current)}`, line {current.start_point.row + 1})',
                    (*handlers, current), MEDIUM, credential=True)
    if route.kind in NAMED_KINDS:
        return None  # an action or procedure is named for what it does, not for who may call it
    words = limited.path_words(route.path)
    tells = _path_tells(scope.file, route)
    if route.method in _WRITE_VERBS and sign_in_paths.auth_route(words, names, tells or _account_file(scope.file)) \
            and (route.kind != routes.CONTROLLER or _reads_credentials(scope.file, route.handlers[-1])):
        # Also in a router or controller file, mounted elsewhere: where the project depends on a limiter
        # package, `limited.limited_elsewhere` makes the question low (the limiter may be at the mount).
        # A single sign-on step is low: the identity provider's signed answer, nothing to guess.
        # So is a code named only inside a longer segment: not judged on held-out code.
        confidence = LOW if not sign_in_paths.SIGN_IN_PROTOCOLS.isdisjoint(words) or factors.enrols(
            scope.file, route, words, names, _calls_in(scope, route.handlers[-1]) if route.handlers else []) \
            or names['auth_words'].isdisjoint(words) \
            or bool(route.handlers) and token_exchange.exchanges_token(scope.file, route.handlers[-1]) else ''
        return Work(PATH_SIGN_IN, handlers, confidence, credential=True)
    if route.method == 'POST' and (not CODE_STEP_WORDS.isdisjoint(words) or any(map(_resends, words))) \
            and not callers.signed_in(route):
        return Work('checks or re-sends an emailed or texted code, its path says', handlers, CODE_STEP_CONFIDENCE, credential=True)
    if route.method == 'POST' and sign_in_paths.creates_account(words) and not callers.signed_in(route):
        # `POST /auth/create/device-account`: the path says it makes an account (low: not yet judged).
        return Work('creates an account, its path says', handlers, ACCOUNTS_CONFIDENCE)
    if tells and set(words) & names['export_words']:
        # Behind sign-in (its middleware, or the handler's own 401 or role check): an account that
        # loops an export of its own data is bounded, low (judged 0 worth of 9 over rounds 13-22).
        fn = route.handlers[-1] if route.handlers else None
        inside = fn is not None and (callers.asks_caller(_calls_in(scope, fn)) or callers.refuses_anonymous(fn))
        return Work('exports data', handlers, LOW if callers.signed_in(route) or inside else '')
    submitted = secrets.submitted_password(scope.file, route.handlers[-1]) if route.handlers else None
    if submitted is not None:
        return Work(f'takes a password (`{s.normalized(submitted, 36)}`, line {submitted.start_point.row + 1})',
                    (*handlers, submitted), SUBMITTED_CONFIDENCE, credential=True)
    made = accounts.created(route, _calls_in(scope, route.handlers[-1])) if route.handlers else None
    if made is not None:
        return Work(f'creates an account (`{_shown(made)}`, line {made.start_point.row + 1})', (*handlers, made),
                    ACCOUNTS_CONFIDENCE, credential=True)
    unlike = siblings.left_out(scope.file, route, names, local) or (
        None if callers.signed_in(route) else siblings.resource_left_out(scope.file, route, names, local))
    if unlike is not None:
        return Work(unlike, handlers, SIBLINGS_CONFIDENCE)
    return None


def _declared_inside(call: Node, fn: Node) -> bool:
    """``call`` is to a function the handler ``fn`` itself declares: ``const sendNotification =
    (id) => res.write(...)`` in an event-stream route only writes to its response, whatever its
    name says (courselit's SSE route, judged not worth asking). The calls in its body are among
    the handler's, and each is asked for what it does."""
    callee = s.callee(call) if call.type == 'call_expression' else None
    if callee is None or callee.type != 'identifier':
        return False
    value = s.initializer(callee)
    value = s.unwrap(value) if value is not None else None
    return value is not None and value.type in s.FUNCTION_TYPES and fn.start_byte < value.start_byte < fn.end_byte


def _path_tells(file: File, route: routes.Route) -> bool:
    """Whether a route path alone may raise the question: only where the whole request pipeline is
    in view (a Next.js handler, or a file that creates the app); a router or controller file is
    mounted elsewhere, often behind a limiter this file cannot show."""
    return route.kind == routes.FILE or limited.sets_up_app(file, route)


# What a sign-in takes: the request's body, or a passport strategy that reads it.
_SUBMITTED = lazyre.compile(rb'\b(?:req|request|ctx\.request)\.(?:body|payload)\b|\bpassport\.authenticate\('
                            rb'|\{[^{}=]*\b(?:body|payload)\b[^{}=]*\}\s*=\s*(?:req|request)\b')


def _reads_credentials(file: File, fn: Node) -> bool:
    """A controller action named for a sign-in that reads what the caller submits: not a ``login``
    that only redirects to an identity provider (aides-jeunes' FranceConnect and ProConnect logins,
    held out round 18)."""
    return _SUBMITTED.search(file.source, fn.start_byte, fn.end_byte) is not None


_ACCOUNT_FILE_WORDS = frozenset((
    'auth', 'authenticate', 'authentication', 'user', 'users', 'account', 'accounts', 'identity', 'login',
    'signup', 'register', 'registration', 'session', 'sessions',
))


def _account_file(file: File) -> bool:
    return not _ACCOUNT_FILE_WORDS.isdisjoint(s.name_words(file.path))


# A handler that answers "too many": status 429, or an error named for a rate limit or quota
# (`new ChatSDKError('rate_limit:chat')`, `'Too many requests'`, `'Daily quota exceeded'`).
_TOO_MANY = lazyre.compile(
    rb"""(?:\bstatus\s*[:(]\s*|\bstatusCode\s*[:=]\s*|\.code\(\s*|,\s*)429\b"""
    rb"""|['"`][^'"`\n]{0,40}\b(?:rate[_ -]?limit|too many requests|quota exceeded)"""
    rb"""|\b(?-i:\w*(?:LimitExceeded|TooManyRequests)\w*)\b""", re.I)


def _answers_too_many(file: File, fn: Node) -> bool:
    """The handler limits its callers itself: it counts their use (messages today, credits) and
    answers 429 or a rate-limit error past a quota (vercel/ai-chatbot's per-user daily message count;
    judged not worth asking, ``handled:per-user-daily-message-quota``); or the provider it calls
    limits them, and it handles the provider's refusal (Cognito's ``LimitExceededException``,
    ``TooManyRequestsException``: onboarding-self-service-experience, held out round 18)."""
    for m in _TOO_MANY.finditer(file.source, fn.start_byte, fn.end_byte):
        node = s.descendant(file.tree.root, m.start(), m.end())
        call = next((a for a in s.ancestors(node) if a.type == 'call_expression'), None) if node is not None else None
        if call is not None and logs.is_log_call(call):
            continue  # a log line (`console.warn('quota exceeded, using fallback')`) answers nobody
        return True
    return False


# `apiKey: profile.openai_api_key`: a key the handler hands its AI client, and what it is read from.
_API_KEY = lazyre.compile(rb'\bapi_?key\s*:\s*([^,}\n]+)', re.I)
_OPERATORS_KEY = lazyre.compile(rb'(?i:\benv\b|config|settings|secret)|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b')


def _callers_key(file: File, fn: Node, calls: list[Node]) -> bool:
    """The handler makes its AI client with a key that is not the operator's (``new OpenAI({ apiKey:
    profile.openai_api_key })``, ``new GoogleGenerativeAI(profile.google_gemini_api_key)``, from the
    caller's profile or request; not ``process.env``, a constant or the configuration): each caller
    spends their own key, and a limiter spares nobody's money (chatbot-ui's chat routes, judged not
    worth asking: ``handled:signed-in-user-own-api-key``)."""
    keys = [m.group(1) for m in _API_KEY.finditer(file.source, fn.start_byte, fn.end_byte)]
    keys += [k for c in calls if (k := _positional_key(file, c)) is not None]
    return bool(keys) and not any(_OPERATORS_KEY.search(k) for k in keys)


def _positional_key(file: File, call: Node) -> bytes | None:
    """The key an AI package's client is made with as its first argument (``new GoogleGenerativeAI(key)``)."""
    if call.type != 'new_expression':
        return None
    made = call.child_by_field_name('constructor')
    found = bindings.binding(file, made) if made is not None else None
    args = s.arguments(call)
    key = s.unwrap(args[0]) if args else None
    if found is None or not _ai_library(found.library) or key is None or key.type == 'object':
        return None
    if key.type == 'identifier':  # `const apiKey = process.env.GEMINI_KEY` above; a parameter or import is unknown
        key = s.initializer(key)
    return bytes(key.text) if key is not None else None


def _calls_in(scope: Scope, fn: Node) -> list[Node]:
    """Every call and ``new`` inside the handler ``fn`` (computed once per handler)."""
    start, end = fn.start_byte, fn.end_byte

    def calls(file: File) -> list[Node]:
        return file.captures(HANDLER_QUERY, ((start, end),)).get('call', [])

    return scope.file.memo(f'missing-rate-limit:calls:{start}:{end}', calls)


def _middleware_work(node: Node, names: Names) -> str | None:
    node = s.unwrap(node)
    if _FILE_SCHEMA.search(node.text):
        return FILE_BODY  # zValidator('form', z.object({ file: z.instanceof(File) }))
    if node.type != 'call_expression':
        return None
    path = s.callee_path(node)
    name = s.callee_name(node)
    if name in ('single', 'array', 'fields', 'any') and re.search(r'(?i)upload|multer', path):
        return f'{UPLOAD_MIDDLEWARE}{_shown(node)}`)'
    if name == 'authenticate' and s.receiver_name(node) == 'passport':
        args = s.arguments(node)
        strategy = s.string_value(args[0]) if args else None
        if strategy is not None and 'local' in strategy:
            return 'checks passwords (`passport.authenticate()`)'
    return None


def _action(call: Node, names: Names, file: File, ai_project: bool = False) -> str | None:
    """A short description of abusable/expensive work done by ``call``, or ``None``."""
    name = s.callee_name(call)
    path = s.callee_path(call).replace('()', '')
    parts = path.split('.')
    root = parts[0]
    if call.type == 'new_expression':
        if name in services.MAIL_COMMANDS:
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
    if (name in names['auth_calls'] and (name not in services.PASSWORD_COMPARES or secrets.checks_credential(file, call))) \
            or (root in names['hash_clients'] and name in ('compare', 'compareSync', 'hash', 'hashSync', 'verify')):
        return 'checks passwords'
    if (root in names['payment_clients'] and _CHARGE.match(name) and services.PAYMENT_NOT_CHARGING.isdisjoint(parts[1:-1])) \
            or name in names['payment_calls']:
        return 'starts payments'
    if root in names['ai_clients'] or (name in names['ai_calls'] and _ai_bound(file, call)) or _ai_client(file, call, parts) \
            or helper_effects.model_request(file, call):
        return 'calls an AI API'
    if ai_helpers.asks(file, call, ai_project):
        return ai_helpers.PHRASE
    if name in names['upload_calls'] or (name == 'upload' and len(parts) > 1):
        return 'takes uploads'
    if name in names['render_calls'] and len(parts) == 1 or (name == 'launch' and root in services.BROWSERS):
        return 'renders a file'
    if name in names['bulk_writes'] and len(parts) > 1 and not _fixed_rows(call):
        return 'bulk-writes'
    if name in names['process_calls'] and (len(parts) == 1 or root in services.CHILD_PROCESS):
        if len(parts) == 1 and name in ('exec', 'fork') and not file.fact(_mentions_child_process):
            return None
        return 'spawns a process' if name not in ('sharp', 'ffmpeg') else 'processes media'
    if any(_command_line(a) for a in s.arguments(call)):
        return 'runs a command-line tool'
    return None


def _command_line(arg: Node) -> bool:
    """An array of command-line options (``['--skip-download', '--cookies', path]``), given as is or
    through a ``const`` of the handler: the helper it goes to runs a program with it."""
    arg = s.unwrap(arg)
    if arg.type == 'identifier':
        value = s.initializer(arg)
        arg = s.unwrap(value) if value is not None else arg
    if arg.type != 'array':
        return False
    flags = [v for v in (s.string_value(c) for c in arg.named_children) if v is not None and v.startswith('-')]
    return len(flags) >= 2


_MAX_FIXED_ROWS = 10


def _fixed_rows(call: Node) -> bool:
    """A bulk write of rows the code spells out (``createMany({ data: [{...}, {...}] })``,
    ``insertMany([a, b])``): as many per request as the literal holds, nothing a caller can grow
    (bench/judged ``shape:createmany-two-fixed-rows``, 0 of 2 worth asking)."""
    args = s.arguments(call)
    rows = s.unwrap(args[0]) if args else None
    if rows is not None and rows.type == 'object':
        rows = s.object_keys(rows).get('data')
        rows = s.unwrap(rows) if rows is not None else None
    if rows is None or rows.type != 'array':
        return False
    items = [c for c in rows.named_children if c.type != 'comment']
    return len(items) <= _MAX_FIXED_ROWS and not any(c.type == 'spread_element' for c in items)


def _ai_bound(file: File, call: Node) -> bool:
    """A call named like an AI call (``createImage``) whose name comes from an AI package or a
    local module named for one (``@/lib/ai``); unresolved, in a file that imports an AI package.
    A project's own ``createImage`` that inserts an image row is not one."""
    callee = s.callee(call)
    found = bindings.binding(file, callee) if callee is not None else None
    if found is None or found.kind == packages.VALUE:
        return file.fact(_imports_ai)
    return _ai_library(found.library)


def _ai_client(file: File, call: Node, parts: list[str]) -> bool:
    """A method of a client an AI package made, whatever it is called (``client.messages.stream()``
    of ``const client = getAnthropicClient()``, a function of the file declared to return
    ``Anthropic``; ``ai.models.generateContent()`` of ``new GoogleGenAI()``)."""
    if len(parts) < 2:
        return False
    receiver = s.receiver(call)
    library = bindings.library(file, receiver) if receiver is not None else ''
    return library in services.AI_PACKAGES or library.startswith(services.AI_PACKAGE_SCOPES)


def _ai_library(library: str) -> bool:
    if library in services.AI_PACKAGES or library.startswith(services.AI_PACKAGE_SCOPES):
        return True
    words = re.split(r'[^a-z0-9]+', '/'.join(library.lower().split('/')[-2:]))  # `lib/ai`, `ai/images.ts`
    return packages.is_local(library) and not services.AI_MODULE_WORDS.isdisjoint(words)


def _imports_ai(file: File) -> bool:
    return any(_ai_library(b.library) for b in bindings.imports(file).values())


def _shown(call: Node) -> str:
    path = s.callee_path(call).replace('()', '')
    if len(path) > 26:  # stripe.billingPortal.sessions.create -> stripe...sessions.create
        parts = path.split('.')
        path = f'{parts[0]}...{".".join(parts[-2:])}' if len(parts) > 2 else parts[-1]
        path = path if len(path) <= 26 else '...' + parts[-1][-23:]
    return f'new {path}()' if call.type == 'new_expression' else f'{path}()'


_CHILD_PROCESS = packages.CHILD_PROCESS.encode()


def _mentions_child_process(file: File) -> bool:
    """Asked once per file, not once per call."""
    return _CHILD_PROCESS in file.source
