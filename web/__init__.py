"""Browser glue for the pages: web/runner.py starts an app, web/browser.py is the only module
that touches the DOM (through MicroPython's js module), web/<name>_app.py wires an engine to
its page and web/<name>_view.py writes its HTML (plain Python, tested in CPython);
web/first_screen.py is each app's first screen, written into its page at build time."""
