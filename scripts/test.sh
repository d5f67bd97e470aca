#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a full test run: installs
# what is missing, builds, runs every test through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure --timeout 600 -j "${JOBS:-$(nproc)}"
