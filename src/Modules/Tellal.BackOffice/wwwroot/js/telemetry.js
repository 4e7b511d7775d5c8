// Telemetry dashboard: the pipeline's figures (GET /api/telemetry/pipeline) polled every 2 s, and DAU / WAU / 14-day /
// MAU over 90 days (GET /api/telemetry/active-users/series) drawn as an SVG chart, refreshed every minute: the series
// changes slowly, and closed days never change but for late events.
import { api, el } from "./api.js";

const PipelineMs = 2000;
const SeriesMs = 60000;
const Lines = [
    { key: "dau", label: "DAU", color: "#3157d5" },
    { key: "wau", label: "WAU (7 days)", color: "#1b8a5a" },
    { key: "twoWeek", label: "14 days", color: "#c77700" },
    { key: "mau", label: "MAU (30 days)", color: "#b42318" },
];
const Svg = "http://www.w3.org/2000/svg";

const errorBox = document.getElementById("telemetry-error");
const number = new Intl.NumberFormat();

function show(error) {
    errorBox.textContent = error.message;
    errorBox.hidden = false;
}

const seconds = s => s === null || s === undefined ? "–" : s < 90 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`;

async function refreshPipeline() {
    try {
        const p = await api("/api/telemetry/pipeline");
        errorBox.hidden = true;
        const rate = document.getElementById("fig-rate");
        rate.textContent = number.format(p.acceptedPerSecond);
        rate.dataset.value = p.acceptedPerSecond;
        document.getElementById("fig-backlog").textContent = `${number.format(p.backlogEvents)} events`;
        document.getElementById("fig-mover").textContent = p.mover ? seconds(p.moverLagSeconds) : "no mover holds the lease";
        document.getElementById("fig-purchases").textContent = p.purchasesPending
            ? `${number.format(p.purchasesPending)}, oldest ${seconds(p.oldestPendingPurchaseSeconds)}`
            : "none";
        document.getElementById("pipeline-updated").textContent = `updated ${new Date(p.at).toLocaleTimeString()}`;
    } catch (error) {
        show(error);
    }
}

async function refreshSeries() {
    try {
        const series = await api("/api/telemetry/active-users/series");
        document.getElementById("au-chart").replaceChildren(chart(series.days));
        document.getElementById("au-legend").replaceChildren(...Lines.map(line => el("span", { class: "legend-item", "data-series": line.key },
            swatch(line.color), `${line.label}: ${number.format(series.days.at(-1)?.[line.key] ?? 0)}`)));
    } catch (error) {
        show(error);
    }
}

function swatch(color) {
    const node = el("span", { class: "swatch" });
    // Set through the CSSOM: the Content-Security-Policy refuses style attributes.
    node.style.background = color;
    return node;
}

function chart(days) {
    const width = 900, height = 260, pad = 36;
    const top = Math.max(1, ...days.flatMap(d => Lines.map(line => d[line.key])));
    const x = i => pad + (i * (width - 2 * pad)) / Math.max(1, days.length - 1);
    const y = v => height - pad - (v * (height - 2 * pad)) / top;
    const svg = document.createElementNS(Svg, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", `Active players per day from ${days[0]?.day} to ${days.at(-1)?.day}; the latest figures are in the legend.`);
    const add = (tag, attributes, text) => {
        const node = document.createElementNS(Svg, tag);
        for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
        if (text !== undefined) node.textContent = text;
        svg.append(node);
    };
    add("line", { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, stroke: "#c9ced8" });
    add("text", { x: 4, y: pad, "font-size": 12, fill: "#667085" }, number.format(top));
    add("text", { x: pad, y: height - 8, "font-size": 12, fill: "#667085" }, days[0]?.day ?? "");
    add("text", { x: width - pad, y: height - 8, "font-size": 12, fill: "#667085", "text-anchor": "end" }, days.at(-1)?.day ?? "");
    for (const line of Lines) {
        add("polyline", {
            class: "series", "data-series": line.key, fill: "none", stroke: line.color, "stroke-width": 2,
            points: days.map((d, i) => `${x(i).toFixed(1)},${y(d[line.key]).toFixed(1)}`).join(" "),
        });
    }
    return svg;
}

refreshPipeline();
refreshSeries();
setInterval(refreshPipeline, PipelineMs);
setInterval(refreshSeries, SeriesMs);
