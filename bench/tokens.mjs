#!/usr/bin/env node
// Result tokens, ours against the reference, from one ../shared/bench/compare.sh run.
//
//   node bench/tokens.mjs <compare output dir> [--markdown]
//
// Reads every round's rN-A-main.json (A, the reference) and rN-B-main.json (B, ours): bench.mjs records each tool's
// first response text as textBytes and textTokens (o200k_base; counted here from tools[].sample with gpt-tokenizer
// when an older bench.mjs left it out and the sample is the whole text). Takes the median over the rounds (texts
// differ only in nonces and ports) and prints per tool tokens and bytes of both sides and the ratio B/A, then the
// geometric mean and the largest ratio over the tools both sides answered without error. Tools only one side has
// are listed but not counted. Works for any workload (compare.sh --workload ...).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { encode } from "gpt-tokenizer/encoding/o200k_base";

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith("--"));
const markdown = args.includes("--markdown");
if (!dir) {
  console.error("usage: node bench/tokens.mjs <compare output dir> [--markdown]");
  process.exit(2);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const files = readdirSync(dir);
const side = (letter) => files.filter((f) => new RegExp(`^r\\d+-${letter}-main\\.json$`).test(f))
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")));
const perTool = (runs) => {
  const m = new Map();
  for (const run of runs) {
    for (const t of run.tools ?? []) {
      if (!t.ok || t.isError) continue;
      // bench.mjs counts the whole text itself (textTokens); its sample may be cut, so it is counted here only when
      // it is the whole text
      let n = typeof t.textTokens === "number" ? t.textTokens : null;
      if (n === null && typeof t.sample === "string" && Buffer.byteLength(t.sample, "utf8") === t.textBytes) {
        n = encode(t.sample).length;
      }
      if (n === null) continue;
      const e = m.get(t.label) ?? { tokens: [], bytes: [], mode: t.mode };
      e.tokens.push(n);
      e.bytes.push(t.textBytes);
      m.set(t.label, e);
    }
  }
  return m;
};
const A = perTool(side("A"));
const B = perTool(side("B"));
if (A.size === 0 || B.size === 0) {
  console.error(`no samples in ${dir} (expected rN-A-main.json and rN-B-main.json from compare.sh)`);
  process.exit(1);
}
const rows = [];
for (const label of new Set([...A.keys(), ...B.keys()])) {
  const a = A.get(label);
  const b = B.get(label);
  const at = a ? median(a.tokens) : NaN;
  const bt = b ? median(b.tokens) : NaN;
  rows.push({ label, at, bt, ab: a ? median(a.bytes) : NaN, bb: b ? median(b.bytes) : NaN, ratio: bt / at,
    both: Boolean(a && b) });
}
const both = rows.filter((r) => r.both);
const geo = Math.exp(both.reduce((s, r) => s + Math.log(r.ratio), 0) / both.length);
const max = both.reduce((m, r) => (r.ratio > m.ratio ? r : m), both[0]);
const fmt = (x) => (Number.isFinite(x) ? String(Math.round(x)) : "-");
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : "-");
if (markdown) {
  console.log("| tool | reference tokens | ours tokens | ratio | reference bytes | ours bytes |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.label} | ${fmt(r.at)} | ${fmt(r.bt)} | ${f2(r.ratio)} | ${fmt(r.ab)} | ${fmt(r.bb)} |`);
  console.log(`| **geometric mean over ${both.length} tools** | | | **${f2(geo)}** | | |`);
} else {
  console.log(`${"tool".padEnd(28)} ${"ref tok".padStart(8)} ${"our tok".padStart(8)} ${"ratio".padStart(6)} ${"ref B".padStart(7)} ${"our B".padStart(7)}`);
  for (const r of rows) console.log(`${r.label.padEnd(28)} ${fmt(r.at).padStart(8)} ${fmt(r.bt).padStart(8)} ${f2(r.ratio).padStart(6)} ${fmt(r.ab).padStart(7)} ${fmt(r.bb).padStart(7)}`);
  console.log(`geometric mean over ${both.length} tools both answered: ${f2(geo)}; largest: ${max.label} ${f2(max.ratio)}`);
}
