"""Serve a built site on 127.0.0.1 the way a static host does: compressed, kept alive, cached.

Like a CDN-backed static host (Netlify, Cloudflare Pages): text and wasm are sent brotli-
compressed when the browser accepts it (gzip otherwise, or when the system has no brotli
library), every response may be cached 10 minutes (Cache-Control: max-age=600, as GitHub
Pages) and carries an ETag, so a warm visit within 10 minutes makes no request at all.
Compressed bodies are made once and kept, and every file but the order pages and the search
index is compressed before the first request, so the server's own speed is not what the
benchmark measures. `extra` maps URL paths (e.g. "/helper-floor/") to files outside the
site: the floor pages, never published.
"""
import ctypes
import ctypes.util
import gzip
import hashlib
import http.server
import mimetypes
import os
import sys
import threading
from urllib.parse import unquote, urlparse

TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
         ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm",
         ".py": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".xml": "application/xml"}
COMPRESSED = (".html", ".js", ".mjs", ".css", ".json", ".wasm", ".py", ".svg", ".xml", ".txt")
MAX_AGE = 600
# Compressed on first request: the bulk of a 100-order site, which the app pages never load.
LAZY = ("/orders/", "/search/", "/data/orders/", "/assets/javascripts/lunr/")


def _brotli_library():
    """The system's brotli encoder (Debian's libbrotli1), reached with ctypes: no pip package."""
    name = ctypes.util.find_library("brotlienc")
    if not name:
        return None
    lib = ctypes.CDLL(name)
    lib.BrotliEncoderMaxCompressedSize.restype = ctypes.c_size_t
    lib.BrotliEncoderMaxCompressedSize.argtypes = [ctypes.c_size_t]
    lib.BrotliEncoderCompress.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_size_t,
                                          ctypes.c_char_p, ctypes.POINTER(ctypes.c_size_t),
                                          ctypes.c_char_p]
    return lib


BROTLI = _brotli_library()
ENCODINGS = ("br", "gzip") if BROTLI else ("gzip",)


def brotli(data):
    # Quality 11 for what a host precompresses once; a fast level for the few big files.
    quality = 11 if len(data) < 1_000_000 else 5
    size = ctypes.c_size_t(BROTLI.BrotliEncoderMaxCompressedSize(len(data)) + 1024)
    out = ctypes.create_string_buffer(size.value)
    if not BROTLI.BrotliEncoderCompress(quality, 22, 0, len(data), data, ctypes.byref(size), out):
        raise RuntimeError("brotli compression failed")
    return out.raw[:size.value]


COMPRESS = {"br": brotli, "gzip": lambda data: gzip.compress(data, 6, mtime=0)}


class Entry:
    """One file: its bytes, type, ETag and, made on demand and kept, its compressed bodies."""
    __slots__ = ("body", "type", "etag", "compressible", "encoded", "lock")

    def __init__(self, path):
        with open(path, "rb") as handle:
            self.body = handle.read()
        extension = os.path.splitext(path)[1]
        self.type = TYPES.get(extension) or mimetypes.guess_type(path)[0] or "application/octet-stream"
        self.etag = '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'
        self.compressible = extension in COMPRESSED
        self.encoded, self.lock = {}, threading.Lock()

    def encoding_for(self, accepted):
        """The encoding to send for an Accept-Encoding header value, or None."""
        if self.compressible:
            return next((name for name in ENCODINGS if name in accepted), None)
        return None

    def body_for(self, encoding):
        if encoding is None:
            return self.body
        with self.lock:
            if encoding not in self.encoded:
                self.encoded[encoding] = COMPRESS[encoding](self.body)
            return self.encoded[encoding]


def load_site(site_dir, extra=None, precompress=True):
    """{URL path: Entry}: '/orders/x/index.html' and also '/orders/x/' for each index.html."""
    entries = {}
    for folder, _, names in os.walk(site_dir):
        for name in names:
            full = os.path.join(folder, name)
            url = "/" + os.path.relpath(full, site_dir).replace(os.sep, "/")
            entries[url] = Entry(full)
            if name == "index.html":
                entries[url[:-len("index.html")]] = entries[url]
    for url, path in (extra or {}).items():
        entries[url] = Entry(path)
    for url, entry in entries.items():
        if precompress and not url.startswith(LAZY):
            entry.body_for(entry.encoding_for(ENCODINGS))
    return entries


def handler_for(entries):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"   # keep-alive: a real host does not reconnect per file

        def do_GET(self):
            self.respond(send_body=True)

        def do_HEAD(self):
            self.respond(send_body=False)

        def respond(self, send_body):
            path = unquote(urlparse(self.path).path)
            entry = entries.get(path)
            if entry is None and (path + "/") in entries:
                self.send_empty(301, {"Location": path + "/"})
            elif entry is None:
                self.send_empty(404, {})
            elif self.headers.get("If-None-Match") == entry.etag:
                self.send_empty(304, {"ETag": entry.etag, "Cache-Control": f"max-age={MAX_AGE}"})
            else:
                self.send_entry(entry, send_body)

        def send_entry(self, entry, send_body):
            encoding = entry.encoding_for(self.headers.get("Accept-Encoding", ""))
            body = entry.body_for(encoding)
            self.send_response(200)
            self.send_header("Content-Type", entry.type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", f"max-age={MAX_AGE}")
            self.send_header("ETag", entry.etag)
            self.send_header("Vary", "Accept-Encoding")
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.end_headers()
            if send_body:
                self.wfile.write(body)

        def send_empty(self, status, headers):
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    return Handler


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # Closing a browser context mid-load resets its kept-alive connections: expected here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """`with SiteServer(site_dir, extra) as url:` serves on a free loopback port."""

    def __init__(self, site_dir, extra=None):
        self.entries = load_site(site_dir, extra)
        self.server = QuietServer(("127.0.0.1", 0), handler_for(self.entries))

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def compressed_bytes(entries, paths, encoding="gzip"):
    """What sending these site paths costs on the wire (gzip: quick to work out for 3 MB)."""
    return sum(len(entry.body_for(entry.encoding_for(encoding)))
               for entry in (entries["/" + path] for path in paths))
