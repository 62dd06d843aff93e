; Route registrations: app.post('/x', ...), router.post("documents.list", ...), fastify.put(`/x`, ...).
(call_expression
  function: (member_expression property: (property_identifier) @_missing-rate-limit.verb)
  arguments: (arguments . [(string) (template_string)] . (_))
  (#match? @_missing-rate-limit.verb "^(get|post|put|patch|delete|del|all)$")) @missing-rate-limit.route

; router.route('/x').post(handler) and fastify.route({ method, url, handler }).
(call_expression
  function: (member_expression property: (property_identifier) @_missing-rate-limit.route)
  arguments: (arguments . [(string) (template_string) (object)])
  (#eq? @_missing-rate-limit.route "route")) @missing-rate-limit.chain

; NestJS: @Post('login') on a controller method.
(decorator
  (call_expression
    function: (identifier) @_missing-rate-limit.nest
    (#match? @_missing-rate-limit.nest "^(Get|Post|Put|Patch|Delete|All)$"))) @missing-rate-limit.nest
