#!/usr/bin/env bash
# Reproduces the README's planner performance table on this machine: runs the
# divan benchmarks of peercert-core (benches/plan.rs) and prints the median times
# as a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(cargo bench -q -p peercert-core --bench plan 2>/dev/null)

median() {
    # The benchmark's row, then its median column (the third │-separated field).
    printf '%s\n' "$out" | grep -E "$1" | head -n 1 | awk -F'│' '{ gsub(/^ +| +$/, "", $3); print $3 }'
}

echo "| what | median time |"
echo "| --- | --- |"
echo "| evaluate one record (in memory, rules loaded) | $(median 'evaluate_one_record') |"
echo "| plan one record | $(median 'plan_one_record') |"
echo "| choose courses, 10-course catalogue (proven optimal) | $(median '─ 10 ') |"
echo "| choose courses, 40-course catalogue (proven optimal) | $(median '─ 40 ') |"
echo "| choose courses, 200-course catalogue (greedy) | $(median '─ 200 ') |"
for n in 1000 10000 40000; do
    echo "| $(python3 -c "print(f'{$n:,}')") courses, none of which can close the gap | $(median "─ $n ") |"
done
echo
echo "$(nproc) cores, $(uname -m), $(rustc --version)"
