#!/usr/bin/env bash
# Runs the README's shell examples as written: every line of the ```sh blocks in its "Quick
# start", "The command line", "Learning from your own labels" and "Audit an account's archive"
# sections, except the test command itself (CI runs that). Each
# line runs with bash from a scratch folder that holds links to samples/ and crates/ (a `cargo` line from
# the repository's root), with the `shenhe` that `cargo install --path crates/shenhe-cli` (the
# README's first line) installs into a scratch root; it must exit 0 or 1 (1 = something held, as
# the README says), never 2.
#
#   scripts/readme.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/work" "$scratch/root"
ln -s "$repo/samples" "$scratch/work/samples"
ln -s "$repo/crates" "$scratch/work/crates"

# The install line writes to the scratch root and reuses this checkout's release build.
export CARGO_INSTALL_ROOT="$scratch/root" CARGO_TARGET_DIR="$repo/target"
export PATH="$scratch/root/bin:$PATH"

# The lines of the ```sh blocks of those sections, in order.
mapfile -t lines < <(awk '
    /^## / { in_section = ($0 == "## Quick start" || $0 == "## The command line" || $0 == "## Learning from your own labels" || $0 == "## Audit an account'"'"'s archive") }
    in_section && /^```sh$/ { in_block = 1; next }
    in_block && /^```$/ { in_block = 0; next }
    in_block && NF { print }
' README.md)
[ "${#lines[@]}" -gt 5 ] || { echo "readme.sh: found only ${#lines[@]} commands in README.md" >&2; exit 1; }

failed=0
ran=0
cd "$scratch/work"
for line in "${lines[@]}"; do
    case "$line" in
        ./scripts/test.sh*) continue ;; # CI runs the test command itself
    esac
    ran=$((ran + 1))
    set +e
    # `cargo install --path …` must run inside the workspace; the rest in the scratch folder.
    case "$line" in
        cargo\ *) dir=$repo ;;
        *) dir=$scratch/work ;;
    esac
    (cd "$dir" && bash -c "set -o pipefail; $line") > "$scratch/out" 2> "$scratch/err"
    code=$?
    set -e
    if [ "$code" -gt 1 ]; then
        failed=$((failed + 1))
        echo "FAILED (exit $code): $line"
        sed 's/^/    /' "$scratch/err" | tail -5
    else
        echo "ok (exit $code): $line"
    fi
done
echo "$((ran - failed)) passed, $failed failed"
[ "$failed" = 0 ]
