#!/usr/bin/env bash
# Installs what offergraph needs to build, test and run, from Debian 12
# packages only. Installs only what is missing; safe to run again.
# OFFERGRAPH_DEPS=build installs only what building the binaries needs (the
# Docker image's build stage); the default, all, adds tests and checks.
set -euo pipefail

# Building the server, the CLI and the tools.
PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libspdlog-dev prometheus-cpp-dev zlib1g-dev
  librocksdb-dev libhiredis-dev grpc-proto libxxhash-dev
  libboost-math1.81-dev
  # the HTTP/JSON listener: Boost.Beast, Asio and URL (headers), OpenSSL
  libboost1.81-dev libssl-dev
)
if [[ ${OFFERGRAPH_DEPS:-all} != build ]]; then
  PACKAGES+=(
    # tests and benchmarks: real Redis, Prometheus and promtool, TLS
    # certificates, libFuzzer and sanitizers
    libgtest-dev libgmock-dev libbenchmark-dev redis-server
    libcurl4-openssl-dev prometheus openssl clang libclang-rt-14-dev
    # deploy/ checks (scripts/check-deploy.sh)
    yamllint docker-compose systemd nodejs jq
    # the HTTP/1.1 load generator of scripts/http-bench.sh
    wrk
    # the agent console's browser test (tests/console/): headless Chromium
    # driven by Selenium from Debian's python3
    chromium chromium-driver python3-selenium
  )
  # npm may come with the machine's Node.js rather than as a Debian package.
  command -v npm >/dev/null || PACKAGES+=(npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
