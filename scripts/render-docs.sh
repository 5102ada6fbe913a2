#!/bin/sh
# Render the Word documents of a round, and its HTML report as PDF, to PNG pages, so a person can look at them.
#
#   scripts/render-docs.sh [OUT] [ROUND] [AS_OF]     (default: build/docs, 7, 2026-12-01)
#
# Writes OUT/<kind>.docx for each document kind of `rectify report --format docx --document KIND`
# (from the example ledgers in ledgers/), converts each to PDF with LibreOffice headless and each
# PDF page to OUT/<kind>-<page>.png with pdftoppm. Needs rectify on PATH (or RECTIFY=...), soffice
# and pdftoppm: on Debian `apt-get install -y libreoffice-writer-nogui fonts-noto-cjk poppler-utils`
# (the official fonts 方正小标宋/仿宋_GB2312 are not free: LibreOffice substitutes Noto CJK, so the
# pages show the layout, not the exact type).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-build/docs}
round=${2:-7}
as_of=${3:-2026-12-01}
rectify=${RECTIFY:-rectify}
for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "render-docs: $tool not found (apt-get install -y libreoffice-writer-nogui fonts-noto-cjk poppler-utils)" >&2
        exit 2
    }
done
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for kind in committee unit closure notice; do
    "$rectify" report --ledgers "$here/ledgers" --round "$round" --as-of "$as_of" --lang zh \
        --format docx --document "$kind" -o "$out/$kind.docx" || [ $? -eq 3 ]
    soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" "$out/$kind.docx" >/dev/null
    pdftoppm -png -r 60 "$out/$kind.pdf" "$out/$kind"
done
# the HTML report printed by WeasyPrint (--format pdf, the [pdf] extra), when it can load
if "$rectify" report --ledgers "$here/ledgers" --round "$round" --as-of "$as_of" --lang zh \
        --format pdf -o "$out/report.pdf" 2>/dev/null || [ $? -eq 3 ]; then
    [ -f "$out/report.pdf" ] && pdftoppm -png -r 60 "$out/report.pdf" "$out/report"
else
    echo "render-docs: --format pdf skipped (pip install 'rectify-cli[pdf]')" >&2
fi
ls "$out"/*.png
