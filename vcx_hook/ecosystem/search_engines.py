"""Search engines (Elasticsearch, OpenSearch): a request per document or query is a round trip to a
store like a database's, and ``mget``/``msearch`` batch them. Their clients are often made by the
project's own factory (``const esClient = getOrCreateClient()``), so a file importing one of these
packages (for its types too) is taken at its word for a receiver named like a client.
"""
from __future__ import annotations

import re

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

PACKAGES = ('@elastic/elasticsearch', '@opensearch-project/opensearch', 'elasticsearch')
# What reads documents (a write per element is another question: `bulk` is its batch).
METHODS = frozenset(('search', 'get', 'count', 'exists'))
# Last words of a receiver named like the client.
CLIENTS = frozenset(('client', 'es', 'elastic', 'elasticsearch', 'opensearch'))
_IMPORT = lazyre.compile(rb'''['"](?:''' + '|'.join(map(re.escape, PACKAGES)).encode() + rb''')['"/]''')


def searched(call: Node, file: File) -> bool:
    """``esClient.search({ query })``: a read of a search engine's client, in a file importing one."""
    if s.callee_name(call) not in METHODS or not imports_one(file):
        return False
    segments = s.path_segments(s.receiver(call))
    return bool(segments) and not CLIENTS.isdisjoint(s.name_words(segments[-1]))


def imports_one(file: File) -> bool:
    return file.memo('search-engines', lambda f: _IMPORT.search(f.source) is not None)
