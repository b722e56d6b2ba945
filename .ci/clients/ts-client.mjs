// The MCP TypeScript SDK client against this project's HTTP server: initialize, tools/list, tools/call, an error
// result, and the session constraint of the path. Usage: node ts-client.mjs <base URL of /mcp> [stateful|stateless]
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [base, mode] = process.argv.slice(2);
const fail = (msg) => { console.error(`FAIL (${mode}): ${msg}`); process.exit(1); };

const client = new Client({ name: "ts-client-it", version: "1.0.0" });
const transport = new StreamableHTTPClientTransport(new URL(`${base}/sentry-mcp-evals`));
await client.connect(transport);
if (mode === "stateful" && !transport.sessionId) fail("no Mcp-Session-Id in stateful mode");
if (mode === "stateless" && transport.sessionId) fail("a session id in stateless mode");
const info = client.getServerVersion();
if (info?.name !== "sentry-mcp-java") fail(`serverInfo ${JSON.stringify(info)}`);

const { tools } = await client.listTools();
const names = tools.map((t) => t.name);
if (!names.includes("find_projects")) fail(`tools: ${names.join(",")}`);
const searchIssues = tools.find((t) => t.name === "search_issues");
if (!searchIssues) fail("search_issues is not listed");
if (searchIssues.inputSchema.properties?.organizationSlug) fail("the path's organization is still a parameter");

const ok = await client.callTool({ name: "find_projects", arguments: {} });
const text = ok.content?.[0]?.text ?? "";
if (ok.isError || !text.includes("cloudflare-mcp")) fail(`find_projects: ${text.slice(0, 300)}`);

const bad = await client.callTool({ name: "get_issue_details", arguments: { issueId: "../../etc" } });
if (!bad.isError) fail("a path-traversal issue id was not refused");

await client.close();
console.log(`ok   TypeScript SDK client (${mode}): ${tools.length} tools, find_projects answered, bad input refused`);
