"""The shape every command line of Policy Desk shares (python -m checker | quiz | audit).

- Arguments are parsed with argparse; each subcommand (or the command itself) sets
  `run=function(args) -> exit status` with set_defaults.
- Exit status: OK 0 done; FAILED 1 done, but something was rejected or failed (the output
  says what); USAGE 2 could not run: bad arguments or input refused, with the reason;
  INTERNAL 3 a bug (the message says what broke and asks to report it). A command may add
  its own statuses above these (the checker's "more facts needed").
- Errors go to stderr as `prog: message`, every line made safe for a terminal (a record's
  name with escape sequences is shown, never obeyed); never a traceback.
- Files named on the command line are read with read_bounded: regular files only, size
  checked with stat before reading, so /dev/zero, a FIFO or a huge file cannot hang or
  exhaust the machine.
"""
import argparse
import os
import stat
import sys
from typing import Callable, Iterable, NoReturn, Sequence

from model.escape import terminal
from model.tools.yaml_source import SourceError

OK, FAILED, USAGE, INTERNAL = 0, 1, 2, 3
INTERRUPTED = 130


class Refused(Exception):
    """Input the command cannot use; message and details are printed, exit status USAGE.
    reason: the message without the name of the file it is about (for one-line reports)."""

    def __init__(self, message: str, details: Iterable[str] = (), reason: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details)
        self.reason = reason or message


def error(prog: str, message: str, details: Iterable[str] = ()) -> None:
    """Print `prog: message` and one indented line per detail to stderr, terminal-safe."""
    print(f"{prog}: {terminal(message)}", file=sys.stderr)
    for line in details:
        print(f"  {terminal(line)}", file=sys.stderr)


def run(prog: str, parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    """Parse argv and run the chosen command; every failure becomes a message and a status."""
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
        return status
    except Refused as exc:
        error(prog, exc.message, exc.details)
        return USAGE
    except SourceError as exc:
        error(prog, "a source is invalid:", exc.errors)
        return USAGE
    except KeyboardInterrupt:
        error(prog, "interrupted")
        return INTERRUPTED
    except BrokenPipeError:
        raise
    except Exception as exc:  # a bug: still no traceback for the person at the keyboard
        error(prog, f"internal error ({type(exc).__name__}: {exc}); please report this")
        return INTERNAL


def start(main: Callable[[], int]) -> NoReturn:
    """The body of a package's __main__.py: run main and exit with its status."""
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:  # output piped into `head`: not an error worth a traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        status = FAILED
    sys.exit(status)


def read_bounded(path: str, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most limit bytes; Refused otherwise.

    The file is opened without waiting (O_NONBLOCK: a FIFO with no writer would block the
    open itself) and checked on the opened descriptor, so a file swapped for a pipe or a
    device between a check and the read is still refused."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise _refused(path, f"is a folder, not a {what}")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise _refused(path, f"is not a regular file (a device, pipe or socket); give a "
                                     f"{what} saved on disk")
            if info.st_size > limit:
                raise _refused(path, f"{info.st_size} bytes is larger than a {what} can be "
                                     f"({limit} bytes at most)")
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise _refused(path, "no such file")
    except OSError as exc:
        raise _refused(path, f"cannot read the {what}: {exc.strerror}")
    if len(data) > limit:  # grew between stat and read
        raise _refused(path, f"larger than a {what} can be ({limit} bytes at most)")
    return data


def _refused(path: str, reason: str) -> Refused:
    return Refused(f"{path}: {reason}", reason=reason)


def write_atomic(path: str, text: str, what: str = "") -> None:
    """Write text to path whole or not at all: a temporary file beside it, then a rename, so
    a full disk or an interruption never leaves half a file (or destroys the old one)."""
    folder = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        try:
            os.remove(temporary)
        except OSError:
            pass
        raise Refused(f"{what + ' ' if what else ''}{path}: cannot be written: {exc.strerror}")
