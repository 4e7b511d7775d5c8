// One transport's queues (depth, oldest waiting) or Kafka topics (partitions, offsets, lag, oldest waiting: the record at the
// committed offset), as the streams and operations pages show them.
import { el } from "./api.js";

export function streamsSection(transport) {
    const parts = [el("h2", {}, transport.transport)];
    if (transport.queues.length) {
        parts.push(table(["Queue", "Waiting", "Oldest waiting", "In flight"], transport.queues.map(queue =>
            [queue.queue, queue.waiting, age(queue.oldestWaitingSince), queue.inFlight ?? "–"])));
    }
    if (transport.topics.length) {
        parts.push(table(["Topic", "Group", "Partition", "Leader", "Low", "High", "Committed", "Lag", "Oldest waiting"], transport.topics.flatMap(topic =>
            topic.partitions.map(p => [topic.topic, topic.group, p.partition, p.leader, p.lowWatermark, p.highWatermark, p.committed ?? "–", p.lag,
                age(p.oldestWaitingSince)]))));
    }
    if (parts.length === 1) {
        parts.push(el("p", { class: "muted" }, "No queue travels over this transport, or it does not describe its queues."));
    }
    return el("section", { "data-transport": transport.transport }, ...parts);
}

// A cell is text, or an element (a chart) put in as it is.
function age(iso) {
    return iso ? `${Math.max(0, Math.round((Date.now() - new Date(iso)) / 1000))} s` : "–";
}

export function table(headers, rows, name) {
    return el("div", { class: "card table-wrap" }, el("table", { "data-table": name },
        el("thead", {}, el("tr", {}, ...headers.map(h => el("th", { scope: "col" }, h)))),
        el("tbody", {}, ...rows.map(cells => el("tr", {}, ...cells.map((cell, i) => el("td", { "data-label": headers[i] }, cell instanceof Node ? cell : String(cell))))))));
}
