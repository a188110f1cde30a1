"""python -m quiz package: the sign-off quiz of an order as a SCORM package (CPython only).

    python -m quiz package --format scorm12|scorm2004 [--order SLUG] [--out FILE.zip]
                           [--pass-mark N] [--mastery-score | --no-mastery-score]
                           [--identifier ID]

One zip a learning system imports: imsmanifest.xml (SCORM 1.2, or SCORM 2004 3rd edition)
with one SCO, index.html, which runs the site's own quiz code (web/quiz_app.py and the
modules it imports, as the site ships them: the same bytecode) with the site's loader on the
site's pinned runtime (model.tools.runtime), the bank and the order's text. Everything is
inside and addressed relatively: nothing is loaded from the site or any other origin, and
there is no service worker. The same inputs give the same bytes (fixed
time stamps, names in order, no clock in any file), so a package can be rebuilt and compared.

--pass-mark other than the bank's makes a bank of its own (its own version, as records must
name the pass mark they were graded on): it is stored in the archive (quiz/archive/, like
`python -m quiz archive`) so `python -m quiz verify` accepts records made with the package.
Commit the archived file. The mastery score tells the learning system the pass mark (SCORM
1.2 adlcp:masteryscore; 2004 a primary objective satisfied by measure); some systems want it,
some refuse it.
"""
import argparse
import hashlib
import io
import json
import os
import re
import zipfile
from typing import Any

from model.escape import html as esc
from model.tools import bytecode, cli
from model.tools.layout import ROOT
from model.tools.orders import Order, load_orders
from model.tools.runtime import (INTERPRETER, LOADER_FILE, AppError, app_modules, loader_script,
                                 runtime_files)
from quiz import scorm
from quiz.bank import bank_version, correct_ids
from quiz.tools import archive as cli_archive
from quiz.tools import bank as cli_bank
from quiz.tools.package_pages import STYLESHEET, launch_page, order_page, stylesheet

FORMATS = {"scorm12": "1.2", "scorm2004": "2004"}
MAIN = "web/quiz_app.py"
MANIFEST = "imsmanifest.xml"
LAUNCH = "index.html"
# Learning systems serve files by their extension and many do not know ".mjs": the
# interpreter is packed as ".js", which every server sends as JavaScript.
RENAMED = {INTERPRETER: INTERPRETER[:-len(".mjs")] + ".js"}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)   # the earliest time a zip can hold: no build-time clock
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,99}$")   # an XML ID (NCName), bounded


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    """The package subcommand of python -m quiz."""
    package = commands.add_parser("package", parents=[common], help="build a SCORM package "
                                  "of the quiz for a learning system")
    package.add_argument("--format", required=True, choices=sorted(FORMATS),
                         help="scorm12 (SCORM 1.2) or scorm2004 (SCORM 2004 3rd edition)")
    package.add_argument("--order", help="order slug, e.g. dgo-i-19 (default: the only one)")
    package.add_argument("--out", help="zip file to write (default: policy-desk-SLUG-"
                         "VERSION-FORMAT.zip in the current folder)")
    package.add_argument("--pass-mark", type=int, help="percent needed to pass (default: "
                         "the bank's)")
    package.add_argument("--mastery-score", action=argparse.BooleanOptionalAction, default=True,
                         help="write the pass mark into the manifest as the mastery score "
                         "(default: yes)")
    package.add_argument("--identifier", help="the manifest's identifier (default: "
                         "policy-desk-SLUG-VERSION)")
    package.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    orders = load_orders(args.policies)
    bank = _bank(cli_bank.load_banks(orders, args.banks), args.order)
    order = [o for o in orders if o.slug == bank["slug"]][0]
    published = bank["version"]
    if args.pass_mark is not None:
        if not 1 <= args.pass_mark <= 100:
            raise cli.Refused(f"--pass-mark {args.pass_mark}: give a whole percent from 1 to 100")
        bank = with_pass_mark(bank, args.pass_mark)
    identifier = args.identifier or f"policy-desk-{bank['slug']}-{bank['order']['version']}"
    if not IDENTIFIER.match(identifier):
        raise cli.Refused(f"--identifier {identifier!r}: use letters, digits, '-', '_' and '.', "
                          "starting with a letter (at most 100)")
    try:
        files = package_files(order, bank, FORMATS[args.format], args.mastery_score, identifier)
    except AppError as exc:
        raise cli.Refused(str(exc))
    if bank["version"] != published:
        path, created = cli_archive.archive_bank(bank, args.archive)
        print(f"{'archived' if created else 'already archived'}: {path} (bank version "
              f"{bank['version']}, pass mark {bank['pass_mark']} %): commit it, so records made "
              "with this package verify")
    out = args.out or (f"policy-desk-{bank['slug']}-{bank['order']['version']}-"
                       f"{args.format}.zip")
    data = zip_bytes(files)
    _write(out, data)
    print(f"{out}\n  {len(data)} bytes, {len(files)} files\n  sha256 {hashlib.sha256(data).hexdigest()}")
    return cli.OK


