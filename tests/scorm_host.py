"""A test learning system for the quiz's SCORM packages: scorm-again (npm, pinned in
package.json) plays the LMS side in a host page, and a local HTTP server records its commits.

serve_lms(folder) serves folder (the unzipped packages, the host pages) and scorm-again's
dist files on 127.0.0.1, answers POST /commit as a learning system's endpoint does, and keeps
every commit's JSON in server.commits (scorm-again sends the whole CMI object each time, the
one at Terminate with sendBeacon). host_page(...) writes a page that creates scorm-again's
SCORM 1.2 (window.API) or 2004 (window.API_1484_11) object with the learner's data and
launches the package's index.html in a frame, as a learning system does; every call the
package makes is logged in window.lmsCalls with scorm-again's error code after it.
"""
import functools
import http.server
import json
import os
import threading

from conftest import ROOT

SCORM_AGAIN = os.path.join(ROOT, "node_modules", "scorm-again", "dist")
APIS = {
    "1.2": {"script": "scorm12.min.js", "class": "Scorm12API", "global": "API",
            "error": "LMSGetLastError",
            "methods": ["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish"]},
    "2004": {"script": "scorm2004.min.js", "class": "Scorm2004API", "global": "API_1484_11",
             "error": "GetLastError",
             "methods": ["Initialize", "GetValue", "SetValue", "Commit", "Terminate"]},
}
HOST = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test learning system</title>
<script src="/scorm-again/{script}"></script>
<script>
const api = new {api_class}({{lmsCommitUrl: "/commit", autocommit: false, logLevel: 5}});
api.loadFromJSON({init});
window.{api_global} = api;
window.lmsCalls = [];
for (const name of {methods}) {{
  const original = api[name].bind(api);
  api[name] = (...args) => {{
    const result = original(...args);
    window.lmsCalls.push({{name, args: args.map(String), result: String(result),
                          error: String(api.{error}())}});
    return result;
  }};
}}
</script></head>
<body><iframe id="sco" title="Course" src="{launch}" width="390" height="760"></iframe></body>
</html>
"""


class LmsHandler(http.server.SimpleHTTPRequestHandler):
    # Only the types every web server knows: the package must not need more of a learning
    # system (.wasm served as a download still loads, MicroPython falls back to a buffer).
    extensions_map = {"": "application/octet-stream", ".html": "text/html", ".js": "text/javascript",
                      ".css": "text/css", ".json": "application/json", ".py": "text/plain",
                      ".xml": "text/xml"}

    def translate_path(self, path):
        if path.startswith("/scorm-again/"):
            return os.path.join(SCORM_AGAIN, os.path.basename(path.split("?")[0]))
        return super().translate_path(path)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.split("?")[0] == "/commit":
            self.server.commits.append(json.loads(body.decode("utf-8")))
        answer = b'{"result": "true", "errorCode": 0}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def serve_lms(folder):
    """(server, base URL ending in /); server.commits holds every commit's JSON."""
    handler = functools.partial(LmsHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.commits = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def host_page(folder, name, version, launch, init):
    """Write folder/name: the learning system's page for version, launching launch (a path
    on the server) with init (scorm-again's loadFromJSON data: the learner, resume data)."""
    spec = APIS[version]
    html = HOST.format(script=spec["script"], api_class=spec["class"], api_global=spec["global"],
                       error=spec["error"], methods=json.dumps(spec["methods"]),
                       init=json.dumps(init), launch=launch)
    with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
        handle.write(html)
    return name


def stop_lms(server):
    server.shutdown()
    server.server_close()
