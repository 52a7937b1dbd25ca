#!/usr/bin/env bash
# Installs Eligo's dependencies from Debian 12 packages. Idempotent: packages already
# installed are skipped; nothing is downloaded at build time.
#   bash scripts/install-deps.sh          what building and running eligo need (README command 1)
#   bash scripts/install-deps.sh --test   that, plus what the tests and benchmarks need (README command 2, .ci/run)
set -euo pipefail

with_tests=0
case "${1:-}" in
  "") ;;
  --test) with_tests=1 ;;
  *) echo "install-deps: usage: install-deps.sh [--test]" >&2; exit 2 ;;
esac

packages=(
  g++             # C++20 compiler (g++ 12)
  cmake           # build system, CTest
  make
  ninja-build     # the build tool README's commands and CMakePresets.json use: it compiles a library's files while the
                  # libraries below it still build, so the grammar's one long file no longer leaves a core idle
  tao-pegtl-dev   # PEGTL 3.2.7: the criteria grammar
  libboost-dev    # Boost.Units 1.74: typed quantities
  nlohmann-json3-dev  # JSON patients, catalogues, reports
  libcli11-dev    # command-line parsing for the eligo CLI
  pkg-config      # finds cpp-httplib
  libcpp-httplib-dev  # cpp-httplib 0.11: eligo serve (docs/server.md)
  libssl-dev      # libcrypto's SHA-256: a trial file's content hash (a dependency of libcpp-httplib-dev already)
  libsimdjson-dev # simdjson 3.0: parses every patient JSON and FHIR bundle (engine/patient/json_text.cpp), and the batch path's one-pass reader (docs/batch.md)
  doctest-dev     # unit tests: CMakeLists.txt finds it in every configuration, as the tests are part of the default build
)
if [ "$with_tests" -eq 1 ]; then
  packages+=(
    libbenchmark-dev  # Google Benchmark, for bench/ only
    chromium          # the page's end-to-end test (tests/browser), headless
    fonts-dejavu-core # a font for chromium's screenshots
    curl              # the docs/server.md examples, run by CTest
    nginx             # the TLS reverse proxy of docs/server.md, run by CTest (serve.tls) as the test user, never as a service
    openssl           # the self-signed certificate of that test
    wrk               # the server load test (bench/serve.sh)
    clang-format      # .ci/run fails on formatting drift (scripts/check-format.sh)
    postgresql        # PostgreSQL 15: eligo sql's parity test runs a throwaway cluster as an unprivileged user (tests/omop_parity.sh)
  )
  # Node.js runs the browser test; Debian's nodejs when the machine has none.
  if ! command -v node >/dev/null 2>&1; then
    packages+=(nodejs npm)
  fi
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
else
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: need root to install: ${missing[*]}" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Installing a server package (nginx) must not start it as a system service: invoke-rc.d asks
  # policy-rc.d (exit 101: "not now"). Container images usually have one; otherwise one is put
  # in place for the install only.
  policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && policy_added=1
  fi
  status=0
  apt-get install -y -qq --no-install-recommends "${missing[@]}" || status=$?
  [ "$policy_added" -eq 1 ] && rm -f /usr/sbin/policy-rc.d
  [ "$status" -eq 0 ] || exit "$status"
fi

if [ "$with_tests" -eq 1 ]; then
  # playwright-core and axe-core for the browser test, from the npm registry at the versions package-lock.json pins.
  # playwright-core drives Debian's /usr/bin/chromium; it downloads no browser of its own.
  browser_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
  if [ ! -d "$browser_dir/node_modules/playwright-core" ] || [ ! -d "$browser_dir/node_modules/axe-core" ]; then
    echo "install-deps: npm ci in tests/browser (playwright-core, axe-core)"
    (cd "$browser_dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
