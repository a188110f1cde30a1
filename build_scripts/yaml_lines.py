"""Load YAML keeping the line of every value, so errors can name file:line:field.

PyYAML's plain loader forgets where values came from and silently keeps the last of two
duplicate keys; both would hide mistakes in a policy source, so we compose the node tree
ourselves.
"""
import yaml


# Scalars only: turns "2024-01-31" into a date and "null" into None, as safe_load would.
_CONSTRUCTOR = yaml.SafeLoader("")


class Located:
    """A loaded document plus the 1-based line of each value, keyed by its path tuple."""

    def __init__(self, path, data, lines, problems):
        self.path = path
        self.data = data
        self.lines = lines
        self.problems = problems  # (line, field, message) found while loading

    def line(self, field_path):
        """Line of the value at field_path, or of its nearest located parent."""
        key = tuple(field_path)
        while key not in self.lines and key:
            key = key[:-1]
        return self.lines.get(key, 1)


def load_located(path):
    """Read a YAML file; raise yaml.YAMLError for syntax errors (they carry their own mark)."""
    with open(path, encoding="utf-8") as handle:
        root = yaml.compose(handle, Loader=yaml.SafeLoader)
    lines, problems = {}, []
    data = _convert(root, (), lines, problems) if root is not None else None
    return Located(path, data, lines, problems)


def _convert(node, path, lines, problems):
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, path, lines, problems)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), lines, problems) for i, item in enumerate(node.value)]
    return _CONSTRUCTOR.construct_object(node, deep=True)


def _convert_mapping(node, path, lines, problems):
    result = {}
    for key_node, value_node in node.value:
        key = _CONSTRUCTOR.construct_object(key_node, deep=True)
        if key in result:
            problems.append((key_node.start_mark.line + 1, _dotted(path + (key,)), "duplicate key"))
        result[key] = _convert(value_node, path + (key,), lines, problems)
    return result


def _dotted(path):
    """('parts', 0, 'title') -> 'parts[0].title'"""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


dotted = _dotted
