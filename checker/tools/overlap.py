"""CPython only: the build's Catala check over a rulebook's conditions.

Conditions are conjunctions of "fact is one of these values", so whether two rules can fire on
the same facts is exact: every fact both name must allow a common value. Then:
- two rules that decide the verdict (both role "verdict", or both "fallback") and can fire
  together with different verdicts must have an exception between them (one names the other
  in exception_to), otherwise the answer would depend on list order: a conflict;
- an exception that can never fire where its rule fires is a mistake (its label would never
  show).
"""
from typing import Any

DECIDING = ("verdict", "fallback")


def can_fire_together(one: list, other: list) -> bool:
    """Whether some facts satisfy both lists of [fact, values] conditions."""
    values = {name: set(allowed) for name, allowed in one}
    return all(set(allowed) & values[name] for name, allowed in other if name in values)


def example(one: list, other: list) -> str:
    """Facts on which both conditions hold, as name=value pairs (for the message)."""
    chosen: dict[str, str] = {}
    for name, allowed in one + other:
        common = [v for v in allowed if all(v in a for n, a in one + other if n == name)]
        chosen.setdefault(name, common[0] if common else allowed[0])
    return ", ".join(f"{name}={value}" for name, value in chosen.items())


def conflicts(data: dict[str, Any]) -> list[tuple[int, int, str]]:
    """(index, other index, message) for every unlabelled overlap and every exception that
    cannot apply where its rule does; index is the rule the message is attached to."""
    rules = data["rules"]
    index_of = {rule["id"]: index for index, rule in enumerate(rules)}
    found = []
    for j, later in enumerate(rules):
        for i in range(j):
            earlier = rules[i]
            if _unlabelled_overlap(earlier, later):
                found.append((j, i, f"{later['id']} and {earlier['id']} can both decide the same "
                             f"facts ({example(earlier['when'], later['when'])}) with different "
                             f"verdicts ({later['verdict']} vs {earlier['verdict']}) and neither "
                             "is an exception to the other: add exception_to (with a label) to "
                             "the one that wins, or narrow their conditions"))
        for base in later["exception_to"]:
            if base in index_of and not can_fire_together(later["when"], rules[index_of[base]]["when"]):
                found.append((j, index_of[base], f"exception {later['id']} can never apply where "
                              f"{base} applies: their conditions exclude each other"))
    return found


def _unlabelled_overlap(one: dict[str, Any], other: dict[str, Any]) -> bool:
    deciding = one["role"] in DECIDING and one["role"] == other["role"]
    return (deciding and one["verdict"] != other["verdict"]
            and one["id"] not in other["exception_to"] and other["id"] not in one["exception_to"]
            and can_fire_together(one["when"], other["when"]))
