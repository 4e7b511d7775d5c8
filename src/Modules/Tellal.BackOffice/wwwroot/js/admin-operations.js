// Admin · operations: the snapshot the server pushes over /hubs/operations (OperationsBroadcaster) every couple of
// seconds while the page is open: nodes from their heartbeats, the outbox backlog, dead letters by queue, each
// transport's queues, messages handled and failed per queue over 15 minutes, and the report pipeline. Pushed, so a killed worker turns stale and a backed-up queue grows here without a reload.
import { el, when } from "./api.js";
import { connectHub } from "./hub.js";
import { pipelinesSection, ratesSection } from "./operations-rates.js";
import { streamsSection, table } from "./streams-view.js";

const StateLabels = { Ready: "ready", NotReady: "not ready", Stale: "stale", Stopped: "stopped" };
const StateClasses = { Ready: "ready", NotReady: "pendingapproval", Stale: "failed", Stopped: "expired" };

const rows = document.getElementById("node-rows");
const backlog = document.getElementById("backlog");
const streams = document.getElementById("streams");
const rates = document.getElementById("rates");
const pipelines = document.getElementById("pipelines");
const updated = document.getElementById("ops-updated");
const errorBox = document.getElementById("ops-error");

function show(snapshot) {
    errorBox.hidden = !snapshot.problem;
    errorBox.textContent = snapshot.problem ?? "";
    updated.textContent = `${snapshot.nodes.length} node(s) · sent by ${snapshot.node} at ${new Date(snapshot.at).toLocaleTimeString()}`;
    if (snapshot.problem) {
        return; // keep the last figures on screen until the database answers again
    }
    rows.replaceChildren(...(snapshot.nodes.length ? snapshot.nodes.map(row) : [el("tr", {}, el("td", { colspan: 7, class: "muted" }, "No node has reported yet."))]));
    const outbox = snapshot.outbox;
    backlog.replaceChildren(
        table(["Outbox", "Due now", "Oldest due", "Scheduled (retries)"],
            [["rows", outbox.due, outbox.oldestDueAt ? ago(outbox.oldestDueAt) : "–", outbox.scheduled]]),
        snapshot.deadLetters.length
            ? table(["Dead letters by queue", "Count"], snapshot.deadLetters.map(d =>
                [el("a", { href: `/admin/dead-letters?queue=${encodeURIComponent(d.queue)}` }, d.queue), d.count]))
            : el("p", { class: "muted" }, "No dead letters waiting. ", el("a", { href: "/admin/dead-letters" }, "Dead letters")));
    rates.replaceChildren(ratesSection(snapshot.rates, snapshot.bucketSeconds));
    pipelines.replaceChildren(...pipelinesSection(snapshot.pipelines));
    streams.replaceChildren(...snapshot.streams.map(streamsSection));
}

function row(node) {
    return el("tr", { "data-node": node.name, "data-state": node.state },
        el("td", { "data-label": "Node" }, el("strong", {}, node.name), el("div", { class: "muted small" }, `${node.host} · pid ${node.processId}`)),
        el("td", { "data-label": "Roles" }, node.roles.join(", ")),
        el("td", { "data-label": "State" }, el("span", { class: `status status-${StateClasses[node.state]}` }, StateLabels[node.state] ?? node.state)),
        el("td", { "data-label": "Checks" }, el("ul", { class: "checks" }, ...Object.entries(node.checks).map(([name, check]) =>
            el("li", { class: `check-${check.status.toLowerCase()}` }, el("strong", {}, name), ` ${check.status.toLowerCase()}`,
                check.description ? el("span", { class: "muted" }, ` · ${check.description}`) : null)))),
        el("td", { "data-label": "Version", class: "small" }, node.version),
        el("td", { "data-label": "Started" }, when(node.startedAt)),
        el("td", { "data-label": "Last seen" }, ago(node.lastSeenAt)));
}

function ago(iso) {
    const seconds = Math.max(0, Math.round((Date.now() - new Date(iso)) / 1000));
    return seconds < 90 ? `${seconds} s ago` : when(iso);
}

connectHub("/hubs/operations", { operations: show }, state => {
    if (state === "disconnected") {
        updated.textContent = "Reconnecting…";
    }
});
