#!/usr/bin/env bash
# Reproduces the README's audit performance table on this machine.
#
#   scripts/bench-audit.sh [N ...]      (default: 1000 10000 100000)
#
# For each N it generates N seeded records once (target/bench-rosters/N, 10–60
# entries each), then times `peercert audit` over them and the parse-only baseline
# (the same reading and parsing, no evaluation), with peak memory, and prints a
# Markdown table. It ends with the divan benchmark of one evaluation.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)

cargo build -q --release -p peercert-cli --example generate_roster --bin peercert
bin=target/release/peercert

measure() {
    # Runs the command three times; prints the best wall time in seconds and the
    # peak resident memory in MB.
    python3 - "$@" <<'PY'
import resource, subprocess, sys, time
best = None
peak = 0
for _ in range(3):
    start = time.perf_counter()
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    took = time.perf_counter() - start
    best = took if best is None else min(best, took)
    peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(f"{best:.3f} {peak / 1024:.1f}")
PY
}

echo "| records | audit: records/s | parse only: records/s | audit / parse | audit peak memory | parse-only peak memory |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
    dir="target/bench-rosters/$n"
    if [ ! -f "$dir/.complete" ]; then
        rm -rf "$dir"
        target/release/examples/generate_roster "$n" "$dir"
        touch "$dir/.complete"
    fi
    read -r audit_s audit_mb < <(measure "$bin" audit "$dir" --as-of 2026-11-23 --format csv)
    read -r parse_s parse_mb < <(measure "$bin" audit "$dir" --as-of 2026-11-23 --format csv --parse-only)
    python3 - "$n" "$audit_s" "$parse_s" "$audit_mb" "$parse_mb" <<'PY'
import sys
n, a, p, amb, pmb = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
print(f"| {n:,} | {n / a:,.0f} | {n / p:,.0f} | {p / a:.2f} | {amb} MB | {pmb} MB |")
PY
done

echo
evaluation=$(cargo bench -q -p peercert-core --bench plan -- evaluate_one_record 2>/dev/null \
    | grep -E 'evaluate_one_record' | head -n 1 | awk -F'│' '{ gsub(/^ +| +$/, "", $3); print $3 }')
echo "One evaluation (record in memory, rules loaded; divan median): $evaluation"
echo "$(nproc) cores, $(uname -m), $(rustc --version)"
