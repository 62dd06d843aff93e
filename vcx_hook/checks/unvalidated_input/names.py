"""The names the family's rules take, each extendable in ``[checks.unvalidated-input]`` (the
lists of what the JavaScript world's names mean are the ecosystem's: ``requests``, ``stores``,
``services``; the builtins' are here)."""
from __future__ import annotations

from vcx_hook.ecosystem import requests
from vcx_hook.ecosystem import services
from vcx_hook.ecosystem import stores

NAMES = {
    # Parameter names whose .body/.query/.params/.headers/.cookies are request data.
    'request_objects': requests.REQUEST_OBJECTS,
    'context_objects': requests.CONTEXT_OBJECTS,
    'request_fields': requests.REQUEST_FIELDS,
    'responses': requests.RESPONSES,
    # Calls (by name) that validate what they receive; the query also sees names with valid/assert/
    # sanitiz/check/ensure/parse in them and isX(...).
    'validators': requests.VALIDATORS,
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
        # What copies or merges objects returns them: `_.extend(req.query, { lang })` is the query.
        'Object.assign', 'structuredClone', '_.extend', '_.assign', '_.merge', '_.defaults', '_.clone', '_.cloneDeep',
    )),
    'sql_methods': stores.SQL_TEXT_RUNNERS,
    # Mongo filter keys where an operator (`{ $ne: null }`) bypasses a secret: matched as suffixes.
    'secret_fields': frozenset(('token', 'code', 'otp', 'secret', 'password', 'key', 'hash', 'pin', 'nonce')),
    'mongo_methods': stores.MONGO_FILTER_METHODS,
    'file_methods': stores.FS_PATH_METHODS,
    'command_methods': services.SHELL_CALLS,
    'code_methods': frozenset((
        'eval', 'Function', 'setTimeout', 'setInterval', 'runInNewContext', 'runInThisContext',
        'runInContext', 'compileFunction',
    )),
    # Outbound actions that send to a recipient (names must contain send/mail/sms/notif/invit).
    'outbound_actions': services.RECIPIENT_SENDS,
    'mail_clients': services.RECIPIENT_CLIENTS,
    'recipient_keys': services.RECIPIENT_KEYS,
}
