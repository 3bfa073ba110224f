#!/usr/bin/env bash
# Fuzzes peercert's readers and evaluator with cargo-fuzz (libFuzzer), one target
# after another, each for a set time:
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS (or the environment's FUZZ_SECONDS; 60 by default) is each target's time;
# FUZZ_RUNS, when set, stops each target after that many inputs instead. The targets
# (fuzz/fuzz_targets/) are record, rules, roster, catalog, entry and evaluate; all by
# default. No input may take more than 1 s (-timeout=1) or 512 MB (-rss_limit_mb=512):
# either is a failure, as a panic is. The corpora start from the examples and the
# test fixtures (fuzz/seeds/, written here) and grow in fuzz/corpus/; a failing input
# is kept in fuzz/artifacts/TARGET/ and the script stops with exit 1. At the end each
# target's executions, from libFuzzer's final stats, are listed.
#
# Needs the nightly toolchain (`rustup toolchain install nightly`) and cargo-fuzz,
# which is installed when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-${FUZZ_SECONDS:-60}}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(record rules roster catalog entry evaluate)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# Seed corpora: every example and fixture of each kind, as they are.
seeds=fuzz/seeds
mkdir -p "$seeds"/{record,rules,roster,catalog,entry,evaluate}
cp examples/*.toml examples/agency/*.toml tests/fixtures/records/*.toml \
    tests/fixtures/expiry/*.toml tests/fixtures/plan/*.toml \
    tests/fixtures/no-credential/*.toml "$seeds/record/"
find rules tests/fixtures/rules -name '*.toml' | while read -r file; do
    cp "$file" "$seeds/rules/$(echo "$file" | tr / _)"
done
# An overlay of an overlay, in one input (files are separated by a line `#---`).
{
    cat tests/fixtures/rules/overlay/acme-cprs.toml
    printf '\n#---\n'
    sed -e 's|id = "acme/cprs"|id = "acme/cprs-plus"|' -e 's|extends = "nj/cprs"|extends = "acme/cprs"|' \
        tests/fixtures/rules/overlay/acme-cprs.toml
} >"$seeds/rules/overlay-of-overlay.toml"
cp examples/agency-roster.csv examples/agency-roster.xlsx "$seeds/roster/"
# The roster in UTF-16 with a byte-order mark, and in Windows-1252.
{
    printf '\xff\xfe'
    iconv -f UTF-8 -t UTF-16LE examples/agency-roster.csv
} >"$seeds/roster/utf16.csv"
sed 's/Ellis/Ell\xe9s/' examples/agency-roster.csv >"$seeds/roster/windows-1252.csv"
cp examples/catalogs/*.toml tests/fixtures/plan/catalog_bad.toml "$seeds/catalog/"
i=0
while IFS= read -r line; do
    i=$((i + 1))
    printf '%s' "$line" >"$seeds/entry/$i"
done <<'ENTRIES'
training: 6h ethics live-online 2026-12-01 "Ethics Refresher" provider="Example Institute"
training: 6h ethics=2,advocacy=4 in-person 2026-12-01 "Recovery Basics" certificate=ETI-2023-0917
training: 1.5h hiv self-paced
supervision: 2h advocacy 2026-12-15
supervision: 3h advocacy=2,ethics=1 2026-11-30
experience: 120h 2026-09-01..2026-11-30 supervised
exam: icrc-pr 540 2027-01-10
exam: pcb-crs passed 2026-10-01
attestation: code-of-ethics 2026-12-01
payment: renewal 100.00 2026-12-01 credential=pa/crs
payment: late $1,100.50 2026-12-01
credential: pa/crs 2027-02-01..2029-02-01 number=CRS-0042117
credential: tx/mhps 2026-01-01..2026-07-01 provisional
ENTRIES
cp examples/*.toml "$seeds/evaluate/"

limits=(-rss_limit_mb=512 -timeout=1 -print_final_stats=1)
if [ -n "${FUZZ_RUNS:-}" ]; then
    limits+=("-runs=$FUZZ_RUNS")
    budget="$FUZZ_RUNS inputs"
else
    limits+=("-max_total_time=$seconds")
    budget="$seconds s"
fi
logs=fuzz/logs
mkdir -p "$logs"
summary=()
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target"
    echo "fuzzing $target ($budget)" >&2
    # Release code with debug assertions (-a): an arithmetic overflow is a failure.
    # No sanitizer: the code has no `unsafe`, and inputs run several times faster.
    if ! (cd fuzz && cargo +nightly fuzz run -a --sanitizer none "$target" \
        "corpus/$target" "seeds/$target" -- "${limits[@]}") >"$logs/$target.log" 2>&1; then
        tail -n 40 "$logs/$target.log" >&2
        echo "error: fuzz target \`$target\` failed; its input is in fuzz/artifacts/$target/ and its log in $logs/$target.log" >&2
        exit 1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$target.log" | grep -o '[0-9]*$' | tail -n 1)
    summary+=("$target: ${runs:-?} executions")
done
printf '%s\n' "${summary[@]}"
