// Rentals: the counter's orders, newest first. Stock decides in the background; its decision arrives as a
// notification, which redraws the table, and light polling covers a pending order while the hub reconnects.
import { api, el, when } from "./api.js";

const rows = document.getElementById("rental-rows");
const errorBox = document.getElementById("rentals-error");
const highlight = document.getElementById("rentals").dataset.highlight;
const statusFilter = document.getElementById("status-filter");
const customerFilter = document.getElementById("customer-filter");

const PollPendingMs = 2000;
let timer;

async function refresh() {
    clearTimeout(timer);
    try {
        const filters = new URLSearchParams();
        if (statusFilter.value) filters.set("status", statusFilter.value);
        if (customerFilter.value) filters.set("customerId", customerFilter.value);
        const page = await api(`/api/rentals?${filters}`);
        errorBox.hidden = true;
        rows.replaceChildren(...(page.items.length ? page.items.map(row)
            : [el("tr", {}, el("td", { colspan: 7, class: "muted" }, "No rentals. ", el("a", { href: "/rentals/new" }, "Rent a game.")))]));
        if (page.items.some(r => r.status === "Pending")) timer = setTimeout(refresh, PollPendingMs);
    } catch (error) {
        showError(error);
    }
}

function row(rental) {
    return el("tr", { "data-rental-id": rental.id, "data-status": rental.status, class: rental.id === highlight ? "highlight" : null },
        el("td", { "data-label": "Customer" }, String(rental.customerId)),
        el("td", { "data-label": "Games" }, rental.items.map(i => `${i.quantity} × game ${i.gameId}`).join(", "),
            rental.note ? el("div", { class: "muted small" }, rental.note) : null),
        el("td", { "data-label": "Status" }, el("span", { class: `status status-${rental.status.toLowerCase()}` }, rental.status),
            rental.reason ? el("div", { class: "muted small" }, rental.reason) : null),
        el("td", { "data-label": "Clerk" }, rental.clerkName),
        el("td", { "data-label": "Created" }, when(rental.createdAt)),
        el("td", { "data-label": "Returned" }, when(rental.returnedAt)),
        el("td", { class: "row-actions" }, rental.status === "Confirmed"
            ? el("button", { type: "button", class: "small", "data-action": "return", onclick: () => giveBack(rental) }, "Return")
            : null));
}

async function giveBack(rental) {
    try {
        await api(`/api/rentals/${rental.id}/return`, { method: "POST" });
    } catch (error) {
        showError(error);
    }
    await refresh();
}

function showError(error) {
    errorBox.textContent = error.message;
    errorBox.hidden = false;
}

document.getElementById("rental-filters").addEventListener("submit", event => {
    event.preventDefault();
    refresh();
});
document.addEventListener("tellal:notification", refresh);
document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
refresh();
