; Guards, looked for only around a sink that reads request data (Python runs this query over the
; sink's outermost function, not over every scope).
; Guards: if conditions, and calls that validate, assert or check.
(if_statement
  condition: (parenthesized_expression) @unvalidated-input.cond)
; `ok(v) ? v : null`: the checked value or none.
(ternary_expression
  condition: (_) @unvalidated-input.cond)
(call_expression
  function: [
    (identifier) @_unvalidated-input.check
    (member_expression property: (property_identifier) @_unvalidated-input.check)
  ]
  (#match? @_unvalidated-input.check "([vV]alid|[aA]ssert|[sS]anitiz|[cC]heck|[eE]nsure|[pP]arse|^is[A-Z]|^is_[a-z]|^matchedData$|^invariant$|^plainToInstance$|^attempt$)")) @unvalidated-input.check
