#!/usr/bin/env bash
# CI for the C ABI and its bindings, in order:
#   1. the committed header bindings/c/shenhe.h is what cbindgen generates;
#   2. bindings/c/run.sh: example.c and test.c against the static and the shared library, and
#      test.c under valgrind (when valgrind is installed);
#   3. bindings/python/run.sh: the Python package (a PyO3 extension) built by pip and maturin into
#      a virtual environment, its tests and the Spark tests (local[2]) against `shenhe batch`.
# The Rust side of the ABI (crates/shenhe-ffi/tests) runs with `cargo test --workspace`.
# Needs cargo, a C compiler (cc), python3 (3.10+) with venv and pip, Java 17 for Spark; PyPI for
# maturin, pytest, pyspark, pyarrow and pandas.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== bindings: the C header is up to date"
cargo run --quiet -p xtask -- header --check

echo "== bindings: C"
if command -v valgrind > /dev/null; then
    bindings/c/run.sh --valgrind
else
    echo "(valgrind is not installed: the C test runs without it)"
    bindings/c/run.sh
fi

echo "== bindings: Python and Spark"
SECONDS=0
bindings/python/run.sh
echo "(Python and Spark step: ${SECONDS} s)"
