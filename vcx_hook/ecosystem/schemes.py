"""URL schemes: the web's, and those of the databases, caches and message brokers a connection
string names (``mongodb://db:27017/app``, ``redis://cache:6379``)."""
from __future__ import annotations

WEB = frozenset(('http', 'https', 'ws', 'wss'))
SERVICES = frozenset((
    'mongodb', 'mongodb+srv', 'postgres', 'postgresql', 'mysql', 'mariadb', 'redis', 'rediss', 'amqp',
    'amqps', 'mssql', 'nats', 'kafka',
))
