#!/bin/sh
# Fetches the agent-os userland packages from npm into CACHE (once: a second run needs no
# network) and gathers their wasm/ commands into CACHE/bin. Exits 77 (the test's skip code) when
# the registry cannot be reached.
#   fetch_packages.sh CACHE
set -u
cache=$1
version=0.0.260331072558
mkdir -p "$cache/bin"
for pkg in coreutils grep sed; do
  dir=$cache/$pkg
  if [ ! -d "$dir/package/wasm" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    if ! (cd "$dir" && timeout 180 npm pack --silent "@rivet-dev/agent-os-$pkg@$version" \
            >/dev/null 2>"$dir/npm.log"); then
      echo "npm registry unreachable (@rivet-dev/agent-os-$pkg@$version): skipped" >&2
      cat "$dir/npm.log" >&2
      rm -rf "$dir"
      exit 77
    fi
    tar xzf "$dir"/*.tgz -C "$dir" && rm -f "$dir"/*.tgz || exit 1
  fi
  # Hard links where the file system allows (the packages are large), copies otherwise.
  cp -lpf "$dir"/package/wasm/* "$cache/bin/" 2>/dev/null || cp -pf "$dir"/package/wasm/* "$cache/bin/" || exit 1
done
