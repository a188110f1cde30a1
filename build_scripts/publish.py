"""Publish the site into a folder a web server serves: build, check, switch atomically.

    python -m build_scripts.publish DIR --base-url https://intranet.example/policy/
    python -m build_scripts.publish DIR --rollback          (back to the build before)
    python -m build_scripts.publish DIR --switch BUILD      (make a kept build live)
(`./dev.sh publish|rollback|switch` run these; README "Publishing" is the admin's guide.)

DIR's layout:
    DIR/builds/<UTC time>-<build id>/   one folder per build, never changed once live
    DIR/current -> builds/<…>           the live build: the web server serves DIR/current
    DIR/server/                         nginx.conf, apache.conf, web.config, _headers,
                                        headers.json: the configurations for these builds
A build is made in a hidden folder beside the others, checked (build_scripts/site_check.py),
renamed into place, and only then does `current` change, by renaming a new symlink over it:
a reader gets the old build or the new one, never a mix, and a failed build changes
nothing. The newest builds (--keep, 3 by default) and the live one are kept for rollback.

The configurations carry the Content-Security-Policy header, which names the inline-code
hashes of the builds kept (build_scripts/csp.header_policy). Hashes change only when the
code of a page changes (a new Material, an edited template or loader), not with the orders'
text. When they change, the server must load the new configuration before the new build
goes live: with --reload CMD, publish runs CMD (e.g. `systemctl reload nginx`) and then
switches; without it, the build is kept but not switched to, and publish says what to do.
"""
import argparse
import datetime
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from typing import Callable
from urllib.parse import urlsplit

from build_scripts import csp, server_config, site_check

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILDS, CURRENT, SERVER = "builds", "current", "server"
PROMISES = "headers.json"
EXIT_PROBLEM, EXIT_STAGED = 1, 3


class PublishError(Exception):
    pass


