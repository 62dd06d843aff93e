; Calls whose result is used as an operation: awaited, returned, yielded, or gathered in an array
; (Promise.all).  Python decides which of them write to the data store.
(await_expression (call_expression) @missing-transaction.call)
(return_statement (call_expression) @missing-transaction.call)
(arrow_function body: (call_expression) @missing-transaction.call)
(array (call_expression) @missing-transaction.call)
