#!/usr/bin/env python3
"""Batch front end of `oracle.py`: many oracle calls in one interpreter.

Starting Python and importing an official SDK takes about 0.3 s, which a parity test that sends
every operation of a service twice would pay a few hundred times. This script reads one JSON
object on stdin and prints one JSON object on stdout:

  in:  {"calls": [<oracle.py input>, ...],
        "models": {"vendor": "alibaba", "service": "sae", "operations": ["CreateNamespace", ...]},
        "packages": ["alibabacloud-sae20190506", ...]}
  out: {"results": [<oracle.py output>, ...],          same order as "calls"
        "models": {"CreateNamespace": ["NamespaceId", ...] | null, ...},
        "versions": {"alibabacloud-sae20190506": "2.11.2", ...}}

Each call goes through `oracle.main()` itself, unchanged, with its stdin and stdout swapped for
in-memory buffers, so a batch call behaves exactly as a single one (same request building, same
error reporting). Calls run one after another.

"models" lists, for each operation, the top-level wire names the official request model accepts
(the keys its `from_map` reads), or null when the operation takes no request model; "models" and
"packages" are optional.

Exit status: 0 when every call exited 0; otherwise the highest status any call returned (the
object is printed all the same, each failed call's own `{"ok": false, "kind": "oracle", ...}`
in its place).
"""

import importlib.metadata
import importlib.util
import inspect
import io
import json
import os
import sys


def load_oracle():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "oracle.py")
    spec = importlib.util.spec_from_file_location("doc2sdk_oracle", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class KeyProbe(dict):
    """An always-truthy empty mapping that records every key read with `get`: a Tea model's
    `from_map` reads each of its wire names once and sets nothing when all are absent."""

    def __init__(self):
        super().__init__()
        self.keys_read = []

    def __bool__(self):
        return True

    def get(self, key, default=None):
        if key not in self.keys_read:
            self.keys_read.append(key)
        return default


def request_model_keys(oracle, spec):
    if spec.get("vendor") != "alibaba":
        raise SystemExit(f"models: unsupported vendor {spec.get('vendor')!r}")
    client_mod, models = oracle.alibaba_module(spec["service"])
    out = {}
    for operation in spec["operations"]:
        method = getattr(client_mod.Client, oracle.find_method(client_mod.Client, operation + "WithOptions"))
        model_cls = None
        for p in inspect.signature(method).parameters.values():
            if p.name in ("request", "tmp_req"):
                ann = str(p.annotation)
                model_cls = getattr(models, ann.rsplit(".", 1)[-1], None) or getattr(models, operation + "Request")
        if model_cls is None:
            out[operation] = None
            continue
        probe = KeyProbe()
        model_cls().from_map(probe)
        out[operation] = sorted(probe.keys_read)
    return out


def main():
    real_stdin, real_stdout = sys.stdin, sys.stdout
    # Nothing the SDKs print may corrupt the one JSON object on stdout.
    sys.stdout = sys.stderr
    oracle = load_oracle()
    batch = json.loads(real_stdin.read())
    if not isinstance(batch, dict) or not isinstance(batch.get("calls", []), list):
        raise SystemExit('stdin must hold one JSON object {"calls": [...], ...}')
    results = []
    status = 0
    for inp in batch.get("calls", []):
        captured = io.StringIO()
        sys.stdin = io.StringIO(json.dumps(inp))
        sys.stdout = captured
        try:
            code = oracle.main()
        finally:
            sys.stdin, sys.stdout = real_stdin, sys.stderr
        status = max(status, code)
        results.append(json.loads(captured.getvalue()))
    out = {"results": results}
    if batch.get("models"):
        out["models"] = request_model_keys(oracle, batch["models"])
    out["versions"] = {name: importlib.metadata.version(name) for name in batch.get("packages", [])}
    real_stdout.write(json.dumps(out, ensure_ascii=False, sort_keys=True) + "\n")
    real_stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
