// Run in the page by tests/browser/test_layout.py: every sideways overflow, chart label cut off
// at its chart's edge, and pair of headings, links, buttons or fields drawn over each other,
// described in words. Elements nested in one another do not count as overlapping.
() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`page scrolls sideways: ${root.scrollWidth}px wide in ${root.clientWidth}px`);
  }
  const describe = (el) => {
    const text = (el.textContent || el.value || el.name || "").trim().slice(0, 40);
    return `<${el.tagName.toLowerCase()}> "${text}"`;
  };
  for (const svg of document.querySelectorAll("svg")) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    for (const text of svg.querySelectorAll("text")) {
      const r = text.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        problems.push(`chart text cut off: ${describe(text)}`);
      }
    }
  }
  const visible = (el) => {
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") return false;
    const r = el.getBoundingClientRect();
    return r.width > 2 && r.height > 2 && !el.closest("[hidden], .govuk-visually-hidden, details:not([open]) > :not(summary)");
  };
  const elements = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6, a, button, input, select, textarea, summary")].filter(visible);
  const boxes = elements.map((el) => [...el.getClientRects()].filter((r) => r.width > 2 && r.height > 2));
  for (let i = 0; i < elements.length; i++) {
    for (let j = i + 1; j < elements.length; j++) {
      const a = elements[i], b = elements[j];
      if (a.contains(b) || b.contains(a)) continue;
      const overlap = boxes[i].some((p) => boxes[j].some((q) =>
        Math.min(p.right, q.right) - Math.max(p.left, q.left) > 2 &&
        Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 2));
      if (overlap) problems.push(`${describe(a)} overlaps ${describe(b)}`);
    }
  }
  return problems;
}
