"""python -m model.tools.revise SOURCE: keep an order's current version before revising its text.

    python -m model.tools.revise policies/dgo-i-19.yaml

Copies the source, as it is, to policies/<slug>/history/<n>.yaml (n: its version number, the
layout of model.tools.versions), with its status set to superseded if it was in force (a
draft stays a draft, a rescinded order rescinded), and prints what to do next. Until the text
of SOURCE is edited the build refuses the two identical versions, so a copy made by mistake
cannot be published unnoticed. Refuses (exit status 2) when the source does not load or this
version is already in the history.
"""
import argparse
import os
import re
from typing import Sequence

from model.tools import cli
from model.tools.cli import OK, Refused, write_atomic
from model.tools.orders import Order, load_orders
from model.tools.versions import history_folder
from model.tools.yaml_source import read_text

PROG = "python -m model.tools.revise"
STATUS_LINE = re.compile(r"^status:[ \t]*effective[ \t]*$", re.M)
NEXT_STEPS = """\
Next, in {source}:
  1. edit the policy text;
  2. set status, date_signed and effective_date of the new version (status: draft and no
     dates until it is signed);
  3. replace `revision:` with this version's: summary (the issuer's words), renumbered
     {{old id: new id}} and removed [old ids] for sections that moved or went;
  4. run ./dev.sh serve: the build names every quiz question and helper rule whose quote no
     longer matches the text, with its id and the section.
Before publishing, `python -m quiz archive` must have archived the bank signed until now."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description="Keep an order's current version "
                                     "in its history before revising the text.")
    parser.add_argument("source", help="the order's source, e.g. policies/dgo-i-19.yaml")
    parser.set_defaults(run=run_revise)
    return cli.run(PROG, parser, argv)


def run_revise(args: argparse.Namespace) -> int:
    order = _current_order(args.source)
    number = len(order.history) + 1
    target = os.path.join(history_folder(order), f"{number}.yaml")
    if os.path.exists(target):
        raise Refused(f"{target} already exists; version {number} is already in the history")
    text = STATUS_LINE.sub("status: superseded", read_text(order.path), count=1)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    write_atomic(target, text, "history file")
    print(f"Version {number} of {order.name} ({order.data['version']}, "
          f"{'superseded' if order.source['status'] == 'effective' else order.source['status']}) "
          f"kept as {target}.")
    print(NEXT_STEPS.format(source=order.path))
    return OK


def _current_order(source: str) -> Order:
    folder, name = os.path.split(os.path.abspath(source))
    for order in load_orders(folder):
        if os.path.basename(order.path) == name:
            return order
    raise Refused(f"{source} is not an order's source (policies/<series>-<number>.yaml)")


if __name__ == "__main__":
    cli.start(main)
