// My reports: the table, kept live by the hub (a report finished) and by light polling while something runs
// (the hub carries notifications, not progress).
import { api, el, when } from "./api.js";

const rows = document.getElementById("report-rows");
const errorBox = document.getElementById("reports-error");
const highlight = document.getElementById("reports").dataset.highlight;

const Active = new Set(["Queued", "Running"]);
const Cancellable = new Set(["PendingApproval", "Queued", "Running"]);
const StatusLabels = { PendingApproval: "Waiting for approval" };
const PollActiveMs = 2000;
const PollWaitingMs = 10000;

let timer;

async function refresh() {
    clearTimeout(timer);
    try {
        const reports = await api("/api/reports?limit=100");
        errorBox.hidden = true;
        const focused = focusedAction();
        rows.replaceChildren(...(reports.length ? reports.map(row)
            : [el("tr", {}, el("td", { colspan: 7, class: "muted" }, "No reports yet. ", el("a", { href: "/reports/new" }, "Request one.")))]));
        const next = reports.some(r => Active.has(r.status)) ? PollActiveMs
            : reports.some(r => r.status === "PendingApproval") ? PollWaitingMs : 0;
        restoreFocus(focused);
        if (next) timer = setTimeout(refresh, next);
    } catch (error) {
        showError(error);
        timer = setTimeout(refresh, PollWaitingMs);
    }
}

// The table is redrawn every few seconds while a report runs: a keyboard user keeps focus on the same button.
function focusedAction() {
    const action = document.activeElement?.closest?.("#report-rows [data-action]");
    return action ? { report: action.closest("tr").dataset.reportId, action: action.dataset.action } : null;
}

function restoreFocus(focused) {
    if (!focused) return;
    const same = rows.querySelector(`tr[data-report-id="${focused.report}"] [data-action="${focused.action}"]`);
    (same ?? rows.querySelector(`tr[data-report-id="${focused.report}"] [data-action]`))?.focus();
}

function row(report) {
    return el("tr", { "data-report-id": report.id, "data-status": report.status, class: report.id === highlight ? "highlight" : null },
        el("td", { "data-label": "Report" }, el("strong", {}, report.title), el("div", { class: "muted small" }, `${report.reportType} · ${report.format.toLowerCase()}`)),
        el("td", { "data-label": "Status" }, el("span", { class: `status status-${report.status.toLowerCase()}` }, StatusLabels[report.status] ?? report.status),
            report.error ? el("div", { class: "muted small" }, report.error) : null,
            report.rejectionReason ? el("div", { class: "muted small" }, report.rejectionReason) : null),
        el("td", { "data-label": "Progress" }, progress(report)),
        el("td", { "data-label": "Created" }, when(report.createdAt)),
        el("td", { "data-label": "Completed" }, when(report.completedAt)),
        el("td", { "data-label": "Expires" }, when(report.expiresAt)),
        el("td", { class: "row-actions" }, ...actions(report)));
}

function progress(report) {
    if (report.status !== "Running" && report.status !== "Ready") return el("span", { class: "muted" }, "—");
    // Set through the CSSOM: the Content-Security-Policy refuses style attributes.
    const bar = el("span");
    bar.style.width = `${report.progress}%`;
    return el("div", { class: "progress-cell" },
        el("div", { class: "progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": report.progress, "aria-label": `${report.title} progress` }, bar),
        el("span", { class: "small muted stage" }, report.status === "Running" ? `${report.progress}% · ${report.stage ?? "starting"}` : "100%"));
}

function actions(report) {
    const result = [];
    if (report.downloadUrl) {
        result.push(el("a", { class: "button small primary download", href: report.downloadUrl, download: "", "data-action": "download" }, "Download"));
    }
    if (Cancellable.has(report.status)) {
        result.push(el("button", { type: "button", class: "small", "data-action": "cancel", onclick: () => act(`/api/reports/${report.id}/cancel`, "POST") }, "Cancel"));
    } else {
        result.push(el("button", { type: "button", class: "small danger", "data-action": "delete", onclick: () => confirm(`Delete "${report.title}"?`) && act(`/api/reports/${report.id}`, "DELETE") }, "Delete"));
    }
    return result;
}

async function act(path, method) {
    try {
        await api(path, { method });
    } catch (error) {
        showError(error);
    }
    await refresh();
}

function showError(error) {
    errorBox.textContent = error.message;
    errorBox.hidden = false;
}

document.addEventListener("tellal:notification", refresh);
document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
refresh();
