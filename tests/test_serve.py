"""`mkdocs serve` (the README's serve command runs it) regenerates pages when a source changes."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url, text, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


def test_serve_picks_up_an_edited_source(tmp_path):
    policies = tmp_path / "policies"
    shutil.copytree(os.path.join(ROOT, "policies"), policies)
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_DESK_POLICIES=str(policies))
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict",
                               "-a", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/orders/dgo-i-19/"
    try:
        assert wait_for(url, "Carry Requirements for Sworn Members"), "serve did not come up"
        source = policies / "dgo-i-19.yaml"
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("title: Carry Requirements for Sworn Members",
                                       "title: Carry Requirements for Sworn Members (edited)"),
                          encoding="utf-8")
        assert wait_for(url, "Carry Requirements for Sworn Members (edited)"), "edit not picked up"
    finally:
        server.terminate()
        server.wait(timeout=10)
