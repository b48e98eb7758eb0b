#!/usr/bin/env bash
# Installs from Debian's packages what the test suite needs and this machine lacks. Idempotent.
set -euo pipefail
need=()
# A CJK font, to write the PDF fixtures of the ingest tests.
ls /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc >/dev/null 2>&1 || need+=(fonts-wqy-zenhei)
# Debian's Chromium, driven by Playwright in the browser tests (tests/browser); never a downloaded browser.
[ -x /usr/bin/chromium ] || need+=(chromium)
# LibreOffice Writer without a GUI: the Word 落实情况表 is opened headless (tests/unit/track/test_office.py).
[ -x /usr/bin/soffice ] || need+=(libreoffice-writer-nogui)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
