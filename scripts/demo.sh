#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running server on the demo
# data: installs what is missing, builds, starts offergraph-server.
# Extra arguments go to the server (e.g. --grpc_address=0.0.0.0:50051).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/src/server/offergraph-server --data_dir=data/demo "$@"
