#!/usr/bin/env bash
# Make sure `uv` (the Python package manager that reads uv.lock) is on PATH; install it from PyPI if not.
set -euo pipefail
if command -v uv >/dev/null 2>&1; then exit 0; fi
python3 -m pip install --quiet --user uv 2>/dev/null \
  || python3 -m pip install --quiet uv 2>/dev/null \
  || python3 -m pip install --quiet --user --break-system-packages uv  # Debian's PEP 668 Python
