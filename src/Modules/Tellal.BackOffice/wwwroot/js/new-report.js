// New report: the form is generated from the catalog (GET /api/report-types); the API validates, and its
// field errors are shown beside the fields, so the rules live in one place.
import { api, ApiError, el } from "./api.js";

const form = document.getElementById("new-report");
const typeSelect = document.getElementById("reportType");
const parameters = document.getElementById("parameters");
const formatSelect = document.getElementById("format");
const formError = document.getElementById("form-error");
const submit = document.getElementById("submit-report");

// One key per filled-in form: a double click or a retry after a network error does not request the report twice.
const idempotencyKey = Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, "0")).join("");
let types = [];

function parameterInput(parameter) {
    const id = `parameter-${parameter.name}`;
    const common = { id, name: parameter.name, "data-type": parameter.type, required: parameter.required, "aria-describedby": `${id}-hint` };
    let input;
    if (parameter.type === "enum") {
        input = el("select", common, ...parameter.allowedValues.map(v => el("option", { value: v, selected: v === parameter.default }, v)));
    } else if (parameter.type === "int" || parameter.type === "decimal") {
        input = el("input", { ...common, type: "number", inputmode: parameter.type === "int" ? "numeric" : "decimal",
            step: parameter.type === "int" ? 1 : "any", min: parameter.min, max: parameter.max, value: parameter.default });
    } else if (parameter.type === "date") {
        input = el("input", { ...common, type: "date", max: new Date().toISOString().slice(0, 10), value: parameter.default });
    } else {
        input = el("input", { ...common, type: "text", minlength: parameter.min, maxlength: parameter.max, value: parameter.default });
    }
    const limits = parameter.min !== null && parameter.max !== null
        ? (parameter.type === "string" ? ` (${parameter.min}–${parameter.max} characters)` : ` (${parameter.min}–${parameter.max})`) : "";
    return el("div", { class: "field" },
        el("label", { for: id }, parameter.name, parameter.required ? null : el("span", { class: "muted" }, parameter.default === null ? " (optional)" : "")),
        input,
        el("p", { class: "hint", id: `${id}-hint` }, parameter.description + limits),
        el("p", { class: "field-error", "data-error-for": `parameters.${parameter.name}` }));
}

function showType() {
    const type = types.find(t => t.name === typeSelect.value);
    document.getElementById("reportType-description").textContent = type.description;
    document.getElementById("reportType-approval").textContent = `Needs approval: ${type.approval}`;
    parameters.replaceChildren(el("legend", {}, "Parameters"), ...type.parameters.map(parameterInput));
    parameters.hidden = type.parameters.length === 0;
    formatSelect.replaceChildren(...type.formats.map(f => el("option", { value: f }, f.toUpperCase())));
    clearErrors();
}

function parameterValues() {
    const values = {};
    for (const input of parameters.querySelectorAll("[data-type]")) {
        const raw = input.value.trim();
        if (raw === "") continue;
        const number = Number(raw);
        // Numbers go as JSON numbers; anything unparsable goes as typed, so the API names the problem.
        values[input.name] = (input.dataset.type === "int" || input.dataset.type === "decimal") && !Number.isNaN(number) ? number : raw;
    }
    return values;
}

function clearErrors() {
    formError.hidden = true;
    for (const slot of form.querySelectorAll("[data-error-for]")) slot.textContent = "";
    for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}

function showErrors(error) {
    const unplaced = [];
    const slots = new Map([...form.querySelectorAll("[data-error-for]")].map(s => [s.dataset.errorFor.toLowerCase(), s]));
    for (const [field, messages] of Object.entries(error.fieldErrors)) {
        const slot = slots.get(field.toLowerCase());
        if (slot) {
            slot.textContent = messages.join(" ");
            slot.parentElement.querySelector("input, select")?.setAttribute("aria-invalid", "true");
        } else {
            unplaced.push(...messages);
        }
    }
    formError.textContent = [error.message, ...unplaced].join(" ");
    formError.hidden = false;
    form.querySelector("[aria-invalid]")?.focus();
}

form.addEventListener("submit", async event => {
    event.preventDefault();
    clearErrors();
    submit.disabled = true;
    try {
        await api("/api/reports", {
            method: "POST",
            headers: { "Idempotency-Key": idempotencyKey },
            body: {
                reportType: typeSelect.value,
                title: document.getElementById("title").value.trim() || null,
                parameters: parameterValues(),
                format: formatSelect.value,
                priority: document.getElementById("priority").value,
                lifetime: document.getElementById("lifetime").value,
            },
        });
        location.assign("/reports");
    } catch (error) {
        showErrors(error instanceof ApiError ? error : new ApiError(0, null));
        submit.disabled = false;
    }
});

typeSelect.addEventListener("change", showType);

try {
    types = await api("/api/report-types");
    typeSelect.replaceChildren(...types.map(t => el("option", { value: t.name }, t.title)));
    showType();
} catch (error) {
    showErrors(error);
    submit.disabled = true;
}
