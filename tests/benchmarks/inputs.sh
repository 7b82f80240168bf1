#!/usr/bin/env bash
# Input-size benchmark (issue 12, item 4): whole `preflight check --offline` processes on generated huge inputs, one-line
# against the same content pretty-printed (one token per line, so the 10 MB cases stay under the 10 MiB input cap), wall
# time and peak RSS (getrusage of the child, taken by a python3 parent).
# Usage: tests/benchmarks/inputs.sh [path-to-preflight-binary] [timeout-seconds]
# The inputs are generated into $BENCH_OUT (default .bench/inputs) and never committed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cli=${1:-$root/src/PreflightCheck.Cli/bin/Release/net10.0/preflight}
limit=${2:-180}
out=${BENCH_OUT:-$root/.bench/inputs}
mkdir -p "$out"

python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
def write(name, doc):
    with open(os.path.join(out, name + ".oneline.json"), "w") as f: json.dump(doc, f, separators=(",", ":"))
    with open(os.path.join(out, name + ".pretty.json"), "w") as f: json.dump(doc, f, indent=0, separators=(",", ":"))
container = {"ContainerHostname": "ModelContainer",
             "Image": "registry.example.internal:5000/docker-local/my-inference-image:1.4.2",
             "ImageConfig": {"RepositoryAccessMode": "Vpc", "RepositoryAuthConfig": {
                 "RepositoryCredentialsProviderArn": "arn:aws:lambda:us-east-1:123456789012:function:registry-credentials"}}}
vpc = {"SecurityGroupIds": ["sg-0123456789abcdef0"], "Subnets": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]}
# 1. A CreateModel request with a 1,000,000-element array.
write("request-1m-array", {"ModelName": "vpc-model", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/SageMakerExecutionRole",
                           "PrimaryContainer": container, "VpcConfig": vpc, "Tags": [0] * 1_000_000})
def tf_plan(tags, env):
    after = {"name": "vpc-model", "execution_role_arn": "arn:aws:iam::123456789012:role/SageMakerExecutionRole",
             "primary_container": [{"container_hostname": "ModelContainer", "image": container["Image"],
                                    "environment": env, "image_config": [{"repository_access_mode": "Vpc",
                                    "repository_auth_config": [{"repository_credentials_provider_arn": container["ImageConfig"]["RepositoryAuthConfig"]["RepositoryCredentialsProviderArn"]}]}]}],
             "vpc_config": [{"security_group_ids": vpc["SecurityGroupIds"], "subnets": vpc["Subnets"]}],
             "enable_network_isolation": False, "tags": tags, "tags_all": tags}
    return {"format_version": "1.2", "terraform_version": "1.9.8",
            "resource_changes": [{"address": "aws_sagemaker_model.this", "mode": "managed", "type": "aws_sagemaker_model",
                                  "name": "this", "change": {"actions": ["create"], "before": None, "after": after,
                                  "after_unknown": {}, "after_sensitive": {}}}]}
# 2. A Terraform model resource with 100,000 tags.
write("tf-100k-tags", tf_plan({f"tag-{i}": f"value-{i}" for i in range(100_000)}, {}))
# 3. A 10 MB Terraform plan (its pretty form stays under the 10 MiB cap), its bulk inside the model resource (container environment).
write("tf-10mb", tf_plan({}, {f"VARIABLE_{i:07d}": "v" * 14 for i in range(280_000)}))
# 4. A 10 MB CloudFormation JSON template, its bulk inside the model's Environment.
props = {"ModelName": "vpc-model", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/SageMakerExecutionRole",
         "PrimaryContainer": dict(container, Environment={f"VARIABLE_{i:07d}": "v" * 14 for i in range(280_000)}), "VpcConfig": vpc}
write("cfn-10mb", {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Model": {"Type": "AWS::SageMaker::Model", "Properties": props}}})
PY

measure() { # name option file
  python3 - "$limit" "$cli" "$@" <<'PY'
import os, resource, subprocess, sys, time
limit, cli, name, option, path = float(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
start = time.monotonic()
p = subprocess.Popen([cli, "check", "--offline", option, path, "--region", "us-east-1", "--fail-on", "never", "--format", "json"],
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
try:
    _, err = p.communicate(timeout=limit); code = p.returncode
except subprocess.TimeoutExpired:
    p.kill(); p.communicate(); code = "timeout"
wall = time.monotonic() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
size = os.path.getsize(path) / 1e6
print(f"{name:<28} {size:6.1f} MB  exit {code!s:<7}  wall {wall:7.2f} s  peak RSS {rss:6.0f} MiB")
PY
}
# Baseline: the shipped example, so a loaded machine's process start-up shows next to the big inputs.
measure example.request --request "$root/src/PreflightCheck.Cli/Examples/vpc-model.request.json"
for input in request-1m-array:--request tf-100k-tags:--template tf-10mb:--template cfn-10mb:--template; do
  name=${input%%:*}; option=${input#*:}
  for shape in oneline pretty; do measure "$name.$shape" "$option" "$out/$name.$shape.json"; done
done
