// The overview's charts: uPlot line charts of the server's history (GET /api/admin/history), redrawn in place on
// every poll. Each series has its own dash pattern as well as its colour, and each chart has a sentence under it
// with the numbers, so nothing depends on telling colours apart.
'use strict';
window.GatehouseCharts = (function () {
  const COLOURS = ['#1f5fbf', '#b35900', '#8a1c1c', '#1b7a2f', '#6a3d9a', '#444'];
  const DASHES = [[], [8, 4], [2, 3], [12, 3, 2, 3], [4, 4], [1, 1]];
  const charts = {};

  const sum = (values) => values.reduce((a, b) => a + (b || 0), 0);
  const last = (values) => { for (let i = values.length - 1; i >= 0; i--) { if (values[i] != null) return values[i]; } return null; };
  const ms = (value) => value == null ? 'n/a' : value.toFixed(value < 10 ? 2 : 0) + ' ms';

  function draw(id, times, named, summary) {
    const figure = document.getElementById(id);
    const names = Object.keys(named);
    const key = names.join('|');
    const data = [times].concat(names.map((name) => named[name]));
    let chart = charts[id];
    if (!chart || chart.key !== key) {
      if (chart) chart.plot.destroy();
      const holder = figure.querySelector('.plot');
      holder.textContent = '';
      const series = [{}].concat(names.map((name, i) => ({
        label: name, stroke: COLOURS[i % COLOURS.length], dash: DASHES[i % DASHES.length], width: 2, spanGaps: false
      })));
      const width = Math.max(300, Math.min(holder.clientWidth || 480, 900));
      chart = {key: key, plot: new uPlot({width: width, height: 180, series: series,
        axes: [{}, {size: 50}], scales: {x: {time: true}}}, data, holder)};
      charts[id] = chart;
    } else {
      chart.plot.setData(data);
    }
    figure.querySelector('.summary').textContent = summary;
  }

  function update(h) {
    const t = h.times;
    draw('chart-logins', t, h.logins, 'Last hour: ' + sum(h.logins.ok) + ' ok, ' + sum(h.logins.failed)
        + ' failed, ' + sum(h.logins.limited) + ' limited.');
    draw('chart-validations', t, {'per second': h.validationsPerSecond}, 'Last hour: '
        + Math.round(sum(h.validationsPerSecond) * h.intervalSeconds) + ' validations; latest '
        + (last(h.validationsPerSecond) || 0).toFixed(1) + ' per second.');
    const lat = h.validationLatencyMs;
    draw('chart-latency', t, lat, last(lat.p50) == null ? 'No validation measured yet.'
        : 'Latest p50 ' + ms(last(lat.p50)) + ', p95 ' + ms(last(lat.p95)) + ', p99 ' + ms(last(lat.p99)) + '.');
    const refusals = Object.keys(h.refusals).length ? h.refusals : {'none': t.map(() => 0)};
    const counted = Object.keys(h.refusals).map((name) => name + ' ' + sum(h.refusals[name]));
    draw('chart-refusals', t, refusals, counted.length ? 'Last hour: ' + counted.join(', ') + '.'
        : 'No refusals in the last hour.');
    draw('chart-failovers', t, {'failovers': h.failovers}, 'Last hour: ' + sum(h.failovers)
        + ' switches from Redis to memory; mode now ' + (last(h.modes) || 'unknown') + '.');
    draw('chart-redis', t, {'PING': h.redisLatencyMs}, last(h.redisLatencyMs) == null
        ? 'No Redis round trip measured (memory only, or Redis away).'
        : 'Latest round trip ' + ms(last(h.redisLatencyMs)) + '.');
  }

  return {update: update};
})();
