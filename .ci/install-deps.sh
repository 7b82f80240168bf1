#!/usr/bin/env bash
# Installs the Debian 12 packages the integration tests drive: docker-registry (distribution 2.8), skopeo, openssl, htpasswd,
# podman (its Docker-compatible API serves the --pull-test tests), runc and busybox-static (the --run-test tests run
# FROM-scratch busybox images through podman; crun cannot run them in this sandbox, runc can).
# Idempotent: re-running only refreshes the package index and finds everything installed.
set -euo pipefail

packages=(docker-registry skopeo openssl apache2-utils ca-certificates podman runc busybox-static)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all present (${packages[*]})"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"

# The Debian package enables a system registry service on :5000; the tests start their own, so stop it where systemd runs.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker-registry 2>/dev/null; then
  $SUDO systemctl disable --now docker-registry || true
fi

echo "install-deps: installed ${missing[*]}"
