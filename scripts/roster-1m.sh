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
# and, to show that the cost grows linearly with one worker's rows, a roster of one
# worker alone at 5,000, 50,000 and 500,000 rows (ONE_WORKER_ROWS).
#
#   scripts/roster-1m.sh [ROWS]      (default: 1000000)
#   ONE_WORKER_ROWS="5000 50000" scripts/roster-1m.sh
#
# Rosters are written once under target/bench-rosters/. The numbers go to the
# report of the change that measures them, not to a test.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
one_worker_rows=${ONE_WORKER_ROWS:-5000 50000 500000}

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
per = {"few": rows // 100, "one": rows}.get(shape, 50)
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

measure() {
    # measure LABEL ROWS WORKERS FILE: one row of the table.
    local size wall rss
    size=$(du -h "$4" | cut -f1)
    /usr/bin/time -v "$bin" audit --roster "$4" --as-of 2026-11-23 --format csv \
        >/dev/null 2>"$dir/time.txt" || true
    wall=$(grep 'Elapsed (wall clock)' "$dir/time.txt" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$dir/time.txt" | awk '{print $NF}')
    echo "| $1 | $2 | $size | $3 | $wall | $((rss / 1024)) MB |"
}

echo "| roster | rows | size | workers | wall time | peak memory (max RSS) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for shape in grouped interleaved few xlsx; do
    if [ "$shape" = xlsx ]; then
        file="$dir/roster-grouped-$rows.xlsx"
        [ -f "$file" ] || target/release/examples/roster_to_xlsx "$dir/roster-grouped-$rows.csv" "$file"
    else
        file="$dir/roster-$shape-$rows.csv"
        [ -f "$file" ] || generate "$shape" "$rows" "$file"
    fi
    if [ "$shape" = few ]; then workers=100; else workers=$((rows / 50)); fi
    measure "$shape" "$rows" "$workers" "$file"
done
for one in $one_worker_rows; do
    file="$dir/roster-one-$one.csv"
    [ -f "$file" ] || generate one "$one" "$file"
    measure "one worker" "$one" 1 "$file"
done
echo
echo "$(nproc) cores, $(uname -m), $(rustc --version)"
