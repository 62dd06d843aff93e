"""The names the family's rules take, each extendable in ``[checks.unvalidated-input]`` (the
request names are the ecosystem's, ``ecosystem.requests``)."""
from __future__ import annotations

from vcx_hook.ecosystem import requests

NAMES = {
    # Parameter names whose .body/.query/.params/.headers/.cookies are request data.
    'request_objects': requests.REQUEST_OBJECTS,
    'context_objects': requests.CONTEXT_OBJECTS,
    'request_fields': requests.REQUEST_FIELDS,
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
        'havingRaw', 'orderByRaw', 'joinRaw', 'fromRaw', 'unsafe', 'prepare',
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
