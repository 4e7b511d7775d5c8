// The chat page: rooms with unread counts, a room's history (paging back), posting, live `chat` events from
// /hubs/chat, the room's members with who is online (read when the room opens and after a reconnect, then kept by the
// hub's `presence` events), and after a reconnect the messages missed meanwhile (fetched after the newest id seen).
// Message text is always inserted as text (el() appends strings as text nodes), so markup someone typed shows as typed.
import { api, ApiError, el, showFieldErrors, when } from "./api.js";
import { connectHub } from "./hub.js";

const roomList = document.getElementById("chat-rooms");
const title = document.getElementById("chat-title");
const state = document.getElementById("chat-state");
const membersLine = document.getElementById("chat-members");
const older = document.getElementById("chat-older");
const list = document.getElementById("chat-messages");
const postForm = document.getElementById("chat-post");
const text = document.getElementById("chat-text");
const directForm = document.getElementById("chat-direct");
const directName = document.getElementById("chat-direct-name");

let rooms = [];
let members = [];
// Per user, the version of the newest presence event applied: two events may arrive in either order (a reload's
// disconnect and connect), and an older one must not undo a newer.
const presenceVersion = new Map();
let current = null;
let oldestShown = null;
const shown = new Set();
// Per room, the newest message id this page has seen: a reconnect fetches what came after it.
const newestSeen = new Map();

function seen(message) {
    newestSeen.set(message.roomId, Math.max(newestSeen.get(message.roomId) ?? 0, message.id));
}

async function loadRooms() {
    rooms = await api("/api/chat/rooms");
    for (const room of rooms) {
        if (!newestSeen.has(room.id) && room.lastMessageId !== null) newestSeen.set(room.id, room.lastMessageId);
    }
    renderRooms();
}

function renderRooms() {
    roomList.replaceChildren(...(rooms.length ? rooms.map(room => el("li", {},
        el("button", { type: "button", class: "chat-room-button", "aria-current": room.id === current ? "true" : "false", onclick: () => open(room.id) },
            el("span", {}, room.name),
            room.unread > 0 ? el("span", { class: "badge", "aria-label": `${room.unread} unread` }, String(room.unread)) : null)))
        : [el("li", { class: "muted" }, "No rooms yet: an admin adds you to channels, or message a colleague.")]));
}

function messageItem(message) {
    return el("li", { class: "chat-message", "data-id": String(message.id) },
        el("div", { class: "chat-meta" }, el("strong", {}, message.author), " ", el("time", { datetime: message.sentAt, class: "muted" }, when(message.sentAt))),
        el("p", {}, message.text));
}

function append(message) {
    if (shown.has(message.id)) return;
    shown.add(message.id);
    list.append(messageItem(message));
    list.lastElementChild.scrollIntoView({ block: "nearest" });
}

async function markRead() {
    const newest = newestSeen.get(current);
    if (newest === undefined) return;
    await api(`/api/chat/rooms/${current}/read`, { method: "POST", body: { lastMessageId: newest } }).catch(() => {});
    const room = rooms.find(r => r.id === current);
    if (room) room.unread = 0;
    renderRooms();
}

function renderMembers() {
    membersLine.textContent = "Members: " + members.map(m => `${m.userName}${m.online ? " (online)" : ""}`).join(", ");
}

async function refreshMembers() {
    if (!current) return;
    const read = await api(`/api/chat/rooms/${current}/members`).catch(() => null);
    if (read) {
        members = read;
        renderMembers();
    }
}

function presence(change) {
    if ((presenceVersion.get(change.userName) ?? -1) >= change.version) return;
    presenceVersion.set(change.userName, change.version);
    const member = members.find(m => m.userName === change.userName);
    if (member && member.online !== change.online) {
        member.online = change.online;
        renderMembers();
    }
}

async function open(roomId) {
    current = roomId;
    const room = rooms.find(r => r.id === roomId);
    title.textContent = room ? room.name : "Room";
    history.replaceState(null, "", `/chat?room=${roomId}`);
    shown.clear();
    list.replaceChildren();
    const page = await api(`/api/chat/rooms/${roomId}/messages`);
    page.items.forEach(message => { seen(message); append(message); });
    oldestShown = page.items[0]?.id ?? null;
    older.hidden = !page.hasMore;
    postForm.hidden = false;
    renderRooms();
    await markRead();
    await refreshMembers();
    text.focus();
}

older.addEventListener("click", async () => {
    const page = await api(`/api/chat/rooms/${current}/messages?before=${oldestShown}`);
    for (const message of page.items.slice().reverse()) {
        if (shown.has(message.id)) continue;
        shown.add(message.id);
        list.prepend(messageItem(message));
    }
    oldestShown = page.items[0]?.id ?? oldestShown;
    older.hidden = !page.hasMore;
});

postForm.addEventListener("submit", async event => {
    event.preventDefault();
    showFieldErrors(postForm, null);
    try {
        const message = await api(`/api/chat/rooms/${current}/messages`, { method: "POST", body: { text: text.value } });
        text.value = "";
        seen(message);
        append(message);
    } catch (error) {
        const rest = showFieldErrors(postForm, error);
        if (rest.length || !Object.keys(error.fieldErrors ?? {}).length) {
            postForm.querySelector('[data-error-for="text"]').textContent = error.problem?.detail ?? error.message;
        }
    }
});

directForm.addEventListener("submit", async event => {
    event.preventDefault();
    showFieldErrors(directForm, null);
    try {
        const room = await api("/api/chat/direct", { method: "POST", body: { userName: directName.value.trim() } });
        directName.value = "";
        await loadRooms();
        await open(room.id);
    } catch (error) {
        const slot = directForm.querySelector('[data-error-for="userName"]');
        if (!showFieldErrors(directForm, error).length && error instanceof ApiError && !slot.textContent) slot.textContent = error.problem?.detail ?? error.message;
    }
});

function receive(message) {
    seen(message);
    if (message.roomId === current) {
        append(message);
        if (document.visibilityState === "visible") markRead();
        return;
    }
    const room = rooms.find(r => r.id === message.roomId);
    if (room) {
        room.unread += 1;
        renderRooms();
    } else {
        loadRooms(); // a room the page did not know yet (a new direct conversation, just added to a channel)
    }
}

/** After a reconnect: every room that has more than this page saw, the messages after the newest it saw. */
async function catchUp() {
    const before = new Map(newestSeen);
    await loadRooms();
    for (const room of rooms) {
        let after = before.get(room.id) ?? 0;
        if (room.id !== current || room.lastMessageId === null || room.lastMessageId <= after) continue;
        let page;
        do {
            page = await api(`/api/chat/rooms/${room.id}/messages?after=${after}`);
            page.items.forEach(message => { seen(message); append(message); });
            after = page.items.at(-1)?.id ?? after;
        } while (page.hasMore);
        await markRead();
    }
}

let wasDisconnected = false;
connectHub("/hubs/chat", { chat: receive, presence }, status => {
    // Tests (and styles) can tell a live page from one still connecting.
    document.getElementById("chat").dataset.hub = status;
    state.textContent = status === "connected" ? "" : "Reconnecting…";
    if (status === "connected" && wasDisconnected) {
        catchUp();
        refreshMembers(); // presence changes while the hub was away were not heard
    }
    wasDisconnected = status === "disconnected";
});

await loadRooms();
const wanted = new URLSearchParams(location.search).get("room");
if (wanted && rooms.some(r => r.id === wanted)) await open(wanted);
