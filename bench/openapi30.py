#!/usr/bin/env python3
"""Renders one of our OpenAPI 3.1 specs as OpenAPI 3.0.3, the version progenitor reads, for the
compile-cost comparison in bench/compile.sh: `python bench/openapi30.py IN.json OUT.json`.

Only what 3.0 spells differently changes: `examples` lists in schemas become one `example`,
`type: [T, "null"]` becomes `type: T, nullable: true`, `const` becomes a one-value `enum`, and the
`x-` extensions (sources, translations) are dropped. Progenitor also needs a `servers` entry and
JSON request bodies to be objects, which ours already are.
"""

import json
import sys


def convert(node):
    if isinstance(node, list):
        return [convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key.startswith("x-"):
            continue
        if key == "examples" and isinstance(value, list):
            if value:
                out["example"] = value[0]
            continue
        if key == "const":
            out["enum"] = [value]
            continue
        if key == "type" and isinstance(value, list):
            types = [t for t in value if t != "null"]
            out["type"] = types[0] if types else "string"
            if "null" in value:
                out["nullable"] = True
            continue
        out[key] = convert(value)
    return out


def main():
    source, target = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        spec = json.load(f)
    spec = convert(spec)
    spec["openapi"] = "3.0.3"
    spec.setdefault("servers", [{"url": "https://sae.cn-hangzhou.aliyuncs.com"}])
    with open(target, "w", encoding="utf-8") as f:
        json.dump(spec, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
