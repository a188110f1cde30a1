"""python -m quiz package: the zips themselves. Built twice, byte-identical; the manifest read
with a real XML parser (the standard library's expat) and checked against what the IMS and ADL
schemas require (the schema files are not installed here; the SCORM 1.2 manifest was also
validated once against ADL's XSDs with xmllint, see docs/quiz-lms.md); every file it names is
in the zip and every file in the zip is reached from the launch page; addresses are relative;
the pages' Content-Security-Policy is the site's for such a page; the quiz code is the site's,
byte for byte (its script's source, its modules' bytecode), and so is the loader; the order's
text is the official text; the options behave."""
import datetime
import hashlib
import html.parser
import io
import json
import os
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from build_scripts import csp
from conftest import ROOT
from model.tools.layout import all_portable_modules, imported_modules
from model.tools.orders import load_orders
from model.tools.runtime import LOADER, LOADER_FILE
from policy_text import normalize, official_paragraphs
from quiz.tools import cli as quiz_cli
from quiz.tools.site_data import site_files
from test_quiz_helpers import current_bank, take_quiz

FORMATS = ("scorm12", "scorm2004")
NS = {"scorm12": {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
                  "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"},
      "scorm2004": {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1",
                    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
                    "imsss": "http://www.imsglobal.org/xsd/imsss"}}
SCHEMA_VERSION = {"scorm12": "1.2", "scorm2004": "2004 3rd Edition"}
SCORM_TYPE = {"scorm12": "scormtype", "scorm2004": "scormType"}


def build(tmp_path, fmt, *options, name=None):
    """(exit status, printed lines, zip bytes or None) of python -m quiz package."""
    out = tmp_path / (name or f"{fmt}.zip")
    stdout = io.StringIO()
    import contextlib
    with contextlib.redirect_stdout(stdout):
        status = quiz_cli.main(["package", "--format", fmt, "--out", str(out),
                                "--archive", str(tmp_path / "archive"), *options])
    data = out.read_bytes() if out.exists() else None
    return status, stdout.getvalue().splitlines(), data


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("packages")
    built = {}
    for fmt in FORMATS:
        status, lines, data = build(folder, fmt)
        assert status == 0, lines
        built[fmt] = {"lines": lines, "data": data, "zip": zipfile.ZipFile(io.BytesIO(data)),
                      "path": str(folder / f"{fmt}.zip")}
    return built


def files(package):
    return {info.filename: package["zip"].read(info) for info in package["zip"].infolist()}


