#!/usr/bin/env bash
# Builds and installs the Python package (bindings/python: a PyO3 extension built by maturin)
# into a fresh virtual environment and runs its tests, the Spark ones included, from outside the
# source tree. Exits non-zero when anything fails, or when pytest collects no tests.
#
#   bindings/python/run.sh [--no-build]
#
#   --no-build   use the release `shenhe` binary and `verdicts` example already in target/release
#                (default: cargo build them first); the package itself is always built
#
# Needs cargo, python3 (3.10 or newer) with venv and pip, Java 17 for Spark, and PyPI for
# maturin, pytest, pyspark, pyarrow and pandas.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

build=1
for arg in "$@"; do
    case "$arg" in
        --no-build) build=0 ;;
        -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

target=${CARGO_TARGET_DIR:-$root/target}
case "$target" in /*) ;; *) target=$root/$target ;; esac
export CARGO_TARGET_DIR=$target
release=$target/release
out=$target/bindings/python
mkdir -p "$out"

if [ "$build" = 1 ]; then
    cargo build --release -p shenhe-cli -p shenhe-ffi --bin shenhe --example verdicts
fi
for f in "$release/shenhe" "$release/examples/verdicts"; do
    [ -e "$f" ] || { echo "run.sh: $f is missing: run without --no-build" >&2; exit 2; }
done
# What the Rust API says of the test posts: the Python verdicts must match it byte for byte.
"$release/examples/verdicts" bindings/testdata > "$out/expected.jsonl"

SECONDS=0
echo "== install bindings/python into a virtual environment"
python=${PYTHON:-python3}
venv=$out/venv
rm -rf "$venv"
"$python" -m venv "$venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check --quiet)
# pyspark runs mapInArrow through its pandas UDF machinery, so it needs pandas too (below 3,
# as pyspark 4 asks).
"${pip[@]}" install maturin pytest pyspark pyarrow "pandas>=2.2,<3"
# Files the build might leave in the source tree, before and after.
leftovers() {
    git -C "$root" status --porcelain --untracked-files=all --ignored -- bindings/python |
        grep -v '__pycache__' || true
}
before=$(leftovers)
# As a user would (`pip install ./bindings/python`): pip builds the wheel with maturin, in
# release mode, in $CARGO_TARGET_DIR. The maturin just installed is the build backend.
PATH=$venv/bin:$PATH "${pip[@]}" install --no-build-isolation "$root/bindings/python"
echo "(installed in ${SECONDS} s)"
if [ "$(leftovers)" != "$before" ]; then
    echo "run.sh: installing left files in the source tree:" >&2
    diff <(echo "$before") <(leftovers) >&2 || true
    exit 1
fi

export SHENHE_EXPECTED=$out/expected.jsonl
export SHENHE_TESTDATA=$root/bindings/testdata
export SHENHE_CLI=$release/shenhe
export SHENHE_REQUIRE_INSTALLED=1

# Run from outside the source tree, so that `import shenhe` is the installed package.
cd "$out"
SECONDS=0
echo "== pytest"
status=0
"$venv/bin/python" -m pytest -p no:cacheprovider -q "$root/bindings/python/tests" || status=$?
echo "(pytest took ${SECONDS} s)"
if [ "$status" = 5 ]; then
    echo "run.sh: pytest collected no tests" >&2
    exit 1
fi
[ "$status" = 0 ] || exit "$status"
echo "== Python package: ok"
