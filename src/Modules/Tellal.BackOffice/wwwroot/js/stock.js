// Stock: copies per game, searched by title. The counts change whenever any clerk rents or takes back a game, and
// no event reaches this page for that, so the page shown is read again every few seconds while it is visible.
import { api, el } from "./api.js";

const rows = document.getElementById("stock-rows");
const errorBox = document.getElementById("stock-error");
const query = document.getElementById("stock-query");
const pageLabel = document.getElementById("stock-page");
const previous = document.getElementById("stock-previous");
const next = document.getElementById("stock-next");

const PollMs = 2000;
let page = 1;
let timer;

async function refresh() {
    clearTimeout(timer);
    try {
        const search = query.value.trim();
        const result = await api(`/api/inventory?page=${page}${search ? `&search=${encodeURIComponent(search)}` : ""}`);
        errorBox.hidden = true;
        rows.replaceChildren(...(result.items.length ? result.items.map(row)
            : [el("tr", {}, el("td", { colspan: 4, class: "muted" }, "No game matches."))]));
        const pages = Math.max(1, Math.ceil(result.totalCount / result.pageSize));
        pageLabel.textContent = `Page ${result.page} of ${pages}`;
        previous.disabled = page <= 1;
        next.disabled = page >= pages;
    } catch (error) {
        errorBox.textContent = error.message;
        errorBox.hidden = false;
    }
    if (!document.hidden) timer = setTimeout(refresh, PollMs);
}

function row(game) {
    return el("tr", { "data-game-id": game.gameId },
        el("td", { "data-label": "Game" }, game.title),
        el("td", { "data-label": "Total", class: "total" }, String(game.total)),
        el("td", { "data-label": "Out", class: "reserved" }, String(game.reserved)),
        el("td", { "data-label": "Available", class: "available" }, el("span", { class: game.available === 0 ? "status status-rejected" : "status status-ready" }, String(game.available))));
}

document.getElementById("stock-search").addEventListener("submit", event => {
    event.preventDefault();
    page = 1;
    refresh();
});
previous.addEventListener("click", () => { page--; refresh(); });
next.addEventListener("click", () => { page++; refresh(); });
document.addEventListener("tellal:notification", refresh);
document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
refresh();
