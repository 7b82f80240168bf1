#!/usr/bin/env bash
# Runs the tests that measure speed (Category=Benchmark); .ci/test leaves them out. They print their timings to the
# test output and assert only counts and outcomes. Usage: tests/benchmarks/run.sh [extra dotnet test arguments]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
dotnet build PreflightCheck.sln -c Release -v q -nologo
dotnet test tests/PreflightCheck.IntegrationTests --no-build -c Release --filter "Category=Benchmark|Category=Scale" \
  --logger "console;verbosity=detailed" "$@"
