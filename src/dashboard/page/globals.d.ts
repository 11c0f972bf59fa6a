// Types of the libraries the page loads as classic scripts (checked by tsconfig.page.json).
// Leaflet's global `L` comes from @types/leaflet; Chart.js is loaded on demand as `window.Chart`.
import type { Chart } from "chart.js";

declare global {
  interface Window {
    Chart: typeof Chart;
  }
}
