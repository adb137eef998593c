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
# jemalloc: LibreOffice converts with 15 to 25 % less CPU (drafting/convert.py).
compgen -G "/usr/lib/*-linux-gnu/libjemalloc.so.2" >/dev/null || compgen -G "/usr/lib*/libjemalloc.so.2" >/dev/null \
  || manque+=(libjemalloc2)
if [ ${#manque[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  echo "Installation des paquets Debian : ${manque[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${manque[@]}" >/dev/null
fi

extra=""
[ "${1:-}" = "--tests" ] && extra="[test]"
python3 -m pip install --quiet --disable-pip-version-check ".${extra}"
command -v draft >/dev/null || { command -v pyenv >/dev/null && pyenv rehash; } || true
