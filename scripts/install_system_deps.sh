#!/usr/bin/env bash
# Install the system packages Kinscope needs, from Debian's archive, only where missing:
# a JDK 17 + Maven (the embedded Neo4j launcher), LibreOffice Writer and antiword (legacy .doc),
# Tesseract (OCR of scans), poppler (PDF tools), DejaVu fonts, Chromium (browser tests),
# Node.js + npm (axe-core for the accessibility tests), PostgreSQL and Redis (the Celery
# deployment: scripts/celery_stack.sh runs their programs under the state folder, not the system services).
set -euo pipefail

need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v antiword >/dev/null 2>&1 || need+=(antiword)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr tesseract-ocr-eng)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)

if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
echo "system packages to install: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: not root and no sudo; install these Debian packages first: ${need[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "system packages: installed ${need[*]}"
