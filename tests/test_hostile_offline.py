"""Offline saving refused (issue 12): when the browser cannot save the site (a file missing
from the server, or no storage allowed), the status line says so and stays so — it never
shows "Saving for offline use… 75 %" for good — and a later visit tries again.

Case ids are listed in tests/cases/hostile_inputs.yaml.
"""
import shutil

import pytest

from conftest import page_errors, serve, stop

STATUS = ".policy-desk-offline"
FAILED = STATUS + '[data-offline="failed"]'
READY = STATUS + '[data-offline="ready"]'


@pytest.fixture
def site_copy(site_dir, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    return copy


def settle(page, seconds=3):
    """Time for the install's other downloads (and any late progress message) to finish."""
    page.wait_for_timeout(seconds * 1000)


def test_offline_missing_file_says_not_saved_then_retries(page, site_copy):
    # The first file the worker saves is missing: the other downloads go on for a while.
    held_back = site_copy / "404.html"
    kept = held_back.read_bytes()
    held_back.unlink()
    server, url = serve(site_copy)
    try:
        page.goto(url)
        page.wait_for_selector(FAILED, timeout=30000)
        settle(page)
        assert page.get_attribute(STATUS, "data-offline") == "failed"
        text = page.inner_text(STATUS)
        assert text.startswith("Not saved for offline use") and "next visit" in text
        assert "%" not in text

        held_back.write_bytes(kept)             # a later visit, with the site whole again
        page.goto(url + "glossary/")
        page.wait_for_selector(READY, timeout=30000)
        assert [e for e in page_errors(page) if "404" not in e] == []
    finally:
        stop(server)


def test_offline_storage_refused_says_so(page, context, site_copy):
    server, url = serve(site_copy)
    try:
        page.goto(url + "glossary/")            # before saving starts: room for 1 kB only
        cdp = context.new_cdp_session(page)
        cdp.send("Storage.overrideQuotaForOrigin", {"origin": url.rstrip("/"), "quotaSize": 1024})
        page.goto(url)
        page.wait_for_selector(FAILED, timeout=30000)
        settle(page)
        assert page.get_attribute(STATUS, "data-offline") == "failed"
        assert "space" in page.inner_text(STATUS)
    finally:
        stop(server)
