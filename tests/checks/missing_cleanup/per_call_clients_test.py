from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.ecosystem import resources
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')
KAFKA = "const { Kafka } = require('kafkajs');\nconst kafka = new Kafka({ brokers: [] });\n"


def messages(src: str) -> list[str]:
    result = audit.audit(Target('src/jobs.js', src.encode(), None), CONFIG)
    return [f.message for f in result.findings if f.check_id == ID]


def test_a_producer_closed_at_the_end_of_a_try_whose_catch_only_logs():
    src = KAFKA + ('async function publish(m) {\n  try {\n    const p = kafka.producer();\n    await p.connect();\n'
                   '    await p.send(m);\n    await p.disconnect();\n  } catch (e) {\n    console.log(e);\n  }\n}\n')
    assert [m.split(':')[0] for m in messages(src)] == ['`p` is closed only when everything before the close succeeds']


@pytest.mark.parametrize('body', (
    '  const p = kafka.producer();\n  try {\n    await p.send(m);\n  } finally {\n    await p.disconnect();\n  }\n',
    '  const p = kafka.producer();\n  await p.connect();\n  return p;\n',
    '  const c = kafka.producer();\n  await c.connect();\n  c.on("x", m);\n',
    '  const p = kafka.producer();\n  try {\n    await p.send(m);\n    await p.disconnect();\n  } catch (e) {\n    await p.disconnect();\n  }\n',
))
def test_closed_on_every_path_handed_on_or_long_running(body):
    assert messages(KAFKA + f'async function publish(m) {{\n{body}}}\n') == []


def test_which_library_calls_make_a_connected_client():
    assert resources.connected_client('kafkajs', 'producer')
    assert resources.connected_client('@google-cloud/pubsub', 'PublisherClient')
    assert not resources.connected_client('@google-cloud/pubsub', 'Topic')
    assert not resources.connected_client('axios', 'create')


REDIS = "import { createClient } from 'redis';\nimport { Cache } from './cache';\n"


def test_a_client_wrapped_in_a_local_that_is_only_called_is_still_open():
    src = REDIS + ('export async function page(id) {\n  const client = createClient({});\n  await client.connect();\n'
                   '  const cache = new Cache(client);\n  return cache.get(id);\n}\n')
    assert [m.split(':')[0] for m in messages(src)] == ['`client` is made on every call and never closed, returned or handed on']


@pytest.mark.parametrize('after', (
    '  return cache;\n',
    '  this.cache = cache;\n',
    '  register(cache);\n',
))
def test_a_wrapper_handed_on_takes_the_client_with_it(after):
    src = REDIS + ('export async function page(id) {\n  const client = createClient({});\n  await client.connect();\n'
                   f'  const cache = new Cache(client);\n{after}}}\n')
    assert messages(src) == []
