#!/usr/bin/env bash
# The Debian packages liftlens needs.
#   bash .ci/system-deps.sh                 install the missing ones (used by `make setup`)
#   bash .ci/system-deps.sh --list-missing  print the missing ones, one per line
set -euo pipefail
packages=(
  make
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-kor tesseract-ocr-jpn
  postgresql redis-server
  fonts-dejavu-core fonts-liberation fonts-noto-cjk
  fonts-roboto fonts-nanum fonts-ipafont-gothic fonts-open-sans fonts-lato
  fonts-inter fonts-cantarell fonts-crosextra-caladea fonts-unfonts-core fonts-mplus
  fonts-vlgothic fonts-noto-core fonts-clear-sans fonts-baekmuk fonts-horai-umefont
  fonts-sawarabi-gothic fonts-manrope fonts-cabin fonts-linuxlibertine fonts-lexi-gulim
  fonts-morisawa-bizud-gothic fonts-motoya-l-maruberi
  chromium
  docker-compose
)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${1:-}" = "--list-missing" ]; then
  printf '%s\n' "${missing[@]}"
  exit 0
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
