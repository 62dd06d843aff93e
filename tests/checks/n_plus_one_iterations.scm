; What n_plus_one._iterations_in finds by name, as the query it replaced (the tests compare the two).
; Where elements are iterated: loop bodies and per-element callbacks.
(for_in_statement body: (_) @n-plus-one.body)
(for_statement body: (_) @n-plus-one.body)
(while_statement body: (_) @n-plus-one.body)
(do_statement body: (_) @n-plus-one.body)
(call_expression
  function: (member_expression property: (property_identifier) @_n-plus-one.each)
  arguments: (arguments . [(arrow_function) (function_expression)] @n-plus-one.body)
  (#match? @_n-plus-one.each "^(map|forEach|flatMap|reduce|reduceRight)$"))
; Promise.map(xs, fn) (Bluebird), pMap(xs, fn)
(call_expression
  function: [
    (identifier) @_n-plus-one.pmap
    (member_expression property: (property_identifier) @_n-plus-one.pmap)
  ]
  arguments: (arguments . (_) . [(arrow_function) (function_expression)] @n-plus-one.body)
  (#match? @_n-plus-one.pmap "^(pMap|pMapSeries|pEachSeries|map|mapSeries|each)$"))

; xs.map(getUser): a function handed over by name.
(call_expression
  function: (member_expression property: (property_identifier) @_n-plus-one.mapref)
  arguments: (arguments . (identifier) @n-plus-one.ref .)
  (#match? @_n-plus-one.mapref "^(map|flatMap|forEach)$"))
