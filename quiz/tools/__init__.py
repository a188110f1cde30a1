"""CPython-only tools of the quiz package (command line, loaders, site data); never shipped."""
