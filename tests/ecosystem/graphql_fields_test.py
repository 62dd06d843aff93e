from vcx_hook.ecosystem import graphql_fields
from vcx_hook.lang.syntax import grammar_for
from vcx_hook.lang.syntax import parse


def _methods(source: str) -> dict[str, str | None]:
    tree = parse(source.encode(), grammar_for('x.ts'))
    found: dict[str, str | None] = {}

    def walk(node):
        if node.type == 'method_definition':
            found[node.child_by_field_name('name').text.decode()] = graphql_fields.field_resolver(node)
        for child in node.named_children:
            walk(child)
    walk(tree.root)
    return found


def test_a_field_resolver_names_its_parent_parameter():
    methods = _methods('''
@Resolver(() => Post)
class PostFields {
  @ResolveField(() => User)
  author(@Parent() post: Post) { return post.author; }

  @FieldResolver()
  tags(@Root() post: Post, @Ctx() ctx: Context) { return []; }

  @Query(() => Post)
  post(@Args('id') id: string) { return null; }

  helper(post: Post) { return post; }
}
''')
    assert methods == {'author': 'post', 'tags': 'post', 'post': None, 'helper': None}
