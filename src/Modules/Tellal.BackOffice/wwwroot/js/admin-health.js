// Admin · node health: the readiness report of the node that serves this page (/health/ready).
import { el } from "./api.js";

const box = document.getElementById("health");

async function refresh() {
    try {
        const response = await fetch("/health/ready", { headers: { Accept: "application/json" } });
        const health = await response.json();
        box.replaceChildren(
            el("p", {}, el("span", { class: `status status-${health.status === "Healthy" ? "ready" : "failed"}` }, health.status),
                ` node ${health.node} · roles ${health.roles}`),
            el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "Check"), el("th", {}, "Status"), el("th", {}, "Detail"))),
                el("tbody", {}, ...Object.entries(health.checks).map(([name, check]) =>
                    el("tr", {}, el("td", {}, name), el("td", {}, check.status), el("td", {}, check.description ?? ""))))));
    } catch {
        box.replaceChildren(el("p", { class: "alert" }, "This node does not answer its health check."));
    }
}

refresh();
setInterval(refresh, 10000);
