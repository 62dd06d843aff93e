; Awaited calls that read or write a store (filtered by name and receiver in Python).
(await_expression
  (call_expression
    function: [
      (identifier) @_race-condition.fn
      (member_expression property: (property_identifier) @_race-condition.fn)
    ]
    (#match? @_race-condition.fn "^(find\\w*|get\\w*|fetch[A-Z]\\w*|load[A-Z]\\w*|read\\w*|count\\w*|exists|select|first|one|oneOrNone|query|execute|exec|lean|hget|hgetall|mget|aggregate|scan|zcount|zcard|scard|llen|hlen|zadd|sadd|lpush|rpush|create\\w*|update\\w*|upsert|save\\w*|insert\\w*|put\\w*|set\\w*|hset|delete\\w*|remove|destroy|bulkCreate|add|write\\w*|increment|decrement|incr|decr|patch|withGraph\\w*)$")) @race-condition.call)

; Module-level state: writes (`x = `, `x += `, `x++`, `obj.k = `) and the awaits between.
(assignment_expression left: [(identifier) (member_expression) (subscript_expression)]) @race-condition.write
(augmented_assignment_expression left: [(identifier) (member_expression) (subscript_expression)]) @race-condition.write
(update_expression argument: [(identifier) (member_expression) (subscript_expression)]) @race-condition.write
(await_expression) @race-condition.await
