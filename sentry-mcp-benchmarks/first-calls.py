#!/usr/bin/env python3
"""First-calls driver: replays the call order of ../shared/bench (initialize, 21 tools/list, one validation call per
tool with the fake's reset/stats requests around it, then per tool 3 warm-up + 30 measured calls) against one freshly
started server, sequentially, and prints the per-tool p50 as a ratio of reference p50s. Much lighter than a full
compare.sh run (one session in ~3 s), for A/B-testing start-up and JIT settings; run configurations interleaved and
many times, single sessions vary a lot on a 2-CPU VM. Needs node (the bench's fake API). Development tool only: the
figures of record come from compare.sh (BENCHMARKS.md).

  python3 sentry-mcp-benchmarks/first-calls.py [--ref 'whoami=2.08,find_organizations=1.40,...'] [--json OUT] \\
      [--pause SECONDS] [--stderr FILE] \\
      -- sentry-mcp-transport-stdio/target/sentry-mcp-server --access-token=fake-token --host={FAKE_HOST} --insecure-http

--pause waits that long after initialize before the first tools/list (the benchmark does not: a pause of a few seconds
lets the server's own JIT warm-up finish, which gives the fully warm figures); --stderr keeps the server's stderr.

Output: init ms, geometric mean and worst ratio over the tools, then each tool's ratio in workload order.
"""
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

BENCH = os.environ.get("SENTRY_MCP_BENCH_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench"))
# reference p50s (ms) of compare-2026-11-21T16-55-21-659Z; pass --ref for another run
REF = {"whoami": 2.08, "find_organizations": 1.40, "find_projects": 1.99, "find_teams": 2.44, "find_dsns": 1.67,
       "find_releases": 1.68, "get_issue_details": 5.52, "get_trace_details": 7.57}


def main(argv):
    ref, out, pause, stderr = dict(REF), None, 0.0, os.devnull
    while argv and argv[0] != "--":
        if argv[0] == "--ref":
            ref.update({k: float(v) for k, v in (kv.split("=") for kv in argv[1].split(","))})
            argv = argv[2:]
        elif argv[0] == "--json":
            out, argv = argv[1], argv[2:]
        elif argv[0] == "--pause":
            pause, argv = float(argv[1]), argv[2:]
        elif argv[0] == "--stderr":
            stderr, argv = argv[1], argv[2:]
        else:
            sys.exit(f"unknown option {argv[0]}")
    cmd = argv[1:]
    if not cmd:
        sys.exit(__doc__)
    items = [w for w in json.load(open(os.path.join(BENCH, "workloads", "core.json")))["items"] if w["label"] in ref]
    port_file = tempfile.mktemp(prefix="fake-port-")
    fake = subprocess.Popen(["node", os.path.join(BENCH, "fake-sentry", "server.mjs"), "--port", "0", "--port-file",
                             port_file, "--latency-ms", "0", "--log", ""], stdout=subprocess.DEVNULL)
    try:
        for _ in range(200):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.05)
        host = "127.0.0.1:" + open(port_file).read().strip()
        log = run_session([c.replace("{FAKE_HOST}", host) for c in cmd], host, items, pause, stderr)
    finally:
        fake.terminate()
        if os.path.exists(port_file):
            os.unlink(port_file)
    if out:
        json.dump(log, open(out, "w"))
    ratios = [statistics.median(d for _, label, d in log if label == w["label"]) / ref[w["label"]] for w in items]
    print(f"init {log[0][2]:6.1f} geo {math.exp(sum(map(math.log, ratios)) / len(ratios)):.2f} max {max(ratios):.2f} |",
          " ".join(f"{r:.2f}" for r in ratios))


def run_session(cmd, host, items, pause, stderr):
    def ctl(path, method="GET"):
        try:
            urllib.request.urlopen(urllib.request.Request("http://" + host + path, method=method)).read()
        except OSError:
            pass

    t0 = time.perf_counter()
    with open(stderr, "w") as err:
        p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err)
    next_id = [0]
    log = []  # [ms since spawn, label, latency ms]

    def rpc(method, params=None, notify=False):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        if not notify:
            next_id[0] += 1
            msg["id"] = next_id[0]
        p.stdin.write((json.dumps(msg) + "\n").encode())
        p.stdin.flush()
        while not notify:
            line = p.stdout.readline()
            if not line:
                sys.exit("the server closed its output")
            try:
                answer = json.loads(line)
            except ValueError:
                continue
            if answer.get("id") == next_id[0]:
                return answer

    def timed(label, method, params=None):
        t = time.perf_counter()
        rpc(method, params)
        log.append([round((t - t0) * 1000, 2), label, round((time.perf_counter() - t) * 1000, 3)])

    def call(w):
        return {"name": w["tool"], "arguments": w["arguments"]}

    timed("initialize", "initialize",
          {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "first-calls", "version": "1"}})
    rpc("notifications/initialized", notify=True)
    time.sleep(pause)
    for _ in range(21):
        timed("tools/list", "tools/list", {})
    for w in items:
        ctl("/__fake/reset", "POST")
        timed("validate:" + w["label"], "tools/call", call(w))
        ctl("/__fake/stats")
    for w in items:
        for _ in range(3):
            timed("warm:" + w["label"], "tools/call", call(w))
        for _ in range(30):
            timed(w["label"], "tools/call", call(w))
    p.stdin.close()
    p.wait(10)
    return log


if __name__ == "__main__":
    main(sys.argv[1:])
