#!/usr/bin/env python3
"""The wire-name trees of an official Alibaba Cloud SDK's request and response models.

Reads one JSON object on stdin and prints one JSON object on stdout:

  in:  {"service": "sae", "operations": ["CreateNamespace", ...]}
  out: {"CreateNamespace": {"request": ["NamespaceId", ...] | null,
                            "response": ["Data", "Data.NamespaceId", "Data.Items[]", "Data.Items[].Name", ...] | null,
                            "values": {"Data.Status": ["RUNNING", "STOPPED"], ...}},
        ...}

"values" holds, for a wire name whose model comment says `Valid values:` and lists them as bullets
(`- **RUNNING**: ...`), those values, keyed by the name's path (request names are bare, response
names start with `response:`).

A Tea model's `from_map` reads each of its wire names from the mapping it is given, and hands the
value of a nested model to that model's own `from_map` (an item of a list to the item model's).
Feeding it a probe that answers every read with another probe therefore walks the whole tree
without any data: each read is a path, each iteration an array (`[]`). Maps (`Dict[str, X]`)
iterate nothing and stay leaves.
"""

import inspect
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import oracle as oracle_mod  # noqa: E402  (the same module lookup the wire oracle uses)

MAX_DEPTH = 12


class Probe(dict):
    """An always-truthy mapping that records the keys read from it and answers each with a probe;
    iterating it yields one item probe, so a list of models is walked once."""

    def __init__(self, path, paths, depth, values=None):
        super().__init__()
        self._path = path
        self._paths = paths
        self._depth = depth
        self._children = {}
        self._values = values if values is not None else {}

    def __bool__(self):
        return True

    def get(self, key, default=None):
        if self._depth >= MAX_DEPTH:
            return default
        if key not in self._children:
            path = f"{self._path}.{key}" if self._path else key
            self._paths.append(path)
            self._children[key] = Probe(path, self._paths, self._depth + 1, self._values)
            # The model reading the key is the caller's `self`: its comment lists the values.
            reader = sys._getframe(1).f_locals.get("self")
            listed = reader is not None and valid_values(type(reader)).get(key)
            if listed:
                self._values[path] = listed
        return self._children[key]

    def __getitem__(self, key):
        return self.get(key)

    def __contains__(self, key):
        return True

    def __iter__(self):
        if self._depth >= MAX_DEPTH:
            return iter(())
        path = self._path + "[]"
        if path not in self._paths:
            self._paths.append(path)
        return iter([Probe(path, self._paths, self._depth + 1, self._values)])

    def items(self):
        return iter(())

    def keys(self):
        return iter(())


_VALUES = {}
_ATTR = re.compile(r"^\s*self\.(\w+) = \1\s*$")
_WIRE = re.compile(r"^\s*result\['([^']+)'\] = self\.(\w+)")
_BULLET = re.compile(r"^-\s+\*\*([^*]+)\*\*")


def valid_values(cls):
    """Wire name -> the values its comment lists after `Valid values:`, for one model class."""
    if cls not in _VALUES:
        try:
            lines = inspect.getsource(cls).splitlines()
        except (OSError, TypeError):
            lines = []
        wire = {m.group(2): m.group(1) for m in map(_WIRE.match, lines) if m}
        found, comment = {}, []
        for line in lines:
            t = line.strip()
            if t.startswith("#"):
                comment.append(t.lstrip("#").strip())
                continue
            m = _ATTR.match(line)
            if m and m.group(1) in wire and any(re.search(r"Valid values?:", c) for c in comment):
                start = next(i for i, c in enumerate(comment) if re.search(r"Valid values?:", c))
                values = []
                for c in comment[start + 1:]:
                    b = _BULLET.match(c)
                    if b:
                        values.append(b.group(1).strip())
                    elif c and values:
                        break
                if values:
                    found[wire[m.group(1)]] = values
            comment = []
        _VALUES[cls] = found
    return _VALUES[cls]


def tree(model_cls, values, prefix):
    if model_cls is None:
        return None
    paths, found = [], {}
    try:
        model_cls().from_map(Probe("", paths, 0, found))
    except Exception as e:  # a model that does something with the value other than store it
        raise SystemExit(f"{model_cls.__name__}.from_map failed on the probe: {e!r}")
    values.update({prefix + k: v for k, v in found.items()})
    return paths


def main():
    spec = json.loads(sys.stdin.read())
    _, models = oracle_mod.alibaba_module(spec["service"])
    out = {}
    for op in spec["operations"]:
        values = {}
        out[op] = {
            "request": tree(getattr(models, op + "Request", None), values, ""),
            "response": tree(getattr(models, op + "ResponseBody", None), values, "response:"),
            "values": values,
        }
    sys.stdout.write(json.dumps(out, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
