"""A second, synthetic order (tests/data/checker/synthetic/, never published) built and answered
by the same engine, command line and helper page as DGO I-19: the code knows no order.

The site is built from a policies folder holding the real order (the quiz bank needs it) and
the synthetic ones, with a documentation folder whose only app page is a helper for DGO Z-1
(mkdocs' INHERIT keeps everything else of mkdocs.yml). The order page offers the helper only
for an order a helper page serves, and a helper page for an order without rules fails the build.
"""
import json
import os
import shutil
import subprocess
import sys

import pytest

import checker
from checker.tools.rules_source import load_rulebook
from model.tools.orders import load_orders
from tests.conftest import page_errors, serve, stop

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYNTHETIC = os.path.join(ROOT, "tests", "data", "checker", "synthetic")
READY = '#helper-app[data-state="ready"]'
CASES = [  # written from the synthetic order's text
    ({"subject": "rain", "on_duty_outdoors": "yes", "lightning": "no"}, "required", ["A-1"]),
    ({"subject": "rain", "on_duty_outdoors": "yes", "lightning": "yes"}, "not_required", ["A-1"]),
    ({"subject": "rain", "on_duty_outdoors": "yes", "lightning": "not_sure"}, "conditional", ["A-1"]),
    ({"subject": "rain", "on_duty_outdoors": "no"}, "not_required", ["A-1"]),
    ({"subject": "indoors"}, "prohibited", ["B-1"]),
    ({"subject": "lost"}, "obligation", ["A-2"]),
    ({"question": "lost"}, "obligation", ["A-2"]),
]


def synthetic_book():
    order = [o for o in load_orders(SYNTHETIC) if o.slug == "dgo-z-1"][0]
    return order, checker.Book(load_rulebook(order))


@pytest.mark.parametrize("facts, verdict, cites", CASES)
def test_the_engine_answers_the_synthetic_order(facts, verdict, cites):
    order, book = synthetic_book()
    result = checker.decide(facts, book, order.data["sections"])
    assert (result["verdict"], result["cites"]) == (verdict, cites)


def test_its_questions_entry_and_readings_are_its_own():
    order, book = synthetic_book()
    assert checker.decide({}, book)["questions"][0]["question"] == "What is your question about?"
    assert checker.decide({"subject": "rain"}, book)["questions"][0]["fact"] == "on_duty_outdoors"
    result = checker.decide({"subject": "indoors"}, book)
    assert result["readings"] == [{"id": "b1-points-to-a3", "title": "B-1 points to a section "
                                   "A-3 the order does not have",
                                   "url": "helper/readings/#dgo-z-1-b1-points-to-a3"}]


def cli(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "checker", "--policies", SYNTHETIC, *args],
                          input=stdin, cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_the_command_line_answers_it():
    done = cli('{"subject": "rain", "on_duty_outdoors": true, "lightning": "YES"}')
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["verdict"] == "not_required" and result["exception"] == "A-1 exception: lightning"
    assert cli('{"subject": "rain"}').returncode == 4
    vocabulary = json.loads(cli("--vocabulary", "--json").stdout)
    assert [f["name"] for f in vocabulary["facts"]] == ["subject", "question", "on_duty_outdoors",
                                                        "lightning"]
    assert vocabulary["facts"][3]["topics"] == ["rain"]
    done = cli("--ask", stdin="3\n")
    assert done.returncode == 0 and "Report the loss to the Quartermaster" in done.stdout


# --- a site with the synthetic order and a helper page for it ---------------------------------

