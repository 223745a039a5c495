#!/usr/bin/env bash
# Every measurement of the README's "Performance and reliability" section, in one run, so ratios
# compare numbers taken on the same machine at the same time:
#   1. the official Python SDKs signing and serializing (bench/python_sign.py)
#   2. ours: `cargo bench -p doc2sdk-examples --bench runtime` (divan)
#   3. `xtask regenerate` end to end and scrape scaling (bench/regenerate.sh)
#   4. compile cost per service feature, and progenitor if installed (bench/compile.sh)
# The Python interpreter is $DOC2SDK_ORACLE_PYTHON, else .venv-oracles/bin/python (created by
# `cargo xtask test`).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${DOC2SDK_ORACLE_PYTHON:-.venv-oracles/bin/python}
echo "## official Python SDKs"
"$python" bench/python_sign.py
echo "## doc2sdk runtime"
cargo bench --quiet -p doc2sdk-examples --bench runtime
echo "## regenerate"
bash bench/regenerate.sh
echo "## compile"
bash bench/compile.sh
