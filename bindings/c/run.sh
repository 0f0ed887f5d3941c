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
# The shared build must really load the shared library, and the static one must not. (ldd's
# output is kept first: `ldd | grep -q` fails under pipefail when grep exits before ldd is done.)
libs=$(ldd "$out/test-shared")
grep -q 'libshenhe_ffi\.so' <<< "$libs" || { echo "test-shared does not use libshenhe_ffi.so" >&2; exit 1; }
libs=$(ldd "$out/test-static")
if grep -q 'libshenhe_ffi' <<< "$libs"; then echo "test-static uses a shared libshenhe_ffi" >&2; exit 1; fi

for kind in static shared; do
    echo "== example ($kind)"
    "$out/example-$kind" > "$out/example-$kind.txt"
    cat "$out/example-$kind.txt"
    grep -q '"verdict":"block"' "$out/example-$kind.txt" || { echo "example ($kind) blocked nothing" >&2; exit 1; }
    echo "== test ($kind)"
    "$out/test-$kind" bindings/testdata "$out/expected.jsonl"
done

# A saved engine through a file: one build saves it, the other loads it, and they print the same.
echo "== example: --save, then --engine"
rm -f "$out/engine.bin"
"$out/example-static" --save "$out/engine.bin" > "$out/example-save.txt"
"$out/example-shared" --engine "$out/engine.bin" > "$out/example-engine.txt"
cmp "$out/example-static.txt" "$out/example-save.txt"
cmp "$out/example-save.txt" "$out/example-engine.txt" || { echo "the loaded engine printed other verdicts" >&2; exit 1; }
# A file that is not a saved engine is refused with its path and the reason.
if "$out/example-shared" --engine bindings/testdata/posts.tsv > /dev/null 2> "$out/example-bad.txt"; then
    echo "example --engine accepted a file that is not a saved engine" >&2; exit 1
fi
grep -q 'posts.tsv: cannot load the saved engine: not a saved shenhe engine' "$out/example-bad.txt" ||
    { echo "unexpected error: $(cat "$out/example-bad.txt")" >&2; exit 1; }
echo "ok: $(wc -c < "$out/engine.bin") bytes saved, same verdicts loaded; a bad file: $(cat "$out/example-bad.txt")"

# A learned model: its hit has a score; a damaged model file is refused with its path and line.
echo "== example: --model"
"$out/example-shared" --model bindings/testdata/model.txt 网上赌博害人不浅 > "$out/example-model.txt"
grep -q '"term":"model:gambling"' "$out/example-model.txt" && grep -q 'model score 0.8808' "$out/example-model.txt" ||
    { echo "example --model gave no model hit:" >&2; cat "$out/example-model.txt" >&2; exit 1; }
sed 's/0:6/0:7/' bindings/testdata/model.txt > "$out/model-bad.txt"
if "$out/example-shared" --model "$out/model-bad.txt" > /dev/null 2> "$out/example-model-bad.txt"; then
    echo "example --model accepted a damaged model" >&2; exit 1
fi
grep -qF "$out/model-bad.txt:$(wc -l < bindings/testdata/model.txt): checksum mismatch" "$out/example-model-bad.txt" ||
    { echo "unexpected error: $(cat "$out/example-model-bad.txt")" >&2; exit 1; }
echo "ok: $(grep -c 'model score' "$out/example-model.txt") model hit; a damaged model: $(cat "$out/example-model-bad.txt")"

# The C program of bindings/README.md, built with the README's two cc commands exactly as written,
# in a directory laid out like the repository (bindings/ and target/ linked in). The shared build
# must run with no LD_LIBRARY_PATH: the rpath finds the library.
echo "== bindings/README.md: the C program and its build commands, as written"
readme=$out/readme
rm -rf "$readme"
mkdir -p "$readme"
ln -s "$PWD/bindings" "$readme/bindings"
ln -s "$(cd "$target" && pwd)" "$readme/target"
awk '/^### C$/ { c = 1 } c && /^```c$/ { f = 1; next } f && /^```$/ { exit } f' bindings/README.md \
    > "$readme/app.c"
awk '/^Save the program as `app.c`/ { c = 1 } c && /^```sh$/ { f = 1; next } f && /^```$/ { exit }
     f && /^cc / { print }' bindings/README.md > "$readme/build.txt"
[ -s "$readme/app.c" ] && [ "$(grep -c . "$readme/build.txt")" = 2 ] ||
    { echo "run.sh: cannot find the C program and its two cc commands in bindings/README.md" >&2; exit 1; }
while IFS= read -r command; do
    echo "\$ $command && ./app"
    (cd "$readme" && rm -f app && env -u LD_LIBRARY_PATH bash -euc "$command" && env -u LD_LIBRARY_PATH ./app) \
        > "$readme/out.txt"
    cat "$readme/out.txt"
    grep -q '^{"verdict":"block","account":"org"' "$readme/out.txt" ||
        { echo "the README's program did not print a blocking verdict" >&2; exit 1; }
done < "$readme/build.txt"
libs=$(ldd "$readme/app")
grep -qF "libshenhe_ffi.so => $(cd "$readme" && pwd)/target/release/" <<< "$libs" ||
    { echo "the README's shared build does not find libshenhe_ffi.so through its rpath" >&2; exit 1; }

if [ "$valgrind" = 1 ]; then
    # Memory errors and definite or indirect leaks (a handle or a string never freed) fail the
    # run. "Possibly lost" blocks are not errors here: they are hash tables (interior pointers)
    # that live as long as the process, in rayon's global thread pool and its threads, and in
    # statics of shenhe-core (a regex's per-thread cache pool, the shipped source lists).
    # --fair-sched=yes: valgrind runs one thread at a time, and its default lock let the four
    # threads of `shared_engine_swap`, screening in a loop, starve the one that swaps engines
    # (once 17 minutes for this step, where it takes half a minute with fair turns).
    echo "== test (shared) under valgrind"
    SHENHE_TEST_ROUNDS=2 valgrind --fair-sched=yes --leak-check=full \
        --errors-for-leak-kinds=definite,indirect \
        --show-leak-kinds=definite,indirect --error-exitcode=1 --quiet \
        "$out/test-shared" bindings/testdata "$out/expected.jsonl"
fi
echo "== C bindings: ok"
