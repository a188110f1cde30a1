"""nginx and Apache httpd as test processes: each in its own temporary prefix (its pid file,
logs and temp folders there), on a free loopback port, in the foreground as a child of the
test run, serving a published folder through the configuration `publish` generated
(DIR/server/nginx.conf, DIR/server/apache.conf) included as a web administrator would.
Debian's packages provide the programs (./dev.sh test installs them)."""
import os
import socket
import subprocess
import time

NGINX = "/usr/sbin/nginx"
NGINX_BROTLI = "/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so"
APACHE = "/usr/sbin/apache2"
APACHE_MODULES = "/usr/lib/apache2/modules"
# What Debian's apache2 enables by default that the configuration relies on, and brotli.
APACHE_MODULE_NAMES = ("mpm_event", "authz_core", "alias", "dir", "mime", "headers", "filter",
                       "deflate", "brotli")
# The packages' own workers drop root for this user; the published folder is world-readable.
WORKER_USER = "www-data"

NGINX_MAIN = """daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
{user}
load_module {brotli};
events {{ worker_connections 128; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    sendfile on;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {publish}/server/nginx.conf;
    }}
}}
"""

APACHE_MAIN = """ServerRoot "{prefix}"
DefaultRuntimeDir "{prefix}"
PidFile "{prefix}/httpd.pid"
Mutex file:{prefix} default
Listen 127.0.0.1:{port}
ServerName localhost
ErrorLog "{prefix}/error.log"
LogLevel warn
{modules}
TypesConfig "{prefix}/mime.types"
{user}
DocumentRoot "{prefix}/empty"
<Directory />
    Require all denied
</Directory>
Include "{publish}/server/apache.conf"
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class WebServer:
    """One server process; url is the site's address (…/policy/)."""

    def __init__(self, name, prefix, publish_dir, sub_path):
        self.name, self.prefix, self.publish_dir = name, str(prefix), str(publish_dir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}{sub_path}"
        self.process = None
        os.makedirs(self.prefix, exist_ok=True)

    def command(self):
        root = os.geteuid() == 0
        if self.name == "nginx":
            self._write("nginx.conf", NGINX_MAIN.format(
                prefix=self.prefix, port=self.port, publish=self.publish_dir, brotli=NGINX_BROTLI,
                user=f"user {WORKER_USER};" if root else ""))
            return [NGINX, "-p", self.prefix, "-c", f"{self.prefix}/nginx.conf", "-e", f"{self.prefix}/error.log"]
        modules = "\n".join(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so"
                            for name in APACHE_MODULE_NAMES)
        os.makedirs(f"{self.prefix}/empty", exist_ok=True)
        self._write("mime.types", "")        # the configuration must name every type itself
        self._write("httpd.conf", APACHE_MAIN.format(
            prefix=self.prefix, port=self.port, publish=self.publish_dir, modules=modules,
            user=f"User {WORKER_USER}\nGroup {WORKER_USER}" if root else ""))
        return [APACHE, "-f", f"{self.prefix}/httpd.conf", "-DFOREGROUND"]

    def _write(self, name, text):
        with open(os.path.join(self.prefix, name), "w", encoding="utf-8") as handle:
            handle.write(text)

    def start(self, seconds=20):
        # The server keeps its own copy of the file descriptor: ours is closed at once.
        with open(os.path.join(self.prefix, "output.log"), "wb") as log:
            self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.process.returncode}):\n{self.logs()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not listen on {self.port}:\n{self.logs()}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def logs(self):
        text = []
        for name in ("output.log", "error.log"):
            path = os.path.join(self.prefix, name)
            if os.path.exists(path):
                with open(path, encoding="utf-8", errors="replace") as handle:
                    text.append(f"--- {name}\n" + handle.read()[-4000:])
        return "\n".join(text)
