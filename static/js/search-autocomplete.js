// Suggestions under the knowledge search box, following the ARIA combobox pattern
// (a text input that controls a listbox). Without JavaScript the form submits as usual.
import { combobox } from "./combobox.js";

function enhance(container) {
  const input = container.querySelector("input[type=search]");
  const url = container.dataset.autocompleteUrl;
  if (!input || !url) return;

  combobox(input, container, {
    url,
    key: "suggestions",
    listLabel: "Suggestions",
    fill(option, suggestion) {
      option.textContent = suggestion.label;
      if (suggestion.kind === "value_code") {
        const kind = document.createElement("span");
        kind.className = "govuk-hint govuk-!-display-inline";
        kind.textContent = " (value code)";
        option.append(kind);
      }
    },
    announce: (count) =>
      count > 0 ? `${count} suggestion${count === 1 ? "" : "s"} available. Use up and down arrows to choose.` : "",
    choose(suggestion, close) {
      if (suggestion.url) {
        window.location.assign(suggestion.url);
      } else {
        input.value = suggestion.label;
        close();
        input.form.submit();
      }
    },
  });
}

document.querySelectorAll("[data-search-autocomplete]").forEach(enhance);
