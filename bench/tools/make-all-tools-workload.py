#!/usr/bin/env python3
"""Writes bench/workloads/all-tools.json: one workload calling every tool of the catalog.

Its items come from the per-area parts in bench/workloads/parts/*.json, bench/workloads/issue14.json and the list
below (the tools of the earlier issues and the write tools, with arguments the bench's fake Sentry answers). Run it
after adding a part; the script prints how many tools the workload calls.
"""
import glob
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
WORKLOADS = os.path.join(HERE, "..", "workloads")
ORG = "sentry-mcp-evals"
PROJECT = "cloudflare-mcp"
ISSUE = "CLOUDFLARE-MCP-41"

BASE = [
    ("whoami", {}),
    ("find_organizations", {}),
    ("find_teams", {"organizationSlug": ORG}),
    ("find_projects", {"organizationSlug": ORG}),
    ("find_releases", {"organizationSlug": ORG}),
    ("get_release_details", {"organizationSlug": ORG, "releaseVersion": "8ce89484-0fec-4913-a2cd-e8e2d41dee36"}),
    ("find_dsns", {"organizationSlug": ORG, "projectSlug": PROJECT}),
    ("get_issue_details", {"organizationSlug": ORG, "issueId": ISSUE}),
    ("get_issue_activity", {"organizationSlug": ORG, "issueId": ISSUE}),
    ("get_issue_tag_values", {"organizationSlug": ORG, "issueId": ISSUE, "tagKey": "url"}),
    ("get_issue_breadcrumbs", {"organizationSlug": ORG, "issueId": ISSUE}),
    ("get_issue_user_reports", {"organizationSlug": ORG, "issueId": ISSUE}),
    ("search_issue_events", {"organizationSlug": ORG, "issueId": ISSUE, "query": ""}),
    ("get_trace_details", {"organizationSlug": ORG, "traceId": "a4d1aae7216b47ff8117cf4e09ce9d0a"}),
    ("get_event_attachment", {"organizationSlug": ORG, "projectSlug": PROJECT,
                              "eventId": "7ca573c0f4814912aaa9bdc77d1a7d51"}),
    ("find_monitors", {"organizationSlug": ORG}),
    ("get_monitor_details", {"organizationSlug": ORG, "monitorSlug": "nightly-import"}),
    ("find_uptime_monitors", {"organizationSlug": ORG}),
    ("get_uptime_monitor_details", {"organizationSlug": ORG, "projectSlug": PROJECT,
                                    "uptimeMonitorId": "4509100000001001"}),
    ("find_dashboards", {"organizationSlug": ORG}),
    ("get_dashboard_details", {"organizationSlug": ORG, "dashboardIdOrTitle": "101"}),
    ("get_doc", {"path": "/platforms/javascript/guides/nextjs.md"}),
    ("get_latest_base_snapshot", {"organizationSlug": ORG, "appId": "com.example.mcp"}),
    ("execute_sentry_tool", {"name": "find_teams", "arguments": {"organizationSlug": ORG}}),
    # the write tools (the server needs --add-scopes=event:write,project:write,team:write,alerts:write)
    ("update_issue", {"organizationSlug": ORG, "issueId": ISSUE, "status": "resolved"}),
    ("add_issue_note", {"organizationSlug": ORG, "issueId": ISSUE, "text": "Seen in the bench run."}),
    ("analyze_issue_with_seer", {"organizationSlug": ORG, "issueId": "PEATED-A8"}),
    ("create_team", {"organizationSlug": ORG, "name": "bench-team"}),
    ("create_project", {"organizationSlug": ORG, "teamSlug": "the-goats", "name": "bench-project"}),
    ("update_project", {"organizationSlug": ORG, "projectSlug": PROJECT, "name": "Cloudflare MCP"}),
    ("create_dsn", {"organizationSlug": ORG, "projectSlug": PROJECT, "name": "bench"}),
    ("update_dsn", {"organizationSlug": ORG, "projectSlug": PROJECT, "keyId": "d20df0a1ab5031c7f3c7edca9c02814d",
                    "name": "Default (bench)"}),
    ("add_team_to_project", {"organizationSlug": ORG, "projectSlug": PROJECT, "teamSlug": "the-goats"}),
    ("remove_team_from_project", {"organizationSlug": ORG, "projectSlug": PROJECT, "teamSlug": "the-goats"}),
    ("create_uptime_monitor", {"organizationSlug": ORG, "projectSlug": PROJECT, "name": "Bench health",
                               "url": "https://example.com/health", "intervalSeconds": 60}),
    ("update_uptime_monitor", {"organizationSlug": ORG, "projectSlug": PROJECT,
                               "uptimeMonitorId": "4509100000001001", "name": "API Health (bench)"}),
    ("delete_uptime_monitor", {"organizationSlug": ORG, "projectSlug": PROJECT,
                               "uptimeMonitorId": "4509100000001001"}),
    ("execute_sentry_write_tool", {"name": "add_issue_note",
                                   "arguments": {"organizationSlug": ORG, "issueId": ISSUE, "text": "Via the gate."}}),
]


def main():
    items, seen_labels = [], set()

    def add(label, tool, arguments, expect=None):
        base, n = label, 2
        while label in seen_labels:
            label = f"{base}_{n}"
            n += 1
        seen_labels.add(label)
        item = {"label": label, "tool": tool, "arguments": arguments}
        if expect:
            item["expect"] = expect
        items.append(item)

    for tool, arguments in BASE:
        add(tool, tool, arguments)
    for path in [os.path.join(WORKLOADS, "issue14.json")] + sorted(glob.glob(os.path.join(WORKLOADS, "parts", "*.json"))):
        with open(path) as f:
            for it in json.load(f)["items"]:
                add(it.get("label", it["tool"]), it["tool"], it["arguments"], it.get("expect"))
    doc = {
        "description": "Every tool of the catalog, for ../shared/bench/compare.sh --workload (written by"
                       " bench/tools/make-all-tools-workload.py). Start our server with --mcp-url={FAKE_URL}"
                       " --add-scopes=event:write,project:write,team:write,alerts:write --surface=direct."
                       " BENCHMARKS.md lists the tools whose endpoints the bench's fake Sentry does not serve.",
        "organizationSlug": ORG,
        "items": items,
    }
    with open(os.path.join(WORKLOADS, "all-tools.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    # a tool called through a gate (execute_sentry_tool / execute_sentry_write_tool {name, arguments}) counts too
    tools = {i["tool"] for i in items} | {
        i["arguments"]["name"] for i in items if i["tool"].startswith("execute_sentry_") and "name" in i["arguments"]}
    print(f"{len(items)} items, {len(tools)} tools")
    reference = os.path.join(HERE, "..", "..", "sentry-mcp-core", "src", "test", "resources", "io", "github",
                             "sentrymcp", "core", "reference-tools.txt")
    with open(reference) as f:
        names = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    missing = sorted(set(names + ["execute_sentry_write_tool"]) - tools)
    print("tools of the catalog not called:", ", ".join(missing) if missing else "none")


if __name__ == "__main__":
    main()
