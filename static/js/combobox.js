// The ARIA combobox pattern shared by the portal's type-ahead fields: a text input that
// controls a listbox of suggestions fetched from a JSON endpoint as the person types.
// Each caller says which key of the JSON holds the items, how an item is shown, what is
// announced when the list changes and what choosing an item does.
const MIN_LENGTH = 2;
const DELAY_MS = 200;

/**
 * Make `input` a combobox whose listbox and live status are appended to `container`.
 *
 * options.url        the endpoint, called with ?q=<typed text>
 * options.key        the key of the JSON response holding the list of items
 * options.listLabel  the accessible name of the listbox
 * options.fill       (option, item) => fills the <li> for one item
 * options.announce   (count) => the status text when a list arrives
 * options.choose     (item, close) => acts on the chosen item; a string it returns is announced
 */
export function combobox(input, container, { url, key, listLabel, fill, announce, choose: act }) {
  const listId = `${input.id}-suggestions`;
  const list = document.createElement("ul");
  list.id = listId;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", listLabel);
  list.className = "govuk-list portal-autocomplete__list";
  list.hidden = true;

  const status = document.createElement("div");
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");

  container.append(list, status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);

  let items = [];
  let active = -1;
  let timer = null;
  let controller = null;

  function close() {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function setActive(index) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((option, i) => {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
      option.classList.toggle("portal-autocomplete__option--active", i === index);
    });
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    const item = items[index];
    if (!item) return;
    const message = act(item, close);
    if (typeof message === "string") status.textContent = message;
  }

  function render() {
    list.replaceChildren();
    items.forEach((item, index) => {
      const option = document.createElement("li");
      option.id = `${listId}-${index}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.className = "portal-autocomplete__option govuk-body-s";
      fill(option, item);
      option.addEventListener("mousedown", (event) => event.preventDefault());
      option.addEventListener("click", () => choose(index));
      list.append(option);
    });
    const open = items.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    status.textContent = announce(items.length);
    active = -1;
  }

  async function fetchItems(query) {
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, {
        signal: controller.signal,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const data = await response.json();
      if (input.value.trim() !== query) return;
      items = Array.isArray(data[key]) ? data[key] : [];
      render();
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < MIN_LENGTH) {
      items = [];
      close();
      return;
    }
    timer = setTimeout(() => fetchItems(query), DELAY_MS);
  });

  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    const count = items.length;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((active + 1) % count);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive(active <= 0 ? count - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", () => setTimeout(close, 150));
}
