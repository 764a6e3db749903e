// Suggestions under the knowledge search box, following the ARIA combobox pattern
// (a text input that controls a listbox). Without JavaScript the form submits as usual.
const MIN_LENGTH = 2;
const DELAY_MS = 200;

function enhance(container) {
  const input = container.querySelector("input[type=search]");
  const url = container.dataset.autocompleteUrl;
  if (!input || !url) return;

  const listId = `${input.id}-suggestions`;
  const list = document.createElement("ul");
  list.id = listId;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
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

  let suggestions = [];
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
    const suggestion = suggestions[index];
    if (!suggestion) return;
    if (suggestion.url) {
      window.location.assign(suggestion.url);
    } else {
      input.value = suggestion.label;
      close();
      input.form.submit();
    }
  }

  function render() {
    list.replaceChildren();
    suggestions.forEach((suggestion, index) => {
      const option = document.createElement("li");
      option.id = `${listId}-${index}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.className = "portal-autocomplete__option govuk-body-s";
      option.textContent = suggestion.label;
      if (suggestion.kind === "value_code") {
        const kind = document.createElement("span");
        kind.className = "govuk-hint govuk-!-display-inline";
        kind.textContent = " (value code)";
        option.append(kind);
      }
      option.addEventListener("mousedown", (event) => event.preventDefault());
      option.addEventListener("click", () => choose(index));
      list.append(option);
    });
    const open = suggestions.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    status.textContent = open
      ? `${suggestions.length} suggestion${suggestions.length === 1 ? "" : "s"} available. Use up and down arrows to choose.`
      : "";
    active = -1;
  }

  async function fetchSuggestions(query) {
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
      suggestions = Array.isArray(data.suggestions) ? data.suggestions : [];
      render();
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < MIN_LENGTH) {
      suggestions = [];
      close();
      return;
    }
    timer = setTimeout(() => fetchSuggestions(query), DELAY_MS);
  });

  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    const count = suggestions.length;
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

document.querySelectorAll("[data-search-autocomplete]").forEach(enhance);
