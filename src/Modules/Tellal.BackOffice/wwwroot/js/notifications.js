// On every page: the bell with the unread count, the inbox panel, and a toast for each live notification.
// Pages listen for the "tellal:notification" event to refresh what they show.
import { api, el, when } from "./api.js";
import { connectNotifications } from "./hub.js";

const bell = document.getElementById("bell");
const badge = document.getElementById("unread");
const panel = document.getElementById("inbox");
const items = document.getElementById("inbox-items");
const toasts = document.getElementById("toasts");

const ToastMilliseconds = 12000;

// Notifications this page has shown or listed, and the newest one's time (the server's clock): when the hub
// reconnects (a web node died, the network dropped), what was created meanwhile is fetched and shown once each.
const seen = new Set();
let lastSeen = null;

function remember(notification) {
    seen.add(notification.id);
    const createdAt = Date.parse(notification.createdAt);
    if (lastSeen === null || createdAt > lastSeen) lastSeen = createdAt;
}

function deliver(notification) {
    if (seen.has(notification.id)) return;
    remember(notification);
    showToast(notification);
    document.dispatchEvent(new CustomEvent("tellal:notification", { detail: notification }));
}

async function catchUp() {
    // `since` is inclusive: a notification created in the same millisecond is fetched again and dropped by id.
    const since = lastSeen === null ? "" : `&since=${encodeURIComponent(new Date(lastSeen).toISOString())}`;
    // The hub can be back before every path to the API is (a proxy still routing to the dead node): try a few times.
    for (let attempt = 1; attempt <= 10; attempt++) {
        const missed = await api(`/api/notifications?limit=100${since}`).catch(() => null);
        if (missed) {
            missed.items.slice().reverse().forEach(deliver);
            return;
        }
        await new Promise(resolve => setTimeout(resolve, 1000));
    }
}

async function refreshInbox() {
    try {
        const inbox = await api("/api/notifications?limit=30");
        inbox.items.forEach(remember);
        badge.textContent = inbox.unread;
        badge.hidden = inbox.unread === 0;
        items.replaceChildren(...(inbox.items.length ? inbox.items.map(inboxItem) : [el("li", { class: "muted" }, "Nothing yet.")]));
    } catch {
        items.replaceChildren(el("li", { class: "muted" }, "The notifications cannot be loaded right now."));
    }
}

function inboxItem(item) {
    const markRead = async () => {
        await api(`/api/notifications/${item.id}/read`, { method: "POST" }).catch(() => {});
        await refreshInbox();
    };
    return el("li", { class: item.readAt ? "read" : "unread" },
        el("strong", {}, item.title),
        el("p", {}, item.message),
        el("div", { class: "inbox-actions" },
            el("time", { datetime: item.createdAt }, when(item.createdAt)),
            ...links(item, markRead),
            item.readAt ? null : el("button", { type: "button", class: "link", onclick: markRead }, "Mark read")));
}

/** A ready report can be downloaded at once; every notification links to its page. */
function links(notification, onFollow) {
    const result = [];
    if (notification.kind === "report.ready" && notification.reportId) {
        result.push(el("a", { class: "button small primary download", href: `/api/reports/${notification.reportId}/file`, download: "", onclick: onFollow }, "Download"));
    }
    if (notification.url) {
        result.push(el("a", { href: notification.url, onclick: onFollow }, "Open"));
    }
    return result;
}

function showToast(notification) {
    const toast = el("div", { class: `toast ${notification.kind.replaceAll(".", "-")}`, "data-report-id": notification.reportId ?? "" },
        el("strong", {}, notification.title),
        el("p", {}, notification.message),
        el("div", { class: "toast-actions" }, ...links(notification, () => {}),
            el("button", { type: "button", class: "link dismiss", onclick: () => { toast.remove(); document.getElementById("main").focus(); } }, "Dismiss")));
    toasts.append(toast);
    // A toast does not vanish under the keyboard or the mouse: it waits while focused or hovered, then times out.
    let timer;
    const later = () => { clearTimeout(timer); timer = setTimeout(() => toast.remove(), ToastMilliseconds); };
    const hold = () => clearTimeout(timer);
    toast.addEventListener("focusin", hold);
    toast.addEventListener("mouseenter", hold);
    toast.addEventListener("focusout", event => { if (!toast.contains(event.relatedTarget)) later(); });
    toast.addEventListener("mouseleave", () => { if (!toast.contains(document.activeElement)) later(); });
    later();
}

function togglePanel(open = panel.hidden) {
    panel.hidden = !open;
    bell.setAttribute("aria-expanded", String(open));
    if (open) {
        refreshInbox();
        panel.querySelector("button")?.focus();
    }
}

bell.addEventListener("click", () => togglePanel());
document.getElementById("inbox-close").addEventListener("click", () => { togglePanel(false); bell.focus(); });
document.addEventListener("keydown", event => { if (event.key === "Escape" && !panel.hidden) { togglePanel(false); bell.focus(); } });

const firstInbox = refreshInbox();
connectNotifications(notification => {
    deliver(notification);
    refreshInbox();
}, async state => {
    document.body.dataset.hub = state;
    if (state === "connected") {
        // What arrived while disconnected is in the inbox: pop it up, then refresh the panel and the badge.
        await firstInbox;
        await catchUp();
        await refreshInbox();
    }
});
