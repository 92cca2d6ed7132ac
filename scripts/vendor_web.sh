#!/usr/bin/env bash
# Copy the web UI's front-end libraries from the npm registry into the package's static folder.
# Run only to upgrade them (edit web/package.json first); the copies are committed, so neither
# the server nor CI needs npm, and no page loads anything from outside the server.
set -euo pipefail
cd "$(dirname "$0")/.."
(cd web && npm ci --no-audit --no-fund --ignore-scripts)  # after editing package.json: npm install
src=web/node_modules
dst=src/marsad/api/static/vendor
rm -rf "$dst"
mkdir -p "$dst/leaflet/images" "$dst/fonts" "$dst/licenses" "$dst/swagger-ui"
cp "$src/leaflet/dist/leaflet.js" "$src/leaflet/dist/leaflet.css" "$dst/leaflet/"
cp "$src"/leaflet/dist/images/*.png "$dst/leaflet/images/"
cp "$src/topojson-client/dist/topojson-client.min.js" "$dst/"
# The OpenAPI page (/docs) served from here too, instead of FastAPI's default CDN.
cp "$src/swagger-ui-dist/swagger-ui-bundle.js" "$src/swagger-ui-dist/swagger-ui.css" "$dst/swagger-ui/"
# 1:50m country boundaries (Natural Earth via world-atlas): small Gulf and Levant states show.
cp "$src/world-atlas/countries-50m.json" "$dst/countries-50m.json"
for subset in arabic latin; do
  for weight in 400 700; do
    cp "$src/@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-$subset-$weight-normal.woff2" "$dst/fonts/"
  done
done
cp "$src/leaflet/LICENSE" "$dst/licenses/leaflet.txt"
cp "$src/topojson-client/LICENSE" "$dst/licenses/topojson-client.txt"
cp "$src/world-atlas/LICENSE" "$dst/licenses/world-atlas.txt"
cp "$src/swagger-ui-dist/LICENSE" "$dst/licenses/swagger-ui.txt"
cp "$src/@fontsource/noto-naskh-arabic/LICENSE" "$dst/licenses/noto-naskh-arabic-OFL.txt"
for pkg in leaflet topojson-client world-atlas swagger-ui-dist @fontsource/noto-naskh-arabic; do
  printf '%s %s\n' "$pkg" "$(node -p "require('./$src/$pkg/package.json').version")"
done > "$dst/VERSIONS"
du -sh "$dst"
