"""Which modules of a package are portable (shipped to the browser): the rule, written once.

A package keeps its portable engine at the top and its CPython-only code (command lines,
YAML loaders, site-data builders) under `tools/`; `__main__.py` only starts the command line.
So: every `*.py` of the package except `__main__.py` and anything under `tools/` is shipped.
The build (build_scripts/apps.py), the quiz's SCORM package (quiz/tools/package.py) and the
MicroPython tests (tests/mpy.py) all ask here; imported_modules says which of them an app
actually loads, and import_order in which order the page's loader imports them.
"""
import ast
import collections
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PACKAGES = ("model", "checker", "quiz", "audit", "web")  # the project's Python packages
CPYTHON_ONLY_FOLDER = "tools"
CPYTHON_ONLY_FILES = ("__main__.py",)


def is_portable(path: str) -> bool:
    """path: a repo-relative module path such as 'quiz/tools/cli.py' or 'quiz/grade.py'."""
    parts = path.replace(os.sep, "/").split("/")
    return (parts[-1].endswith(".py") and parts[-1] not in CPYTHON_ONLY_FILES
            and CPYTHON_ONLY_FOLDER not in parts[1:-1] and "__pycache__" not in parts)


def portable_modules(package: str) -> list[str]:
    """Repo-relative paths of the package's portable modules, sorted."""
    base = os.path.join(ROOT, package)
    if not os.path.isdir(base):
        raise FileNotFoundError(f"no package {package!r} in {ROOT}")
    modules = []
    for folder, dirs, names in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", CPYTHON_ONLY_FOLDER))
        for name in sorted(names):
            path = os.path.relpath(os.path.join(folder, name), ROOT).replace(os.sep, "/")
            if is_portable(path):
                modules.append(path)
    return modules


def read_modules(packages: list[str] | tuple[str, ...]) -> dict[str, str]:
    """{repo path: source text} of the portable modules of packages."""
    files = {}
    for package in packages:
        for path in portable_modules(package):
            with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
                files[path] = handle.read()
    return files


def all_portable_modules() -> set[str]:
    """Every portable module of the project's packages."""
    return {path for package in PACKAGES for path in portable_modules(package)}


def imported_modules(main: str, shipped: set[str]) -> list[str]:
    """Repo paths of the shipped modules that main imports, followed through each module."""
    found: set[str] = set()
    todo = [main]
    while todo:
        path = todo.pop()
        if path in found:
            continue
        found.add(path)
        todo += [module for module in _import_targets(path) if module in shipped]
    return sorted(found & (shipped | {main}))


def _import_targets(path: str, eager: bool = False) -> list[str]:
    """Candidate repo paths of what the module at path imports, at any depth of its code (or,
    eager, only what importing it runs: not the imports inside its functions).

    `import a.b` and `from a.b import c` run a/__init__.py and a/b(.py or /__init__.py); c may
    be a module too. Names that are not our modules (json, js…) simply match nothing.
    """
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    names = []
    for node in (_outside_functions(tree) if eager else ast.walk(tree)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute_module(path, node)
            names += [base] + [f"{base}.{alias.name}" for alias in node.names]
    targets = []
    for name in names:
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            targets += [prefix + "/__init__.py", prefix + ".py"]
    return targets


def _outside_functions(tree: ast.AST) -> list[ast.AST]:
    """The nodes of tree that run when the module is imported: all but function bodies, in
    ast.walk's order."""
    nodes, todo = [], collections.deque([tree])
    while todo:
        node = todo.popleft()
        nodes.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(node))
    return nodes


def _absolute_module(path: str, node: ast.ImportFrom) -> str:
    """The dotted module a `from … import` names, relative imports resolved against path."""
    if not node.level:
        return node.module or ""
    package = path.split("/")[:-1]
    base = package[:len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_order(main: str, shipped: set[str]) -> list[str]:
    """The dotted names of the shipped modules main imports, each after the modules it
    imports itself (depth first), main last. The loader imports them one per task, so no
    single task loads an app's whole import tree (a reader's tap waits for one module; a
    package whose __init__ imports all its modules still loads in one task).

    Package by package: importing any module of a package first runs the package's
    __init__, and with it every module that imports, so the packages a package needs come
    first, whole; otherwise the first step into `checker` would load `model` too.

    Only what importing main runs: a module imported inside a function is imported when that
    function runs, if it does (the quiz's web.lms, only in a SCORM package), not at start-up;
    imported_modules still ships it."""
    order: list[str] = []
    targets: dict[str, list[str]] = {}   # path -> the shipped modules importing it runs

    def visit(path: str) -> None:
        targets[path] = [target for target in _import_targets(path, eager=True) if target in shipped]
        for target in targets[path]:
            if target not in targets:
                visit(target)
        order.append(path)

    visit(main)
    by_package: dict[str, list[str]] = collections.defaultdict(list)
    needs: dict[str, set[str]] = collections.defaultdict(set)
    for path in order:
        by_package[_package(path)].append(path)
        needs[_package(path)].update(_package(target) for target in targets[path])
    grouped: list[str] = []
    done: set[str] = set()

    def place(package: str) -> None:
        done.add(package)
        for other in sorted(needs[package]):
            if other not in done:
                place(other)
        grouped.extend(by_package[package])

    place(_package(main))
    return [path[:-len(".py")].replace("/__init__", "").replace("/", ".") for path in grouped]


def _package(path: str) -> str:
    """The folder of the module at path ("" at the top): what importing it first runs."""
    return os.path.dirname(path)
