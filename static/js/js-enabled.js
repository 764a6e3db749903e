// Marks the page as having JavaScript, before it is painted, so GOV.UK Frontend
// components can style their enhanced states. Kept in a file: the policy forbids inline scripts.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
