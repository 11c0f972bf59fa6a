/**
 * Building the page from data without HTML strings: every text goes in as a text node, so a
 * description or a note can never become markup.
 */

/**
 * An element with attributes (`class`, `data-*`, `hidden`…; `on*` functions become listeners)
 * and children (strings become text).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...(Node | string | number | null | undefined | false | (Node | string | null | undefined | false)[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "number" ? String(c) : c);
  }
  return el;
}

/**
 * The element with this id (it is in index.html).
 * @template {HTMLElement} T
 * @param {string} id
 * @returns {T}
 */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from the page`);
  return /** @type {T} */ (el);
}

let mainOwner = 0;

/**
 * The right to fill the main area, until the next view claims it. A view still waiting on the
 * network when the officer has already moved on must not replace the page they moved to.
 * @returns {(...nodes: Node[]) => void}
 */
export function claimMain() {
  const mine = ++mainOwner;
  return (...nodes) => {
    if (mine === mainOwner) byId("main").replaceChildren(...nodes);
  };
}

/** Replace the main area's content now, whatever view was loading. @param {...Node} nodes */
export function show(...nodes) {
  claimMain()(...nodes);
}

let toastTimer = 0;
/** A short message at the bottom of the screen. @param {string} text @param {"ok" | "error"} [kind] */
export function toast(text, kind = "ok") {
  const t = byId("toast");
  t.textContent = text;
  t.className = kind;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (t.hidden = true), 6000);
}

/** Take the message away: it spoke of the page it was shown on, not of the next. */
export function hideToast() {
  clearTimeout(toastTimer);
  byId("toast").hidden = true;
}

/**
 * Ask for something in the dialog: resolves with the value, or null when cancelled.
 * `field` is the input, select or textarea to fill (named "value"); `check` returns an error
 * message for a value the API would refuse, or null.
 * @param {{title: string, help?: string, field: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, ok?: string, check?: (v: string) => string | null}} q
 * @returns {Promise<string | null>}
 */
export function ask(q) {
  /** @type {HTMLDialogElement} */
  const dialog = byId("ask");
  /** @type {HTMLFormElement} */
  const form = byId("ask-form");
  const error = byId("ask-error");
  byId("ask-title").textContent = q.title;
  byId("ask-help").textContent = q.help ?? "";
  byId("ask-ok").textContent = q.ok ?? "Đồng ý";
  byId("ask-field").replaceChildren(q.field);
  error.hidden = true;
  return new Promise((resolve) => {
    /** @param {SubmitEvent} e */
    const onSubmit = (e) => {
      const ok = /** @type {HTMLButtonElement | null} */ (e.submitter)?.value === "ok";
      if (!ok) return;
      const problem = q.check?.(q.field.value.trim()) ?? null;
      if (problem) {
        e.preventDefault();
        error.textContent = problem;
        error.hidden = false;
      }
    };
    form.addEventListener("submit", onSubmit);
    dialog.addEventListener(
      "close",
      () => {
        form.removeEventListener("submit", onSubmit);
        resolve(dialog.returnValue === "ok" ? q.field.value.trim() : null);
      },
      { once: true },
    );
    dialog.returnValue = "";
    dialog.showModal();
    q.field.focus();
  });
}
