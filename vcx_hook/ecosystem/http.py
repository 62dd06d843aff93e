"""HTTP clients and their contracts: which names call out over HTTP, which reject on an error
status, which time out by themselves, which make configured instances."""
from __future__ import annotations

# Functions with fetch's contract: they resolve on 4xx/5xx and take a `signal`.
FETCH_FUNCTIONS = frozenset(('fetch', 'nodeFetch', 'crossFetch', 'undiciFetch'))
# Client modules: called directly (`axios(config)`) or through methods (`got.post(url)`).
CLIENTS = frozenset(('axios', 'got', 'ky', 'superagent', 'ofetch', '$fetch', 'needle', 'undici', 'http', 'https'))
# Clients that reject on a 4xx/5xx status (the others resolve, and the caller must look).
THROWING = frozenset(('axios', 'got', 'ky', 'superagent', 'ofetch', '$fetch', 'needle'))
DEFAULT_TIMEOUT = frozenset(('ky',))  # ky times out after 10 s unless told otherwise
NODE_HTTP = frozenset(('http', 'https'))  # callback APIs: errors come as 'error' events
# Clients whose `.create()`/`.extend()` makes a configured instance.
INSTANCE_MAKERS = ('axios', 'got', 'ky', 'ofetch', 'superagent')
# The packages a locally bound name must come from to be the client of that name.
PACKAGES = {
    'fetch': ('node-fetch', 'undici', 'cross-fetch', 'isomorphic-fetch', 'isomorphic-unfetch', '@whatwg-node/fetch'),
    'nodeFetch': ('node-fetch',), 'crossFetch': ('cross-fetch',), 'undiciFetch': ('undici',),
    'ky': ('ky', 'ky-universal'), '$fetch': ('ofetch', 'ohmyfetch'),
}
# A client's request methods, and those whose second argument is the body (axios).
METHODS = frozenset(('get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'fetch'))
DATA_METHODS = frozenset(('post', 'put', 'patch'))
# The deprecated `request` package.
LEGACY = frozenset(('request',))

# What each family counts as a client (the families' old lists disagreed; see ``ecosystem.stores``).
# n-plus-one: a receiver that fetches over HTTP, not from a store (it stops looking there).
LOOP_CLIENTS = frozenset(('fetch', 'nodeFetch')) | CLIENTS - NODE_HTTP | LEGACY
# unvalidated-input: receivers whose verb calls are server-side requests (`axios.get(url)`).
SINK_CLIENTS = CLIENTS - {'$fetch'} | LEGACY
# missing-rate-limit: receivers whose `.post(path, ...)` makes a request, not a route: clients,
# jQuery, and the request helpers of tests.
NOT_ROUTERS = CLIENTS - {'ofetch', '$fetch', 'undici'} | LEGACY | frozenset((
    'httpClient', 'client', 'rest', 'graphql', 'agent', '$', 'jQuery', 'jquery',
    'cy', 'mock', 'nock', 'fetchMock', 'supertest',
))
