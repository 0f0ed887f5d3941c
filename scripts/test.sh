#!/usr/bin/env bash
# Every test of the project, as CI runs it (.ci/run calls this script and nothing else).
# Needs only the Rust toolchain; takes a few minutes on two cores.
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

step "lints"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "documentation builds without warnings"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

step "C ABI: header, C tests (valgrind when installed), Python bindings"
bindings/ci.sh
