"""CPython-only tools of the audit package (command line, loaders, site data); never shipped."""
