// The one place where text that came from data meets a library that reads strings as markup.
// Pages build their DOM with el() (dom.js: text nodes, never HTML) and never touch innerHTML.
// ECharts is the exception this file exists for: a tooltip formatter's string is put in with
// innerHTML, and a string label formatter is a template ({b}, {c}) — so tooltips are built as
// DOM here and labels are given as functions that return the text as it is (drawn on canvas).
// Pages import it as a namespace, `import * as safe from "./escape.js"`, so every ECharts
// formatter reads `safe.tooltip(…)` or `safe.label(…)` (tests/attacks/test_xss.py checks).

// A tooltip as an element: one line per argument, each shown as plain text.
export function tooltip(...lines) {
  const box = document.createElement("div");
  for (const line of lines) {
    const row = document.createElement("div");
    row.textContent = line == null ? "" : String(line);
    box.append(row);
  }
  return box;
}

// A label formatter that shows `text` literally (no template fields, no rich-text styles).
export const label = (text) => {
  const shown = text == null ? "" : String(text);
  return () => shown;
};

