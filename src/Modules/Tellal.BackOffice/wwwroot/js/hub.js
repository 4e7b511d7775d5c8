// A tiny SignalR client (JSON hub protocol over a WebSocket) for /hubs/notifications: the server only calls
// `notification`, so listening, answering pings and reconnecting is all a client needs. No library, no CDN.
const RecordSeparator = "\u001e";
const MessageType = { Invocation: 1, Ping: 6, Close: 7 };

export function connectNotifications(onNotification, onStateChange = () => {}) {
    let attempt = 0;
    let socket;

    function open() {
        const scheme = location.protocol === "https:" ? "wss:" : "ws:";
        // The sign-in cookie authenticates the upgrade request; the negotiate round-trip is skipped.
        socket = new WebSocket(`${scheme}//${location.host}/hubs/notifications`);
        socket.addEventListener("open", () => socket.send(JSON.stringify({ protocol: "json", version: 1 }) + RecordSeparator));
        socket.addEventListener("message", event => {
            for (const record of String(event.data).split(RecordSeparator)) {
                if (record) handle(JSON.parse(record));
            }
        });
        socket.addEventListener("close", reconnect);
    }

    function handle(message) {
        if (message.type === undefined) {
            // The handshake answer: {} when accepted, { error } when not.
            if (message.error) return;
            attempt = 0;
            onStateChange("connected");
        } else if (message.type === MessageType.Invocation && message.target === "notification") {
            onNotification(message.arguments[0]);
        } else if (message.type === MessageType.Ping) {
            socket.send(JSON.stringify({ type: MessageType.Ping }) + RecordSeparator);
        } else if (message.type === MessageType.Close) {
            socket.close();
        }
    }

    function reconnect() {
        onStateChange("disconnected");
        // Exponential backoff with jitter (1 s .. 30 s), so a restarted node is not stormed by every open tab.
        const delay = Math.min(30000, 1000 * 2 ** attempt++) * (0.5 + Math.random() / 2);
        setTimeout(open, delay);
    }

    open();
}
