// Admin · node health: every node's last heartbeat (GET /api/admin/nodes), refreshed every few seconds.
// Polling, not the hub: the data only changes at heartbeat pace (5 s), any web node can answer from the shared
// database, and the page is rarely open, so a push channel for admins would add moving parts for nothing.
import { api, el, when } from "./api.js";

const RefreshMs = 3000;
const StateLabels = { Ready: "ready", NotReady: "not ready", Stale: "stale", Stopped: "stopped" };
const StateClasses = { Ready: "ready", NotReady: "pendingapproval", Stale: "failed", Stopped: "expired" };

const rows = document.getElementById("node-rows");
const updated = document.getElementById("nodes-updated");
const errorBox = document.getElementById("nodes-error");

async function refresh() {
    try {
        const nodes = await api("/api/admin/nodes");
        errorBox.hidden = true;
        rows.replaceChildren(...(nodes.length ? nodes.map(row) : [el("tr", {}, el("td", { colspan: 7, class: "muted" }, "No node has reported yet."))]));
        updated.textContent = `${nodes.length} node(s) · updated ${new Date().toLocaleTimeString()}`;
    } catch (error) {
        errorBox.textContent = error.message;
        errorBox.hidden = false;
    }
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

refresh();
setInterval(refresh, RefreshMs);
