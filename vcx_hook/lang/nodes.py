"""The vocabulary checks use to ask questions of a syntax tree, gathered from the modules that
define it: ``tree`` (parents, ancestors, enclosing nodes, what is remembered of the tree being
audited), ``expressions`` (calls, receivers, arguments, literals, chains), ``functions`` (bodies,
parameters, names, routes) and ``declarations`` (what binds a name).  Functions of tree-sitter
nodes (through ``syntax.Node``); rows are 0-based.  Checks reach it through the ``scope`` facade.
"""
from __future__ import annotations

from vcx_hook.lang.declarations import base_class
from vcx_hook.lang.declarations import declaration
from vcx_hook.lang.declarations import initializer
from vcx_hook.lang.declarations import type_annotation
from vcx_hook.lang.expressions import after_dot
from vcx_hook.lang.expressions import arguments
from vcx_hook.lang.expressions import field_root
from vcx_hook.lang.expressions import kept_under
from vcx_hook.lang.expressions import called_by
from vcx_hook.lang.expressions import callee
from vcx_hook.lang.expressions import callee_name
from vcx_hook.lang.expressions import callee_path
from vcx_hook.lang.expressions import chain_calls
from vcx_hook.lang.expressions import chain_top
from vcx_hook.lang.expressions import dotted
from vcx_hook.lang.expressions import has_spread
from vcx_hook.lang.expressions import is_awaited
from vcx_hook.lang.expressions import name_words
from vcx_hook.lang.expressions import object_keys
from vcx_hook.lang.expressions import declared_into
from vcx_hook.lang.expressions import outer_expression
from vcx_hook.lang.expressions import path_segments
from vcx_hook.lang.expressions import receiver
from vcx_hook.lang.expressions import receiver_name
from vcx_hook.lang.expressions import string_like_text
from vcx_hook.lang.expressions import number_value
from vcx_hook.lang.expressions import string_value
from vcx_hook.lang.expressions import unwrap
from vcx_hook.lang.functions import calling
from vcx_hook.lang.functions import display_name
from vcx_hook.lang.functions import function_body
from vcx_hook.lang.functions import function_name
from vcx_hook.lang.functions import is_async
from vcx_hook.lang.functions import own_nodes
from vcx_hook.lang.functions import parameter_names
from vcx_hook.lang.functions import parameters
from vcx_hook.lang.functions import parameter_type
from vcx_hook.lang.functions import ROUTE_METHODS
from vcx_hook.lang.functions import route_of
from vcx_hook.lang.tree import ancestors
from vcx_hook.lang.tree import calls_in
from vcx_hook.lang.tree import descendant
from vcx_hook.lang.tree import document_order
from vcx_hook.lang.tree import identifiers
from vcx_hook.lang.tree import enclosing_function
from vcx_hook.lang.tree import FUNCTION_TYPES
from vcx_hook.lang.tree import inside
from vcx_hook.lang.tree import LOOP_TYPES
from vcx_hook.lang.tree import normalized
from vcx_hook.lang.tree import parent_of
from vcx_hook.lang.tree import per_tree
from vcx_hook.lang.tree import text
from vcx_hook.lang.tree import top_level
from vcx_hook.lang.tree import track

__all__ = [
    'after_dot', 'ancestors', 'arguments', 'base_class', 'called_by', 'calls_in', 'field_root', 'kept_under', 'callee', 'callee_name', 'callee_path', 'calling',
    'chain_calls', 'chain_top', 'declaration', 'descendant', 'display_name', 'document_order', 'dotted',
    'enclosing_function', 'function_body', 'function_name', 'FUNCTION_TYPES', 'has_spread', 'identifiers', 'initializer',
    'inside', 'is_async', 'is_awaited', 'LOOP_TYPES', 'name_words', 'normalized', 'number_value', 'object_keys', 'own_nodes',
    'declared_into', 'outer_expression', 'parameter_names', 'parameter_type', 'parameters', 'parent_of', 'path_segments', 'per_tree', 'receiver',
    'receiver_name', 'ROUTE_METHODS', 'route_of', 'string_like_text', 'string_value', 'text', 'track',
    'top_level', 'type_annotation', 'unwrap',
]