def _bank(banks: dict[str, Any], slug: str | None) -> dict[str, Any]:
    if slug is None and len(banks) == 1:
        return next(iter(banks.values()))
    if slug not in banks:
        raise cli.Refused(f"choose an order with --order ({', '.join(sorted(banks))})")
    return banks[slug]


def with_pass_mark(bank: dict[str, Any], pass_mark: int) -> dict[str, Any]:
    """The bank with another pass mark: a bank of its own, with its own version."""
    if pass_mark == bank["pass_mark"]:
        return bank
    changed = dict(bank, pass_mark=pass_mark)
    changed["version"] = bank_version(changed)
    return changed


def _write(path: str, data: bytes) -> None:
    """Whole or not at all (a temporary file, then a rename), like every output of the CLIs."""
    folder = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise cli.Refused(f"{path}: cannot be written: {exc.strerror}")


# ---------------------------------------------------------------- what the zip holds

def package_files(order: Order, bank: dict[str, Any], version: str, mastery: bool,
                  identifier: str) -> dict[str, bytes]:
    """{path in the zip: bytes}, the manifest first."""
    refuse_unreportable(bank, version)
    data_path = f"data/quiz/{bank['slug']}.json"
    files: dict[str, bytes] = {}
    for path, content in runtime_files().items():
        files[RENAMED.get(path, path)] = content
    files[LOADER_FILE] = loader_script().encode("utf-8")
    with open(os.path.join(ROOT, MAIN), "rb") as handle:
        files[f"py/{MAIN}"] = handle.read()   # the loader runs the app's script from source
    modules = app_modules(MAIN)   # {"mpy/quiz/grade.mpy": "quiz/grade.mpy", …}
    sources = {}
    for compiled in modules.values():
        module = compiled[:-len(".mpy")] + ".py"
        with open(os.path.join(ROOT, module), encoding="utf-8") as handle:
            sources[module] = handle.read()
    try:
        code = bytecode.compile_modules(sources)
    except bytecode.BytecodeError as exc:
        raise AppError(str(exc))
    files.update({site: code[compiled] for site, compiled in modules.items()})
    files[data_path] = json.dumps(bank, ensure_ascii=False, sort_keys=True).encode("utf-8")
    files[f"orders/{bank['slug']}/index.html"] = order_page(order).encode("utf-8")
    files[STYLESHEET] = stylesheet().encode("utf-8")
    files[LAUNCH] = launch_page(bank, MAIN, modules, data_path, version,
                                RENAMED[INTERPRETER]).encode("utf-8")
    manifest = (manifest_12 if version == "1.2" else manifest_2004)(
        bank, sorted(files), mastery, identifier)
    return {MANIFEST: manifest.encode("utf-8"), **{path: files[path] for path in sorted(files)}}


