#!/usr/bin/env bash
# The main job on the bundled sample documents.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/planwatch inspect src/planwatch/samples/*.txt
