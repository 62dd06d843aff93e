"""The JavaScript/TypeScript language layer: parsing (the only tree-sitter importer), the touched
scopes and the node vocabulary checks ask, data flow, SQL text."""
