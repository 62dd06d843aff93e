"""unvalidated-input: request data that reaches a dangerous sink without validation.

Code that trusts the request works for every honest user and fails for the first dishonest one: a
quote in a search box becomes SQL, `{ "$ne": null }` in a JSON body logs in as the first user, `../`
in a file name reads the server's secrets, and a contact form with a free `to` field becomes a spam
relay that gets the domain banned by its mail provider. The fix is a schema (zod, joi, a route
schema) or a narrower operation (a placeholder, `path.basename`, an allowlist).

Asked when request data reaches a sink in a touched function. Request data is `req.body/query/
params/headers/cookies/files` (Express, Fastify `request.*`, Next.js pages), Koa `ctx.request.body`,
`ctx.query`, `ctx.params`, `await request.json()`/`formData()`, `searchParams.get()`, Hono
`c.req.*`, Lambda `event.body/queryStringParameters/pathParameters`, NestJS `@Query()/@Body()/
@Param()` parameters typed `string` or untyped, browser `location.*`, `URLSearchParams` and a
`message` event's `data`. The value is followed through names, destructuring, template literals,
concatenation, object properties and pass-through calls (`trim`, `toLowerCase`, `String`,
`path.join`, `JSON.parse`...). Sinks:

- SQL built by concatenation or a template and run with `query`/`execute` (when the text is SQL),
  `raw`, `$queryRawUnsafe`/`$executeRawUnsafe`, Knex `whereRaw`/`orderByRaw`..., postgres.js `unsafe`;
- MongoDB filters taken from the request: `find(req.query)`, or a secret matched straight from the
  body or query in `find/findOne/updateOne/deleteMany...` (`{ resetToken: req.body.token }`: the
  object `{ "$ne": null }` matches every account with a pending reset);
- HTML: `innerHTML`/`outerHTML`, `insertAdjacentHTML`, `document.write`, `dangerouslySetInnerHTML`,
  and HTML strings sent with `res.send/end/write` or `ctx.body`;
- code: `eval`, `Function`/`new Function`, `vm.run*`/`new vm.Script`, string `setTimeout`;
- shell: `exec/execSync` (`child_process`, `shelljs`), `spawn` with `shell: true`;
- file paths: `fs.readFile/writeFile/createReadStream/unlink/rm/readdir/rename...`, `res.sendFile`,
  `res.download`;
- redirects: `res.redirect`, `ctx.redirect`, `reply.redirect`, Next.js `redirect`, `location = ...`,
  `location.assign/replace`, when the request decides where the URL starts;
- server-side requests to a URL from the request: `fetch`, `axios.get`, `got`, `http.get`... (SSRF);
- outbound actions that send to a recipient from the request: `sendEmail(req.body.to, ...)`,
  `transporter.sendMail({ to })`, `sgMail.send`, Resend `emails.send`, Twilio `messages.create`.

Not asked:

- values that went through a validator first: zod `parse/safeParse`, joi/yup `validate`,
  `matchedData`, or any call whose result is used instead of the raw value (only the pass-through
  calls above carry request data on);
- a check that stops the request before the sink, or wraps it: `if (!validator.isEmail(to)) return`,
  `if (!ALLOWED.includes(sort)) throw`, `typeof x !== 'string'`, `x === 'asc'`, a resolved path's
  `startsWith(root)`, a URL's `hostname` in an allowlist. A check that only sets a flag does not count;
- routes with validation middleware (`validate(schema)`, `celebrate(...)`, express-validator chains
  with `validationResult`), Fastify route `schema`s, NestJS DTOs (a `ValidationPipe` checks them);
- numeric coercion (`Number`, `parseInt`), `encodeURIComponent`, escaping, DOMPurify,
  `path.basename`: the result is a new, narrower value;
- Mongo filters on ordinary fields (`{ email }`: the password check after it still stands), and
  files that load `express-mongo-sanitize` or set Mongoose `sanitizeFilter`;
- placeholders and tagged templates (`query('... $1', [id])`, `` sql`...${id}` ``,
  `` prisma.$queryRaw`...` ``), `{ field: { $eq: value } }` in Mongo filters, route params in Mongo
  filters (always strings), `sendFile` with a `root` option;
- redirects and fetches whose URL starts with a fixed path or host (`/users/${id}`,
  `https://api.example.com/...`); headers and cookies in redirects and HTML (a victim's browser sets
  them, an attacker cannot);
- plain-text responses without markup, and recipients that come from the session or the database.

Bad:

```js
app.post('/api/send-email', async (req, res) => {
  await sendEmail(req.body.to, req.body.subject, req.body.body);
  res.json({ success: true });
});
```

Good:

```js
const EmailSchema = z.object({ subject: z.string().max(200), body: z.string().max(5000) });

app.post('/api/send-email', requireUser, async (req, res) => {
  const { subject, body } = EmailSchema.parse(req.body);
  await sendEmail(req.user.email, subject, body);
  res.json({ success: true });
});
```

Answer it in code when the value is checked somewhere the hook cannot see:

```js
// vcx-ignore unvalidated-input -- the gateway validates this body against openapi.yaml
await sendEmail(req.body.to, req.body.subject, req.body.body);
```

Names the configuration can extend (`[checks.unvalidated-input]`):

- `request_objects`, `context_objects`: parameter names whose fields are request data (`req`, `ctx`...);
- `request_fields`: the fields that are (`body`, `query`, `params`, `headers`...);
- `responses`: response objects for `send`/`sendFile`/`redirect` (`res`, `reply`...);
- `validators`: calls that validate what they receive (`validate`, `safeParse`, `matchedData`...);
- `guard_methods`: methods that, in an `if` that returns or throws, check a value (`includes`, `has`,
  `test`, `startsWith`...);
- `pass_through`: calls whose result still carries their input (`trim`, `path.join`, `JSON.parse`...);
- `sql_methods`, `mongo_methods`, `file_methods`, `command_methods`, `code_methods`: the sinks;
- `secret_fields`: endings of Mongo filter keys that hold a secret (`token`, `code`, `otp`...);
- `outbound_actions`, `mail_clients`, `recipient_keys`: outbound sends and where their recipient is
  (`sendEmail`, `sgMail`, `to`...).

Sinks are found by these names in the source, then confirmed in the syntax tree, so a name added to
any sink list is a sink too (`sql_methods = ["runSql"]` makes `db.runSql("..." + req.query.id)` a
question).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.checks.common import load_query
from vcx_hook.config import Config
from vcx_hook.ecosystem import http
from vcx_hook.finding import Finding
from vcx_hook.finding import MEDIUM
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.flow import Binding
from vcx_hook.lang.flow import Flow
from vcx_hook.lang.flow import Origin
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

ID = 'unvalidated-input'
QUESTION = 'Is this request data validated before it reaches the sink?'
# Held-out precision 0% (4 judged findings, bench/judged): its questions are listed, not blocking,
# until a shape is shown to be worth asking 80% of the time (docs/confidence.md).
CONFIDENCE = MEDIUM
SUMMARY = 'request data reaching SQL, HTML, shell, file paths, redirects or outbound mail unvalidated'
# Sinks are found by name (`_candidates`): a query would walk every tree for a few calls.
QUERY = ''
GUARD_QUERY = load_query(__file__, 'guards')
NAMES = {
    # Parameter names whose .body/.query/.params/.headers/.cookies are request data.
    'request_objects': frozenset(('req', 'request', '_req')),
    'context_objects': frozenset(('ctx', 'context')),
    'request_fields': frozenset(('body', 'query', 'params', 'headers', 'cookies', 'signedCookies', 'files', 'file')),
    'responses': frozenset(('res', 'response', 'reply', 'resp')),
    # Calls (by name) that validate what they receive; the query also sees names with valid/assert/
    # sanitiz/check/ensure/parse in them and isX(...).
    'validators': frozenset((
        'validate', 'validateSync', 'validateAsync', 'safeParse', 'safeParseAsync', 'parseAsync',
        'matchedData', 'validationResult', 'plainToInstance', 'plainToClass', 'attempt', 'assert',
        'invariant', 'sanitize', 'escape', 'isValid',
    )),
    # Methods that, called in an `if` condition on a value, are an allowlist or format check.
    'guard_methods': frozenset((
        'includes', 'has', 'indexOf', 'test', 'match', 'startsWith', 'endsWith', 'some', 'every',
        'isInteger', 'isSafeInteger', 'isFinite', 'isValidObjectId', 'isValid',
    )),
    # Calls whose result still carries their input (followed); every other call is a leaf.
    'pass_through': frozenset((
        'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase',
        'toLocaleUpperCase', 'toString', 'normalize', 'concat', 'padStart', 'padEnd', 'String',
        'slice', 'substring', 'substr', 'split', 'at',
        'decodeURIComponent', 'decodeURI', 'unescape', 'JSON.parse', 'path.join', 'path.resolve',
        'path.normalize', 'join', 'resolve', 'util.format', 'format', 'Buffer.from', 'URL',
        'URLSearchParams',
    )),
    'sql_methods': frozenset((
        'query', 'execute', 'raw', '$queryRawUnsafe', '$executeRawUnsafe', 'whereRaw', 'orWhereRaw',
        'havingRaw', 'orderByRaw', 'joinRaw', 'fromRaw', 'unsafe',
    )),
    # Mongo filter keys where an operator (`{ $ne: null }`) bypasses a secret: matched as suffixes.
    'secret_fields': frozenset(('token', 'code', 'otp', 'secret', 'password', 'key', 'hash', 'pin', 'nonce')),
    'mongo_methods': frozenset((
        'find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'findOneAndRemove',
        'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'replaceOne', 'countDocuments',
    )),
    'file_methods': frozenset((
        'readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync',
        'createReadStream', 'createWriteStream', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir',
        'rmdirSync', 'readdir', 'readdirSync', 'rename', 'renameSync', 'copyFile', 'copyFileSync',
    )),
    'command_methods': frozenset(('exec', 'execSync', 'spawn', 'spawnSync')),
    'code_methods': frozenset((
        'eval', 'Function', 'setTimeout', 'setInterval', 'runInNewContext', 'runInThisContext',
        'runInContext', 'compileFunction',
    )),
    # Outbound actions that send to a recipient (names must contain send/mail/sms/notif/invit).
    'outbound_actions': frozenset((
        'sendEmail', 'sendMail', 'sendSms', 'sendSMS', 'sendText', 'sendTextMessage', 'sendPush',
        'sendPushNotification', 'sendNotification', 'sendInvite', 'sendInvitation', 'sendMessage',
    )),
    'mail_clients': frozenset(('sgMail', 'mail', 'mailer', 'resend', 'postmark', 'mailgun', 'ses', 'sms')),
    'recipient_keys': frozenset((
        'to', 'recipient', 'recipients', 'cc', 'bcc', 'phone', 'phoneNumber', 'number',
    )),
}

_SQL = re.compile(
    r'\b(select\b.*\bfrom|insert\s+into|update\b.*\bset|delete\s+from|where|order\s+by|group\s+by)\b',
    re.IGNORECASE | re.DOTALL,
)
_HTML = re.compile(r'<[a-zA-Z!/]')
_NOT_VALIDATING_PARSE = frozenset(('JSON', 'url', 'qs', 'querystring', 'path', 'cookie', 'Date', 'URL'))
_VALIDATING = re.compile(r'[vV]alid|[aA]ssert|[sS]anitiz|[cC]heck|[eE]nsure|^is[A-Z]|^parse$')
_MIDDLEWARE = re.compile(r'valid|schema|celebrate|sanitiz|zValidator|joi\b|yup\b|zod\b', re.IGNORECASE)
_EXPRESS_VALIDATOR = frozenset(('body', 'query', 'param', 'check', 'header', 'cookie', 'checkSchema'))
_LOCATION_PARTS = frozenset(('search', 'hash', 'href', 'pathname'))
_LAMBDA_FIELDS = frozenset(('body', 'queryStringParameters', 'pathParameters', 'headers',
                            'multiValueQueryStringParameters'))
_NEST_SOURCES = frozenset(('Body', 'Query', 'Param', 'Headers'))
_UNTYPED = frozenset(('', 'string', 'any', 'string[]', 'Record<string, any>', 'Record<string, string>'))
_EXACT_GUARDS = frozenset(('===', '!==', '==', '!='))
# express-mongo-sanitize, Mongoose `sanitizeFilter`: operators are stripped before any query.
_MONGO_SANITIZED = re.compile(rb'mongo-sanitize|mongoSanitize|sanitizeFilter|trusted\(')
_FIXED_URL = re.compile(r'[a-z][a-z+.-]*://[^/]+/|/[^/\\]')
_URL_PARTS = frozenset(('hostname', 'host', 'origin', 'protocol'))
_BROWSER_SET = frozenset(('headers', 'cookies', 'signedCookies'))
# An `if` body that stops the request or records a validation error.
_EXITS = re.compile(r'\b(return|throw|next|push|flash|reject|continue|break)\b|[eE]rror')
_REQUEST_TYPES = re.compile(r'^(Request|FastifyRequest|NextApiRequest|NextRequest|express\.Request)\b')


# Words every source needs somewhere in its function (a cheap test before the data flow).
_REQUEST_WORDS = re.compile(
    rb'\b(?:req|request|ctx|context|_req|event|evt|location|URL|searchParams|useSearchParams|URLSearchParams'
    rb'|formData|message|onmessage|Query|Body|Param|Headers)\b|\(\s*\{')


class Source(NamedTuple):
    name: str  # how the message shows it: `req.body.to`
    key: tuple[int, tuple[str, ...]]  # (leaf start byte, path) for matching against guards
    objects: bool  # may be an object (JSON body, qs query) rather than a string
    header: bool = False  # set by the browser: a victim's request cannot carry an attacker's value


class Sink(NamedTuple):
    node: Node  # where the finding is reported
    exprs: list[tuple[Node, tuple[str, ...]]]  # values that must not be unvalidated request data
    message: str  # with {src} for the source's name
    victim: bool = False  # the attacker needs a victim's browser to send the value (XSS, redirects)


def relevant(scope: Scope, config: Config) -> bool:
    """Every finding needs a source, and every source needs ``_REQUEST_WORDS`` in its function
    (``_Checker.unvalidated`` stops there without one), and a sink is kept only with the words of
    a source in reach (``_source_in_reach``): so the file must hold both."""
    file = scope.file
    if not file.memo(f'{ID}:request-words', _request_words):
        return False
    # The whole file's reach costs a scan of it: a touched function's own sinks are fewer.
    return not scope.whole or file.memo(
        f'{ID}:source-possible', lambda f: _source_possible(f, config.names[ID]))


def _request_words(file: File) -> bool:
    """``_REQUEST_WORDS.search(file.source)``, mostly without the regex."""
    words = file.words
    if not words.isdisjoint(_REQUEST_WORD_SET) or b'({' in file.source:
        return True
    # `\b` parts `$req` at the `$`, which `File.words` keeps inside a word.
    if b'$' in file.source and any(part in _REQUEST_WORD_SET for w in words if b'$' in w for part in w.split(b'$')):
        return True
    return _SPACED_DESTRUCTURING.search(file.source) is not None


_SPACED_DESTRUCTURING = lazyre.compile(rb'\(\s+\{')
_REQUEST_WORD_SET = frozenset((
    b'req', b'request', b'ctx', b'context', b'_req', b'event', b'evt', b'location', b'URL', b'searchParams',
    b'useSearchParams', b'URLSearchParams', b'formData', b'message', b'onmessage', b'Query', b'Body', b'Param',
    b'Headers',
))


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    names = config.names[ID]
    checker = _Checker(scope, names)
    for sink in _sinks(scope, names):
        src = checker.unvalidated(sink)
        if src is not None:
            yield scope.finding(sink.node, ID, sink.message.format(src=src.name), QUESTION)


# --- sinks -----------------------------------------------------------------------------------

def _sinks(scope: Scope, names: Mapping[str, frozenset[str]]) -> Iterator[Sink]:
    file = scope.file
    calls, clients, news, assigns, htmls = (
        [n for n in found if _source_in_reach(file, n, names)] for found in _candidates(scope, names))
    for call in calls:
        sink = _call_sink(scope, call, names)
        if sink is not None:
            yield sink
    if not s.is_ui_file(scope.file):
        for call in clients:
            args = s.arguments(call)
            if args and s.callee_name(call) in ('get', 'post', 'put', 'patch', 'delete', 'head', 'request'):
                yield _fetch_sink(call, args[0])
    for new in news:
        ctor = s.dotted(new.child_by_field_name('constructor') or new)
        if ctor in ('Function', 'vm.Script'):
            yield Sink(new, [(a, ()) for a in s.arguments(new)], f'`new {ctor}()` compiles code built from `{{src}}`')
    for assign in assigns:
        sink = _assignment_sink(scope, assign, names)
        if sink is not None:
            yield sink
    for pair in htmls:
        value = pair.child_by_field_name('value')
        if value is not None:
            yield Sink(pair, [(value, ())], '`dangerouslySetInnerHTML` renders `{src}` as HTML unsanitized', True)


# Calls `_call_sink` takes by these names whatever the configuration lists.
_FIXED_CALLS = frozenset((
    'insertAdjacentHTML', 'write', 'writeln', 'send', 'end', 'sendFile', 'download', 'redirect', 'assign',
    'replace', 'fetch', 'got', 'ky', 'ofetch', '$fetch', 'needle', 'create',
))
_CALL_LISTS = ('sql_methods', 'mongo_methods', 'file_methods', 'command_methods', 'code_methods', 'outbound_actions')
# `axios.get(url)`: receivers whose verb calls are server-side requests.
_CLIENTS = frozenset(c.encode() for c in http.SINK_CLIENTS)
_CONSTRUCTORS = frozenset((b'Function', b'Script'))
_ASSIGNED = frozenset((b'innerHTML', b'outerHTML', b'href', b'location', b'body'))
_HTML_KEY = b'__html'



@functools.lru_cache(maxsize=8)
def _call_names(lists: tuple[frozenset[str], ...]) -> tuple[frozenset[bytes], frozenset[bytes]]:
    """The callee names of sink calls, and every name a sink is found by."""
    calls = frozenset(n.encode() for n in _FIXED_CALLS.union(*lists))
    return calls, calls | _CLIENTS | _CONSTRUCTORS | _ASSIGNED | {_HTML_KEY}


def _candidates(scope: Scope, names: Mapping[str, frozenset[str]]) -> tuple[list[Node], ...]:
    """The sinks' nodes, found by name (``File.named``): calls of a sink's name, verb calls on an
    HTTP client, ``new Function``/``new vm.Script``, assignments to ``innerHTML``/``href``/
    ``location``/``body``, and ``__html`` keys; each list in document order."""
    call_names, every = _call_names(tuple(names[k] for k in _CALL_LISTS))
    calls: list[Node] = []
    clients: list[Node] = []
    news: list[Node] = []
    assigns: list[Node] = []
    htmls: list[Node] = []
    for node in scope.named(every):
        word = node.text
        parent = s.parent_of(node)
        if word in call_names:
            call = s.called_by(node)
            if call is not None and scope.contains(call):
                calls.append(call)
        if parent is None:
            continue
        if word in _CLIENTS and node.type == 'identifier' and parent.type == 'member_expression' \
                and parent.child_by_field_name('object') == node:
            prop = parent.child_by_field_name('property')
            call = s.parent_of(parent)
            if prop is not None and prop.type == 'property_identifier' and call is not None \
                    and call.type == 'call_expression' and call.child_by_field_name('function') == parent \
                    and scope.contains(call):
                clients.append(call)
        if word in _CONSTRUCTORS:
            new = s.called_by(node, 'new_expression')
            if new is not None and scope.contains(new):
                news.append(new)
        if word in _ASSIGNED:
            left = parent if node.type == 'property_identifier' and parent.type == 'member_expression' \
                and parent.child_by_field_name('property') == node else node if node.type == 'identifier' else None
            assign = s.parent_of(left) if left is not None else None
            if assign is not None and assign.type == 'assignment_expression' \
                    and assign.child_by_field_name('left') == left and scope.contains(assign):
                assigns.append(assign)
        if word == _HTML_KEY and node.type == 'property_identifier' and parent.type == 'pair' \
                and parent.child_by_field_name('key') == node and scope.contains(parent):
            htmls.append(parent)
    return tuple(sorted(found, key=s.document_order) for found in (calls, clients, news, assigns, htmls))


def _source_in_reach(file: File, node: Node, names: Mapping[str, frozenset[str]]) -> bool:
    """Whether a source ``_Checker.source`` takes may be in the outermost function around ``node``:
    none can reach a sink from elsewhere, and the sinks' tests build that function's flow."""
    root = flow.root_of(node, file.tree.root)
    return file.memo(f'{ID}:reach:{root.start_byte}:{root.end_byte}',
                     lambda f: _source_words(f, root, _reach_words(
                         names['request_objects'], names['context_objects'], names['request_fields'])))


class _ReachWords(NamedTuple):
    objects: frozenset[bytes]  # request and context objects: `req.body`, `ctx.query`, `c.req.json()`
    reads: frozenset[bytes]  # what is read of them: fields, and request methods (`json`, `get`...)
    fields: frozenset[bytes]  # the request fields alone (`({ body }, res) => ...` in a route)
    read: re.Pattern[bytes]  # after an object's name: a read (`.body`, `?.get`, `['x']`, `).x`, ` as X`)


@functools.lru_cache(maxsize=8)
def _reach_words(requests: frozenset[str], contexts: frozenset[str], request_fields: frozenset[str]) -> _ReachWords:
    fields = frozenset(n.encode() for n in request_fields)
    objects = frozenset(n.encode() for n in requests | contexts)
    objects |= {b'req', b'request'}
    reads = fields | _REQUEST_METHODS
    read = re.compile(
        rb'\s*(?:!\s*)?(?:(?:\?\.|\.)\s*(?:' + b'|'.join(re.escape(r) for r in sorted(reads, key=len, reverse=True))
        + rb')(?![\w$])|(?:\?\.\s*)?\[|\)\s*(?:!\s*)?\??\.|\s+as(?![\w$]))'
    )
    return _ReachWords(objects, reads, fields, read)


# Before an object's name: it is handed on whole to a name the flow follows (`const r = req`,
# `const { body } = req`, `r = req`, `{ ...req }`), not stored on an object (`this.req = req`).
_HANDED_ON = lazyre.compile(rb'(?:(?<![.\w$])[\w$]+|\})\s*=\s*\Z|\.\.\.\s*\Z')


def _object_used(text: bytes, present: frozenset[bytes], reach: _ReachWords) -> bool:
    """Whether one of the ``present`` request or context objects is read in ``text`` (``req.body``,
    ``req?.get(``, ``req!.query``, ``req['x']``, ``(req as X).body``) or handed on whole."""
    size = len(text)
    for name in present:
        pos = text.find(name)
        while pos != -1:
            end = pos + len(name)
            if (pos == 0 or text[pos - 1] not in s.WORD_BYTES) and (end >= size or text[end] not in s.WORD_BYTES) and (
                    reach.read.match(text, end) or _HANDED_ON.search(text[max(0, pos - 80):pos])):
                return True
            pos = text.find(name, end)
    return False


_REQUEST_METHODS = frozenset((
    b'json', b'formData', b'text', b'parseBody', b'param', b'header', b'query', b'get', b'getAll', b'cookie',
))
_LAMBDA_WORDS = frozenset(w.encode() for w in _LAMBDA_FIELDS)
_EVENT_WORDS = frozenset((b'event', b'evt'))
_NEST_WORDS = frozenset(w.encode() for w in _NEST_SOURCES)
_LOCATION_WORDS = frozenset(w.encode() for w in _LOCATION_PARTS)
_REQUEST_TYPE_WORDS = frozenset((b'Request', b'FastifyRequest', b'NextApiRequest', b'NextRequest'))
_ROUTE_WORDS = frozenset(w.encode() for w in s.ROUTE_METHODS)


def _source_words(file: File, root: Node, reach: _ReachWords) -> bool:
    """The words each kind of source needs (``_Checker.source``), looked for in ``root``; what
    makes a function a route handler or a message listener may be outside it, in ``file``."""
    whole = root.start_byte == 0 and root.end_byte == len(file.source)  # top-level code: the file's words
    text = file.source if whole else root.text
    return _words_of_a_source(
        file, file.words if whole else s.words_of(text), text, lambda fields: _destructured_parameter(file, root, fields),
        reach)


def _words_of_a_source(
        file: File,
        words: frozenset[bytes],
        text: bytes,
        destructured: Callable[[frozenset[bytes]], bool],
        reach: _ReachWords,
) -> bool:
    fields = words & reach.fields
    return bool(
        (words & reach.reads and _object_used(text, words & reach.objects, reach))  # req.body, request.json()
        or (words & _EVENT_WORDS and words & _LAMBDA_WORDS)  # event.queryStringParameters
        or (b'data' in words and (  # addEventListener('message', ({ data }) => ...), ws.onmessage = ...
            (b'message' in file.words and b'addEventListener' in file.words) or b'onmessage' in file.source))
        or (fields and (words & _REQUEST_TYPE_WORDS or file.words & _ROUTE_WORDS)
            and destructured(fields))  # ({ body }, res) => ...
        or words & _NEST_WORDS  # @Body() dto
        or (b'location' in words and words & _LOCATION_WORDS)  # location.search
        or (b'document' in words and (b'URL' in words or b'documentURI' in words))
        or b'useSearchParams' in words
        or (b'searchParams' in words and (b'get' in words or b'getAll' in words))  # new URL(x.url).searchParams
    )


def _source_possible(file: File, names: Mapping[str, frozenset[str]]) -> bool:
    """``_source_words`` of the whole file, a parameter's pattern taken on its words alone: no
    function's can hold if this does not (a function's words and text are the file's)."""
    reach = _reach_words(names['request_objects'], names['context_objects'], names['request_fields'])
    return _words_of_a_source(file, file.words, file.source, lambda fields: True, reach)


_KEY_TYPES = frozenset(('shorthand_property_identifier_pattern', 'property_identifier', 'string_fragment'))
_PARAMETER_WRAPPERS = frozenset(('assignment_pattern', 'required_parameter', 'optional_parameter'))


def _destructured_parameter(file: File, root: Node, fields: frozenset[bytes]) -> bool:
    """Whether one of ``fields`` is a key of an object pattern that is a parameter in ``root``
    (``({ body }, res)``, ``{ query: q }: Req``): the bindings ``_parameter_source`` takes by
    their first key."""
    for node in file.named(fields, ((root.start_byte, root.end_byte),), _KEY_TYPES):
        parent = s.parent_of(node)
        if node.type == 'string_fragment' and parent is not None and parent.type == 'string':
            node, parent = parent, s.parent_of(parent)
        if parent is None:
            continue
        if parent.type in ('pair_pattern', 'object_assignment_pattern'):
            if parent.child_by_field_name('key' if parent.type == 'pair_pattern' else 'left') != node:
                continue
            parent = s.parent_of(parent)
        elif node.type != 'shorthand_property_identifier_pattern':
            continue
        if parent is None or parent.type != 'object_pattern':
            continue
        outer = s.parent_of(parent)  # the parameter itself, not a pattern nested in one
        while outer is not None and outer.type in _PARAMETER_WRAPPERS:
            outer = s.parent_of(outer)
        if outer is not None and outer.type == 'formal_parameters':
            return True
    return False


def _call_sink(scope: Scope, call: Node, names: Mapping[str, frozenset[str]]) -> Sink | None:
    name = s.callee_name(call)
    recv = s.receiver_name(call)
    path = s.callee_path(call)
    args = s.arguments(call)
    arg_node = call.child_by_field_name('arguments')
    if not args or arg_node is None or arg_node.type == 'template_string':
        return None  # tagged templates (sql`...`) keep values apart from the text
    label = f'`{_short(path)}()`'
    first = args[0]
    if name in names['sql_methods'] and recv:
        fl = flow.of(scope.file, call)
        literal = _literal_text(fl, first)
        if literal is None or '${}' not in literal:
            return None
        if name in ('query', 'execute') and not _SQL.search(literal):
            return None
        return Sink(call, [(first, ())], f'{label} runs SQL built from `{{src}}`; pass it as a parameter instead')
    if name in names['mongo_methods'] and recv and recv != 'prisma':
        if scope.file.memo('mongo-sanitized', lambda f: bool(_MONGO_SANITIZED.search(f.source))):
            return None
        return _mongo_sink(call, first, label, names['secret_fields'])
    if name == 'insertAdjacentHTML' and len(args) > 1:
        return Sink(call, [(args[1], ())], f'{label} inserts `{{src}}` as HTML unsanitized', True)
    if name in ('write', 'writeln') and recv == 'document':
        return Sink(call, [(first, ())], f'{label} writes `{{src}}` into the page as HTML', True)
    if name in ('send', 'end', 'write') and recv in names['responses']:
        if _is_html(_FlowOnDemand(scope.file, call), first):
            return Sink(call, [(first, ())], f'{label} returns HTML built from `{{src}}` without escaping', True)
        return None
    if name in names['code_methods'] and _is_code_call(call, name, recv, first):
        return Sink(call, [(first, ())], f'{label} runs code built from `{{src}}`')
    if name in names['command_methods'] and _is_child_process(scope, recv):
        exprs: list[tuple[Node, tuple[str, ...]]] = [(first, ())]
        if name.startswith('spawn') and _shell_option(args):
            exprs += [(a, ()) for a in args[1:]]
        return Sink(call, exprs, f'{label} runs a shell command built from `{{src}}`')
    if name in names['file_methods'] and _is_fs(scope, path, recv):
        return Sink(call, [(first, ())], f'{label} uses a file path built from `{{src}}`; `../` reaches outside the folder')
    if name in ('sendFile', 'download') and recv in names['responses']:
        if len(args) > 1 and args[1].type == 'object' and 'root' in s.object_keys(args[1]):
            return None  # send() refuses paths that climb out of `root`
        return Sink(call, [(first, ())], f'{label} serves a file path built from `{{src}}`; `../` reaches outside the folder')
    if name == 'redirect' and (recv in names['responses'] or recv in ('ctx', 'NextResponse', 'Response') or not recv):
        url = [a for a in args if a.type != 'number'][:1]
        return Sink(call, [(url[0], ('<url>',))], f'{label} sends the browser to `{{src}}` unchecked (open redirect)', True) if url else None
    if name in ('assign', 'replace') and (recv == 'location' or path.endswith('.location.' + name)):
        return Sink(call, [(first, ('<url>',))], f'{label} navigates to `{{src}}` unchecked (open redirect)', True)
    if name in ('fetch', 'got', 'ky', 'ofetch', '$fetch', 'needle') and not recv:
        return None if s.is_ui_file(scope.file) else _fetch_sink(call, first)
    return _outbound_sink(scope, call, name, recv, path, first, label, names)


def _mongo_sink(call: Node, first: Node, label: str, secrets: frozenset[str]) -> Sink | None:
    """A whole request object as a filter, or a secret (token, code...) matched straight from body/query:
    ``{ resetToken: { $ne: null } }`` matches every account with a pending reset."""
    if first.type == 'object':
        keys = s.object_keys(first)
        if keys.keys() & {'where', 'data', 'select', 'include', 'relations', 'order'}:
            return None
        # `{ token: { $eq: value } }` pins the operator: only bare values can smuggle one in
        values = [v for k, v in keys.items() if _is_secret(k, secrets)
                  and s.unwrap(v).type not in ('method_definition', 'object', 'array')]
        return Sink(call, [(v, ('<filter value>',)) for v in values],
                    f'{label} filters on `{{src}}` unchecked; an object like `{{{{ $ne: null }}}}` matches any record')
    return Sink(call, [(first, ('<filter>',))],
                f'{label} takes its filter from `{{src}}`; `$` operators in it reach the database')


def _is_secret(key: str, secrets: frozenset[str]) -> bool:
    lowered = key.lower()
    return any(lowered.endswith(word) for word in secrets)


def _fetch_sink(call: Node, url: Node) -> Sink:
    return Sink(call, [(url, ('<url>',))],
                f'`{_short(s.callee_path(call))}()` fetches a URL taken from `{{src}}` on the server (SSRF)')


def _outbound_sink(
        scope: Scope, call: Node, name: str, recv: str, path: str, first: Node, label: str,
        names: Mapping[str, frozenset[str]],
) -> Sink | None:
    outbound = (
        name in names['outbound_actions']
        or (name == 'send' and (recv in names['mail_clients'] or path.endswith('emails.send')))
        or (name == 'create' and path.endswith('messages.create'))
    )
    if not outbound:
        return None
    fl = flow.of(scope.file, call)
    options = _object_literal(fl, first)
    exprs: list[tuple[Node, tuple[str, ...]]]
    if options is None:
        exprs = [(first, ())]
    else:
        exprs = [(first, ('<recipient>', key)) for key in names['recipient_keys']]
        exprs += [(first, ('<recipient>', 'email'))] if 'to' not in s.object_keys(options) else []
    return Sink(call, exprs, f'{label} sends to `{{src}}` straight from the request; anyone can make it mail anyone')


def _assignment_sink(scope: Scope, assign: Node, names: Mapping[str, frozenset[str]]) -> Sink | None:
    left = assign.child_by_field_name('left')
    right = assign.child_by_field_name('right')
    if left is None or right is None:
        return None
    target = s.dotted(left)
    prop = target.rsplit('.', 1)[-1]
    if prop in ('innerHTML', 'outerHTML'):
        return Sink(assign, [(right, ())], f'`{_short(target)}` is set from `{{src}}` without sanitizing', True)
    if target in ('location', 'window.location', 'document.location', 'location.href', 'window.location.href',
                  'document.location.href'):
        return Sink(assign, [(right, ('<url>',))], f'`{target}` navigates to `{{src}}` unchecked (open redirect)', True)
    if target == 'ctx.body' and _is_html(flow.of(scope.file, assign), right):
        return Sink(assign, [(right, ())], '`ctx.body` returns HTML built from `{src}` without escaping', True)
    return None


def _is_code_call(call: Node, name: str, recv: str, first: Node) -> bool:
    if name in ('setTimeout', 'setInterval'):
        return not recv and first.type in ('string', 'template_string', 'binary_expression')
    if name in ('eval', 'Function'):
        return not recv
    return recv in ('vm', '') or name == 'compileFunction'


def _is_child_process(scope: Scope, recv: str) -> bool:
    if recv in ('child_process', 'cp', 'childProcess', 'shell', 'shelljs'):
        return True
    return not recv and scope.file.memo('uses-child-process', lambda f: b'child_process' in f.source)


def _is_fs(scope: Scope, path: str, recv: str) -> bool:
    if recv in ('fs', 'fsp', 'fsPromises', 'fse', 'promises') or path.startswith('fs.'):
        return True
    return not recv and scope.file.memo('uses-fs', lambda f: bool(re.search(rb'''['"](?:node:)?fs(?:/promises|-extra)?['"]''', f.source)))


def _shell_option(args: list[Node]) -> bool:
    last = args[-1]
    value = s.object_keys(last).get('shell') if last.type == 'object' else None
    return value is not None and s.text(value) not in ('false', 'undefined', 'null')


# --- sources and validation --------------------------------------------------------------------

class _Guard(NamedTuple):
    start: int
    end: int
    exits: bool  # everything after it is guarded (it returns, throws or records an error)
    keys: set[tuple[int, tuple[str, ...]]]


class _Checker:
    """Finds the unvalidated request data in a sink's values; guards are read once per scope."""

    def __init__(self, scope: Scope, names: Mapping[str, frozenset[str]]) -> None:
        self.scope = scope
        self.names = names
        self._guards: dict[tuple[int, int], list[_Guard]] = {}
        self._handler_ok: dict[tuple[int, int], bool] = {}

    def through(self, call: Node) -> list[Node]:
        """The parts of a call whose value carries on into its result (``x.trim()``, ``path.join``)."""
        name = s.callee_name(call)
        if call.type == 'new_expression':
            ctor = s.text(call.child_by_field_name('constructor'))
            return s.arguments(call)[:1] if ctor in self.names['pass_through'] else []
        path = s.callee_path(call)
        if path in self.names['pass_through'] or (not s.receiver(call) and name in self.names['pass_through']):
            return s.arguments(call)
        recv = s.receiver(call)
        if recv is not None and name in self.names['pass_through']:
            return [recv, *s.arguments(call)] if name == 'concat' else [recv]
        return []

    def unvalidated(self, sink: Sink) -> Source | None:
        if all(_constant(expr) for expr, _ in sink.exprs):
            return None
        if not _source_in_reach(self.scope.file, sink.node, self.names):
            return None  # no request, event or location in reach: skip building the flow
        fl = flow.of(self.scope.file, sink.node)
        for expr, mode in sink.exprs:
            path = mode[1:] if mode and mode[0] == '<recipient>' else ()
            direct = mode[:1] in (('<filter>',), ('<filter value>',))
            if mode[:1] == ('<url>',):
                head = self._url_head(fl, expr)
                if head is None:
                    continue  # the URL starts with a fixed origin or path, or with no request data
                expr = head
            origins = fl.origins(expr, None if direct else self.through, path, self._checked_ternary)
            for origin in origins:
                src = self.source(fl, origin)
                if src is None or (direct and not src.objects) or (sink.victim and src.header):
                    continue
                full = (origin.binding.path if origin.binding is not None else ()) + origin.path
                if mode == ('<filter>',) and len(full) > 1:
                    continue  # `find(req.body.filter)`: a value, not the request object
                if not self.validated(fl, origin, src, sink.node):
                    return src
        return None

    def _url_head(self, fl: Flow, node: Node, prefix: str = '', depth: int = 0) -> Node | None:
        """The part of a URL that decides where it goes: the first computed piece, unless the
        literal text before it already fixes the origin (``https://api.x/``) or a path (``/users/``)."""
        node = s.unwrap(node)
        if _FIXED_URL.match(prefix) or depth > 4:
            return None
        if node.type == 'template_string':
            for c in node.named_children:
                if c.type == 'template_substitution':
                    return self._url_head(fl, c.named_children[0], prefix, depth + 1) if c.named_children else None
                prefix += s.text(c)
            return None
        if node.type == 'string':
            return None
        if node.type == 'binary_expression' and s.text(node.child_by_field_name('operator')) == '+':
            left = node.child_by_field_name('left')
            text = s.string_value(left) if left is not None else None
            if text is not None:
                return self._url_head(fl, node.child_by_field_name('right'), prefix + text, depth + 1)
            return self._url_head(fl, left, prefix, depth + 1)
        if node.type == 'identifier':
            values = [b.value for b in fl.bindings_of(node) if b.value is not None and not b.path]
            if len(values) == 1 and not any(b.kind == 'parameter' for b in fl.bindings_of(node)):
                return self._url_head(fl, values[0], prefix, depth + 1)
        if node.type == 'new_expression' and s.text(node.child_by_field_name('constructor')) == 'URL':
            args = s.arguments(node)
            return self._url_head(fl, args[0], prefix, depth + 1) if args else None
        return node

    def _checked_ternary(self, node: Node) -> bool:
        """``ALLOWED.includes(ext) ? ext : 'jpg'``: a ternary that picks by an allowlist is clean."""
        if node.type != 'ternary_expression':
            return False
        cond = node.child_by_field_name('condition')
        return cond is not None and bool(self._condition_values(cond))

    # sources

    def source(self, fl: Flow, o: Origin, depth: int = 0) -> Source | None:
        key = (o.node.start_byte, o.path)
        b = o.binding
        if b is not None:
            return self._parameter_source(o, key)
        node = s.unwrap(o.node)
        if node.type == 'identifier':
            root = s.text(node)
            path = o.path
            if root in ('window', 'document', 'self') and path[:1] == ('location',):
                path = path[1:]
            elif root == 'document' and path[:1] in (('URL',), ('documentURI',)):
                return Source(_display(o), key, False)
            elif root != 'location':
                return None
            if path[:1] and path[0] in _LOCATION_PARTS:
                return Source(_display(o), key, False)
            return None
        if node.type == 'call_expression' and depth < 3:
            return self._call_source(fl, node, o, key, depth)
        return None

    def _parameter_source(self, o: Origin, key: tuple[int, tuple[str, ...]]) -> Source | None:
        b = o.binding
        assert b is not None
        full = b.path + o.path
        root = b.name if not b.path else ''
        fields = self.names['request_fields']
        fn = b.owner
        if root in self.names['request_objects'] and full[:1] and full[0] in fields:
            return Source(_display(o), key, full[0] in ('body', 'query'), full[0] in _BROWSER_SET)
        if root in self.names['context_objects']:
            inner = full[1:] if full[:1] in (('request',), ('req',)) else full
            if inner[:1] and inner[0] in fields and (inner is not full or inner[0] in ('query', 'params', 'headers')):
                return Source(_display(o), key, inner[0] in ('body', 'query'), inner[0] in _BROWSER_SET)
        if root in ('event', 'evt') and full[:1] and full[0] in _LAMBDA_FIELDS:
            return Source(_display(o), key, full[0] == 'body', full[0] == 'headers')
        if full[:1] == ('data',) and _is_message_listener(fn):
            return Source(_display(o), key, True)
        if b.path and full[0] in fields and (s.route_of(fn) is not None or _REQUEST_TYPES.match(
                s.text(b.statement.child_by_field_name('type')).lstrip(':').strip())):
            return Source(_display(o), key, full[0] in ('body', 'query'), full[0] in _BROWSER_SET)
        if not b.path and _nest_source(b.statement):
            return Source(_display(o), key, False)
        return None

    def _call_source(self, fl: Flow, call: Node, o: Origin, key: tuple[int, tuple[str, ...]],
                     depth: int) -> Source | None:
        name = s.callee_name(call)
        recv = s.receiver(call)
        if name == 'useSearchParams' and recv is None:
            return Source(_display(o), key, False)
        if recv is None:
            return None
        recv_origins = fl.origins(recv, self.through)
        if name in ('json', 'formData', 'text', 'parseBody', 'param', 'header', 'query', 'get', 'getAll', 'cookie'):
            for ro in recv_origins:
                rb = ro.binding
                if rb is not None and not rb.path:
                    full = ro.path
                    req_like = rb.name in self.names['request_objects'] or full[-1:] in (('req',), ('request',))
                    if req_like and name in ('json', 'formData', 'text', 'parseBody'):
                        return Source(_display(o), key, name in ('json', 'parseBody'))
                    if req_like and name in ('param', 'header', 'query', 'get', 'cookie') and 'headers' not in full:
                        return Source(_display(o), key, False, name in ('header', 'get', 'cookie'))
                    if name in ('get', 'getAll') and 'searchParams' in full and (
                            rb.name in self.names['request_objects'] or 'url' in full or 'nextUrl' in full):
                        return Source(_display(o), key, False)
                inner = self.source(fl, ro, depth + 1) if name in ('get', 'getAll') else None
                if inner is not None:
                    return Source(_display(o), key, False, inner.header)
        return None

    # validation

    def validated(self, fl: Flow, origin: Origin, src: Source, sink: Node) -> bool:
        b = origin.binding
        if b is not None and self._handler_validated(b.owner):
            return True
        leaf, path = src.key
        for guard in self._guard_keys(flow.root_of(sink, self.scope.file.tree.root)):
            if guard.start >= sink.start_byte:
                break
            if guard.end < sink.start_byte and not guard.exits:
                continue  # `if (re.test(url)) flag = true;` checks but does not stop anything
            for gleaf, gpath in guard.keys:
                if gpath[-1:] and gpath[-1] in _URL_PARTS:
                    gpath = gpath[:-1]  # `url.hostname` checked: `url` is
                if gleaf == leaf and path[:len(gpath)] == gpath:
                    return True
        return False

    def _handler_validated(self, fn: Node) -> bool:
        """Validation middleware or a schema on the route, or express-validator inside the handler."""
        key = (fn.start_byte, fn.end_byte)
        if key not in self._handler_ok:
            self._handler_ok[key] = _route_validates(fn) or b'validationResult(' in fn.text \
                or b'matchedData(' in fn.text
        return self._handler_ok[key]

    def _guard_keys(self, root: Node) -> list[_Guard]:
        """Checks anywhere in the sink's outermost function, even outside a touched callback."""
        span = (root.start_byte, root.end_byte)
        if span not in self._guards:
            found = self.scope.file.captures(GUARD_QUERY, (span,))
            guards = []
            for cond in found.get('unvalidated-input.cond', ()):
                stmt = s.parent_of(cond)
                consequence = stmt.child_by_field_name('consequence')
                exits = consequence is not None and bool(_EXITS.search(s.text(consequence)[:400]))
                keys = self._keys(cond, self._condition_values(cond))
                if keys:
                    guards.append(_Guard(cond.start_byte, stmt.end_byte, exits, keys))
            for call in found.get('unvalidated-input.check', ()):
                if _is_validator_call(call, self.names['validators']):
                    values = [*s.arguments(call)]
                    values += [a for v in values if v.type == 'call_expression' for a in s.arguments(v)]
                    guards.append(_Guard(call.start_byte, call.end_byte, True, self._keys(call, values)))
            self._guards[span] = sorted(guards, key=lambda g: g.start)
        return self._guards[span]

    def _keys(self, node: Node, values: Iterable[Node]) -> set[tuple[int, tuple[str, ...]]]:
        fl = flow.of(self.scope.file, node)
        return {(o.node.start_byte, o.path) for v in values for o in fl.origins(v, self.through)}

    def _condition_values(self, cond: Node) -> list[Node]:
        """Values an `if` condition checks: allowlist/format calls, typeof, comparisons with literals."""
        out: list[Node] = []
        stack = [cond]
        while stack:
            node = stack.pop()
            t = node.type
            if t == 'call_expression':
                name = s.callee_name(node)
                if name in self.names['guard_methods'] or _VALIDATING.search(name) or name in self.names['validators']:
                    out.extend(s.arguments(node))
                    recv = s.receiver(node)
                    if recv is not None:
                        out.append(recv)
                continue
            if t == 'unary_expression' and s.text(node).startswith('typeof'):
                out.extend(node.named_children)
                continue
            if t == 'binary_expression':
                op = s.text(node.child_by_field_name('operator'))
                left = node.child_by_field_name('left')
                right = node.child_by_field_name('right')
                if op in _EXACT_GUARDS and left is not None and right is not None:
                    if right.type in ('string', 'number', 'template_string'):
                        out.append(left)
                    elif left.type in ('string', 'number'):
                        out.append(right)
                elif op in ('in', 'instanceof') and left is not None:
                    out.append(left)
            if t not in s.FUNCTION_TYPES:
                stack.extend(node.named_children)
        return out


def _constant(node: Node) -> bool:
    """Literals and callbacks carry no request data (``items.find(x => ...)``, ``redirect('/')``)."""
    node = s.unwrap(node)
    return node.type in ('number', 'true', 'false', 'null', 'arrow_function', 'function_expression', 'function') \
        or s.string_value(node) is not None


def _is_validator_call(call: Node, validators: frozenset[str]) -> bool:
    name = s.callee_name(call)
    if name in ('parse', 'parseAsync'):
        return s.receiver_name(call) not in _NOT_VALIDATING_PARSE and s.callee_path(call).split('.')[0] not in _NOT_VALIDATING_PARSE
    if name in ('parseInt', 'parseFloat', 'isArray'):
        return False
    return name in validators or bool(_VALIDATING.search(name))


def _route_validates(fn: Node) -> bool:
    parent = s.parent_of(fn)
    if parent is not None and parent.type == 'pair':
        obj = s.parent_of(parent)
        return obj is not None and 'schema' in s.object_keys(obj)
    if parent is None or parent.type != 'arguments':
        return False
    for arg in parent.named_children:
        if arg.start_byte >= fn.start_byte:
            break
        if arg.type == 'object' and ('schema' in s.object_keys(arg) or 'validate' in s.object_keys(arg)):
            return True
        if arg.type in ('identifier', 'member_expression', 'call_expression', 'array') and (
                _MIDDLEWARE.search(s.text(arg)) or _express_validator(arg)):
            return True
    return False


def _express_validator(arg: Node) -> bool:
    nodes = arg.named_children if arg.type == 'array' else [arg]
    for n in nodes:
        if n.type == 'call_expression':
            root = s.callee_path(n).split('(')[0].split('.')[0]
            if root in _EXPRESS_VALIDATOR:
                return True
    return False


def _is_message_listener(fn: Node) -> bool:
    parent = s.parent_of(fn)
    if parent is not None and parent.type == 'arguments':
        call = s.parent_of(parent)
        first = s.arguments(call)[:1] if call is not None else []
        return s.callee_name(call) == 'addEventListener' and bool(first) and s.string_value(first[0]) == 'message'
    if parent is not None and parent.type == 'assignment_expression':
        return s.dotted(parent.child_by_field_name('left') or parent).endswith('onmessage')
    return False


def _nest_source(param: Node) -> bool:
    """``@Query('q') q: string``: a NestJS parameter that no DTO (and so no ValidationPipe) checks."""
    decorators = [c for c in param.children if c.type == 'decorator']
    if not decorators:
        return False
    call = decorators[0].named_children[0] if decorators[0].named_children else None
    if call is None or call.type != 'call_expression' or s.callee_name(call) not in _NEST_SOURCES:
        return False
    if call.child_by_field_name('arguments') is not None and len(s.arguments(call)) > 1:
        return False  # a pipe (ParseIntPipe...) validates it
    ann = param.child_by_field_name('type')
    return s.text(ann).lstrip(':').strip() in _UNTYPED


# --- string shapes -----------------------------------------------------------------------------

class _FlowOnDemand:
    """The flow around a node, built only if a name must be looked up: `res.send({ ok: true })`
    needs none, and most responses send objects."""

    def __init__(self, file: File, node: Node) -> None:
        self._file = file
        self._node = node
        self._flow: Flow | None = None

    def bindings_of(self, ident: Node) -> list[Binding]:
        if self._flow is None:
            self._flow = flow.of(self._file, self._node)
        return self._flow.bindings_of(ident)


def _literal_text(fl: Flow | _FlowOnDemand, node: Node, depth: int = 0) -> str | None:
    """String text with ``${}`` for every computed part; None when it is not built from strings."""
    node = s.unwrap(node)
    if depth > 4:
        return None
    if node.type in ('string', 'template_string'):
        return s.string_like_text(node)
    if node.type == 'binary_expression' and s.text(node.child_by_field_name('operator')) == '+':
        left = _literal_text(fl, node.child_by_field_name('left'), depth + 1)
        right = _literal_text(fl, node.child_by_field_name('right'), depth + 1)
        if left is None and right is None:
            return None
        return (left if left is not None else '${}') + (right if right is not None else '${}')
    if node.type == 'identifier':
        values = [b.value for b in fl.bindings_of(node) if b.value is not None and not b.path]
        texts = [t for t in (_literal_text(fl, v, depth + 1) for v in values) if t is not None]
        if texts:
            return ''.join(texts) + ('${}' if any(b.kind == 'update' for b in fl.bindings_of(node)) else '')
    return None


def _is_html(fl: Flow | _FlowOnDemand, node: Node) -> bool:
    text = _literal_text(fl, node)
    return text is not None and '${}' in text and bool(_HTML.search(text))


def _object_literal(fl: Flow, node: Node) -> Node | None:
    node = s.unwrap(node)
    if node.type == 'object':
        return node
    if node.type == 'identifier':
        for b in fl.bindings_of(node):
            if b.value is not None and not b.path and s.unwrap(b.value).type == 'object':
                return s.unwrap(b.value)
    return None


def _display(o: Origin) -> str:
    """``req.body.to``; long call chains keep their end: ``….get('next')``."""
    name = o.name
    if len(name) <= 48:
        return name
    node = s.unwrap(o.node)
    if node.type == 'call_expression':
        args = s.normalized(node.child_by_field_name('arguments'), 24)
        call = f'{s.callee_name(node)}{args}'
        return '.'.join(('…', call, *o.path)).replace('….', '…')
    return '…' + name[-47:]


def _short(text: str) -> str:
    return text if len(text) <= 40 else '…' + text[-39:]
