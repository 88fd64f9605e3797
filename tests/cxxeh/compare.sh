#!/usr/bin/env bash
# C++ exceptions end to end (issue 11). npm @yowasp/clang (clang 22 as a wasm32-wasi module) runs
# UNDER WASK and builds throws.cc + eh_runtime.cc with -fwasm-exceptions (legacy EH: try, catch,
# catch_all, delegate, rethrow); the same clang under node (the package's own JS driver) must
# produce the same bytes. The program then runs under wask and under node's WASI in each mode,
# and stdout, the exit status and the kind of ending (exit, trap, uncaught exception) must agree.
# Each level is built a second time with standard EH (-mllvm -wasm-use-legacy-eh=false: try_table,
# throw_ref, exnref), which node 20 cannot run: under wask it must behave as node's run of the
# legacy build.
#   tests/cxxeh/compare.sh WASK CACHE_DIR
# The package is fetched once with `npm pack` into CACHE_DIR; the built program is kept there
# keyed by the SHA-256 of the sources and flags, so a later run only runs the program (seconds).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
wask=${1:?usage: compare.sh WASK CACHE_DIR}
cache=${2:?usage: compare.sh WASK CACHE_DIR}
version=22.0.0-git20542-10
root=$cache/yowasp-clang-$version
pkg=$root/package
sources=(throws.cc eh_runtime.cc)
flags=(-std=c++20 -Wall -fwasm-exceptions)

if [ ! -f "$pkg/gen/llvm.core.wasm" ]; then
  mkdir -p "$cache"
  if ! (cd "$cache" && npm pack --silent "@yowasp/clang@$version" >/dev/null 2>&1); then
    echo "cxxeh: npm pack @yowasp/clang@$version failed (is the npm registry reachable?): skipped"
    exit 77
  fi
  # Unpacked beside, then renamed: an interrupted run leaves no half package behind.
  rm -rf "$root.part" && mkdir -p "$root.part"
  tar xzf "$cache/yowasp-clang-$version.tgz" -C "$root.part"
  rm -rf "$root" && mv "$root.part" "$root"
fi
# The sysroot the JS driver mounts at /usr (headers, libc++, libc), unpacked once.
usr=$root/usr
if [ ! -d "$usr/lib" ]; then
  rm -rf "$usr.part" && mkdir -p "$usr.part"
  tar xf "$pkg/gen/llvm-resources.tar" -C "$usr.part"
  mv "$usr.part" "$usr"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Two builds: -O2 (inlined, fewer frames and pads) and -O0 (nothing inlined: a pad in every frame),
# each in the two encodings of exception handling: legacy (clang's default) and standard.
levels=(-O2 -O0)
standard_eh=(-mllvm -wasm-use-legacy-eh=false)
builds=()
for level in "${levels[@]}"; do builds+=("$level" "$level-std"); done
key=$( (cd "$here" && cat "${sources[@]}"; echo "$version ${flags[*]} ${builds[*]} ${standard_eh[*]}") |
      sha256sum | cut -c1-16)
