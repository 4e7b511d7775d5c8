// Admin · streams: per transport in use, queue depths or Kafka partitions with offsets and lag (GET /api/admin/streams),
// refreshed every few seconds. Polling, as the node health page: the page is rarely open and any web node can answer.
import { api, el } from "./api.js";

const RefreshMs = 3000;

const container = document.getElementById("streams");
const updated = document.getElementById("streams-updated");
const errorBox = document.getElementById("streams-error");

async function refresh() {
    try {
        const transports = await api("/api/admin/streams");
        errorBox.hidden = true;
        container.replaceChildren(...transports.map(section));
        updated.textContent = `updated ${new Date().toLocaleTimeString()}`;
    } catch (error) {
        errorBox.textContent = error.message;
        errorBox.hidden = false;
    }
}

function section(transport) {
    const parts = [el("h2", {}, transport.transport)];
    if (transport.queues.length) {
        parts.push(table(["Queue", "Waiting", "In flight"], transport.queues.map(queue =>
            [queue.queue, queue.waiting, queue.inFlight ?? "–"])));
    }
    if (transport.topics.length) {
        parts.push(table(["Topic", "Group", "Partition", "Leader", "Low", "High", "Committed", "Lag"], transport.topics.flatMap(topic =>
            topic.partitions.map(p => [topic.topic, topic.group, p.partition, p.leader, p.lowWatermark, p.highWatermark, p.committed ?? "–", p.lag]))));
    }
    if (parts.length === 1) {
        parts.push(el("p", { class: "muted" }, "No queue travels over this transport, or it does not describe its queues."));
    }
    return el("section", { "data-transport": transport.transport }, ...parts);
}

function table(headers, rows) {
    return el("div", { class: "card table-wrap" }, el("table", {},
        el("thead", {}, el("tr", {}, ...headers.map(h => el("th", { scope: "col" }, h)))),
        el("tbody", {}, ...rows.map(cells => el("tr", {}, ...cells.map((cell, i) => el("td", { "data-label": headers[i] }, String(cell))))))));
}

refresh();
setInterval(refresh, RefreshMs);