def manifest(package, fmt):
    return ET.fromstring(package["zip"].read("imsmanifest.xml"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_inputs_give_the_same_bytes_and_the_command_says_what_it_wrote(packages, fmt, tmp_path):
    status, lines, again = build(tmp_path, fmt, name="again.zip")
    assert status == 0 and again == packages[fmt]["data"]
    first = packages[fmt]["lines"]
    assert first[0] == packages[fmt]["path"]
    assert f"{len(again)} bytes" in first[1]
    assert first[2].strip() == "sha256 " + hashlib.sha256(again).hexdigest()
    stamps = {info.date_time for info in packages[fmt]["zip"].infolist()}
    assert stamps == {(1980, 1, 1, 0, 0, 0)}
    names = [info.filename for info in packages[fmt]["zip"].infolist()]
    assert names[0] == "imsmanifest.xml" and names[1:] == sorted(names[1:])


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_manifest_describes_one_sco_with_the_orders_title_and_version(packages, fmt):
    ns = NS[fmt]
    root = manifest(packages[fmt], fmt)
    assert root.tag == f"{{{ns['cp']}}}manifest"
    assert root.findtext("cp:metadata/cp:schema", namespaces=ns) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == SCHEMA_VERSION[fmt]
    identifiers = [e.get("identifier") for e in root.iter() if e.get("identifier")]
    assert len(identifiers) == len(set(identifiers))
    assert all(re.fullmatch(r"[A-Za-z_][\w.-]*", i) for i in identifiers)  # xs:ID
    organizations = root.find("cp:organizations", ns)
    default = organizations.get("default")
    organization = organizations.find(f"cp:organization[@identifier='{default}']", ns)
    items = organization.findall("cp:item", ns)
    resources = root.findall("cp:resources/cp:resource", ns)
    assert len(items) == 1 and len(resources) == 1
    item, resource = items[0], resources[0]
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{{{ns['adlcp']}}}{SCORM_TYPE[fmt]}") == "sco"
    assert resource.get("type") == "webcontent" and resource.get("href") == "index.html"
    order = json.loads(packages[fmt]["zip"].read("data/quiz/dgo-i-19.json"))["order"]
    for title in (organization.findtext("cp:title", namespaces=ns), item.findtext("cp:title", namespaces=ns)):
        assert order["title"] in title and order["version"] in title
    assert root.get("version") == order["version"]
    if fmt == "scorm12":
        assert item.findtext("adlcp:masteryscore", namespaces=ns) == "80"
    else:
        sequencing = item.find("imsss:sequencing", ns)
        objective = sequencing.find("imsss:objectives/imsss:primaryObjective", ns)
        assert objective.get("satisfiedByMeasure") == "true"
        assert objective.findtext("imsss:minNormalizedMeasure", namespaces=ns) == "0.8"
        controls = sequencing.find("imsss:deliveryControls", ns)
        assert controls.get("completionSetByContent") == controls.get("objectiveSetByContent") == "true"
        # The schema's order inside <sequencing>: objectives before deliveryControls.
        assert [child.tag.split("}")[1] for child in sequencing] == ["objectives", "deliveryControls"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_file_is_named_in_the_manifest_and_reached_from_the_launch_page(packages, fmt):
    ns = NS[fmt]
    content = files(packages[fmt])
    named = [f.get("href") for f in manifest(packages[fmt], fmt).iter(f"{{{ns['cp']}}}file")]
    assert sorted(named) == sorted(name for name in content if name != "imsmanifest.xml")
    assert reached("index.html", content) == set(content) - {"imsmanifest.xml"}


def reached(start, content):
    """Every file reached from start: HTML src/href, the loader's config (its wasm and files),
    the settings' interpreter and data, JavaScript imports, the wasm beside the interpreter,
    the quiz's review links (the bank's section addresses, at their index.html) and CSS url()s."""
    seen, todo = set(), [start]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        assert path in content, f"{path} is referred to but not in the zip"
        seen.add(path)
        todo += references(path, content[path].decode("utf-8", "replace"))
    return seen


def references(path, text):
    """The files path refers to, as paths in the zip."""
    local, page = [], []   # addresses relative to path / to the launch page (the site root)
    if path.endswith(".html"):
        local += re.findall(r'(?:src|href)="([^"#]+)', text)
        for config in re.findall(r'config="([^"]+)"', text):
            loader = json.loads(html.unescape(config))
            local += [loader["wasm"]] + list(loader["files"])
        block = re.search(r'id="policy-desk-app">(.*?)</script>', text)
        if block:
            settings = json.loads(block.group(1).replace("<\\/", "</"))
            local += [settings["interpreter"]] + list(settings["data"].values())
    if path.endswith(".js"):
        local += re.findall(r'(?:from|import)\s*\(?"(\./[\w.-]+\.js)"', text)
        local += re.findall(r'"([\w-]+\.wasm)"', text)
    if path.startswith("data/quiz/"):
        page += [s["url"].split("#")[0] + "index.html" for s in json.loads(text)["sections"].values()]
    if path.endswith(".css"):
        local += re.findall(r"url\(['\"]?([^'\")]+)", text)
    return ([resolve(path, ref) for ref in local if not ref.startswith("data:")]
            + [resolve("index.html", ref) for ref in page])


def resolve(base, ref):
    assert not re.match(r"^[a-z]+:|^/", ref), f"{base}: {ref} is not a relative address"
    parts = base.split("/")[:-1]
    for piece in ref.split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)


@pytest.mark.parametrize("fmt", FORMATS)
def test_pages_carry_the_sites_policy_and_nothing_inline_runs(packages, fmt):
    content = files(packages[fmt])
    for page in ("index.html", "orders/dgo-i-19/index.html"):
        text = content[page].decode("utf-8")
        code = csp.inline_code(text, page)
        assert code.problems == [] and code.scripts == [] and code.styles == []
        assert csp.page_policy(text) == csp.render_policy([], [])
        assert "'unsafe-eval'" not in csp.page_policy(text)   # no PyScript: MicroPython alone
        assert text.index("Content-Security-Policy") < text.index("<link")
    assert not [name for name in content if name.endswith(("sw.js", ".webmanifest"))]
    assert b"serviceWorker" not in content["index.html"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_quiz_code_is_the_sites_and_so_is_its_bank(packages, fmt, site_dir):
    content = files(packages[fmt])
    main = "web/quiz_app.py"
    modules = imported_modules(main, all_portable_modules())
    # The app's script as source, the modules it imports as bytecode: the built site's bytes.
    assert [n[3:] for n in content if n.startswith("py/")] == [main]
    assert sorted(n[4:-4] + ".py" for n in content if n.startswith("mpy/")) == sorted(
        set(modules) - {main})
    for name in content:
        if name.startswith(("py/", "mpy/", "_runtime/micropython/micropython.wasm")):
            with open(os.path.join(site_dir, name), "rb") as handle:
                assert content[name] == handle.read(), name
    with open(os.path.join(site_dir, "_runtime/micropython/micropython.mjs"), "rb") as handle:
        assert content["_runtime/micropython/micropython.js"] == handle.read()
    # The same loader: the site inlines it in the quiz page, the package serves it as a file.
    with open(LOADER, "rb") as handle:
        assert content[LOADER_FILE] == handle.read()
    with open(os.path.join(site_dir, "quiz", "index.html"), encoding="utf-8") as handle:
        assert content[LOADER_FILE].decode("utf-8") in handle.read()
    assert not [n for n in content if "pyscript" in n]
    site = site_files(load_orders(os.path.join(ROOT, "policies")))
    assert content["data/quiz/dgo-i-19.json"].decode("utf-8") == site["data/quiz/dgo-i-19.json"]


def loader_config(page_html):
    return json.loads(html.unescape(re.search(r'<script type="mpy"[^>]* config="([^"]+)"',
                                              page_html).group(1)))


def test_the_loader_starts_the_quiz_as_on_the_site(packages, site_dir):
    """The same modules imported first, in the same order, as on the site's quiz page; the
    learning system's session (web/lms.py, imported inside the function that connects to it)
    is shipped but not imported at start-up: the site's quiz never runs it."""
    package = loader_config(packages["scorm2004"]["zip"].read("index.html").decode("utf-8"))
    with open(os.path.join(site_dir, "quiz", "index.html"), encoding="utf-8") as handle:
        site = loader_config(handle.read())
    assert package["imports"] == site["imports"]
    assert "quiz.session" in package["imports"] and "web.quiz_app" not in package["imports"]
    assert not {"web.lms", "quiz.scorm", "quiz.suspend"} & set(package["imports"])
    assert {"web/lms.mpy", "quiz/scorm.mpy", "quiz/suspend.mpy"} <= set(package["files"].values())
    assert sorted(package["files"].values()) == sorted(site["files"].values())


class PolicyText(html.parser.HTMLParser):
    """The text of every element marked data-policy, footnote markers left out."""

    def __init__(self):
        super().__init__()
        self.blocks, self.depth, self.skip = [], 0, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += 1
            self.skip += self.skip > 0 or attrs.get("class") == "fn-ref"
            if tag in ("p", "li", "br") and not self.skip:
                self.blocks.append("")
        elif "data-policy" in attrs:
            self.depth, self.skip = 1, 0
            self.blocks.append("")

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            self.skip = max(0, self.skip - 1) if self.skip else 0

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.blocks[-1] += data


def test_the_orders_text_in_the_package_is_the_official_text(packages):
    parser = PolicyText()
    parser.feed(packages["scorm12"]["zip"].read("orders/dgo-i-19/index.html").decode("utf-8"))
    lines = [normalize(block) for block in parser.blocks if normalize(block)]
    official = official_paragraphs()
    page = normalize(" ".join(lines))
    assert [p for p in official if p not in page] == []
    joined = normalize(" ".join(official))
    assert [line for line in lines if line not in joined] == []


def test_another_pass_mark_is_a_bank_of_its_own_kept_in_the_archive(tmp_path):
    status, lines, data = build(tmp_path, "scorm12", "--pass-mark", "90", "--no-mastery-score")
    assert status == 0
    package = zipfile.ZipFile(io.BytesIO(data))
    bank = json.loads(package.read("data/quiz/dgo-i-19.json"))
    assert bank["pass_mark"] == 90 and "archived:" in lines[0]
    assert os.path.exists(tmp_path / "archive" / "dgo-i-19" / f"{bank['version']}.json")
    assert b"masteryscore" not in package.read("imsmanifest.xml")
    # A record of the package's bank, made after it was archived (verify refuses one that
    # started before its bank existed).
    now = datetime.datetime.now(datetime.timezone.utc)
    times = [(now + datetime.timedelta(seconds=s)).strftime("%Y-%m-%dT%H:%M:%SZ") for s in (1, 2, 3)]
    record = tmp_path / "record.json"
    record.write_text(json.dumps(take_quiz(bank, wrong=1, start=times[0], finish=times[1],
                                           sign_at=times[2])["record"]), encoding="utf-8")
    assert quiz_cli.main(["verify", "--archive", str(tmp_path / "archive"), str(record)]) == 0
    assert quiz_cli.main(["verify", str(record)]) == 1   # unknown without the archived bank


@pytest.mark.parametrize("options", [["--pass-mark", "0"], ["--identifier", "1 bad"],
                                     ["--order", "dgo-x-1"]])
def test_bad_options_are_refused_with_a_reason(tmp_path, options, capsys):
    status, _, data = build(tmp_path, "scorm2004", *options)
    assert status == 2 and data is None
    assert capsys.readouterr().err.startswith("python -m quiz: ")


def test_a_bank_whose_answers_scorm_12_cannot_hold_is_refused():
    from quiz.tools.package import refuse_unreportable
    from model.tools.runtime import AppError
    bank = current_bank()
    refuse_unreportable(bank, "1.2")
    question = [q for q in bank["questions"] if q["kind"] == "single"][0]
    question["options"][0]["id"] = "first"   # a bank may name options with words
    refuse_unreportable(bank, "2004")
    with pytest.raises(AppError, match=f"question {question['id']}: .*single characters"):
        refuse_unreportable(bank, "1.2")
