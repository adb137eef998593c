#!/usr/bin/env bash
# Install what draft needs on a Debian/Ubuntu machine, then the package itself.
#   bash scripts/install.sh          # LibreOffice, poppler, fonts (if missing) + draft
#   bash scripts/install.sh --tests  # the same, with the test dependencies
set -euo pipefail
cd "$(dirname "$0")/.."

manque=()
command -v soffice >/dev/null || command -v libreoffice >/dev/null || manque+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null || manque+=(poppler-utils)
# Templates name Times New Roman: without Liberation Serif, LibreOffice falls back to a
# wider font and the pages reflow.
if ! { command -v fc-list >/dev/null && fc-list | grep -qi "Liberation Serif"; }; then
  manque+=(fonts-liberation2)
fi
# jemalloc: LibreOffice converts with 15 to 25 % less CPU (drafting/convert.py). Optional:
# draft works without it, so its absence from the archive never stops the rest.
jemalloc=""
if command -v dpkg >/dev/null && ! dpkg -s libjemalloc2 >/dev/null 2>&1; then
  jemalloc=libjemalloc2
fi
if [ ${#manque[@]} -gt 0 ] || [ -n "$jemalloc" ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  echo "Installation des paquets Debian : ${manque[*]} $jemalloc"
  $sudo apt-get update -qq
  if [ ${#manque[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${manque[@]}" >/dev/null
  fi
  if [ -n "$jemalloc" ]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libjemalloc2 >/dev/null \
      || echo "libjemalloc2 n'a pas pu être installé : LibreOffice tournera sans jemalloc, plus lentement."
  fi
fi

extra=""
[ "${1:-}" = "--tests" ] && extra="[test]"
python3 -m pip install --quiet --disable-pip-version-check ".${extra}"
command -v draft >/dev/null || { command -v pyenv >/dev/null && pyenv rehash; } || true
