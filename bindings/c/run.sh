#!/usr/bin/env bash
# Builds bindings/c/example.c and bindings/c/test.c with the system C compiler against BOTH the
# static (libshenhe_ffi.a) and the shared (libshenhe_ffi.so) library, and runs them. Exits
# non-zero when anything fails.
#
#   bindings/c/run.sh [--no-build] [--valgrind]
#
#   --no-build   use the libraries already in target/release (default: cargo build them first)
#   --valgrind   also run the test (shared library) under valgrind --leak-check=full
#
# Environment: CC (default cc), CARGO_TARGET_DIR (default target), CFLAGS (added).
set -euo pipefail
cd "$(dirname "$0")/../.."

build=1
valgrind=0
for arg in "$@"; do
    case "$arg" in
        --no-build) build=0 ;;
        --valgrind) valgrind=1 ;;
        -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

target=${CARGO_TARGET_DIR:-target}
lib=$target/release
out=$target/bindings/c
mkdir -p "$out"

if [ "$build" = 1 ]; then
    # The library, and the Rust program that prints the expected verdicts of the test posts.
    cargo build --release -p shenhe-ffi --lib --example verdicts
fi
for f in "$lib/libshenhe_ffi.a" "$lib/libshenhe_ffi.so" "$lib/examples/verdicts"; do
    [ -e "$f" ] || { echo "run.sh: $f is missing: run without --no-build" >&2; exit 2; }
done

# What the Rust API says of the test posts: the C test must match it byte for byte.
"$lib/examples/verdicts" bindings/testdata > "$out/expected.jsonl"

cc=${CC:-cc}
# shellcheck disable=SC2206
cflags=(-std=c11 -Wall -Wextra -Werror -pedantic -O1 -g -Ibindings/c ${CFLAGS:-})
# The system libraries the Rust standard library needs in a static link
# (`cargo rustc -- --print native-static-libs`).
static_libs=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)

echo "== compile (static and shared) with $cc"
for prog in example test; do
    "$cc" "${cflags[@]}" -pthread "bindings/c/$prog.c" "$lib/libshenhe_ffi.a" "${static_libs[@]}" \
        -o "$out/$prog-static"
    "$cc" "${cflags[@]}" -pthread "bindings/c/$prog.c" -L"$lib" -Wl,-rpath,"$(cd "$lib" && pwd)" \
        -lshenhe_ffi -o "$out/$prog-shared"
done
# The shared build must really load the shared library, and the static one must not.
ldd "$out/test-shared" | grep -q 'libshenhe_ffi\.so' || { echo "test-shared does not use libshenhe_ffi.so" >&2; exit 1; }
if ldd "$out/test-static" | grep -q 'libshenhe_ffi'; then echo "test-static uses a shared libshenhe_ffi" >&2; exit 1; fi

for kind in static shared; do
    echo "== example ($kind)"
    "$out/example-$kind" > "$out/example-$kind.txt"
    cat "$out/example-$kind.txt"
    grep -q '"verdict":"block"' "$out/example-$kind.txt" || { echo "example ($kind) blocked nothing" >&2; exit 1; }
    echo "== test ($kind)"
    "$out/test-$kind" bindings/testdata "$out/expected.jsonl"
done

if [ "$valgrind" = 1 ]; then
    # Memory errors and definite or indirect leaks (a handle or a string never freed) fail the
    # run. "Possibly lost" blocks are not errors here: they are hash tables (interior pointers)
    # that live as long as the process, in rayon's global thread pool and its threads, and in
    # statics of shenhe-core (a regex's per-thread cache pool, the shipped source lists).
    echo "== test (shared) under valgrind"
    SHENHE_TEST_ROUNDS=2 valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --show-leak-kinds=definite,indirect --error-exitcode=1 --quiet \
        "$out/test-shared" bindings/testdata "$out/expected.jsonl"
fi
echo "== C bindings: ok"
