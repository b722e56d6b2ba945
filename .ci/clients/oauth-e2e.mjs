// End-to-end MCP authorization: the MCP TypeScript SDK client's OAuth support against this project's HTTP server
// (--oauth, sandbox: the fake Sentry is the upstream OAuth provider), with the consent page answered by a real
// headless Chromium driven over the DevTools protocol (playwright-core). Discovery, dynamic registration,
// authorization with PKCE, token, tools/call, refresh, revocation. Every response the MCP client received is recorded
// and must not contain any secret the fake Sentry issued (its tokens and codes).
// Usage: node oauth-e2e.mjs <mcp-url> <fake-sentry-url>
import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError, auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { chromium } from 'playwright-core';

const [mcpUrl, fakeUrl] = process.argv.slice(2);
async function within(promise, ms, describe) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(async () => reject(new Error('timed out: ' + (await describe()))), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
if (!mcpUrl || !fakeUrl) {
  console.error('usage: oauth-e2e.mjs <mcp-url> <fake-sentry-url>');
  process.exit(2);
}
let failures = 0;
function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} OAuth e2e: ${what}${ok || !detail ? '' : ': ' + String(detail).slice(0, 400)}`);
  if (!ok) failures++;
}

// everything the MCP client received (status, URL, headers, body), and everything it stored
const seen = [];
const recordingFetch = async (url, init) => {
  const r = await fetch(url, init);
  const text = await r.clone().text();
  seen.push(`${r.status} ${url}\n${JSON.stringify([...r.headers])}\n${text}`);
  return r;
};

// the client's redirect URI: a loopback listener, as native MCP clients do
let resolveCode;
const codeArrived = new Promise((resolve) => { resolveCode = resolve; });
const callback = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://127.0.0.1');
  resolveCode(Object.fromEntries(u.searchParams));
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('You can close this window.');
});
await new Promise((r) => callback.listen(0, '127.0.0.1', r));
const redirectUrl = `http://127.0.0.1:${callback.address().port}/callback`;

