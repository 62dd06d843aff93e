"""A handler that compares a submitted password, PIN or one-time code with the stored one itself
(``if (originalPin !== parsedInput.pin)``; not with its confirmation field, ``password !==
passwordConfirmation``: a typing mistake on a form, nothing stored is guessed), or hands the caller's current password on to be checked
(``user.changePassword(input.currentPassword, ...)``), or takes a password from the request body
(``let password = req.body.password``, ``const { password } = request.payload``): each call is one
guess, so a script guesses them all.  A project's own comparison (``verifyPassword``) is a credential
check only when it compares the input with what is stored."""
from __future__ import annotations


from vcx_hook.ecosystem import stores
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

_EQUALITY = lazyre.compile(rb'[!=]==?')
_SECRET_WORDS = frozenset(('password', 'passcode', 'passphrase', 'pin', 'otp', 'totp'))
_CURRENT = lazyre.compile(rb'\b(?:current|old|existing)_?[Pp]assword\b')
_CONSTANT = lazyre.compile(r'^[A-Z][A-Z0-9_]*$')
_NOT_VALUES = frozenset(('null', 'undefined', 'true', 'false', 'string', 'number', 'template_string', 'unary_expression'))


def compared(file: File, fn: Node) -> Node | None:
    """The first equality in ``fn`` between two values, one of them named like a secret."""
    source = file.source
    if not any(w.encode() in file.lower[fn.start_byte:fn.end_byte] for w in ('pass', 'pin', 'otp')):
        return None
    for m in _EQUALITY.finditer(source, fn.start_byte, fn.end_byte):
        node = s.descendant(file.tree.root, m.start(), m.end())
        cmp = s.parent_of(node) if node is not None else None
        if cmp is None or cmp.type != 'binary_expression' or s.text(cmp.child_by_field_name('operator')) != m.group().decode():
            continue
        sides = [s.unwrap(cmp.child_by_field_name(k)) for k in ('left', 'right')]
        if any(side.type in _NOT_VALUES for side in sides):
            continue
        if any(_confirmation(side) for side in sides):
            continue  # `password !== passwordConfirmation`: a form's two fields, nothing stored guessed
        if any(_secret_name(side) for side in sides):
            return cmp
    return None


def guessable_credentials(authorize: Node) -> bool:
    """A NextAuth credentials provider whose ``credentials`` take a password, PIN or one-time code
    (by name, or ``type: 'password'``), or that declares none; not one taking only a one-time OAuth
    code or a token to exchange (``credentials: { code: { type: 'text' } }``), which nobody can guess."""
    provider = s.parent_of(authorize)
    declared = s.object_keys(provider).get('credentials') if provider is not None and provider.type == 'object' else None
    if declared is None or s.unwrap(declared).type != 'object':
        return True
    for key, field in s.object_keys(s.unwrap(declared)).items():
        if not _SECRET_WORDS.isdisjoint(s.name_words(key)):
            return True
        kind = s.object_keys(field).get('type') if field.type == 'object' else None
        if kind is not None and s.string_value(kind) == 'password':
            return True
    return False


# The second entry of a new password on a form (`passwordConfirmation`, `confirmPassword`, `repeatPin`):
# compared with the first, it checks a typing mistake, not a secret (reva's reset-password action, round
# 20, judged not worth asking: ``shape:confirmation-compare``).
_CONFIRM_WORDS = frozenset(('confirm', 'confirmation', 'confirmed', 'repeat', 'repeated', 'retype', 'retyped'))


def _confirmation(node: Node) -> bool:
    name = _name(node)
    return name is not None and not _CONFIRM_WORDS.isdisjoint(s.name_words(name))


def _name(node: Node) -> str | None:
    if node.type == 'identifier':
        return s.text(node)
    if node.type == 'member_expression':
        return s.text(node.child_by_field_name('property'))
    if node.type == 'call_expression':  # a form field read by its name: `data.get('repeatPin')`
        args = s.arguments(node)
        return s.string_value(args[0]) if len(args) == 1 else None
    return None


def _secret_name(node: Node) -> bool:
    if node.type == 'identifier':
        name = s.text(node)
    elif node.type == 'member_expression':
        name = s.text(node.child_by_field_name('property'))
    else:
        return False
    if _CONSTANT.match(name):
        return False  # `ApiStatusCodes.STATUS_WRONG_PASSWORD`: a constant, no secret
    return not _SECRET_WORDS.isdisjoint(s.name_words(name))


