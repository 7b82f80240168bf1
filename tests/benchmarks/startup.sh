#!/usr/bin/env bash
# Cold start before/after: `preflight check --offline` on the shipped example and `preflight --version`, whole
# processes, both builds published ReadyToRun for linux-x64 as the RID-specific tool package ships them, timed by
# hyperfine in ONE run so the ratios hold even on a loaded machine.
# Usage: tests/benchmarks/startup.sh [before-ref] [runs]   (before-ref: a commit; default 3f4a67f, main before issue 12)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
ref=${1:-3f4a67f}
runs=${2:-30}
out=${BENCH_OUT:-$root/.bench}/startup
rm -rf "$out/before-src"; mkdir -p "$out/before-src"
git -C "$root" archive "$ref" | tar -x -C "$out/before-src"
publish() { dotnet publish "$1/src/PreflightCheck.Cli/PreflightCheck.Cli.csproj" -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -o "$2" -v q -nologo > "$2.log" 2>&1 || { cat "$2.log"; exit 1; }; }
publish "$out/before-src" "$out/before"
publish "$root" "$out/after"
ex=$root/src/PreflightCheck.Cli/Examples
check="check --offline --request $ex/vpc-model.request.json --endpoint-config $ex/vpc-model.endpoint-config.json --region us-east-1 --fail-on never"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
NO_COLOR=1 hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/startup.json" \
  -n before-check "$out/before/preflight $check" -n after-check "$out/after/preflight $check" \
  -n before-version "$out/before/preflight --version" -n after-version "$out/after/preflight --version" > /dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out/startup.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f'{r["command"]:<15} median {r["median"]*1000:7.1f} ms   min {r["min"]*1000:7.1f} ms   mean {r["mean"]*1000:7.1f} ms')
PY
