#!/usr/bin/env bash
# Debian packages the test suite needs (Tesseract for OCR, Chromium for the report's browser
# test). Idempotent; does nothing
# when everything is present. Needs root (or sudo) and apt-get; elsewhere it only warns,
# and the tests that need a missing tool skip with the reason.
set -euo pipefail
need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr tesseract-ocr-eng)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: apt-get not found; please install: ${need[*]}" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-system-deps: not root; please install: ${need[*]}" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "install-system-deps: installed ${need[*]}"
