// Suggestions of councils as a member types, for the fields where councils are typed by
// name ([data-council-typeahead]). A text box for one council becomes an ARIA combobox;
// a box for several councils, one a line, gets a "find a council" combobox beside it
// whose chosen council is added as a new line. Without JavaScript the fields work as typed.
const MIN_LENGTH = 2;
const DELAY_MS = 200;

function combobox(input, container, url, onChoose) {
  const listId = `${input.id}-suggestions`;
  const list = document.createElement("ul");
  list.id = listId;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Councils");
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
  input.setAttribute("autocomplete", "off");

  let councils = [];
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
    if (options[index]) input.setAttribute("aria-activedescendant", options[index].id);
  }

  function choose(index) {
    const council = councils[index];
    if (!council) return;
    close();
    status.textContent = onChoose(council.name);
  }

  function render() {
    list.replaceChildren();
    councils.forEach((council, index) => {
      const option = document.createElement("li");
      option.id = `${listId}-${index}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.className = "portal-autocomplete__option govuk-body-s";
      option.textContent = council.name;
      option.addEventListener("mousedown", (event) => event.preventDefault());
      option.addEventListener("click", () => choose(index));
      list.append(option);
    });
    const open = councils.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    status.textContent = open
      ? `${councils.length} council${councils.length === 1 ? "" : "s"} found. Use up and down arrows to choose.`
      : "No council found.";
    active = -1;
  }

  async function fetchCouncils(query) {
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
      councils = Array.isArray(data.councils) ? data.councils : [];
      render();
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < MIN_LENGTH) {
      councils = [];
      close();
      return;
    }
    timer = setTimeout(() => fetchCouncils(query), DELAY_MS);
  });

  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    const count = councils.length;
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

function finderFor(textarea) {
  const group = document.createElement("div");
  group.className = "govuk-form-group portal-typeahead";
  const label = document.createElement("label");
  label.className = "govuk-label";
  label.htmlFor = `${textarea.id}-find`;
  label.textContent = "Find a council to add";
  const input = document.createElement("input");
  input.className = "govuk-input";
  input.id = `${textarea.id}-find`;
  input.type = "text";
  input.spellcheck = false;
  group.append(label, input);
  return group;
}

function enhance(container) {
  const url = container.dataset.suggestUrl;
  const textarea = container.querySelector("textarea");
  if (textarea && url) {
    const finder = finderFor(textarea);
    container.append(finder);
    const input = finder.querySelector("input");
    combobox(input, finder, url, (name) => {
      const lines = textarea.value.split("\n").map((line) => line.trim()).filter(Boolean);
      if (!lines.some((line) => line.toLowerCase() === name.toLowerCase())) lines.push(name);
      textarea.value = lines.join("\n");
      input.value = "";
      return `${name} added to the councils.`;
    });
    return;
  }
  const input = container.querySelector("input[type=text]");
  if (input && url) {
    container.classList.add("portal-typeahead");
    combobox(input, container, url, (name) => {
      input.value = name;
      return `${name} chosen.`;
    });
  }
}

document.querySelectorAll("[data-council-typeahead]").forEach(enhance);
