#!/usr/bin/env bash
# Installs the Python package (bindings/python) into a fresh virtual environment and runs its
# tests against the shared library. Exits non-zero when anything fails.
#
#   bindings/python/run.sh [--no-build]
#
#   --no-build   use the library already in target/release (default: cargo build it first)
#
# Needs python3 (3.8 or newer) with venv and pip, and PyPI for setuptools (the build backend) and
# pytest; without pytest the tests run under unittest.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

build=1
for arg in "$@"; do
    case "$arg" in
        --no-build) build=0 ;;
        -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

target=${CARGO_TARGET_DIR:-$root/target}
case "$target" in /*) ;; *) target=$root/$target ;; esac
lib=$target/release
out=$target/bindings/python
mkdir -p "$out"

if [ "$build" = 1 ]; then
    cargo build --release -p shenhe-ffi --lib --example verdicts
fi
for f in "$lib/libshenhe_ffi.so" "$lib/examples/verdicts"; do
    [ -e "$f" ] || { echo "run.sh: $f is missing: run without --no-build" >&2; exit 2; }
done
# What the Rust API says of the test posts: the Python tests must match it byte for byte.
"$lib/examples/verdicts" bindings/testdata > "$out/expected.jsonl"

echo "== install bindings/python into a virtual environment"
python=${PYTHON:-python3}
venv=$out/venv
rm -rf "$venv"
"$python" -m venv "$venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check --quiet)
"${pip[@]}" install "$root/bindings/python"
# The build leaves these behind in the source tree.
rm -rf "$root/bindings/python/build" "$root/bindings/python/shenhe.egg-info"

export SHENHE_LIB=$lib/libshenhe_ffi.so
export SHENHE_EXPECTED=$out/expected.jsonl
export SHENHE_TESTDATA=$root/bindings/testdata
export SHENHE_HEADER=$root/bindings/c/shenhe.h
export SHENHE_REQUIRE_INSTALLED=1

# Run from outside the source tree, so that `import shenhe` is the installed package.
cd "$out"
if "${pip[@]}" install pytest; then
    echo "== pytest"
    "$venv/bin/python" -m pytest -p no:cacheprovider "$root/bindings/python/tests"
else
    echo "== unittest (pytest could not be installed)"
    "$venv/bin/python" -m unittest discover -v -s "$root/bindings/python/tests" -t "$root/bindings/python/tests"
fi
echo "== Python bindings: ok"
