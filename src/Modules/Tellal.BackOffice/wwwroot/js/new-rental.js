// New rental: games are found by title in the stock (which shows what is available now), added with their
// number of copies, and the order goes to the API, whose field errors are shown beside the fields.
import { api, el } from "./api.js";

const form = document.getElementById("new-rental");
const search = document.getElementById("game-search");
const results = document.getElementById("game-results");
const itemsList = document.getElementById("order-items");
const formError = document.getElementById("form-error");

// One key per filled-in form: a double click or a retry after a network error does not rent twice.
const idempotencyKey = Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, "0")).join("");
const SearchDelayMs = 250;
const items = [];
let searchTimer;

async function findGames() {
    const text = search.value.trim();
    if (!text) {
        results.replaceChildren();
        return;
    }
    try {
        const page = await api(`/api/inventory?search=${encodeURIComponent(text)}`);
        results.replaceChildren(...(page.items.length ? page.items.slice(0, 10).map(result) : [el("li", { class: "muted" }, "No game matches.")]));
    } catch (error) {
        showErrors(error);
    }
}

function result(game) {
    return el("li", { "data-game-id": game.gameId },
        el("span", {}, `${game.title} `, el("span", { class: "muted small" }, `${game.available} of ${game.total} available`)),
        el("button", { type: "button", class: "small", onclick: () => add(game) }, `Add ${game.title}`));
}

function add(game) {
    if (!items.some(i => i.gameId === game.gameId)) items.push({ gameId: game.gameId, title: game.title, quantity: 1 });
    drawItems();
    itemsList.querySelector(`[data-game-id="${game.gameId}"] input`)?.focus();
}

function drawItems() {
    itemsList.replaceChildren(...(items.length ? items.map((item, index) => {
        const id = `quantity-${item.gameId}`;
        const quantity = el("input", { id, type: "number", inputmode: "numeric", min: 1, max: 10, value: item.quantity, class: "quantity" });
        quantity.addEventListener("input", () => { item.quantity = Number(quantity.value); });
        return el("li", { "data-game-id": item.gameId },
            el("label", { for: id }, item.title), quantity,
            el("button", { type: "button", class: "link", onclick: () => { items.splice(index, 1); drawItems(); } }, `Remove ${item.title}`),
            el("p", { class: "field-error", "data-error-for": `items[${index}].gameId` }),
            el("p", { class: "field-error", "data-error-for": `items[${index}].quantity` }));
    }) : [el("li", { class: "muted" }, "No games yet.")]));
}

function showErrors(error) {
    for (const slot of form.querySelectorAll("[data-error-for]")) slot.textContent = "";
    const unplaced = [];
    for (const [field, messages] of Object.entries(error.fieldErrors)) {
        const slot = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
        if (slot) slot.textContent = messages.join(" ");
        else unplaced.push(...messages);
    }
    formError.textContent = [error.message, ...unplaced].join(" ");
    formError.hidden = false;
}

search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(findGames, SearchDelayMs);
});
search.addEventListener("keydown", event => { if (event.key === "Enter") event.preventDefault(); });

form.addEventListener("submit", async event => {
    event.preventDefault();
    formError.hidden = true;
    const customer = document.getElementById("customerId").value.trim();
    const body = {
        customerId: customer === "" ? null : Number(customer),
        items: items.map(i => ({ gameId: i.gameId, quantity: i.quantity })),
        note: document.getElementById("note").value,
    };
    try {
        const rental = await api("/api/rentals", { method: "POST", body, headers: { "Idempotency-Key": idempotencyKey } });
        location.assign(`/rentals/${rental.id}`);
    } catch (error) {
        showErrors(error);
    }
});
