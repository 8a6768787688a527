#!/usr/bin/env bash
# Regenerate the example committee papers in docs/examples/ (`make examples`):
# a validation paper and a comparison paper, each as PDF, HTML and XLSX, and the first page of
# each PDF as PNG (pdftoppm, Debian's poppler-utils). The dates come from the header files, so
# two runs give the same files.
#   TECHNOPOLE=.venv/bin/technopole docs/examples/make.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
T=${TECHNOPOLE:-technopole}
D=docs/examples
for ext in pdf html xlsx; do
  "$T" validate --header $D/validation_paper.yaml --lang both --out $D/validation_paper.$ext --force || [ $? -le 1 ]
  "$T" compare table-3-1 ai-30pct --header $D/comparison_paper.yaml \
    --out $D/comparison_paper.$ext --force
done
pdftoppm -png -r 80 -f 1 -l 1 -singlefile $D/validation_paper.pdf $D/validation_paper_p1
pdftoppm -png -r 80 -f 1 -l 1 -singlefile $D/comparison_paper.pdf $D/comparison_paper_p1
