/**
 * The Fluent UI web components the tab uses (buttons, the "More" menu), registered as custom elements.
 * Loaded as a chunk of its own after the first render (main.tsx), which keeps the first load within its
 * budget; until they are defined, tab/styles.css gives `fluent-button:not(:defined)` the look of a button.
 * Their colours come from the Fluent token custom properties in styles.css (scripts/tab-theme.ts).
 */
import '@fluentui/web-components/button.js';
import '@fluentui/web-components/menu.js';
import '@fluentui/web-components/menu-list.js';
import '@fluentui/web-components/menu-item.js';
