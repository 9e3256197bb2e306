/**
 * The dashboard page's script, served as `/assets/dashboard.js` (a separate file, so the page's
 * Content-Security-Policy can forbid inline scripts). Plain browser JavaScript: it polls
 * `/api/snapshot`, or follows `/api/events` (server-sent events) when the browser has them,
 * and draws with uPlot, which the server serves from its own dependency (no CDN).
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var token = params.get('token');
  var suffix = token ? '?token=' + encodeURIComponent(token) : '';
  var charts = {};
  var updates = 0;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function table(target, headers, rows) {
    var t = el('table');
    var head = el('tr');
    headers.forEach(function (h) { head.appendChild(el('th', h)); });
    t.appendChild(head);
    rows.forEach(function (r) {
      var tr = el('tr');
      r.forEach(function (c) {
        var td = el('td', c.text !== undefined ? c.text : String(c));
        if (c.cls) td.className = c.cls;
        tr.appendChild(td);
      });
      t.appendChild(tr);
    });
    var box = document.getElementById(target);
    box.replaceChildren(t);
  }
  function chart(id, title, labels, xs, ys, unit) {
    var box = document.getElementById(id);
    var data = [xs].concat(ys);
    if (!charts[id]) {
      var series = [{}].concat(labels.map(function (l, i) {
        return { label: l, stroke: ['#2563eb', '#d97706', '#dc2626'][i % 3], width: 2, value: function (u, v) { return v == null ? '-' : v.toFixed(2) + ' ' + unit; } };
      }));
      charts[id] = new uPlot({ title: title, width: Math.max(320, box.clientWidth || 600), height: 220, series: series, axes: [{}, { label: unit }] }, data, box);
    } else {
      charts[id].setData(data);
    }
  }
  function render(s) {
    updates++;
    document.getElementById('updated').textContent = 'updated ' + new Date(s.at).toLocaleTimeString() + ' (' + updates + ')';
    document.body.setAttribute('data-updates', String(updates));
    var overall = s.health.every(function (h) { return h.status === 'healthy'; }) ? 'healthy' : (s.health.some(function (h) { return h.status === 'unhealthy'; }) ? 'unhealthy' : 'degraded');
    var badge = document.getElementById('overall');
    badge.textContent = s.health.length ? overall : 'no stores';
    badge.className = 'badge ' + overall;
    table('health', ['store', 'status', 'latency (ms)', 'message'], s.health.map(function (h) {
      return [h.name, { text: h.status, cls: h.status }, h.latencyMs == null ? '-' : Math.round(h.latencyMs), h.message || ''];
    }));
    var xs = s.series.map(function (p) { return p.t / 1000; });
    chart('latency', 'Latency', ['p50', 'p90', 'p99'], xs, [s.series.map(function (p) { return p.p50; }), s.series.map(function (p) { return p.p90; }), s.series.map(function (p) { return p.p99; })], 'ms');
    chart('errors', 'Error rate', ['errors'], xs, [s.series.map(function (p) { return p.errorRate * 100; })], '%');
    chart('throughput', 'Calls per interval', ['calls'], xs, [s.series.map(function (p) { return p.count; })], 'calls');
    table('caches', ['cache', 'hit rate', 'hits', 'misses'], s.caches.map(function (c) {
      return [c.name, (c.hitRate * 100).toFixed(1) + ' %', c.hits, c.misses];
    }));
    table('alerts', ['time', 'severity', 'summary', 'outcome'], s.alerts.map(function (a) {
      return [new Date(a.at).toLocaleTimeString(), { text: a.severity, cls: a.severity }, a.summary, a.outcome];
    }));
    table('denials', ['time', 'principal', 'action', 'resource'], s.denials.map(function (d) {
      return [d.at ? new Date(d.at).toLocaleTimeString() : '-', d.principal || '-', d.action, d.resource || '-'];
    }));
  }
  function poll() {
    fetch('/api/snapshot' + suffix).then(function (r) {
      if (!r.ok) throw new Error('snapshot: ' + r.status);
      return r.json();
    }).then(render).catch(function (e) {
      document.getElementById('updated').textContent = 'cannot reach the server (' + e.message + '), retrying';
    });
  }
  var refresh = Number(document.body.getAttribute('data-refresh-ms')) || 2000;
  if (window.EventSource) {
    var source = new EventSource('/api/events' + suffix);
    source.addEventListener('snapshot', function (e) { render(JSON.parse(e.data)); });
    source.onerror = function () { document.getElementById('updated').textContent = 'reconnecting...'; };
  } else {
    poll();
    setInterval(poll, refresh);
  }
})();
`;
