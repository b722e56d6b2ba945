#!/usr/bin/env bash
# Validity pass of a workload against the project's own fake Sentry (sentry-mcp-testkit's FakeSentry), with the
# shared benchmark harness (../shared/bench/bench.mjs --fake-url). The bench's own fake API lacks many endpoints of
# the newer tools; FakeSentry serves them all and answers GET /__fake/stats and POST /__fake/reset in the same format,
# so every item's upstream requests and unmatched routes are recorded.
#
#   bench/validate.sh [--workload FILE] [--surface direct|gateway] [--only LABELS] [--out FILE]
#
# Needs: the built server (./mvnw -B install -DskipTests), Node, and ../shared/bench set up (setup.sh).
# Prints one line per item and exits non-zero if any item is invalid or reached an unmatched route.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bench=${BENCH_DIR:-$root/../shared/bench}
workload=$here/workloads/all-tools.json
surface=direct
only=
out=$(mktemp -d)/validate.json
while [ $# -gt 0 ]; do
  case "$1" in
    --workload) workload=$2; shift 2 ;;
    --surface) surface=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
jar=$root/sentry-mcp-server/target/sentry-mcp-server.jar
[ -f "$jar" ] || { echo "build the server first: ./mvnw -B install -DskipTests" >&2; exit 2; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
java -cp "$jar" io.github.sentrymcp.testkit.FakeSentry --port "$port" --quiet 2>/dev/null &
fake=$!
trap 'kill $fake 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/__fake/health" >/dev/null 2>&1 && break
  sleep 0.1
done
# one pass per surface: every item on the direct surface; the items that surface does not list (the gateway tools
# themselves, tools no surface lists) again on the gateway surface, where the harness reaches them by name or
# through execute_sentry_tool
pass() { # surface out [labels]
  local a=(--name "main-$1" --fake-url "http://127.0.0.1:$port" --workload "$workload" --cold-runs 1 --list-runs 1
    --iterations 1 --warmup 0 --skip cold,list,calls,throughput --out "$2" --quiet)
  [ -n "${3:-}" ] && a+=(--only "$3")
  node "$bench/bench.mjs" "${a[@]}" -- "$root/sentry-mcp-server/target/sentry-mcp-server" \
    --access-token=fake-token "--host=127.0.0.1:$port" --insecure-http "--mcp-url=http://127.0.0.1:$port" \
    "--docs-url=http://127.0.0.1:$port" --add-scopes=event:write,project:write,team:write,alerts:write \
    "--surface=$1" >/dev/null 2>&1 || true
  [ -s "$2" ] || { echo "the harness wrote no report ($1 surface)" >&2; exit 1; }
}
pass direct "$out.direct.json" "$only"
missing=$(node -e 'const r = require(process.argv[1]); console.log(r.tools.filter((t) => t.mode === "missing").map((t) => t.label).join(","))' "$out.direct.json")
if [ -n "$missing" ]; then pass gateway "$out.gateway.json" "$missing"; else echo '{"tools":[]}' > "$out.gateway.json"; fi
node -e '
const fs = require("fs");
const direct = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const gateway = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const byLabel = new Map(gateway.tools.map((t) => [t.label, { ...t, surface: "gateway" }]));
const tools = direct.tools.map((t) => (t.mode === "missing" && byLabel.has(t.label) ? byLabel.get(t.label) : { ...t, surface: "direct" }));
let bad = 0;
for (const t of tools) {
  const un = t.upstreamUnmatched ?? [];
  const ok = t.ok && un.length === 0;
  if (!ok) bad++;
  const why = (t.error ?? "") + (t.isError ? "isError: " + (t.sample ?? "").slice(0, 200).replace(/\n/g, " ") : "") +
    (t.missingExpect?.length ? " missing " + JSON.stringify(t.missingExpect) : "") + (un.length ? " unmatched " + JSON.stringify(un) : "");
  console.log(`${ok ? "ok  " : "FAIL"} ${t.label} [${t.surface}/${t.mode}] upstream=${t.upstreamCalls ?? "?"} ${t.textBytes ?? "-"}B ${ok ? "" : why}`);
}
fs.writeFileSync(process.argv[3], JSON.stringify({ workload: direct.options.workload, tools }, null, 1));
console.log(`${tools.length - bad} of ${tools.length} items valid, ${bad} not; no unmatched route: ${tools.every((t) => !(t.upstreamUnmatched ?? []).length)} (${process.argv[3]})`);
process.exit(bad ? 1 : 0);
' "$out.direct.json" "$out.gateway.json" "$out"
