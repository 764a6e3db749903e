// Suggestions of councils as a member types, for the fields where councils are typed by
// name ([data-council-typeahead]). A text box for one council becomes an ARIA combobox;
// a box for several councils, one a line, gets a "find a council" combobox beside it
// whose chosen council is added as a new line. Without JavaScript the fields work as typed.
import { combobox } from "./combobox.js";

function councilCombobox(input, container, url, onChoose) {
  input.setAttribute("autocomplete", "off");
  combobox(input, container, {
    url,
    key: "councils",
    listLabel: "Councils",
    fill(option, council) {
      option.textContent = council.name;
    },
    announce: (count) =>
      count > 0
        ? `${count} council${count === 1 ? "" : "s"} found. Use up and down arrows to choose.`
        : "No council found.",
    choose(council, close) {
      close();
      return onChoose(council.name);
    },
  });
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
    councilCombobox(input, finder, url, (name) => {
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
    councilCombobox(input, container, url, (name) => {
      input.value = name;
      return `${name} chosen.`;
    });
  }
}

document.querySelectorAll("[data-council-typeahead]").forEach(enhance);
