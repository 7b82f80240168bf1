#!/usr/bin/env bash
# Cold start of a whole `preflight check --offline` process on the shipped example, JIT against ReadyToRun
# (and Native AOT when it can be built), measured by hyperfine in one run so the ratios are comparable.
# Usage: tests/benchmarks/offline-check.sh [runs]   (needs hyperfine: apt-get install hyperfine)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-30}
out=${BENCH_OUT:-$root/.bench}
mkdir -p "$out"
cli=$root/src/PreflightCheck.Cli/PreflightCheck.Cli.csproj
example=(check --offline --request "$root/src/PreflightCheck.Cli/Examples/vpc-model.request.json"
         --endpoint-config "$root/src/PreflightCheck.Cli/Examples/vpc-model.endpoint-config.json" --region us-east-1 --fail-on never)

dotnet publish "$cli" -c Release -o "$out/jit" -p:PublishReadyToRun=false -v q -nologo >/dev/null
dotnet publish "$cli" -c Release -r linux-x64 --self-contained false -o "$out/r2r" -p:PublishReadyToRun=true -v q -nologo >/dev/null

commands=("$out/jit/preflight ${example[*]}" "$out/r2r/preflight ${example[*]}")
names=(jit readytorun)
if dotnet publish "$cli" -c Release -r linux-x64 -o "$out/aot" -p:PublishAot=true -v q -nologo > "$out/aot.log" 2>&1 \
   && "$out/aot/preflight" "${example[@]}" > /dev/null 2>> "$out/aot.log"; then
  commands+=("$out/aot/preflight ${example[*]}"); names+=(native-aot)
else
  echo "native AOT: not usable (see $out/aot.log)"
fi

args=()
for i in "${!commands[@]}"; do args+=(-n "${names[$i]}" "${commands[$i]}"); done
NO_COLOR=1 hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/offline-check.json" "${args[@]}" > /dev/null
python3 - "$out/offline-check.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f'{r["command"]:<12} median {r["median"]*1000:7.1f} ms   mean {r["mean"]*1000:7.1f} ms   min {r["min"]*1000:7.1f} ms')
PY
