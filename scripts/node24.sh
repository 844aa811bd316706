#!/usr/bin/env bash
# Prepares Node 24 for the test command, from the npm registry only: the Node binary comes from the
# `node-linux-<arch>` package (it ships the headers too), and better-sqlite3 is compiled for it from
# the sources already in node_modules, with npm's own node-gyp, into a separate folder, so that the
# Node 20 install keeps its binary. Both are cached (TABLEE_CACHE, default ~/.cache/tablee), keyed by
# versions: only the first run pays the download (~50 MB) and the compile (~1-2 min on 2 cores).
# @node-rs/argon2 and @resvg/resvg-js load N-API prebuilt packages, which work on any Node version.
# Prints the lines to `eval`: NODE24 (the binary) and TABLEE_BETTER_SQLITE3_DIR.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
CACHE="${TABLEE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tablee}"
case "$(uname -m)" in
	x86_64) ARCH=x64 ;;
	aarch64 | arm64) ARCH=arm64 ;;
	*) echo "Node 24 : architecture $(uname -m) non prise en charge par ce script." >&2; exit 1 ;;
esac
NODE_DIR="$CACHE/node-$NODE24_VERSION-linux-$ARCH"
mkdir -p "$CACHE"

if [ ! -x "$NODE_DIR/bin/node" ]; then
	tmp="$(mktemp -d "$CACHE/tmp.XXXXXX")"
	(cd "$tmp" && npm pack --silent "node-linux-$ARCH@$NODE24_VERSION" >/dev/null)
	tar -xzf "$tmp"/node-linux-*.tgz -C "$tmp"
	rm -rf "$NODE_DIR" && mv "$tmp/package" "$NODE_DIR" && rm -rf "$tmp"
fi

BSQ_SRC="$ROOT/node_modules/better-sqlite3"
BSQ_VERSION="$(node -p "require('$BSQ_SRC/package.json').version")"
BSQ_DIR="$CACHE/better-sqlite3-$BSQ_VERSION-node-$NODE24_VERSION-$ARCH"
if [ ! -f "$BSQ_DIR/build/Release/better_sqlite3.node" ]; then
	tmp="$(mktemp -d "$CACHE/tmp.XXXXXX")"
	# Sources only: the Node 20 build folder stays where it is.
	cp -r "$BSQ_SRC/package.json" "$BSQ_SRC/binding.gyp" "$BSQ_SRC/lib" "$BSQ_SRC/src" "$BSQ_SRC/deps" "$tmp/"
	NODE_GYP="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
	[ -f "$NODE_GYP" ] || NODE_GYP="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
	(cd "$tmp" && "$NODE_DIR/bin/node" "$NODE_GYP" rebuild --release --nodedir="$NODE_DIR" -j "$(nproc)" >"$tmp.log" 2>&1) || {
		echo "Échec de la compilation de better-sqlite3 pour Node $NODE24_VERSION :" >&2
		tail -40 "$tmp.log" >&2
		exit 1
	}
	rm -rf "$tmp/build/Release/obj.target" "$tmp/build/Release/.deps" "$tmp.log"
	rm -rf "$BSQ_DIR" && mv "$tmp" "$BSQ_DIR"
fi

echo "NODE24='$NODE_DIR/bin/node'"
echo "TABLEE_BETTER_SQLITE3_DIR='$BSQ_DIR'"