def sub_path_of(base_url: str) -> str:
    """'/policy/' for 'https://intranet.example/policy/'; refuses what cannot be a site URL."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise PublishError(f"--base-url {base_url!r}: give the site's address, e.g. "
                           "https://intranet.example/policy/")
    if not parts.path.endswith("/"):
        raise PublishError(f"--base-url {base_url!r}: end it with '/' (the site is a folder)")
    return parts.path


def build(site_dir: str, base_url: str) -> None:
    """`mkdocs build --strict` into site_dir, with site_url = base_url (canonical links, the
    sitemap and the 404 page, which is served at any depth, use it)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(os.path.join(ROOT, "mkdocs.yml"), site_url=base_url,
                             site_dir=site_dir, strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise PublishError(f"the build failed: {exc}")


def builds_of(root: str) -> list[str]:
    """Names of the finished builds in root/builds, oldest first."""
    folder = os.path.join(root, BUILDS)
    if not os.path.isdir(folder):
        return []
    return sorted(name for name in os.listdir(folder)
                  if not name.startswith(".") and os.path.isdir(os.path.join(folder, name)))


def current_build(root: str) -> str | None:
    link = os.path.join(root, CURRENT)
    if not os.path.lexists(link):
        return None
    if not os.path.islink(link):
        raise PublishError(f"{link} is not a symlink: move it away (publish makes it a link "
                           "to the live build)")
    return os.path.basename(os.readlink(link).rstrip("/"))


def switch(root: str, name: str) -> None:
    """Make builds/name the live build: a new symlink renamed over `current` (atomic)."""
    temporary = os.path.join(root, f".{CURRENT}-{os.getpid()}")
    if os.path.lexists(temporary):
        os.unlink(temporary)
    os.symlink(os.path.join(BUILDS, name), temporary)
    os.replace(temporary, os.path.join(root, CURRENT))


def freshen(folder: str) -> None:
    """Give a kept build's files the time of now: a browser that cached a newer build's file
    asks "changed since …?" and must hear yes (rollback)."""
    for path in site_check.site_files(folder):
        os.utime(os.path.join(folder, path))


def folder_size(folder: str) -> tuple[int, int]:
    """(files, bytes) of a folder."""
    paths = site_check.site_files(folder)
    return len(paths), sum(os.path.getsize(os.path.join(folder, path)) for path in paths)


def build_id_of(folder: str) -> str:
    return site_check.worker_manifest(folder)[0]


def prune(root: str, keep: int, live: str | None) -> list[str]:
    """Delete all but the newest `keep` builds (and the live one); returns what it deleted."""
    names = builds_of(root)
    doomed = [name for name in names[:-keep] if name != live] if keep < len(names) else []
    for name in doomed:
        shutil.rmtree(os.path.join(root, BUILDS, name))
    return doomed


def write_atomically(path: str, text: str) -> None:
    folder = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def write_server_configs(root: str, base_url: str, allowed_links: tuple[str, ...],
                         server_root: str, brotli: bool, name: str) -> str | None:
    """Write DIR/server/* for the kept builds, builds/name the newest; returns the header
    policy the configurations had before (None on the first publish)."""
    folder = os.path.join(root, SERVER)
    os.makedirs(folder, exist_ok=True)
    previous = None
    if os.path.exists(os.path.join(folder, PROMISES)):
        with open(os.path.join(folder, PROMISES), encoding="utf-8") as handle:
            previous = json.load(handle)["headers"]["Content-Security-Policy"]
    policy = csp.header_policy([os.path.join(root, BUILDS, name) for name in builds_of(root)])
    build_dir = os.path.join(root, BUILDS, name)
    site = server_config.Site(sub_path_of(base_url), os.path.join(server_root, CURRENT), policy,
                              build_id_of(build_dir))
    immutable = [path for path in site_check.site_files(build_dir) if server_config.is_immutable(path)]
    files = {"nginx.conf": server_config.nginx(site, brotli),
             "apache.conf": server_config.apache(site, server_root),
             "web.config": server_config.iis_web_config(site, immutable),
             "_headers": server_config.static_headers(site, immutable),
             PROMISES: server_config.promises(site, base_url, allowed_links)}
    for file_name, text in files.items():
        write_atomically(os.path.join(folder, file_name), text)
    return previous


def publish(root: str, base_url: str, keep: int = 3, allowed_links: tuple[str, ...] = (),
            server_root: str | None = None, brotli: bool = False, reload: str | None = None,
            say: Callable[[str], None] = print) -> int:
    """Build, check and publish into root; returns the exit status (0 live, 3 staged)."""
    sub_path_of(base_url)
    root = os.path.abspath(root)
    server_root = server_root or root
    os.makedirs(os.path.join(root, BUILDS), exist_ok=True)
    live_before = current_build(root)
    incoming = tempfile.mkdtemp(prefix=".incoming-", dir=os.path.join(root, BUILDS))
    try:
        build(incoming, base_url)
        problems = site_check.check_site(incoming, base_url, allowed_links)
        if problems:
            raise PublishError("the built site has problems; nothing was published:\n  "
                               + "\n  ".join(problems))
        build_id = build_id_of(incoming)
        name = _existing_build(root, build_id)
        if name is None:
            os.chmod(incoming, 0o755)
            # Microseconds: two publishes in one second still sort in the order they were made.
            name = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ-") + build_id
            os.rename(incoming, os.path.join(root, BUILDS, name))
    finally:
        if os.path.isdir(incoming):
            shutil.rmtree(incoming)
    prune(root, keep, live_before)
    previous = write_server_configs(root, base_url, allowed_links, server_root, brotli, name)
    _write_host_files(root, name)
    folder = os.path.join(root, BUILDS, name)
    files, size = folder_size(folder)
    say(f"Build {build_id}: {files} files, {size / 1e6:.1f} MB, in {folder}")
    needs = csp.header_policy([folder])
    if live_before and name != live_before and previous is not None and not csp.allows(previous, needs):
        if not reload:
            say(f"NOT LIVE YET: the Content-Security-Policy header changed (the pages' code "
                f"changed). Make the web server load {os.path.join(root, SERVER)} (e.g. "
                f"`systemctl reload nginx`), then run: ./dev.sh switch {root} {name}")
            return EXIT_STAGED
        done = subprocess.run(reload, shell=True)
        if done.returncode != 0:
            raise PublishError(f"--reload {reload!r} failed (exit {done.returncode}); the live "
                               f"build is still {live_before}")
    switch(root, name)
    say(f"Live: {os.path.join(root, CURRENT)} -> {BUILDS}/{name}"
        + (f" (previous: {live_before}; ./dev.sh rollback {root} returns to it)"
           if live_before and live_before != name else ""))
    say(f"Server configurations: {os.path.join(root, SERVER)}/ (nginx.conf, apache.conf, "
        "web.config, _headers)" + ("" if live_before else " — include one in your server (README)"))
    return 0


def _existing_build(root, build):
    """The kept build with this build id (the same site, published again), or None."""
    for name in builds_of(root):
        if name.endswith("-" + build):
            return name
    return None


def _write_host_files(root, name):
    """web.config and _headers belong in the site folder for IIS and static hosts."""
    folder = os.path.join(root, BUILDS, name)
    for host_file in server_config.PRIVATE_FILES:
        shutil.copyfile(os.path.join(root, SERVER, host_file), os.path.join(folder, host_file))


def switch_to(root: str, name: str | None, say: Callable[[str], None] = print) -> int:
    """Make a kept build live (name None: the one published before the live one)."""
    root = os.path.abspath(root)
    names, live = builds_of(root), current_build(root)
    if name is None:
        older = [n for n in names if live is not None and n < live]
        if not older:
            raise PublishError(f"no build older than {live} is kept in {os.path.join(root, BUILDS)}")
        name = older[-1]
    if name not in names:
        raise PublishError(f"no build {name!r} in {os.path.join(root, BUILDS)}; kept: {', '.join(names)}")
    folder = os.path.join(root, BUILDS, name)
    with open(os.path.join(root, SERVER, PROMISES), encoding="utf-8") as handle:
        published = json.load(handle)
    problems = site_check.check_site(folder, published["base_url"], tuple(published["allowed_links"]))
    if problems:
        raise PublishError(f"{name} is damaged; not switched:\n  " + "\n  ".join(problems))
    freshen(folder)
    switch(root, name)
    say(f"Live: {os.path.join(root, CURRENT)} -> {BUILDS}/{name} (was {live})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./dev.sh publish", description=__doc__.split("\n")[0])
    parser.add_argument("dir", help="the publish folder (the server serves DIR/current)")
    parser.add_argument("--base-url", help="the site's public address, ending in / "
                        "(e.g. https://intranet.example/policy/)")
    parser.add_argument("--keep", type=int, default=3, help="builds kept for rollback (default 3)")
    parser.add_argument("--allow-link", action="append", default=[], metavar="PREFIX",
                        help="a URL prefix outside the site that pages may link to")
    parser.add_argument("--server-root", help="where DIR will be on the web server, if not "
                        "here (the configurations name it)")
    parser.add_argument("--nginx-brotli", action="store_true",
                        help="nginx has the brotli module (Debian: libnginx-mod-http-brotli-filter)")
    parser.add_argument("--reload", metavar="CMD", help="command that reloads the web server, "
                        "run when its configuration changed, before the switch")
    parser.add_argument("--rollback", action="store_true", help="make the build before the live one live")
    parser.add_argument("--switch", metavar="BUILD", help="make the kept build BUILD live")
    args = parser.parse_args(argv)
    # MkDocs reports a build's warnings and errors (a bad order source: file:line) by logging.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        if args.rollback or args.switch:
            return switch_to(args.dir, args.switch)
        if not args.base_url:
            parser.error("--base-url is required to publish")
        if args.keep < 2:
            parser.error("--keep must be at least 2 (the live build and one to roll back to)")
        return publish(args.dir, args.base_url, args.keep, tuple(args.allow_link),
                       args.server_root, args.nginx_brotli, args.reload)
    except PublishError as exc:
        print(f"publish: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    except OSError as exc:
        print(f"publish: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return EXIT_PROBLEM


if __name__ == "__main__":
    sys.exit(main())
