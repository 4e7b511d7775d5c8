// Admin · streams: per transport in use, queue depths or Kafka partitions with offsets and lag (GET /api/admin/streams),
// refreshed every few seconds (the operations page, /admin/health, shows the same pushed live).
import { api } from "./api.js";
import { streamsSection } from "./streams-view.js";

const RefreshMs = 3000;

const container = document.getElementById("streams");
const updated = document.getElementById("streams-updated");
const errorBox = document.getElementById("streams-error");

async function refresh() {
    try {
        const transports = await api("/api/admin/streams");
        errorBox.hidden = true;
        container.replaceChildren(...transports.map(streamsSection));
        updated.textContent = `updated ${new Date().toLocaleTimeString()}`;
    } catch (error) {
        errorBox.textContent = error.message;
        errorBox.hidden = false;
    }
}

refresh();
setInterval(refresh, RefreshMs);
