"""CPython-only tools of the order model: loading and validating sources (YAML with lines),
the order model itself, the shipping rule, and the shape every command line shares.
Nothing under any package's tools/ folder is shipped to the browser (model.tools.layout)."""
