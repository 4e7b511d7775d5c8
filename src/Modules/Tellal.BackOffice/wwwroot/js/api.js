// The JSON API as the pages use it: same-origin cookie, antiforgery header on unsafe methods, problem details as errors.
const meta = name => document.querySelector(`meta[name="${name}"]`)?.content ?? "";

/** A failed API call; `problem` is the RFC 9457 body when the server sent one. */
export class ApiError extends Error {
    constructor(status, problem) {
        super(problem?.title || friendlyStatus(status));
        this.status = status;
        this.problem = problem;
    }

    /** Field-keyed validation messages ({ "parameters.from": ["..."] }), empty when there are none. */
    get fieldErrors() { return this.problem?.errors ?? {}; }
}

function friendlyStatus(status) {
    if (status === 401) return "Your session has ended. Please sign in again.";
    if (status === 403) return "You are not allowed to do that.";
    if (status === 404) return "It no longer exists.";
    if (status === 423) return "The service is starting; try again in a moment.";
    if (status >= 500) return "Something went wrong on our side. Please try again.";
    return "The request failed.";
}

/** The header that shows a cookie-authenticated POST comes from these pages (see CookieAntiforgeryMiddleware). */
export function antiforgeryHeaders() {
    return { [meta("antiforgery-header")]: meta("antiforgery-token") };
}

export async function api(path, { method = "GET", body, headers = {} } = {}) {
    const init = { method, credentials: "same-origin", headers: { Accept: "application/json", ...headers } };
    if (method !== "GET" && method !== "HEAD") {
        Object.assign(init.headers, antiforgeryHeaders());
    }
    if (body !== undefined) {
        init.headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(body);
    }
    let response;
    try {
        response = await fetch(path, init);
    } catch {
        throw new ApiError(0, { title: "The server cannot be reached. Check your connection." });
    }
    if (response.status === 401) {
        // The cookie expired: go back through the sign-in page and return here.
        location.assign(`/sign-in?returnUrl=${encodeURIComponent(location.pathname)}`);
    }
    const isJson = (response.headers.get("content-type") ?? "").includes("json");
    const payload = isJson ? await response.json() : null;
    if (!response.ok) throw new ApiError(response.status, payload);
    return payload;
}

/** Formats an ISO time for people; empty for null. */
export function when(iso) {
    return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "";
}

/** Builds an element: el("td", { class: "x" }, "text", childElement). */
export function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === false || value === null || value === undefined) continue;
        if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
        else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) {
        if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
}

/** Puts field-keyed problem messages into the [data-error-for] slots of a form (clearing the others); returns the rest. */
export function showFieldErrors(container, error) {
    for (const slot of container.querySelectorAll("[data-error-for]")) slot.textContent = "";
    const unplaced = [];
    for (const [field, messages] of Object.entries(error?.fieldErrors ?? {})) {
        const slot = container.querySelector(`[data-error-for="${field}"]`);
        if (slot) slot.textContent = messages.join(" ");
        else unplaced.push(...messages);
    }
    return unplaced;
}
