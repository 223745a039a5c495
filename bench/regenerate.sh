#!/usr/bin/env bash
# Wall time and peak memory of `xtask regenerate --check` (every document -> spec -> code, compared
# with the checked-in files), then of `xtask scrape` (document -> OpenAPI spec) on 1x, 10x and 100x
# the SAE reference (renamed copies), to show that the cost grows linearly with the input.
# Prints a markdown table. Needs GNU time (`/usr/bin/time`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release -p xtask
xtask=target/release/xtask
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs the command three times and prints the fastest "seconds peak_kib".
measure() {
  local best=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || true
    local run
    run=$(tail -1 "$work/time")
    if [[ -z "$best" ]] || awk -v a="${run%% *}" -v b="${best%% *}" 'BEGIN{exit !(a<b)}'; then
      best=$run
    fi
  done
  echo "$best"
}

sae=$(ls docs/sae/*.txt | head -1)
bytes=$(wc -c <"$sae")
echo "| run | input | wall | peak memory |"
echo "|---|---|---|---|"
read -r secs kib <<<"$(measure "$xtask" regenerate --check)"
echo "| \`xtask regenerate --check\` (all services) | \`docs/\` ($(du -sk docs | cut -f1) KiB) | ${secs} s | $((kib / 1024)) MiB |"
for copies in 1 10 100; do
  files=()
  for ((i = 1; i <= copies; i++)); do
    cp "$sae" "$work/sae_copy_$i.txt"
    files+=("$work/sae_copy_$i.txt")
  done
  read -r secs kib <<<"$(measure "$xtask" scrape "${files[@]}")"
  echo "| \`xtask scrape\` SAE x${copies} | $((bytes * copies / 1024)) KiB | ${secs} s | $((kib / 1024)) MiB |"
  rm -f "$work"/sae_copy_*.txt
done
