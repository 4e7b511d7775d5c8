// Admin · users: list them, add one (the API validates; its messages go beside the fields), manage one in a dialog.
import { api, el, showFieldErrors, when } from "./api.js";
import { openUserDialog, statusOf } from "./admin-user-dialog.js";

const form = document.getElementById("new-user");
const rows = document.getElementById("user-rows");
const formError = document.getElementById("user-error");

async function refresh() {
    try {
        const users = await api("/api/users");
        rows.replaceChildren(...users.map(row));
    } catch (error) {
        rows.replaceChildren(el("tr", {}, el("td", { colspan: 6, class: "muted" }, error.message)));
    }
}

function row(user) {
    const manage = el("button", { type: "button", class: "small", "aria-label": `Manage ${user.userName}` }, "Manage");
    manage.addEventListener("click", () => openUserDialog(user, manage, refresh));
    return el("tr", { "data-user": user.userName, "data-status": user.disabled ? "disabled" : "active" },
        el("td", {}, user.userName), el("td", {}, user.email ?? ""), el("td", {}, user.roles.join(", ")),
        el("td", {}, statusOf(user)), el("td", {}, when(user.createdAt)), el("td", { class: "row-actions" }, manage));
}

form.addEventListener("submit", async event => {
    event.preventDefault();
    formError.hidden = true;
    showFieldErrors(form, null);
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
        formError.textContent = [error.message, ...showFieldErrors(form, error)].join(" ");
        formError.hidden = false;
    }
});

refresh();
