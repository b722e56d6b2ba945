#!/usr/bin/env node
// tools/list bytes, ours against the reference, for the same tools.
//
//   source ~/.cache/sentry-mcp-bench/env.sh
//   node bench/tools-list.mjs [--markdown] -- <our server command ...>
//
// Starts both servers over stdio (no Sentry calls: listing needs none) and lists their tools. The reference
// (@sentry/mcp-server from $BENCH_REF, run by $BENCH_NODE) registers only a few tools in tools/list; the definition
// of each other tool is what its search_sentry_tools returns for the tool's name (name, description, JSON schema),
// which is what an agent reads before calling it through execute_sentry_tool. For every tool we list, the bytes of
// our tools/list entry (as sent: name, title, description, input and output schema, annotations) are compared with
// the bytes of the reference's definition of the same tool (its tools/list entry where it is direct, else its
// search_sentry_tools entry, which has no annotations and no output schema: the comparison is against us).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const argv = process.argv.slice(2);
const dd = argv.indexOf("--");
const markdown = argv.slice(0, dd < 0 ? argv.length : dd).includes("--markdown");
const ours = dd < 0 ? [] : argv.slice(dd + 1);
const node = process.env.BENCH_NODE;
const ref = process.env.BENCH_REF;
if (ours.length === 0 || !node || !ref) {
  console.error("usage: source ~/.cache/sentry-mcp-bench/env.sh; node bench/tools-list.mjs [--markdown] -- <our server command>");
  process.exit(2);
}
const env = { PATH: process.env.PATH, HOME: process.env.HOME, JAVA_HOME: process.env.JAVA_HOME ?? "" };
async function connect(command, args) {
  const client = new Client({ name: "tools-list-bytes", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command, args, env, stderr: "ignore" }));
  return client;
}
const bytes = (o) => Buffer.byteLength(JSON.stringify(o), "utf8");

const our = await connect(ours[0], ours.slice(1));
const ourList = (await our.listTools()).tools;
const ourListBytes = bytes({ tools: ourList });
await our.close();

const rc = await connect(node, [ref, "--access-token=fake-token", "--host=127.0.0.1:9", "--insecure-http"]);
const refList = (await rc.listTools()).tools;
const refDirect = new Map(refList.map((t) => [t.name, t]));
const rows = [];
for (const t of ourList) {
  let def = refDirect.get(t.name);
  let how = "tools/list";
  if (!def) {
    const r = await rc.callTool({ name: "search_sentry_tools", arguments: { query: t.name } });
    const text = (r.content ?? []).find((c) => c.type === "text")?.text ?? "{}";
    let hit;
    try {
      hit = (JSON.parse(text).results ?? []).find((x) => x.name === t.name);
    } catch {
      hit = undefined;
    }
    def = hit ? { name: hit.name, description: hit.description, inputSchema: hit.inputSchema } : undefined;
    how = hit ? "search_sentry_tools" : "-";
  }
  rows.push({ name: t.name, ours: bytes(t), ref: def ? bytes(def) : NaN, how });
}
await rc.close();
const both = rows.filter((r) => Number.isFinite(r.ref));
const sumO = both.reduce((s, r) => s + r.ours, 0);
const sumR = both.reduce((s, r) => s + r.ref, 0);
if (markdown) {
  console.log("| tool | reference bytes (from) | ours bytes | ratio |");
  console.log("|---|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.name} | ${Number.isFinite(r.ref) ? r.ref : "-"} (${r.how}) | ${r.ours} | ${Number.isFinite(r.ref) ? (r.ours / r.ref).toFixed(2) : "-"} |`);
  console.log(`| **${both.length} tools both have** | **${sumR}** | **${sumO}** | **${(sumO / sumR).toFixed(2)}** |`);
} else {
  for (const r of rows) console.log(`${r.name.padEnd(28)} ref ${String(Number.isFinite(r.ref) ? r.ref : "-").padStart(6)} (${r.how.padEnd(19)}) ours ${String(r.ours).padStart(6)}`);
  console.log(`same ${both.length} tools: reference ${sumR} B, ours ${sumO} B, ratio ${(sumO / sumR).toFixed(2)}`);
}
console.log(`whole tools/list response: ours ${ourListBytes} B (${ourList.length} tools), reference ${bytes({ tools: refList })} B (${refList.length} tools)`);
