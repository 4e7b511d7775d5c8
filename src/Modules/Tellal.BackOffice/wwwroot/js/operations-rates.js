// The operations page's work figures: per queue, messages handled and failed per second over the last 15 minutes (a
// small inline SVG chart per queue, the sum of every node's buckets), and each pipeline's queued, running and ready
// per minute. The last bucket is still filling, so the chart and the "now" figure stop at the one before it.
import { el } from "./api.js";
import { table } from "./streams-view.js";

const Svg = "http://www.w3.org/2000/svg";
const Series = [{ key: "handled", color: "#2f6fdf" }, { key: "failed", color: "#c23b3b" }];
const perSecond = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export function ratesSection(rates, bucketSeconds) {
    if (!rates.length) {
        return el("p", { class: "muted" }, "No queue has handled or failed a message in the last 15 minutes.");
    }
    return table(["Queue", "Handled/s now", "Failed/s now", "Last 15 min (handled · failed)", "Chart"], rates.map(rate => {
        const complete = rate.buckets.slice(0, -1);
        const last = complete.at(-1) ?? { handled: 0, failed: 0 };
        return [rate.queue, perSecond.format(last.handled / bucketSeconds), perSecond.format(last.failed / bucketSeconds),
            `${rate.handled} · ${rate.failed}`, chart(rate.queue, complete, bucketSeconds)];
    }), "rates");
}

export function pipelinesSection(pipelines) {
    return pipelines.map(pipeline => {
        const minutes = pipeline.readyPerMinute;
        const lastComplete = minutes.at(-2)?.count ?? 0;
        return el("section", { "data-pipeline": pipeline.name },
            el("h3", {}, `Pipeline: ${pipeline.name}`),
            table(["Queued", "Running", "Ready last minute", "Ready in 15 min", "Ready per minute"],
                [[pipeline.queued, pipeline.running, lastComplete, minutes.reduce((sum, m) => sum + m.count, 0),
                    chart(`${pipeline.name} ready`, minutes.map(m => ({ handled: m.count, failed: 0 })), 1, ["handled"])]]));
    });
}

// A sparkline of rates (count / seconds per bucket), one polyline per series; the figures beside it say the numbers.
function chart(name, buckets, seconds, keys = Series.map(s => s.key)) {
    const width = 180, height = 36, pad = 2;
    const values = buckets.map(b => Object.fromEntries(keys.map(k => [k, b[k] / seconds])));
    const top = Math.max(1e-9, ...values.flatMap(v => keys.map(k => v[k])));
    const x = i => pad + (i * (width - 2 * pad)) / Math.max(1, values.length - 1);
    const y = v => height - pad - (v * (height - 2 * pad)) / top;
    const svg = document.createElementNS(Svg, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("class", "sparkline");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", `${name}: per second over the last 15 minutes, highest ${perSecond.format(top)}`);
    for (const series of Series.filter(s => keys.includes(s.key))) {
        const line = document.createElementNS(Svg, "polyline");
        line.setAttribute("fill", "none");
        line.setAttribute("stroke", series.color);
        line.setAttribute("stroke-width", "1.5");
        line.setAttribute("data-series", series.key);
        line.setAttribute("points", values.map((v, i) => `${x(i).toFixed(1)},${y(v[series.key]).toFixed(1)}`).join(" "));
        svg.append(line);
    }
    return svg;
}
