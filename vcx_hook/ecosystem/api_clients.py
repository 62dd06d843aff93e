"""What names the project's client of another service's API, and which of its calls read.

A receiver is an API client by its own name: the word ``api`` (``oauthApi``, ``prisonApi``,
``this.api``), or ``client`` joined to another word that is not a data store (``apiClient``,
``clientRequestManager``, ``githubClient``; not ``redisClient``, ``dbClient``, nor a bare ``client``,
which is as often a database driver). Its reads are the methods whose first word is a read verb
(``getTorrentTrackers``, ``fetchUser``) or whose name is a noun of what a record holds
(``userDetails``, ``accountInfo``): an API object's methods are named after the resource they get.

A receiver is also an API client by its binding, whatever its name: made from (or typed as) a cloud
or SaaS SDK's client (``SDK_PACKAGES``: ``@azure/storage-blob``'s ``BlobClient``, ``@octokit/rest``'s
``Octokit``, an ``@aws-sdk/client-*`` client, ``googleapis``, ``stripe``), each of whose reads is an
HTTP request to that service. io-services-cms's export list (holdout23): a ``getProperties()`` and a
``getTags()`` per blob of a tag search, where one listing with tags would do.
"""
from __future__ import annotations

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import services
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

API_WORDS = frozenset(('api',))
CLIENT_WORDS = frozenset(('client',))
# Other words of a client's name that make it a data store's client, a cache or a queue.
_STORE_WORDS = frozenset((
    'sql', 'kv', 'cache', 'elastic', 'es', 'search', 'queue', 'kafka', 'amqp', 'mq', 'pubsub',
    'socket', 'smtp', 's3', 'storage', 'bucket', 'query', 'apollo', 'graphql', 'gql', 'trpc', 'urql',
    packages.MONGODB, packages.IOREDIS, packages.FIRESTORE, packages.BULL,
)) | stores.ORMS | stores.DOCUMENTS | stores.KEY_VALUE | stores.DRIVERS | stores.REDIS_WORDS \
    | services.MAIL_WORDS | services.SMS_CLIENTS
# SDKs of remote services, by package or by package prefix; not their stores (``@aws-sdk/client-dynamodb``
# and Firestore are ``packages.STORE``, asked as queries).
SDK_PACKAGES = frozenset(('octokit', 'googleapis', services.STRIPE, '@slack/web-api', '@google-cloud/storage'))
SDK_PREFIXES = ('@azure/storage-', '@octokit/', '@aws-sdk/client-', '@googleapis/')
# Last words of a method that makes another client handle, locally (``container.getBlobClient(name)``),
# or reads an object's content, which no listing carries (``getContent``, ``GetObjectCommand``).
_NOT_BATCHED = frozenset(('client', 'content', 'contents', 'object', 'blob', 'file'))
# First words of an AWS SDK v3 command that reads (`HeadObjectCommand`, `DescribeTableCommand`).
_COMMAND_READS = frozenset(('get', 'head', 'describe'))
# A listing per element lists that element's children (`listBranches` of each repository, the
# objects of each bucket): the SDK has no listing across parents to batch it into.
_LISTS = frozenset(('list',))
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


def is_sdk(library: str) -> bool:
    """Whether ``library`` (a binding's package) is a remote service's SDK."""
    return library in SDK_PACKAGES or library.startswith(SDK_PREFIXES)


def sdk_client(file: File, receiver: Node) -> bool:
    """Whether ``receiver`` is bound to a remote service's SDK (an import, a construction, a handle
    one made: ``this.container.getBlobClient(name)``) and is not one of its stores."""
    found = bindings.binding(file, receiver)
    return found is not None and found.kind != bindings.STORE and is_sdk(found.library)


def sdk_reads(call: Node) -> bool:
    """Whether ``call`` of an SDK client reads: a read method (``getProperties``, ``getCommit``),
    not a listing, a local handle (``getBlobClient``) or a content read (``getContent``), or AWS SDK
    v3's ``send()`` of such a read command (``new HeadObjectCommand(...)``)."""
    method = s.callee_name(call)
    if method == 'send':
        args = s.arguments(call)
        made = s.unwrap(args[0]) if args else None
        ctor = made.child_by_field_name('constructor') if made is not None and made.type == 'new_expression' else None
        words = s.name_words(s.text(ctor)) if ctor is not None else []
        return len(words) > 2 and words[-1] == 'command' and words[0] in _COMMAND_READS \
            and not (words[0] == 'get' and words[-2] in _NOT_BATCHED)  # HeadObject reads its metadata
    words = s.name_words(method)
    return reads(method) and bool(words) and words[0] not in _LISTS and words[-1] not in _NOT_BATCHED