built=$cache/cxxeh-$key
if [ ! -f "$built/build.txt" ]; then
  # clang under wask: the driver's job list (-###), then each job (cc1 twice, wasm-ld), as the JS
  # wrapper does it (the module cannot spawn processes). / is a host dir holding the sources.
  mkdir -p "$work/root/tmp" "$work/node"
  for s in "${sources[@]}"; do cp "$here/$s" "$work/root/"; done
  clang_under_wask() {
    "$wask" run --dir "$work/root::/" --dir "$usr::/usr" "$pkg/gen/llvm.core.wasm" "$@" </dev/null
  }
  # Wall and CPU seconds of a command, added to the file $1 (the command's stderr stays as it is).
  TIMEFORMAT='%R %U %S'
  timed() {
    local into=$1
    shift
    { time "$@" 2>&4; } 4>&2 2>>"$into"
  }
  seconds() { awk '{ wall += $1; cpu += $2 + $3 } END { printf "%.1f s (CPU %.1f s)", wall, cpu }' "$1"; }
  part=$cache/building-$key
  rm -rf "$part" && mkdir -p "$part"
  for build in "${builds[@]}"; do
    level=${build%-std}
    out=throws$build.wasm
    args=("$level" "${flags[@]}" "${sources[@]}" -o "$out")
    [ "$build" = "$level" ] || args=("$level" "${flags[@]}" "${standard_eh[@]}" "${sources[@]}" -o "$out")
    timed "$work/wask$build.time" clang_under_wask clang++ -### "${args[@]}" >"$work/jobs" 2>&1
    jobs=0
    while IFS= read -r -u 3 line; do
      [[ $line == ' "'* ]] || continue
      eval "job=($line)"  # clang quotes every argument and escapes " \ $ inside
      [ -n "${job[0]}" ] || job=("${job[@]:1}")
      timed "$work/wask$build.time" clang_under_wask "${job[@]}"
      jobs=$((jobs + 1))
    done 3<"$work/jobs"
    [ "$jobs" -ge 3 ] || { cat "$work/jobs"; echo "cxxeh: clang -### gave $jobs jobs"; exit 1; }
    timed "$work/node$build.time" node --no-warnings "$here/node_clang.mjs" "$pkg" \
      "$work/node/$out" "${sources[@]/#/$here/}" -- "${args[@]}"
    if ! cmp "$work/root/$out" "$work/node/$out"; then
      echo "cxxeh: clang++ $build under wask and under node built different modules"
      exit 1
    fi
    cp "$work/root/$out" "$part/"
    echo "clang++ ${args[*]}: $jobs jobs under wask $(seconds "$work/wask$build.time")," \
      "under node $(seconds "$work/node$build.time"): the same $(wc -c <"$work/root/$out") bytes" \
      >>"$part/build.txt"
  done
  rm -rf "$cache"/cxxeh-*  # older sources' builds
  mv "$part" "$built"
fi
cat "$built/build.txt"

# The ending: the exit status, and for 134 whether it was a trap or an uncaught exception (the
# line may follow a guest's message that has no newline).
ending() { echo "status $1 $(grep -m1 -o -E 'trap:|uncaught exception' "$2" || true)"; }
# What the program is written to do, so an agreement on something else is not a pass either.
declare -A expected=([all]="status 0 " [terminate]="status 3 " [abort]="status 134 trap:"
                     [uncaught]="status 134 uncaught exception")
status=0
for level in "${levels[@]}"; do
  module=$built/throws$level.wasm
  for mode in all terminate abort uncaught; do
    arg=()
    [ "$mode" = all ] || arg=("$mode")
    set +e
    "$wask" run "$module" "${arg[@]}" </dev/null >"$work/wask.out" 2>"$work/wask.err"
    wask_end=$(ending $? "$work/wask.err")
    node --no-warnings "$here/node_wasi.mjs" "$module" "${arg[@]}" \
      </dev/null >"$work/node.out" 2>"$work/node.err"
    node_end=$(ending $? "$work/node.err")
    set -e
    if [ "$wask_end" != "${expected[$mode]}" ]; then
      echo "$level $mode: ended with $wask_end, not ${expected[$mode]}"
      status=1
    fi
    if cmp -s "$work/wask.out" "$work/node.out" && [ "$wask_end" = "$node_end" ]; then
      echo "$level $mode: identical ($(wc -l <"$work/wask.out") lines, $wask_end)"
    else
      echo "$level $mode: DIFFERENT: wask $wask_end, node $node_end"
      diff "$work/node.out" "$work/wask.out" | head -20 || true
      head -5 "$work/wask.err" "$work/node.err"
      status=1
    fi
    # The standard-EH build under wask against node's run of the legacy build.
    set +e
    "$wask" run "$built/throws$level-std.wasm" "${arg[@]}" </dev/null >"$work/std.out" 2>"$work/std.err"
    std_end=$(ending $? "$work/std.err")
    set -e
    if cmp -s "$work/std.out" "$work/node.out" && [ "$std_end" = "$node_end" ]; then
      echo "$level-std $mode: identical to node's legacy run ($(wc -l <"$work/std.out") lines, $std_end)"
    else
      echo "$level-std $mode: DIFFERENT from node's legacy run: wask $std_end, node $node_end"
      diff "$work/node.out" "$work/std.out" | head -20 || true
      head -5 "$work/std.err"
      status=1
    fi
  done
done
exit $status
