// Admin · users: the dialog that changes one user's roles, password and whether the account is enabled.
import { api, showFieldErrors } from "./api.js";

const dialog = document.getElementById("user-dialog");
const title = document.getElementById("user-dialog-title");
const status = document.getElementById("user-dialog-status");
const rolesForm = document.getElementById("user-roles");
const passwordForm = document.getElementById("user-password");
const newPassword = document.getElementById("new-password");
const generated = document.getElementById("generated-password");
const toggle = document.getElementById("toggle-user");
const errorBox = document.getElementById("user-dialog-error");

let user;
let opener;
let changed = () => {};

export function statusOf(user) {
    if (user.disabled) return "Disabled";
    return "Active";
}

export function openUserDialog(selected, trigger, onChange) {
    opener = trigger;
    changed = onChange;
    generated.hidden = true;
    generated.textContent = "";
    newPassword.value = "";
    show(selected);
    dialog.showModal();
}

function show(next) {
    user = next;
    title.textContent = `Manage ${user.userName}`;
    status.textContent = `${statusOf(user)} · ${user.email ?? "no email"}`;
    for (const box of rolesForm.querySelectorAll("input[name=roles]")) box.checked = user.roles.includes(box.value);
    toggle.textContent = user.disabled ? "Enable" : "Disable";
    toggle.classList.toggle("danger", !user.disabled);
}

/** Runs one change; the dialog shows the user as the API returns it, or the problem beside the field or below. */
async function change(container, path, method, body) {
    errorBox.hidden = true;
    try {
        const result = await api(`/api/users/${user.id}/${path}`, { method, body });
        showFieldErrors(container, null);
        show(result.user ?? result);
        changed();
        return result;
    } catch (error) {
        const unplaced = showFieldErrors(container, error);
        if (!Object.keys(error.fieldErrors ?? {}).length || unplaced.length) {
            errorBox.textContent = [error.message, error.problem?.detail, ...unplaced].filter(Boolean).join(" ");
            errorBox.hidden = false;
        }
        return null;
    }
}

rolesForm.addEventListener("submit", event => {
    event.preventDefault();
    const roles = [...rolesForm.querySelectorAll("input[name=roles]:checked")].map(box => box.value);
    change(rolesForm, "roles", "PUT", { roles });
});

passwordForm.addEventListener("submit", async event => {
    event.preventDefault();
    generated.hidden = true;
    if (await change(passwordForm, "password", "POST", { password: newPassword.value, generate: false })) {
        newPassword.value = "";
        generated.textContent = "Password changed.";
        generated.hidden = false;
    }
});

document.getElementById("generate-password").addEventListener("click", async () => {
    const result = await change(passwordForm, "password", "POST", { generate: true });
    if (result) {
        generated.replaceChildren("New password (shown once): ", Object.assign(document.createElement("code"), { textContent: result.generatedPassword }));
        generated.hidden = false;
    }
});

toggle.addEventListener("click", () => change(dialog, user.disabled ? "enable" : "disable", "POST"));
document.getElementById("user-dialog-close").addEventListener("click", () => dialog.close());
// Escape closes a modal dialog natively; either way focus goes back to the button that opened it (or to the
// same user's button, when a change redrew the table meanwhile).
dialog.addEventListener("close", () =>
    (opener?.isConnected ? opener : document.querySelector(`tr[data-user="${CSS.escape(user.userName)}"] button`))?.focus());
