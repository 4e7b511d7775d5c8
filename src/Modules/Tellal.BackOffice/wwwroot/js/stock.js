// Stock: copies per game, searched by title. The counts change whenever any clerk rents or takes back a game: the
// stock hub pushes each change (`stock`, the newest per game, at most once per the server's push window) and the rows
// shown are updated in place. Every reading carries the game's version, so whichever of a push and a page load
// arrives last, the newer reading is the one shown.
import { api, el } from "./api.js";
import { connectHub } from "./hub.js";

const table = document.getElementById("stock");
const rows = document.getElementById("stock-rows");
const errorBox = document.getElementById("stock-error");
const query = document.getElementById("stock-query");
const pageLabel = document.getElementById("stock-page");
const previous = document.getElementById("stock-previous");
const next = document.getElementById("stock-next");

// Only while the hub is down (a web node restarting, a network cut, a proxy that refuses it): the API may still
// answer, and a page left open at the counter must not show old counts for long. Connected, nothing is polled.
const FallbackMs = 15000;
let page = 1;
let connected = false;
let fallback;
/** The newest pushed reading of each game, so a page load that read older rows does not undo a push. */
const pushed = new Map();

function newest(game) {
    const change = pushed.get(game.gameId);
    return change && change.version > game.version ? { ...game, ...change } : game;
}

async function refresh() {
    clearTimeout(fallback);
    try {
        const search = query.value.trim();
        const result = await api(`/api/inventory?page=${page}${search ? `&search=${encodeURIComponent(search)}` : ""}`);
        errorBox.hidden = true;
        rows.replaceChildren(...(result.items.length ? result.items.map(game => row(newest(game)))
            : [el("tr", {}, el("td", { colspan: 4, class: "muted" }, "No game matches."))]));
        const pages = Math.max(1, Math.ceil(result.totalCount / result.pageSize));
        pageLabel.textContent = `Page ${result.page} of ${pages}`;
        previous.disabled = page <= 1;
        next.disabled = page >= pages;
    } catch (error) {
        errorBox.textContent = error.message;
        errorBox.hidden = false;
    }
    if (!connected) fallback = setTimeout(refresh, FallbackMs);
}

function row(game) {
    const tr = el("tr", { "data-game-id": game.gameId },
        el("td", { "data-label": "Game" }, game.title),
        el("td", { "data-label": "Total", class: "total" }),
        el("td", { "data-label": "Out", class: "reserved" }),
        el("td", { "data-label": "Available", class: "available" }, el("span")));
    fill(tr, game);
    return tr;
}

function fill(tr, stock) {
    tr.dataset.version = stock.version;
    tr.querySelector(".total").textContent = String(stock.total);
    tr.querySelector(".reserved").textContent = String(stock.reserved);
    const available = tr.querySelector(".available span");
    available.className = stock.available === 0 ? "status status-rejected" : "status status-ready";
    available.textContent = String(stock.available);
}

/** A push: every game that changed, whether shown or not; rows not on this page are only remembered. */
function apply(changes) {
    for (const change of changes) {
        if ((pushed.get(change.gameId)?.version ?? -1) >= change.version) continue;
        pushed.set(change.gameId, change);
        const tr = rows.querySelector(`tr[data-game-id="${change.gameId}"]`);
        if (tr && Number(tr.dataset.version) < change.version) fill(tr, change);
    }
}

document.getElementById("stock-search").addEventListener("submit", event => {
    event.preventDefault();
    page = 1;
    refresh();
});
previous.addEventListener("click", () => { page--; refresh(); });
next.addEventListener("click", () => { page++; refresh(); });
connectHub("/hubs/stock", { stock: apply }, state => {
    // Tests (and styles) can tell a live page from one still connecting.
    table.dataset.hub = state;
    connected = state === "connected";
    // Changes pushed while the hub was away were not heard: read the page again once it is back.
    clearTimeout(fallback);
    if (connected) refresh();
    else fallback = setTimeout(refresh, FallbackMs);
});
refresh();
