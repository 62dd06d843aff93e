"""A route that makes an account for whoever calls it: it creates a user or account record
(``new User(...)`` then ``u.create()``, ``User.create()``, ``prisma.user.create()``,
``createUser()``) and nothing in its registration or body says who the caller is (no sign-in
middleware, no ``authorization`` header, ``req.user`` or session read), or it makes it where the
handler found no caller (the ``else`` of ``if (currentUser)``: a signed-in caller invites, an
anonymous one registers).  A script makes accounts
without end (LndHub's ``POST /create``, a real bug of issue 18)."""
from __future__ import annotations

from vcx_hook.ecosystem import callers
from vcx_hook.ecosystem import routes
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

_ACCOUNTS = frozenset(('user', 'users', 'account', 'accounts'))
_MAKERS = frozenset(('create', 'save', 'insert'))
_NAMED = lazyre.compile(r'^(?:create|register|signUp)(?:New)?(?:User|Account)$')
# What a handler reads to know its caller: a header, a signed-in user, a session.
_CALLER = lazyre.compile(rb'(?i)authori[sz]ation|\breq(?:uest)?\.user\b|\bsession\b|ctx\.state\.user|\bcurrentUser\b|\bauth\(')


def created(route: routes.Route, calls: list[Node]) -> Node | None:
    """The call that makes an account in an anonymous POST route, or ``None``."""
    if route.method != 'POST' or not route.handlers or callers.signed_in(route):
        return None
    fn = route.handlers[-1]
    reads_caller = _CALLER.search(fn.text) is not None
    for call in calls:
        if _makes_account(call) and (not reads_caller or _anonymous_branch(call, fn)):
            return call
    return None


def _anonymous_branch(call: Node, fn: Node) -> bool:
    """``call`` runs where the handler found no caller: the ``else`` of ``if (currentUser)``, or
    ``if (!req.session.user)`` (a signed-in caller is invited, an anonymous one registers)."""
    node: Node | None = call
    while node is not None and node != fn:
        parent = s.parent_of(node)
        if parent is not None and parent.type == 'else_clause':
            parent = s.parent_of(parent)
            branch = 'alternative'
        elif parent is not None and parent.type == 'if_statement':
            branch = 'consequence'
        else:
            node = parent
            continue
        if parent is not None and parent.type == 'if_statement' and node != parent.child_by_field_name('condition'):
            test = s.unwrap(parent.child_by_field_name('condition'))
            negated = test.type == 'unary_expression' and s.text(test).startswith('!')
            inner = s.unwrap(test.child_by_field_name('argument')) if negated else test
            if _reads_caller(inner) and (branch == 'consequence') == negated:
                return True
        node = parent
    return False


def _reads_caller(test: Node) -> bool:
    """The test is the caller: ``req.session.user``, or a name bound to it (``const currentUser =
    request.session.user``)."""
    if test.type == 'identifier':
        value = s.initializer(test)
        return _CALLER.search(test.text) is not None or (value is not None and _CALLER.search(value.text) is not None)
    return test.type == 'member_expression' and _CALLER.search(test.text) is not None


def _makes_account(call: Node) -> bool:
    name = s.callee_name(call)
    if _NAMED.match(name):
        return True
    if name not in _MAKERS:
        return False
    segments = s.path_segments(s.receiver(call))
    if segments and segments[-1].lower() in _ACCOUNTS:
        return True  # User.create(), prisma.user.create()
    obj = s.receiver(call)
    obj = s.unwrap(obj) if obj is not None else None
    if obj is None or obj.type != 'identifier':
        return False
    value = s.initializer(obj)
    value = s.unwrap(value) if value is not None else None
    return value is not None and value.type == 'new_expression' and \
        s.text(value.child_by_field_name('constructor')).lower() in _ACCOUNTS  # u = new User(); u.create()
