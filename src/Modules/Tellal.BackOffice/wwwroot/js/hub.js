// The back office's hubs (/hubs/notifications and /hubs/chat for staff, /hubs/stock for clerks, /hubs/operations for admins) through
// Microsoft's SignalR client, vendored from its npm package by the build (see Tellal.BackOffice.csproj). It
// negotiates first, so where a proxy blocks WebSockets it falls back to Server-Sent Events or long polling; the
// sign-in cookie authenticates every request. The server only calls the client (`notification`, `chat` and
// `presence`, `stock`, `operations`): listening and staying connected is all a page needs.
import "../lib/signalr.min.js";
import { antiforgeryHeaders } from "./api.js";

const { HubConnectionBuilder, LogLevel } = globalThis.signalR;

/** Exponential backoff with jitter (1 s .. 30 s), so a restarted node is not stormed by every open tab. */
function retryDelay(attempt) {
    return Math.min(30000, 1000 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random() / 2);
}

export function connectNotifications(onNotification, onStateChange = () => {}) {
    connectHub("/hubs/notifications", { notification: onNotification }, onStateChange);
}

/** Connects to a hub, calls `handlers[method]` for each call of that method, and reports "connected"/"disconnected". */
export function connectHub(path, handlers, onStateChange = () => {}) {
    const connection = new HubConnectionBuilder()
        // Negotiate and the long-polling and SSE sends are POSTs with the cookie: they carry the antiforgery token.
        .withUrl(path, { headers: antiforgeryHeaders() })
        // Never gives up (a web node may be down for a while, the page stays open): the policy never returns null.
        .withAutomaticReconnect({ nextRetryDelayInMilliseconds: retry => retryDelay(retry.previousRetryCount) })
        .configureLogging(LogLevel.Warning)
        .build();
    for (const [method, handler] of Object.entries(handlers)) connection.on(method, handler);
    connection.onreconnecting(() => onStateChange("disconnected"));
    connection.onreconnected(() => onStateChange("connected"));

    // Automatic reconnection only follows a connection that was up: a first start that fails (the node is down,
    // the session is being renewed) and a close the server says not to reconnect from start over here.
    let attempt = 0;
    async function start() {
        try {
            await connection.start();
            attempt = 0;
            onStateChange("connected");
        } catch {
            setTimeout(start, retryDelay(attempt++));
        }
    }
    connection.onclose(() => {
        onStateChange("disconnected");
        start();
    });
    start();
}
