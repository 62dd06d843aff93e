; Calls whose promise is used: awaited, returned, an arrow's body, pushed, or gathered in an array.
; Python keeps those inside an iteration that reach a data store with the element as argument;
; it runs only over the bodies of the iterations (`_iterations_in`), found by name.
(await_expression (call_expression) @n-plus-one.call)
(return_statement (call_expression) @n-plus-one.call)
(arrow_function body: (call_expression) @n-plus-one.call)
(array (call_expression) @n-plus-one.call)
(call_expression
  function: (member_expression property: (property_identifier) @_n-plus-one.push)
  arguments: (arguments (call_expression) @n-plus-one.call)
  (#eq? @_n-plus-one.push "push"))
; A conditional's branch, returned when taken: `return ok ? load(id) : null`, `x => load(x) ?? null`.
(return_statement (ternary_expression consequence: (call_expression) @n-plus-one.call))
(return_statement (ternary_expression alternative: (call_expression) @n-plus-one.call))
(arrow_function body: (ternary_expression consequence: (call_expression) @n-plus-one.call))
(arrow_function body: (ternary_expression alternative: (call_expression) @n-plus-one.call))
(return_statement (binary_expression left: (call_expression) @n-plus-one.call operator: ["??" "||"]))
(return_statement (binary_expression operator: ["??" "||" "&&"] right: (call_expression) @n-plus-one.call))
(arrow_function body: (binary_expression left: (call_expression) @n-plus-one.call operator: ["??" "||"]))
(arrow_function body: (binary_expression operator: ["??" "||" "&&"] right: (call_expression) @n-plus-one.call))
