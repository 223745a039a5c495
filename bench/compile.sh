#!/usr/bin/env bash
# Compile cost of the generated crate, per service feature: lines generated, and the time to
# `cargo build` / `cargo check` the crate's own code with its dependencies already built (debug),
# measured by touching `generated/src/lib.rs`. The first row is the hand-written runtime crate alone.
#
# With `cargo-progenitor` installed (`cargo install cargo-progenitor --version 0.15.1`), the same
# is measured for progenitor's builder-style client of the SAE spec (rendered as OpenAPI 3.0 by
# bench/openapi30.py), in the same run. Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
# A touched file must recompile the whole crate, not reuse incremental results.
export CARGO_INCREMENTAL=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds() { /usr/bin/time -f "%e" -o "$work/t" "$@" >/dev/null 2>&1; cat "$work/t"; }

# Touches `lib` and times cargo `$1` of the crate in `$2` with `$3...` as extra arguments, 3 runs,
# fastest.
rebuild() {
  local cmd=$1 lib=$2
  shift 2
  local best=""
  for _ in 1 2 3; do
    touch "$lib"
    local t
    t=$(seconds cargo "$cmd" --quiet "$@")
    if [[ -z "$best" ]] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$t; fi
  done
  echo "$best"
}

echo "| crate | lines | cargo build | cargo check |"
echo "|---|---|---|---|"
# The runtime is a crate of its own (`runtime/`), built once like progenitor's `progenitor-client`;
# its row is its own rebuild, the others the SDK crate's over an already built runtime.
runtime_lines=$(find runtime/src -name '*.rs' -exec cat {} + | wc -l)
args=(-p doc2sdk-runtime)
cargo build --quiet "${args[@]}" && cargo check --quiet "${args[@]}"
build=$(rebuild build runtime/src/lib.rs "${args[@]}")
check=$(rebuild check runtime/src/lib.rs "${args[@]}")
echo "| doc2sdk-runtime | $runtime_lines | ${build} s | ${check} s |"
for feature in esa iotedge sae; do
  args=(-p doc2sdk --no-default-features --features "$feature")
  lines=$(cat generated/src/lib.rs generated/src/"$feature"/*.rs | wc -l)
  cargo build --quiet "${args[@]}" && cargo check --quiet "${args[@]}"
  build=$(rebuild build generated/src/lib.rs "${args[@]}")
  check=$(rebuild check generated/src/lib.rs "${args[@]}")
  echo "| doc2sdk, \`$feature\` | $lines | ${build} s | ${check} s |"
done

if cargo progenitor --help >/dev/null 2>&1; then
  spec=$(ls spec/openapi/sae-*.json | head -1)
  python3 bench/openapi30.py "$spec" "$work/sae30.json"
  gen=$(seconds cargo progenitor -i "$work/sae30.json" -o "$work/sae-progenitor" -n sae-progenitor -v 0.1.0 --interface builder)
  # Its own target directory, kept between runs: the crate is not part of this workspace.
  export CARGO_TARGET_DIR="$PWD/target/progenitor-bench"
  (cd "$work/sae-progenitor" && echo '[workspace]' >>Cargo.toml && cargo build --quiet && cargo check --quiet)
  lines=$(cat "$work"/sae-progenitor/src/*.rs | wc -l)
  build=$(cd "$work/sae-progenitor" && rebuild build src/lib.rs)
  check=$(cd "$work/sae-progenitor" && rebuild check src/lib.rs)
  echo "| progenitor 0.15.1 builder client of the SAE spec (generation ${gen} s) | $lines | ${build} s | ${check} s |"
fi
