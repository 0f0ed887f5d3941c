#!/usr/bin/env bash
# Builds shenhe.jar (bindings/java/build.sh) and runs the Java tests against it: the test posts
# of bindings/testdata must give, byte for byte, the verdicts of the Rust API (and so of C,
# Python and the CLI); then compiles and runs bindings/java/Example.java against the jar alone,
# exactly as the README shows. Exits non-zero when anything fails.
#
#   bindings/java/run.sh [--no-build]
#
#   --no-build   use the libraries already in target/release (default: cargo build them first)
#
# Needs cargo and a JDK 17 or newer (javac, jar, java); nothing else is installed.
# Environment: CARGO_TARGET_DIR (default target), JAVA (default java), JAVAC (default javac).
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

for tool in "${JAVA:-java}" "${JAVAC:-javac}" jar; do
    command -v "$tool" > /dev/null || { echo "run.sh: $tool is not installed (a JDK 17 is needed)" >&2; exit 2; }
done

target=${CARGO_TARGET_DIR:-$root/target}
case "$target" in /*) ;; *) target=$root/$target ;; esac
out=$target/bindings/java
mkdir -p "$out"

if [ "$build" = 1 ]; then
    # The Rust program that prints the expected verdicts of the test posts.
    cargo build --release --quiet -p shenhe-ffi --example verdicts
    echo "== build shenhe.jar"
    bindings/java/build.sh "$out"
else
    bindings/java/build.sh --no-build "$out"
fi
jar=$out/shenhe.jar
verdicts=$target/release/examples/verdicts
[ -e "$verdicts" ] || { echo "run.sh: $verdicts is missing: run without --no-build" >&2; exit 2; }
"$verdicts" bindings/testdata > "$out/expected.jsonl"
echo "jar: $(du -k "$jar" | cut -f1) KiB"

java=${JAVA:-java}
javac=${JAVAC:-javac}

echo "== compile the tests"
rm -rf "$out/test-classes"
"$javac" --release 17 -Xlint:all -Werror -encoding UTF-8 -cp "$jar" -d "$out/test-classes" \
    $(find bindings/java/test -name '*.java' | sort)

echo "== Java tests (with -Xcheck:jni)"
# From outside the source tree: the classes and the native library come from the jar alone.
(cd "$out" && "$java" -Xcheck:jni -cp "$jar:test-classes" cn.shenhe.test.EngineTest \
    "$root/bindings/testdata" "$out/expected.jsonl" \
    "$root/bindings/java/Example.java" "$root/README.md" "$root/bindings/README.md")

echo "== the JNI boundary: panics, unknown ids, close and the Cleaner free engines (a panic message below is expected)"
(cd "$out" && "$java" -Xcheck:jni -cp "$jar:test-classes" cn.shenhe.BoundaryTest "$root/bindings/testdata")

echo "== the README's example, as written"
ex=$out/example
rm -rf "$ex"
mkdir -p "$ex"
cp bindings/java/Example.java "$jar" "$ex/"
(cd "$ex" && "$javac" -cp shenhe.jar Example.java && "$java" -cp shenhe.jar:. Example) | tee "$ex/out.txt"
grep -q '^block \[gambling\]$' "$ex/out.txt" || { echo "the example did not block" >&2; exit 1; }
grep -q '^{"id":"post-1","verdict":"block"' "$ex/out.txt" || { echo "the example printed no JSON" >&2; exit 1; }

echo "== the library path override"
(cd "$ex" && "$java" -Dshenhe.library.path="$target/release/libshenhe_jni.so" -cp shenhe.jar:. Example > out2.txt)
cmp "$ex/out.txt" "$ex/out2.txt"
if (cd "$ex" && "$java" -Dshenhe.library.path=/nonexistent/libshenhe_jni.so -cp shenhe.jar:. Example \
    > /dev/null 2> err.txt); then
    echo "a missing override library did not fail" >&2; exit 1
fi
grep -q 'UnsatisfiedLinkError' "$ex/err.txt" || { cat "$ex/err.txt" >&2; exit 1; }
echo "== Java bindings: ok"
