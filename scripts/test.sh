#!/usr/bin/env bash
# Every test of the project, as CI runs it (.ci/run calls this script and nothing else).
# Needs the Rust toolchain, a C compiler, python3 with venv and PyPI reachable (packages go into a
# throw-away virtual environment), a JDK 17, and Debian's chromium (installed with apt-get when
# missing, which needs root); valgrind is used when installed. See the README for the time it takes.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "format"
cargo fmt --all -- --check

step "generated tables are up to date"
cargo run --quiet -p xtask -- tables --check
cargo run --quiet -p xtask -- cloak --check

step "unit, integration, CLI and doc tests"
cargo test --workspace

step "the README's commands, as written"
scripts/readme.sh

step "the stage ladder's cuts still apply to the classifier (scripts/stages.py, DESIGN.md §6)"
scripts/stages.py --check

step "pathological 4 MiB posts screen in linear time (release build)"
cargo build --release --quiet -p shenhe-cli
scripts/pathological.py --sizes 4

step "lints"
cargo clippy --workspace --all-targets --quiet -- -D warnings
# The fuzz targets' hidden entry points, compiled only with the `fuzzing` feature.
cargo clippy -p shenhe --features fuzzing --quiet -- -D warnings

step "documentation builds without warnings"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

step "C ABI: header, C tests (valgrind when installed), Python bindings"
bindings/ci.sh

step "Java binding: shenhe.jar, its tests and the README's example (needs a JDK 17)"
bindings/java/run.sh

step "audit report in headless Chromium (installs chromium if absent)"
scripts/report-browser-check.sh --install
