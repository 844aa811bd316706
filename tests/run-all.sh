#!/usr/bin/env bash
# The whole test suite: unit + integration (Vitest, real server and SQLite) + browser (Playwright
# driving Debian's Chromium). `npm test` runs this file.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
	if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
		echo "Chromium absent : installation du paquet Debian chromium…"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	else
		echo "Chromium est nécessaire aux tests navigateur : installez le paquet Debian 'chromium'" >&2
		echo "(sudo apt-get install -y chromium) ou indiquez son chemin dans CHROMIUM_PATH." >&2
		exit 1
	fi
fi

# The ODT/PDF exports are tested through LibreOffice, read back with pdftotext (poppler-utils).
if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null || [ ! -e /usr/lib/libreoffice/program/libsclo.so ]; then
	if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
		echo "LibreOffice ou pdftotext absent : installation des paquets Debian libreoffice-writer-nogui poppler-utils…"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils >/dev/null
	else
		echo "LibreOffice et pdftotext sont nécessaires aux tests des exports ODT/PDF : installez les paquets Debian" >&2
		echo "'libreoffice-writer-nogui' et 'poppler-utils' (sudo apt-get install -y libreoffice-writer-nogui poppler-utils)." >&2
		exit 1
	fi
fi

# PostgreSQL and Redis: the tests start their own (tests/helpers/engines.ts: initdb in a temporary
# folder, redis-server on a free port), never a service of the machine; only the binaries are needed.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -z "$(ls /usr/share/postgresql/*/extension/unaccent.control 2>/dev/null)" ] || ! command -v redis-server >/dev/null; then
	if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
		echo "PostgreSQL ou Redis absent : installation des paquets Debian postgresql redis-server…"
		# No cluster of the machine's own: the tests make theirs.
		mkdir -p /etc/postgresql-common
		[ -e /etc/postgresql-common/createcluster.conf ] || echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Options::=--force-confold postgresql redis-server >/dev/null
	else
		echo "PostgreSQL et Redis sont nécessaires aux tests (le test les démarre lui-même, sans service) : installez les paquets Debian" >&2
		echo "'postgresql' et 'redis-server' (sudo apt-get install -y postgresql redis-server)." >&2
		exit 1
	fi
fi

mkdir -p .reports
rm -f .reports/vitest.json .reports/vitest-node24.json .reports/playwright.json

echo "== Build"
npx svelte-kit sync >/dev/null
npx vite build --logLevel warn
# The production server, compiled to JavaScript (build/tablee/), as `npm run build` does.
node scripts/build-server.mjs --stamp

status=0
echo "== Tests unitaires et d'intégration (Vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.reports/vitest.json || status=$?

# TABLEE_NODE24=0 skips this run (a quick local check); CI and `npm test` run it.
if [ "${TABLEE_NODE24:-1}" != "0" ]; then
	echo "== Tests unitaires et d'intégration sur Node 24"
	bash tests/node24.sh --reporter=default --reporter=json --outputFile.json=.reports/vitest-node24.json || status=$?
fi

echo "== Tests navigateur (Playwright + Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=.reports/playwright.json npx playwright test --reporter=list,json || status=$?

node tests/summary.mjs || status=$?
exit $status
