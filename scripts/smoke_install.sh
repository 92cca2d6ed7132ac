#!/usr/bin/env bash
# Smoke test of an installed marsad (run by .ci/run on a plain `pip install .` in a fresh venv,
# from outside the repository so that only the installed package is imported):
#   scripts/smoke_install.sh REPO VENV_BIN
set -euo pipefail
repo="$1"
bin="$2"
"$bin/python" -c "import marsad, trafilatura, feedparser, warcio, datasketch, pyarrow, psycopg, fastapi, uvicorn, jinja2, pycrfsuite"
"$bin/marsad" --version
"$bin/marsad" analyze "$repo/examples/01-idlib-airstrike.json" --format json > analyzed.json
"$bin/python" - <<'PY'
import json
doc = json.load(open("analyzed.json", encoding="utf-8"))
assert doc["events"] and doc["entities"] and doc["places"], "the example lost its facts"
for e in doc["entities"]:
    assert doc["text"][e["start"]:e["end"]] == e["text"]
print("smoke: analyze", len(doc["events"]), "events,", len(doc["entities"]), "entities")
PY
printf '<html><head><title>خبر</title></head><body><article><p>%s</p></article></body></html>' \
  "قصفت طائرات حربية بلدة في ريف إدلب أمس، ما أدى إلى مقتل خمسة مدنيين وإصابة عشرة آخرين بحسب مصادر محلية في المنطقة." > page.html
"$bin/marsad" ingest page.html "$repo/examples" --db smoke.db --failures failures.jsonl
"$bin/marsad" events --db smoke.db --limit 3
"$bin/marsad" search "إدلب" --db smoke.db --limit 1
echo "smoke: installed package OK"
