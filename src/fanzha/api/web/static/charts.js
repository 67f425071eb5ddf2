// ECharts for the pages that draw charts. The vendored file is the library's browser build
// (web/vendor.sh copies it; no build step): imported once for its effect, it defines the
// library on globalThis, and this module hands it on so pages import it like any other.
import "./vendor/echarts.min.js";

export const echarts = globalThis.echarts;
