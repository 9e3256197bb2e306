/** The dashboard's HTML: a static shell; everything on it is filled in by `/assets/dashboard.js`. */
export function dashboardPage(title: string, refreshMs: number): string {
  const safe = title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${safe}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/uplot.css">
<link rel="stylesheet" href="/assets/dashboard.css">
</head>
<body data-refresh-ms="${refreshMs}" data-updates="0">
<header><h1>${safe}</h1><span id="overall" class="badge">loading</span><span id="updated">connecting...</span></header>
<main>
<section><h2>Health</h2><div id="health"></div></section>
<section class="charts"><div id="latency" class="chart"></div><div id="errors" class="chart"></div><div id="throughput" class="chart"></div></section>
<section><h2>Cache hit rates</h2><div id="caches"></div></section>
<section><h2>Recent alerts</h2><div id="alerts"></div></section>
<section><h2>Recent access denials</h2><div id="denials"></div></section>
</main>
<script src="/assets/uplot.js"></script>
<script src="/assets/dashboard.js"></script>
</body>
</html>
`;
}

export const DASHBOARD_CSS = `
body { font-family: system-ui, sans-serif; margin: 0; color: #111827; background: #f9fafb; }
header { display: flex; gap: 1rem; align-items: center; padding: 0.75rem 1.25rem; background: #111827; color: #f9fafb; }
header h1 { font-size: 1.1rem; margin: 0; }
#updated { margin-left: auto; font-size: 0.85rem; opacity: 0.8; }
main { padding: 1rem 1.25rem; display: grid; gap: 1rem; }
section { background: #fff; border: 1px solid #e5e7eb; border-radius: 6px; padding: 0.75rem 1rem; }
h2 { font-size: 1rem; margin: 0 0 0.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #f3f4f6; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 1rem; }
.badge { padding: 0.1rem 0.5rem; border-radius: 999px; background: #6b7280; font-size: 0.85rem; }
.badge.healthy, td.healthy { color: #065f46; } .badge.healthy { background: #d1fae5; }
.badge.degraded, td.degraded, td.warning { color: #92400e; } .badge.degraded { background: #fef3c7; }
.badge.unhealthy, td.unhealthy, td.critical { color: #991b1b; } .badge.unhealthy { background: #fee2e2; }
`;
