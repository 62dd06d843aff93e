"""A language model's token budget fixed in code beside a model chosen elsewhere: a completion
request (an object with ``messages``, ``prompt``, ``input`` or ``contents``) whose ``model`` is not
written in (``model: getAIModel()``, ``model: config.model``; written in: ``model: 'gpt-4o'``, an AI
SDK provider's ``model: openai('gpt-4o')``) and whose ``max_tokens`` is
(``max_tokens: 1500``). The model is the deployment's choice, the budget depends on it: a
self-hosted reasoning model spends it all on hidden thinking and answers nothing, and operators
cannot raise it.

Low confidence (not listed unless ``show = "low"``): a new shape, not judged yet."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.hardcoded_config.values import Item
from vcx_hook.checks.hardcoded_config.values import number
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_KEYS = (b'max_tokens', b'max_completion_tokens', b'max_output_tokens', b'maxTokens', b'maxOutputTokens')
_BUDGET = lazyre.compile(rb'\b(?:' + b'|'.join(_KEYS) + rb')[\'"]?\s*:\s*[\d(]')
_BUDGET_KEYS = frozenset(_KEYS)  # `File.regex_words` holds one where `_BUDGET` finds one
_PROMPTS = frozenset(('messages', 'prompt', 'input', 'contents', 'system'))


def possible(scope: Scope) -> bool:
    return not _BUDGET_KEYS.isdisjoint(scope.file.regex_words) and _BUDGET.search(scope.text) is not None


def pairs(scope: Scope) -> Iterator[Item]:
    if not possible(scope):
        return
    source = scope.file.source
    for start, end in scope.ranges:
        for m in _BUDGET.finditer(source, start, end):
            pair = s.descendant(scope.root, m.start(), m.start() + 3)
            while pair is not None and pair.type != 'pair':
                pair = s.parent_of(pair) if pair.type in ('property_identifier', 'string', 'string_fragment') else None
            obj = s.parent_of(pair) if pair is not None else None
            value = pair.child_by_field_name('value') if pair is not None else None
            if pair is None or obj is None or obj.type != 'object' or value is None or (number(value) or 0) <= 1:
                continue
            keys = s.object_keys(obj)
            model = keys.get('model')
            if model is None or _written_in(model) or _PROMPTS.isdisjoint(keys):
                continue
            key = s.text(pair.child_by_field_name('key')).strip('\'"')
            yield Item(pair, f'`{key}: {s.normalized(value, 20)}`', obj, 'budget')


def _written_in(model: Node) -> bool:
    """``'gpt-4o'``, or a provider called with one (``openai('gpt-4o')``, ``google('gemini-2.0-flash')``)."""
    if s.string_value(model) is not None:
        return True
    model = s.unwrap(model)
    if model.type != 'call_expression':
        return False
    args = s.arguments(model)
    return bool(args) and s.string_value(args[0]) is not None
