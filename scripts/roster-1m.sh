#!/usr/bin/env bash
# Measures `peercert audit --roster` on a generated roster of a million rows (by
# default): wall time and peak resident memory (`/usr/bin/time -v`), on a release
# build, for three shapes of the same number of rows:
#
#   grouped      50 rows per worker, each worker's rows together (as exports sort)
#   interleaved  the same rows, the workers' rows mixed (row i is worker i mod W)
#   few workers  100 workers of ROWS/100 rows each, grouped
#   xlsx         the grouped roster as an Excel workbook (date and number cells)
#
#   scripts/roster-1m.sh [ROWS]      (default: 1000000)
#
# Rosters are written once under target/bench-rosters/. The numbers go to the
# report of the change that measures them, not to a test.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}

cargo build -q --release -p peercert-cli --bin peercert --example roster_to_xlsx
bin=target/release/peercert
dir=target/bench-rosters
mkdir -p "$dir"

generate() {
    # generate SHAPE ROWS FILE: a roster whose workers each hold pa/crs and log
    # distinct courses; every row is good.
    python3 - "$1" "$2" "$3" <<'PY'
import sys
shape, rows, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
per = rows // 100 if shape == "few" else 50
workers = max(rows // per, 1)
with open(path, "w", newline="") as f:
    f.write("worker_id,name,entry,id,title,date,from,to,hours,topic\r\n")
    def row(w, k):
        if k == 0:
            return f"W-{w},Worker {w},credential,pa/crs,,,1/20/2025,1/20/2027,,\r\n"
        day = 1 + k % 28
        month = 1 + (k // 28) % 12
        return f"W-{w},,training,,Course {k},{month}/{day}/2026,,,1.5,ethics\r\n"
    if shape == "interleaved":
        for i in range(rows):
            f.write(row(i % workers, i // workers))
    else:
        for i in range(rows):
            f.write(row(i // per, i % per))
PY
}

echo "| roster ($rows rows) | size | workers | wall time | peak memory (max RSS) |"
echo "| --- | ---: | ---: | ---: | ---: |"
for shape in grouped interleaved few xlsx; do
    if [ "$shape" = xlsx ]; then
        file="$dir/roster-grouped-$rows.xlsx"
        [ -f "$file" ] || target/release/examples/roster_to_xlsx "$dir/roster-grouped-$rows.csv" "$file"
    else
        file="$dir/roster-$shape-$rows.csv"
        [ -f "$file" ] || generate "$shape" "$rows" "$file"
    fi
    if [ "$shape" = few ]; then workers=100; else workers=$((rows / 50)); fi
    size=$(du -h "$file" | cut -f1)
    /usr/bin/time -v "$bin" audit --roster "$file" --as-of 2026-11-23 --format csv \
        >/dev/null 2>"$dir/time-$shape.txt" || true
    wall=$(grep 'Elapsed (wall clock)' "$dir/time-$shape.txt" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$dir/time-$shape.txt" | awk '{print $NF}')
    echo "| $shape | $size | $workers | $wall | $((rss / 1024)) MB |"
done
echo
echo "$(nproc) cores, $(uname -m), $(rustc --version)"
