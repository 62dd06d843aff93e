"""What names the project's client of another service's API, and which of its calls read.

A receiver is an API client by its own name: the word ``api`` (``oauthApi``, ``prisonApi``,
``this.api``), or ``client`` joined to another word that is not a data store (``apiClient``,
``clientRequestManager``, ``githubClient``; not ``redisClient``, ``dbClient``, nor a bare ``client``,
which is as often a database driver). Its reads are the methods whose first word is a read verb
(``getTorrentTrackers``, ``fetchUser``) or whose name is a noun of what a record holds
(``userDetails``, ``accountInfo``): an API object's methods are named after the resource they get.
"""
from __future__ import annotations

from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import services
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s

API_WORDS = frozenset(('api',))
CLIENT_WORDS = frozenset(('client',))
# Other words of a client's name that make it a data store's client, a cache or a queue.
_STORE_WORDS = frozenset((
    'sql', 'kv', 'cache', 'elastic', 'es', 'search', 'queue', 'kafka', 'amqp', 'mq', 'pubsub',
    'socket', 'smtp', 's3', 'storage', 'bucket', 'query', 'apollo', 'graphql', 'gql', 'trpc', 'urql',
    packages.MONGODB, packages.IOREDIS, packages.FIRESTORE, packages.BULL,
)) | stores.ORMS | stores.DOCUMENTS | stores.KEY_VALUE | stores.DRIVERS | stores.REDIS_WORDS \
    | services.MAIL_WORDS | services.SMS_CLIENTS
READ_VERBS = frozenset(('get', 'fetch', 'load', 'list', 'find', 'read', 'lookup', 'retrieve'))
# Last words of a method named after what it returns (`userDetails`, `accountInfo`).
RECORD_NOUNS = frozenset(('details', 'detail', 'info', 'profile', 'summary', 'metadata'))
# Method names that are the HTTP verb itself: a read of the path they are given, not of a resource.
_BARE = frozenset(('get', 'fetch', 'request', 'load', 'find', 'read', 'list'))


def is_client(name: str) -> bool:
    """Whether a receiver's last segment (``oauthApi``, ``clientRequestManager``) names an API client."""
    words = s.name_words(name)
    if not words or not _STORE_WORDS.isdisjoint(words):
        return False
    if not API_WORDS.isdisjoint(words):
        return True
    return not CLIENT_WORDS.isdisjoint(words) and len(words) > 1


def reads(method: str) -> bool:
    """Whether a client's method named ``method`` reads a resource (``getUser``, ``userDetails``),
    not a bare HTTP verb given a path (``get``), nor a write (``createUser``)."""
    words = s.name_words(method)
    if not words or method in _BARE:
        return False
    return words[0] in READ_VERBS or (len(words) > 1 and words[-1] in RECORD_NOUNS)
