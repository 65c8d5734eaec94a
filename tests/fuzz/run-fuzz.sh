#!/bin/sh
# Runs one fuzz target for a fixed budget with a fixed seed over its corpus
# and its regression inputs; fails on any crash or broken contract.  New
# inputs go to a scratch corpus in the build directory, never into the tree.
# libFuzzer's own failure status, 77, would read as a skip to meson: 1 instead.
# usage: run-fuzz.sh <target-binary> <tests/fuzz dir> <name> <seconds>
set -eu
exe=$1 src=$2 name=$3 secs=$4
work=$(pwd)/fuzz-work/$name
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
dirs="$src/corpus/$name"
[ -d "$src/regress/$name" ] && dirs="$dirs $src/regress/$name"
# shellcheck disable=SC2086
exec "$exe" -seed=1 -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -error_exitcode=1 -timeout_exitcode=1 \
	-print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" $dirs