const stored = { tokens: undefined, client: undefined, verifier: undefined, authUrl: undefined, history: [] };
const state = 'e2e-' + Math.random().toString(36).slice(2);
const provider = {
  get redirectUrl() { return redirectUrl; },
  get clientMetadata() {
    return {
      client_name: 'CI OAuth end-to-end', redirect_uris: [redirectUrl], grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'], token_endpoint_auth_method: 'none',
    };
  },
  state: () => state,
  clientInformation: () => stored.client,
  saveClientInformation: (c) => { stored.client = c; },
  tokens: () => stored.tokens,
  saveTokens: (t) => { stored.tokens = t; stored.history.push(t); },
  redirectToAuthorization: (url) => { stored.authUrl = url; },
  saveCodeVerifier: (v) => { stored.verifier = v; },
  codeVerifier: () => stored.verifier,
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  // 1. discovery and registration happen inside connect(), which ends in a redirect to the authorization page
  const first = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: recordingFetch });
  let unauthorized = false;
  try {
    await new Client({ name: 'oauth-e2e', version: '1.0.0' }).connect(first);
  } catch (e) {
    unauthorized = e instanceof UnauthorizedError;
  }
  check(unauthorized && stored.authUrl !== undefined, 'discovery and registration lead to the authorization URL');
  check(stored.client?.client_id?.startsWith('mcp-'), 'dynamic client registration');
  check(stored.authUrl?.searchParams.get('code_challenge_method') === 'S256', 'PKCE S256 requested');
  check(stored.authUrl?.searchParams.get('resource') === mcpUrl, 'resource indicator is the MCP URL',
    stored.authUrl?.searchParams.get('resource'));

  // 2. the user consents in a real browser
  const page = await browser.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  const response = await page.goto(stored.authUrl.toString());
  const csp = response.headers()['content-security-policy'] || '';
  check(response.status() === 200 && csp.startsWith("default-src 'none'"), 'consent page served with a strict CSP', csp);
  check((await page.title()).includes('Authorize'), 'consent page title');
  await page.check('#level-issue-triage');
  await page.click('#approve');
  const answer = await within(codeArrived, 20000, async () => `browser at ${page.url()}: ${(await page.content()).replace(/<style[^]*<\/style>/, "").slice(0, 600)}`);
  check(answer.state === state && typeof answer.code === 'string', 'redirect back with code and state',
    JSON.stringify(Object.keys(answer)));
  check(answer.iss === new URL(mcpUrl).origin, 'iss in the authorization response (RFC 9207)', answer.iss);
  check(consoleErrors.length === 0, 'no CSP violation or script error in the browser', consoleErrors.join(' | '));

  // 3. token, then tools/call with the new token
  await first.finishAuth(answer.code);
  check(typeof stored.tokens?.access_token === 'string' && typeof stored.tokens?.refresh_token === 'string',
    'token exchange');
  const client = new Client({ name: 'oauth-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: recordingFetch }));
  const tools = await client.listTools();
  const names = tools.tools.map((t) => t.name);
  check(names.includes('update_issue') && !names.includes('create_project'),
    'tools/list follows the consented permission level (issue triage)', names.join(','));
  const who = await client.callTool({ name: 'whoami', arguments: {} });
  check(!who.isError && JSON.stringify(who.content).length > 20, 'tools/call whoami', JSON.stringify(who).slice(0, 300));
  await client.close();

  // 4. refresh: the SDK's auth() refreshes with the stored refresh token
  const before = stored.tokens.access_token;
  const oldRefresh = stored.tokens.refresh_token;
  const result = await auth(provider, { serverUrl: mcpUrl, fetchFn: recordingFetch });
  check(result === 'AUTHORIZED' && stored.tokens.access_token !== before && stored.tokens.refresh_token !== oldRefresh,
    'refresh rotates both tokens');
  const again = new Client({ name: 'oauth-e2e', version: '1.0.0' });
  await again.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: recordingFetch }));
  check(!(await again.callTool({ name: 'whoami', arguments: {} })).isError, 'tools/call with the refreshed token');
  await again.close();
  const oldRefreshUse = await recordingFetch(new URL('/oauth/token', mcpUrl), {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: oldRefresh, client_id: stored.client.client_id }),
  });
  check(oldRefreshUse.status === 400, 'a rotated refresh token is refused', oldRefreshUse.status);

  // 5. revocation (RFC 7009) at the endpoint the metadata names
  const metadata = await (await recordingFetch(new URL('/.well-known/oauth-authorization-server', mcpUrl))).json();
  const freshToken = stored.tokens.access_token;
  // the replayed refresh token above revoked the grant; authorize once more for a clean revocation check
  stored.tokens = undefined;
  stored.authUrl = undefined;
  let reauth = false;
  try {
    await new Client({ name: 'oauth-e2e', version: '1.0.0' })
      .connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: recordingFetch }));
  } catch (e) {
    reauth = e instanceof UnauthorizedError;
  }
  const revoked = await recordingFetch(mcpUrl, {
    method: 'POST', headers: { Authorization: `Bearer ${freshToken}`, 'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
  });
  check(revoked.status === 401, 'refresh-token replay revoked the whole grant', revoked.status);
  let code2Resolve;
  const code2 = new Promise((r) => { code2Resolve = r; });
  callback.removeAllListeners('request');
  callback.on('request', (req, res) => {
    code2Resolve(Object.fromEntries(new URL(req.url, 'http://127.0.0.1').searchParams));
    res.end('ok');
  });
  check(reauth, 'the client is sent to authorize again');
  const page2 = await browser.newPage();
  await page2.goto(stored.authUrl.toString());
  await page2.click('#approve');
  await within(code2, 20000, async () => `browser at ${page2.url()}`);
  const t2 = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: recordingFetch });
  await t2.finishAuth((await code2).code);
  const revoke = await recordingFetch(metadata.revocation_endpoint, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: stored.tokens.refresh_token, client_id: stored.client.client_id }),
  });
  check(revoke.status === 200, 'revocation endpoint answers 200', revoke.status);
  const afterRevoke = await recordingFetch(mcpUrl, {
    method: 'POST', headers: { Authorization: `Bearer ${stored.tokens.access_token}`, 'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 10, method: 'tools/list' }),
  });
  check(afterRevoke.status === 401 && (afterRevoke.headers.get('www-authenticate') || '').includes('resource_metadata='),
    'a revoked token gets 401 with the resource metadata challenge', afterRevoke.status);

  // 6. the MCP client never saw a Sentry secret
  const secrets = await (await fetch(new URL('/__fake/oauth/secrets', fakeUrl))).json();
  const clientView = seen.join('\n') + JSON.stringify(stored);
  const leaked = secrets.filter((s) => clientView.includes(s));
  check(secrets.length >= 4 && seen.length >= 8, 'the fake Sentry issued secrets and the client view was recorded',
    `${secrets.length} secrets, ${seen.length} responses`);
  check(leaked.length === 0, 'no Sentry token, refresh token or code in anything the MCP client received',
    `${leaked.length} leaked`);
} catch (e) {
  check(false, 'unexpected failure', e?.stack || e);
} finally {
  await browser.close();
  callback.close();
}
process.exit(failures === 0 ? 0 : 1);
