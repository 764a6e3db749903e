// Starts GOV.UK Frontend's components (header, service navigation, skip link, buttons,
// checkboxes and so on). Everything works without it: this only enhances.
import { initAll } from "../vendor/govuk-frontend.min.js";

initAll();
