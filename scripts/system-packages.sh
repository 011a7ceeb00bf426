#!/usr/bin/env bash
# OS packages the Python packages cannot bring: what WeasyPrint draws PDFs with (pango, harfbuzz)
# and a Chinese font, so that the gap report's PDF never shows Chinese as boxes.
#
#   bash scripts/system-packages.sh
#
# Idempotent: installs with apt-get only what is missing (as root, or through password-less sudo),
# then checks that fontconfig finds a CJK font. Exits non-zero with a message when it cannot.
set -euo pipefail

PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fontconfig fonts-wqy-microhei)

log() { echo "system-packages: $*" >&2; }
die() {
    echo "system-packages: ERROR: $*" >&2
    exit 1
}
# shellcheck source=as-root.sh
. "$(dirname "${BASH_SOURCE[0]}")/as-root.sh"
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }


if have dpkg-query; then
    missing=()
    for p in "${PACKAGES[@]}"; do
        installed "$p" || missing+=("$p")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        have apt-get || die "missing ${missing[*]} and apt-get is not available to install them"
        log "installing ${missing[*]} with apt-get"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update >&2 || die "apt-get update failed"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
            die "apt-get install ${missing[*]} failed"
        for p in "${missing[@]}"; do
            installed "$p" || die "$p is still not installed after apt-get install"
        done
    fi
else
    log "not a Debian-like system: install pango, harfbuzz and a Chinese font (e.g. WenQuanYi Micro Hei) yourself"
fi

have fc-list || die "fc-list (fontconfig) is missing"
fc-list :lang=zh family | grep -q . || die "no Chinese font is installed (fc-list :lang=zh is empty); install fonts-wqy-microhei"
