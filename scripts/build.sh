#!/usr/bin/env bash
# Configures and builds offergraph into ./build (or $BUILD_DIR).
# Extra arguments go to cmake's configure step, e.g. -DOFFERGRAPH_SANITIZE=thread.
# TARGETS="a b" builds only those targets.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
# shellcheck disable=SC2086
cmake --build "$BUILD_DIR" --parallel "${JOBS:-$(nproc)}" ${TARGETS:+--target $TARGETS}