def refuse_unreportable(bank: dict[str, Any], version: str) -> None:
    """AppError when an answer to a question of bank could not be reported in version's data
    model (SCORM 1.2 knows options only as single letters or digits, for one)."""
    problems = []
    for question in bank["questions"]:
        for chosen in (correct_ids(question), [o["id"] for o in question["options"]][:1]):
            values = scorm.interaction_values(version, 0, 1, 1, question, chosen,
                                              "2026-01-01T00:00:00Z")
            problems += [f"question {question['id']}: {p}" for element, value in values
                         for p in scorm.problems(version, element, value)]
    if problems:
        raise AppError(f"the questions cannot be reported in SCORM {version}:\n  "
                       + "\n  ".join(sorted(set(problems))))


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """The zip of files, in their order, with fixed times and permissions: same files, same
    bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, content in files.items():
            info = zipfile.ZipInfo(path, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3               # Unix, whatever builds it
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            archive.writestr(info, content, compresslevel=9)
    return buffer.getvalue()


def title(bank: dict[str, Any]) -> str:
    order = bank["order"]
    return (f"{order['series']} {order['number']} {order['title']}: sign-off quiz "
            f"(order version {order['version']})")


def _resource(paths: list[str], scorm_type: str) -> str:
    files = "".join(f'\n      <file href="{esc(path)}"/>' for path in paths if path != MANIFEST)
    return (f'  <resources>\n    <resource identifier="quiz-sco" type="webcontent" '
            f'{scorm_type}="sco" href="{LAUNCH}">{files}\n    </resource>\n  </resources>\n')


def manifest_12(bank: dict[str, Any], paths: list[str], mastery: bool, identifier: str) -> str:
    """imsmanifest.xml for SCORM 1.2 (IMS CP 1.1.2 with ADL's adlcp_rootv1p2)."""
    score = (f"\n        <adlcp:masteryscore>{bank['pass_mark']}</adlcp:masteryscore>"
             if mastery else "")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<manifest identifier="{esc(identifier)}" version="{esc(bank["order"]["version"])}"\n'
        '  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"\n'
        '  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"\n'
        '  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
        '  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd '
        'http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd '
        'http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">\n'
        "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n"
        "  </metadata>\n"
        '  <organizations default="quiz-organization">\n'
        '    <organization identifier="quiz-organization">\n'
        f"      <title>{esc(title(bank))}</title>\n"
        '      <item identifier="quiz-item" identifierref="quiz-sco" isvisible="true">\n'
        f"        <title>{esc(title(bank))}</title>{score}\n"
        "      </item>\n    </organization>\n  </organizations>\n"
        + _resource(paths, "adlcp:scormtype") + "</manifest>\n")


def manifest_2004(bank: dict[str, Any], paths: list[str], mastery: bool, identifier: str) -> str:
    """imsmanifest.xml for SCORM 2004 3rd edition (IMS CP 1.1.4 with ADL CP, sequencing and
    navigation 1.3). The content reports completion and success itself; with a mastery score,
    the primary objective is satisfied by a scaled score of at least the pass mark."""
    objective = ""
    if mastery:
        objective = ("\n          <imsss:objectives>\n"
                     '            <imsss:primaryObjective objectiveID="sign-off" '
                     'satisfiedByMeasure="true">\n'
                     f"              <imsss:minNormalizedMeasure>{_fraction(bank['pass_mark'])}"
                     "</imsss:minNormalizedMeasure>\n"
                     "            </imsss:primaryObjective>\n          </imsss:objectives>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<manifest identifier="{esc(identifier)}" version="{esc(bank["order"]["version"])}"\n'
        '  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"\n'
        '  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"\n'
        '  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"\n'
        '  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"\n'
        '  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"\n'
        '  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
        '  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd '
        'http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd '
        'http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd '
        'http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd '
        'http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">\n'
        "  <metadata>\n    <schema>ADL SCORM</schema>\n"
        "    <schemaversion>2004 3rd Edition</schemaversion>\n  </metadata>\n"
        '  <organizations default="quiz-organization">\n'
        '    <organization identifier="quiz-organization">\n'
        f"      <title>{esc(title(bank))}</title>\n"
        '      <item identifier="quiz-item" identifierref="quiz-sco">\n'
        f"        <title>{esc(title(bank))}</title>\n"
        f"        <imsss:sequencing>{objective}\n"
        '          <imsss:deliveryControls completionSetByContent="true" '
        'objectiveSetByContent="true"/>\n'
        "        </imsss:sequencing>\n"
        "      </item>\n    </organization>\n  </organizations>\n"
        + _resource(paths, "adlcp:scormType") + "</manifest>\n")


def _fraction(percent: int) -> str:
    """80 -> "0.8", 100 -> "1" (an xs:decimal)."""
    if percent == 100:
        return "1"
    return ("0.%02d" % percent).rstrip("0")
