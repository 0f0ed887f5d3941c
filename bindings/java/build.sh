#!/usr/bin/env bash
# Builds shenhe.jar: the classes of package cn.shenhe (bindings/java/src) and, as a resource,
# the native library for this platform (libshenhe_jni.so, from crates/shenhe-jni, built in
# release), with nothing but cargo and the JDK's own javac and jar.
#
#   bindings/java/build.sh [--no-build] [OUT_DIR]
#
#   --no-build   use the library already in target/release (default: cargo build it first)
#   OUT_DIR      where the jar goes (default: target/bindings/java); prints the jar's path
#
# Environment: CARGO_TARGET_DIR (default target), JAVAC (default javac), JAR (default jar).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

build=1
out=
for arg in "$@"; do
    case "$arg" in
        --no-build) build=0 ;;
        -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
        -*) echo "build.sh: unknown option $arg" >&2; exit 2 ;;
        *) out=$arg ;;
    esac
done

target=${CARGO_TARGET_DIR:-$root/target}
case "$target" in /*) ;; *) target=$root/$target ;; esac
out=${out:-$target/bindings/java}
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [ "$build" = 1 ]; then
    cargo build --release --quiet -p shenhe-jni --lib
fi
lib=$target/release/libshenhe_jni.so
[ -e "$lib" ] || { echo "build.sh: $lib is missing: run without --no-build" >&2; exit 2; }

# The platform directory NativeLibrary.platform() looks in: linux-x86_64, linux-aarch64, ...
case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) arch=$(uname -m) ;;
esac
platform=linux-$arch

classes=$out/classes
rm -rf "$classes"
mkdir -p "$classes/cn/shenhe/native/$platform"
"${JAVAC:-javac}" --release 17 -Xlint:all -Werror -encoding UTF-8 -d "$classes" \
    $(find bindings/java/src -name '*.java' | sort)
# The release profile keeps line tables (debug = 1) for profiling; the jar's copy drops them.
if command -v strip > /dev/null; then
    strip --strip-debug -o "$classes/cn/shenhe/native/$platform/libshenhe_jni.so" "$lib"
else
    cp "$lib" "$classes/cn/shenhe/native/$platform/libshenhe_jni.so"
fi
rm -f "$out/shenhe.jar"
"${JAR:-jar}" --create --file "$out/shenhe.jar" -C "$classes" .
echo "$out/shenhe.jar"
