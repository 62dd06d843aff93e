; SQL text: string and template literals that start with SELECT or WITH.
((string) @unbounded-query.sql
  (#match? @unbounded-query.sql "^['\"]\\s*(?i:select|with)\\s"))
((template_string) @unbounded-query.sql
  (#match? @unbounded-query.sql "^`\\s*(?i:select|with)\\s"))

; A runner called with a variable that may hold SQL: db.query(sql), pool.query(QUERY).
(call_expression
  function: (member_expression
    property: (property_identifier) @_unbounded-query.runner)
  arguments: (arguments . (identifier))
  (#match? @_unbounded-query.runner "(?i)(query|sql|exec|raw|all|many|any|unsafe|prepare)")) @unbounded-query.sqlvar
(call_expression
  function: (identifier) @_unbounded-query.runfn
  arguments: (arguments . (identifier))
  (#match? @_unbounded-query.runfn "(?i)(query|sql|exec|raw)")) @unbounded-query.sqlvar

; ORM and query-builder reads: findMany, findAll, find, getMany, select/from chains (the names are
; ecosystem/stores.MANY_READS, filled in by load_query).
(call_expression
  function: (member_expression
    property: (property_identifier) @_unbounded-query.method)
  (#match? @_unbounded-query.method "{many_reads}")) @unbounded-query.call