def synthetic_site(tmp_path, helper_order):
    """(mkdocs build result, site folder) of a site whose helper page serves helper_order."""
    policies = tmp_path / "policies"
    shutil.copytree(os.path.join(ROOT, "policies"), policies)
    for name in os.listdir(SYNTHETIC):
        if name.endswith(".yaml"):
            shutil.copy(os.path.join(SYNTHETIC, name), policies / name)
    docs = tmp_path / "docs"
    shutil.copytree(os.path.join(ROOT, "docs", "assets"), docs / "assets")
    (docs / "index.md").write_text("# Home\n\n<!-- policy-desk:orders -->\n", encoding="utf-8")
    with open(os.path.join(ROOT, "docs", "helper.md"), encoding="utf-8") as handle:
        helper = handle.read().replace("order=dgo-i-19 data=orders,checker",
                                       f"order={helper_order} data=orders,checker")
    (docs / "umbrellas.md").write_text(helper, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"""INHERIT: {ROOT}/mkdocs.yml
docs_dir: {docs}
theme:
  custom_dir: {ROOT}/overrides
hooks:
  - {ROOT}/build_scripts/hooks.py
watch: []
nav:
  - Home: index.md
  - General Orders: orders/index.md
  - Umbrella helper: umbrellas.md
  - How the helper reads the order: helper/readings.md
  - Glossary: glossary.md
""", encoding="utf-8")
    site = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", POLICY_DESK_POLICIES=str(policies))
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                           str(config), "-d", str(site)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    return done, site


@pytest.fixture(scope="module")
def synthetic_url(tmp_path_factory):
    done, site = synthetic_site(tmp_path_factory.mktemp("synthetic"), "dgo-z-1")
    assert done.returncode == 0, done.stdout + done.stderr
    server, url = serve(site)
    yield url, site
    stop(server)


def test_the_site_ships_rules_only_for_orders_that_have_them(synthetic_url):
    _, site = synthetic_url
    shipped = sorted(os.listdir(site / "data" / "checker"))
    assert shipped == ["dgo-i-19.json", "dgo-z-1.json"]


def test_only_the_served_order_offers_the_helper(page, synthetic_url):
    url, _ = synthetic_url
    page.goto(url + "orders/dgo-z-1/")
    offer = page.get_by_role("link", name="Ask the decision helper")
    assert offer.count() == 1
    for other in ("orders/dgo-z-2/", "orders/dgo-i-19/"):   # no rules; rules but no page here
        page.goto(url + other)
        assert page.get_by_role("link", name="Ask the decision helper").count() == 0
    page.goto(url + "orders/dgo-z-1/")
    page.get_by_role("link", name="Ask the decision helper").click()
    page.wait_for_selector(READY)
    assert page.url.startswith(url + "umbrellas/")
    assert page_errors(page) == []


def test_the_helper_page_answers_the_synthetic_order(page, synthetic_url):
    url, _ = synthetic_url
    page.goto(url + "umbrellas/")
    page.wait_for_selector(READY)
    for label in ("Carrying my umbrella in the rain", "Yes", "I’m not sure"):
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Continue").click()
    heading = page.locator("#helper-result-heading")
    assert heading.inner_text().startswith("It depends")
    page.get_by_role("button", name="Change my last answer").click()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    assert heading.inner_text().startswith("Not required")
    result = page.locator(".helper-result").inner_text()
    assert "Exception that applies: A-1 exception: lightning" in result
    assert "Your judgement of whether the lightning makes carrying it dangerous" in result
    assert "DGO Z-1, A - 1. Carrying an Umbrella" in result
    texts = page.evaluate("all => all.map(f => window.policyDeskHelper.decide(JSON.stringify(f)))",
                          [facts for facts, _, _ in CASES])
    assert [(json.loads(t)["verdict"], json.loads(t)["cites"]) for t in texts] == \
        [(verdict, cites) for _, verdict, cites in CASES]
    page.goto(url + "umbrellas/?subject=indoors")
    page.wait_for_selector(READY)
    page.get_by_role("link", name="B-1 points to a section A-3 the order does not have").click()
    page.wait_for_url("**/helper/readings/#dgo-z-1-b1-points-to-a3")
    assert page.locator("#dgo-z-1-b1-points-to-a3").count() == 1
    assert page_errors(page) == []


def test_a_helper_page_for_an_order_without_rules_fails_the_build(tmp_path):
    done, _ = synthetic_site(tmp_path, "dgo-z-2")
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert "names data 'data/checker/dgo-z-2.json', which the build does not produce" in output
    assert "Traceback" not in output
