"""Read a YAML source (an order, its rules, a question bank) safely, keeping every value's line,
so each problem can be reported as `file:line: field: message` and stop the build.

Why our own loader:
- PyYAML's plain loader forgets where values came from and silently keeps the last of two
  duplicate keys; both would hide mistakes in a policy source.
- Sources are written by people and may be hostile or broken: the file must be a regular
  file of bounded size and UTF-8; aliases (`*name`, the "billion laughs" bomb) are refused,
  as are complex keys (`? [a, b]`) and nesting deeper than any real source needs (20,000
  levels would exhaust Python's recursion). Every failure is a SourceError line, never a
  traceback.
"""
import os
import stat
from typing import Any, Iterable

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner


class PythonEvents(Reader, Scanner, Parser):
    """PyYAML's scanner and parser in Python: the events of a stream."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


try:  # libyaml's scanner and parser in C: the same events, and sources load ~10x faster
    from yaml import _yaml
    CEvents: Any = _yaml.CParser
except ImportError:  # PyYAML built without libyaml
    CEvents = None

MAX_SOURCE_BYTES = 2_000_000   # the largest real source (a question bank) is ~150 kB
MAX_DEPTH = 40                 # an order nests ~8 levels deep

# Scalars only: turns "2024-01-31" into a date and "null" into None, as safe_load would.
_CONSTRUCTOR = yaml.SafeLoader("")

Path = tuple[Any, ...]
Problem = tuple[Path, str]


class SourceError(Exception):
    """One or more problems in sources; str() lists them one per line (file:line: field: …)."""

    def __init__(self, errors: Iterable[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class Located:
    """A loaded document plus the 1-based line of each value, keyed by its path tuple."""

    def __init__(self, path: str, data: Any, lines: dict[Path, int],
                 problems: list[tuple[int, str, str]]) -> None:
        self.path = path
        self.data = data
        self.lines = lines
        self.problems = problems  # (line, field, message) found while loading

    def line(self, field_path: Path) -> int:
        """Line of the value at field_path, or of its nearest located parent."""
        key = tuple(field_path)
        while key not in self.lines and key:
            key = key[:-1]
        return self.lines.get(key, 1)


class _Refused(yaml.MarkedYAMLError):
    """A construct we do not accept, reported at its place in the file like a syntax error."""

    def __init__(self, mark: Any, problem: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class _SafeComposer(Composer):
    """PyYAML's composer (in Python, so it can refuse aliases and bound depth) with the safe
    scalar resolver, over the events of whichever parser comes next in the class."""

    def __init__(self) -> None:
        SafeConstructor.__init__(self)  # type: ignore[arg-type]
        Resolver.__init__(self)  # type: ignore[arg-type]
        Composer.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        mark = getattr(self.peek_event(), "start_mark", None)  # type: ignore[attr-defined]
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            raise _Refused(mark, "aliases (*name) are not allowed in a source; write the "
                                 "value out in full")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(mark, f"nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def loader_class(events: Any) -> Any:
    """A loader over events (CEvents or PythonEvents): both must read a source alike."""
    class Loader(_SafeComposer, events, SafeConstructor, Resolver):
        def __init__(self, stream: str) -> None:
            events.__init__(self, stream)
            _SafeComposer.__init__(self)
    return Loader


_Loader = loader_class(CEvents or PythonEvents)


def read_text(path: str, limit: int = MAX_SOURCE_BYTES) -> str:
    """The UTF-8 text of a regular file of at most limit bytes (stat before reading, so a
    FIFO, a device or a huge file is refused without reading it). Raises SourceError."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError([f"{path}:1: (file): not a regular file"])
        if info.st_size > limit:
            raise SourceError([f"{path}:1: (file): {info.st_size} bytes; a source may have at "
                               f"most {limit} bytes"])
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise SourceError([f"{path}:1: (file): cannot read: {exc.strerror}"])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise SourceError([f"{path}:{line}: (file): not UTF-8 text (byte {exc.start + 1}); "
                           "save the file as UTF-8"])


def read_source(path: str) -> Located:
    """The located YAML document in path; every file and syntax problem as SourceError."""
    text = read_text(path)
    try:
        root = _Loader(text).get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise SourceError([f"{path}:{line}: (syntax): not valid YAML: "
                           f"{getattr(exc, 'problem', None) or exc}"])
    lines: dict[Path, int] = {}
    problems: list[tuple[int, str, str]] = []
    data = _convert(root, (), lines, problems) if root is not None else None
    return Located(path, data, lines, problems)


def _convert(node: Any, path: Path, lines: dict[Path, int],
             problems: list[tuple[int, str, str]]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, path, lines, problems)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), lines, problems) for i, item in enumerate(node.value)]
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except yaml.YAMLError as exc:  # e.g. a !!python tag or a malformed timestamp
        problems.append((lines[path], dotted(path), f"cannot read this value: "
                                                     f"{getattr(exc, 'problem', None) or exc}"))
        return None


def _convert_mapping(node: Any, path: Path, lines: dict[Path, int],
                     problems: list[tuple[int, str, str]]) -> dict[Any, Any]:
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append((key_node.start_mark.line + 1, dotted(path),
                             "a key must be plain text, not a list or mapping"))
            continue
        key = _convert(key_node, path + ("(key)",), lines, problems)
        if key in result:
            problems.append((key_node.start_mark.line + 1, dotted(path + (key,)), "duplicate key"))
        result[key] = _convert(value_node, path + (key,), lines, problems)
    return result


def dotted(path: Path) -> str:
    """('parts', 0, 'title') -> 'parts[0].title'"""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def raise_problems(located: Located, found: list[Problem]) -> None:
    """Raise SourceError if the file has problems: its YAML ones and found, [(field_path,
    message)], each as "file:line: field: message", sorted by line."""
    problems = list(located.problems)
    problems += [(located.line(p), dotted(p), msg) for p, msg in found]
    if problems:
        raise SourceError(f"{located.path}:{line}: {field}: {msg}"
                          for line, field, msg in sorted(problems, key=lambda p: (p[0], p[1])))


def check_keys(mapping: dict[Any, Any], path: Path, allowed: Iterable[str],
               required: Iterable[str]) -> list[Problem]:
    """Problems for keys not allowed and required keys missing or empty."""
    allowed = tuple(allowed)
    problems = []
    for key in mapping:
        if key not in allowed:
            problems.append((path + (key,), f"unknown key {key!r}; allowed: {', '.join(allowed)}"))
    for key in required:
        if mapping.get(key) in (None, "", []):
            problems.append((path + (key,), f"missing required field {key!r}"))
    return problems
