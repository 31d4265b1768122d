#!/usr/bin/env bash
# Install the Debian packages liftlens needs, only those missing.
# Used by `make setup` (and so by `make run`/`make test`) and by .ci/run.
set -euo pipefail
packages=(
  make
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-kor tesseract-ocr-jpn
  postgresql redis-server
  fonts-dejavu-core fonts-liberation fonts-noto-cjk
  chromium
  docker-compose
)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
