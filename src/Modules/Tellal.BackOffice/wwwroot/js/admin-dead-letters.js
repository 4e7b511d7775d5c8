// Admin · dead letters: list, inspect (payload and exception), replay.
import { api, el, when } from "./api.js";

const rows = document.getElementById("dead-letter-rows");
const details = document.getElementById("dead-letter-details");
const includeReplayed = document.getElementById("include-replayed");
const errorBox = document.getElementById("dead-letters-error");
// The operations page links each queue's dead letters here (?queue=...).
const queue = new URLSearchParams(location.search).get("queue");

async function refresh() {
    try {
        const letters = (await api(`/api/admin/dead-letters?includeReplayed=${includeReplayed.checked}`)).filter(l => !queue || l.queue === queue);
        rows.replaceChildren(...(letters.length ? letters.map(row) : [el("tr", {}, el("td", { colspan: 6, class: "muted" }, "No dead letters. All messages were handled."))]));
    } catch (error) {
        showError(error);
    }
}

function row(letter) {
    return el("tr", { "data-dead-letter": letter.id },
        el("td", {}, el("strong", {}, letter.type), el("div", { class: "muted small" }, letter.subject ?? letter.messageId)),
        el("td", {}, letter.queue),
        el("td", {}, String(letter.attempts)),
        el("td", {}, when(letter.failedAt)),
        el("td", {}, letter.reason),
        el("td", { class: "row-actions" },
            el("button", { type: "button", class: "small", onclick: () => inspect(letter.id) }, "Inspect"),
            letter.replayedAt ? el("span", { class: "muted small" }, `replayed ${when(letter.replayedAt)}`)
                : el("button", { type: "button", class: "small primary", onclick: () => replay(letter.id) }, "Replay")));
}

async function inspect(id) {
    try {
        const letter = await api(`/api/admin/dead-letters/${id}`);
        details.replaceChildren(
            el("h2", {}, letter.summary.type),
            el("dl", { class: "parameters" },
                el("dt", {}, "Source"), el("dd", {}, letter.source),
                el("dt", {}, "Priority"), el("dd", {}, letter.priority),
                el("dt", {}, "Sent"), el("dd", {}, when(letter.time))),
            el("h3", {}, "Payload"), el("pre", {}, letter.data),
            letter.exception ? [el("h3", {}, "Failure"), el("pre", {}, letter.exception)] : null);
        details.hidden = false;
        details.scrollIntoView({ behavior: "smooth" });
    } catch (error) {
        showError(error);
    }
}

async function replay(id) {
    try {
        await api(`/api/admin/dead-letters/${id}/replay`, { method: "POST" });
    } catch (error) {
        showError(error);
    }
    await refresh();
}

function showError(error) {
    errorBox.textContent = error.message;
    errorBox.hidden = false;
}

includeReplayed.addEventListener("change", refresh);
refresh();
