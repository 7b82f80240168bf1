#!/usr/bin/env bash
# Rebuilds the public root set shipped with preflight from Debian's ca-certificates package (Mozilla NSS certdata).
# Run on a Debian machine with ca-certificates installed; commit the result.
set -euo pipefail
dir=/usr/share/ca-certificates/mozilla
out="$(dirname "$0")/../src/PreflightCheck.Collectors/Tls/public-roots.pem"
version=$(dpkg-query -W -f='${Version}' ca-certificates)
date=$(zcat /usr/share/doc/ca-certificates/changelog.gz | sed -n 's/^ -- .*>  //p' | head -1 | xargs -I{} date -u -d {} +%F)
files=$(find "$dir" -name '*.crt' | LC_ALL=C sort)
{
  echo "# preflight: the public root set shipped with the tool (PFC-TLS-002, PFC-TLS-003; --public-roots replaces it)."
  echo "# source: Mozilla NSS certdata.txt (server-auth trust), as Debian ca-certificates $version installs it in $dir"
  echo "# date: $date"
  echo "# count: $(echo "$files" | wc -l)"
  echo "# licence: the certificate data is Mozilla's, under MPL-2.0. Rebuild with .ci/public-roots.sh on a Debian machine."
  for f in $files; do
    echo
    echo "# $(basename "$f" .crt)"
    cat "$f"
  done
} > "$out"
echo "wrote $out"
