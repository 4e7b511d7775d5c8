// Approvals: requests waiting for a second pair of eyes, with their parameters; approve, or reject with a reason.
import { api, el, when } from "./api.js";

const list = document.getElementById("approvals");
const errorBox = document.getElementById("approvals-error");
const PollMs = 10000;
let timer;

async function refresh() {
    clearTimeout(timer);
    try {
        const pending = await api("/api/approvals");
        list.replaceChildren(...(pending.length ? pending.map(card) : [el("p", { class: "muted" }, "Nothing is waiting for approval.")]));
    } catch (error) {
        showError(error);
    }
    timer = setTimeout(refresh, PollMs);
}

function card(report) {
    const reasonId = `reason-${report.id}`;
    const reason = el("textarea", { id: reasonId, rows: 2, maxlength: 500, placeholder: "Why is it rejected? The requester sees this." });
    const parameters = Object.entries(report.parameters);
    return el("article", { class: "card approval", "data-report-id": report.id },
        el("header", {}, el("h2", {}, report.title),
            el("span", { class: "muted small" }, `${report.reportType} · ${report.format.toLowerCase()} · requested by ${report.ownerName} · ${when(report.createdAt)}`)),
        parameters.length
            ? el("dl", { class: "parameters" }, ...parameters.flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, String(value))]))
            : el("p", { class: "muted" }, "Default parameters."),
        el("label", { for: reasonId }, "Reason for a rejection"),
        reason,
        el("div", { class: "actions" },
            el("button", { type: "button", class: "primary approve", onclick: () => review(report, "approve") }, "Approve"),
            el("button", { type: "button", class: "danger reject", onclick: () => review(report, "reject", reason) }, "Reject")));
}

async function review(report, action, reason) {
    errorBox.hidden = true;
    if (action === "reject" && !reason.value.trim()) {
        showError(new Error("Give a reason to reject the request."));
        reason.focus();
        return;
    }
    try {
        await api(`/api/reports/${report.id}/${action}`, { method: "POST", body: action === "reject" ? { reason: reason.value.trim() } : {} });
    } catch (error) {
        showError(error);
    }
    await refresh();
}

function showError(error) {
    errorBox.textContent = error.problem?.detail ? `${error.message} ${error.problem.detail}` : error.message;
    errorBox.hidden = false;
}

refresh();