def current_password(file: File, fn: Node) -> Node | None:
    """A property read of the caller's current password (``input.currentPassword``, ``body.oldPassword``)."""
    for m in _CURRENT.finditer(file.source, fn.start_byte, fn.end_byte):
        node = s.descendant(file.tree.root, m.start(), m.end())
        parent = s.parent_of(node) if node is not None else None
        if node is not None and node.type == 'property_identifier' and parent is not None \
                and parent.type == 'member_expression':
            return parent
    return None


# A password field of what the client posted: `req.body.password`, `request.payload.password`.
_SUBMITTED = lazyre.compile(rb'\b(?:password|passwd|passcode|pin)\b')
_PASSWORD_FIELDS = frozenset(('password', 'passwd', 'passcode', 'pin'))
_BODIES = lazyre.compile(r'^(?:req|request|ctx\.request|c\.req)\.(?:body|payload)$')


def submitted_password(file: File, fn: Node) -> Node | None:
    """A password read from the request body in ``fn``: ``req.body.password`` (Express, Fastify),
    ``request.payload.password`` (hapi), ``ctx.request.body.password`` (Koa), or destructured
    from one (``const { password } = req.body``)."""
    found: Node | None = None
    for m in _SUBMITTED.finditer(file.lower, fn.start_byte, fn.end_byte):
        node = s.descendant(file.tree.root, m.start(), m.end())
        parent = s.parent_of(node) if node is not None else None
        if node is None or parent is None or s.text(node) not in _PASSWORD_FIELDS:
            continue
        if node.type == 'property_identifier' and parent.type == 'member_expression' \
                and _BODIES.match(s.text(parent.child_by_field_name('object'))):
            if _stored(parent):
                return None  # kept as a record's data wherever it is read
            found = found or parent
            continue
        if node.type == 'shorthand_property_identifier_pattern' or (
                parent.type == 'pair_pattern' and parent.child_by_field_name('key') == node):
            pattern = parent if node.type == 'shorthand_property_identifier_pattern' else s.parent_of(parent)
            decl = s.parent_of(pattern) if pattern is not None else None
            value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
            if value is not None and _BODIES.match(s.text(s.unwrap(value))) and pattern is not None \
                    and _CONNECTION_FIELDS.isdisjoint(_pattern_keys(pattern)):
                found = found or node
    return found


# The fields that make a password a service's credential, not a person's: `{ host, username, password }`.
_CONNECTION_FIELDS = frozenset(('host', 'hostname', 'url', 'uri', 'port', 'database', 'server', 'endpoint'))


def _stored(read: Node) -> bool:
    """``{ ...body, password: req.body.password ?? '' }``: the password kept as a record's data (a
    connection's credentials), not checked."""
    node = s.parent_of(read)
    while node is not None and node.type in ('binary_expression', 'parenthesized_expression', 'ternary_expression'):
        node = s.parent_of(node)
    return node is not None and node.type == 'pair'


def _pattern_keys(pattern: Node) -> set[str]:
    out = set()
    for child in pattern.named_children:
        if child.type == 'shorthand_property_identifier_pattern':
            out.add(s.text(child))
        elif child.type == 'pair_pattern':
            out.add(s.text(child.child_by_field_name('key')))
    return out


# The last word of a receiver that holds its own password hash: `user.comparePassword(pw)`,
# `ctx.user.validatePassword(pw)`, `account.verifyPassword(pw)` (not `userSystem`, `authService`).
_RECORDS = frozenset(('user', 'account', 'member', 'admin', 'customer', 'owner', 'person', 'profile', 'identity'))


def checks_credential(file: File, call: Node) -> bool:
    """A project's password comparison (``verifyPassword``, ``comparePassword``) that compares the
    input with a stored hash: it is given both (``verifyPassword(input, user.password)``,
    ``verify({ password, hash })``), or it is a method of the record holding the hash
    (``user.comparePassword(input)``, a record read here: ``found.validatePassword(pw)`` after
    ``const found = await User.findOne(...)``).  Given the new password alone, on a service or as a
    plain function (``userSystem.validatePassword(pw)``), it is a strength rule (length, character
    classes): nothing stored is compared, nothing is guessed (MCSManager's password changes, first-run
    setup and admin user edits, judged 0 of 4: ``shape:strength-validator-not-credential-check``)."""
    args = s.arguments(call)
    first = s.unwrap(args[0]) if args else None
    if len(args) >= 2 or (first is not None and first.type == 'object' and len(s.object_keys(first)) >= 2):
        return True
    recv = s.receiver(call)
    segments = s.path_segments(recv)
    words = s.name_words(segments[-1]) if segments else []
    if words and words[-1] in _RECORDS:
        return True
    return recv is not None and any(
        o.node.type == 'call_expression' and s.callee_name(o.node) in stores.RECORD_SOURCES
        for o in flow.of(file, call).origins(recv))
