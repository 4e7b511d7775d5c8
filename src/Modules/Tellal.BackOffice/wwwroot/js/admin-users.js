// Admin · users: list them, add one (the API validates; its messages go beside the fields).
import { api, ApiError, el, when } from "./api.js";

const form = document.getElementById("new-user");
const rows = document.getElementById("user-rows");
const formError = document.getElementById("user-error");

async function refresh() {
    try {
        const users = await api("/api/users");
        rows.replaceChildren(...users.map(user => el("tr", { "data-user": user.userName },
            el("td", {}, user.userName), el("td", {}, user.email ?? ""), el("td", {}, user.roles.join(", ")), el("td", {}, when(user.createdAt)))));
    } catch (error) {
        rows.replaceChildren(el("tr", {}, el("td", { colspan: 4, class: "muted" }, error.message)));
    }
}

form.addEventListener("submit", async event => {
    event.preventDefault();
    formError.hidden = true;
    for (const slot of form.querySelectorAll("[data-error-for]")) slot.textContent = "";
    const value = id => document.getElementById(id).value.trim();
    try {
        await api("/api/users", {
            method: "POST",
            body: {
                userName: value("userName"),
                email: value("email") || null,
                password: document.getElementById("password").value,
                roles: [...form.querySelectorAll("input[name=roles]:checked")].map(box => box.value),
            },
        });
        form.reset();
        await refresh();
    } catch (error) {
        const fields = error instanceof ApiError ? error.fieldErrors : {};
        for (const [field, messages] of Object.entries(fields)) {
            const slot = form.querySelector(`[data-error-for="${field}"]`);
            if (slot) slot.textContent = messages.join(" ");
        }
        formError.textContent = error.message;
        formError.hidden = false;
    }
});

refresh();
