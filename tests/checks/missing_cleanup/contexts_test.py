"""Class components' field functions and methods, and Node-RED nodes, as places that register."""
from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.jsx')


def component(body: str, base: str = 'Component') -> str:
    return f'class Panel extends {base} {{\n{body}\n  render() {{ return null; }}\n}}\n'


def node(body: str) -> str:
    return f'function MyNode(config) {{\n  RED.nodes.createNode(this, config);\n{body}\n}}\n'


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        component('  observer = new ResizeObserver(this.measure);\n'
                  '  getNode = (ref) => { if (this.node) this.observer.unobserve(this.node); this.observer.observe(ref); };'),
        ['x.jsx:3 `this.observer.observe(ref)` in class component `Panel` adds an observer that no '
         '`componentWillUnmount` undoes'],
        id='observer in a field function, unobserved only before observing again'),
    pytest.param(
        component("  follow() { window.addEventListener('scroll', this.measure); }\n"
                  '  componentWillUnmount() { this.observer.disconnect(); }', 'React.PureComponent'),
        ["x.jsx:2 `window.addEventListener('scroll', this.me...` in class component `Panel` adds a listener that "
         '`componentWillUnmount` does not undo'],
        id='listener in a method, teardown undoes something else'),
    pytest.param(
        component('  observer = new ResizeObserver(this.measure);\n'
                  '  getNode = (ref) => { this.observer.observe(ref); };\n'
                  '  componentWillUnmount() { this.observer.disconnect(); }'),
        [], id='disconnected on unmount'),
    pytest.param(
        component("  onDown = () => { document.addEventListener('mouseup', this.onUp); };\n"
                  "  onUp = () => { document.removeEventListener('mouseup', this.onUp); };"),
        [], id='removed by another handler'),
    pytest.param(
        component("  onDown = () => {\n"
                  "    const up = () => { window.removeEventListener('pointerup', up); };\n"
                  "    window.addEventListener('pointerup', up);\n"
                  '  };'),
        [], id='removed by its own callback'),
    pytest.param(
        'class Measurer {\n  watch = (n) => { this.observer.observe(n); };\n}\n',
        [], id='not a component'),
    pytest.param(
        node('  this.client = pool.get(config.broker);\n'
             '  this.client.subscribe(config.topic, (m) => this.send(m));\n'
             "  this.on('close', () => { this.client.disconnect(); });"),
        ["x.jsx:4 `this.client.subscribe(config.topic, (m) =...` in Node-RED node `MyNode` adds a subscription on "
         "every deploy that its `on('close')` does not undo"],
        id='node: subscription on a pooled client'),
    pytest.param(
        node('  this.client = pool.get(config.broker);\n'
             '  this.client.subscribe(config.topic, (m) => this.send(m));\n'
             "  this.on('close', () => { this.client.unsubscribe(config.topic); });"),
        [], id='node: unsubscribed on close'),
    pytest.param(
        node("  const node = this;\n  node.on('input', (msg) => node.send(msg));\n  this.on('close', () => {});"),
        [], id="node: its own events"),
    pytest.param(
        'function helper(config) {\n  this.client.subscribe(config.topic, () => {});\n}\n',
        [], id='not a node'),
])
def test_places_that_register(src, expected):
    assert findings(src) == expected


@pytest.mark.parametrize(('params', 'grammar_path'), [
    pytest.param('{ url, getWebSocket = (url) => new WebSocket(url) }', 'x.ts', id='a destructured default, TypeScript'),
    pytest.param('url, open = (u) => new WebSocket(u)', 'x.ts', id='a parameter default, TypeScript'),
    pytest.param('url, open = (u) => new WebSocket(u)', 'x.js', id='a parameter default, JavaScript'),
])
def test_a_factory_a_parameter_defaults_to_is_not_run_by_the_constructor(params, grammar_path):
    """lido-council-daemon's StompClient (untuned, round 28): the default makes a connection when
    the caller of the factory calls it, not per instance."""
    from vcx_hook.checks.missing_cleanup import contexts
    from vcx_hook.config import default_config
    from vcx_hook.engine import audit
    from vcx_hook.lang import scope
    from vcx_hook.lang import syntax

    src = (f"import {{ WebSocket }} from 'ws';\nclass StompClient {{\n  constructor({params}) {{\n"
           "    this.make = arguments[1];\n    this.live = new WebSocket('wss://x/live');\n  }\n}\n")
    grammar = syntax.grammar_for(grammar_path)
    file = scope.File(grammar_path, syntax.parse(src.encode(), grammar), audit.family_queries((ID,)))
    names = default_config().names[ID]
    made = [n for n in file.named(frozenset((b'WebSocket',)), ((0, len(file.source)),)) if n.parent.type == 'new_expression']
    kinds = [contexts.context(n.parent, names, file) for n in made]
    assert [k.kind if k is not None else None for k in kinds] == [None, 'class']
