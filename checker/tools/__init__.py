"""CPython-only tools of the checker package (command line, loaders, site data); never shipped."""
