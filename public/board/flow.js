/*
 * Order-flow share panel (self-contained; reads only the public GraphQL API): for the base chosen in the spread
 * board's #base select, each venue's share of 24 h volume and of open interest, the long share of its open
 * interest where the venue publishes sides, freshness, and the venues left out with their reason.
 */
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const nil = (x) => x === null || x === undefined;
  const pct = (x) => (nil(x) ? '—' : (x * 100).toFixed(1) + ' %');
  const usd = (x) => (nil(x) ? '—' : '$' + Math.round(x).toLocaleString('en-US'));
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const bar = (x) =>
    nil(x) ? '' : ` style="background:linear-gradient(to right,rgba(80,140,220,.25) ${(x * 100).toFixed(1)}%,transparent 0)"`;
  const QUERY = `query Flow($base: String!) { orderFlowShare(base: $base) {
    base volume24hUsdTotal openInterestUsdTotal longShareOfOpenInterest
    venues { venue markets volume24hUsd volumeShare openInterestUsd openInterestShare longShare freshness { ageMs stale source } }
    leftOut { venue quantities reason detail } } }`;

  async function load() {
    const base = ($('base') && $('base').value) || 'BTC';
    const r = await fetch(location.origin + '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables: { base } }),
    });
    const j = await r.json();
    if (!j.data) throw new Error((j.errors || []).map((e) => e.message).join('; '));
    render(j.data.orderFlowShare);
  }

  function render(s) {
    $('flow-base').textContent = s.base;
    $('flow-totals').textContent =
      `volume ${usd(s.volume24hUsdTotal)} · open interest ${usd(s.openInterestUsdTotal)} · longs ${pct(s.longShareOfOpenInterest)} of sided OI`;
    document.querySelector('#flow tbody').innerHTML =
      s.venues
        .map(
          (v) =>
            `<tr data-venue="${v.venue}"><td>${v.venue}</td><td title="${esc(v.markets.join(', '))}">${v.markets.length}</td>` +
            `<td>${usd(v.volume24hUsd)}</td><td class="flow-share"${bar(v.volumeShare)}>${pct(v.volumeShare)}</td>` +
            `<td>${usd(v.openInterestUsd)}</td><td class="flow-share"${bar(v.openInterestShare)}>${pct(v.openInterestShare)}</td>` +
            `<td>${pct(v.longShare)}</td><td class="${v.freshness.stale ? 'stale' : ''}">${v.freshness.source} · ${Math.round(v.freshness.ageMs / 1000)} s</td></tr>`,
        )
        .join('') || '<tr><td colspan="8">no venue serves this base</td></tr>';
    $('flow-left').innerHTML = s.leftOut
      .map((l) => `<li><b>${l.venue}</b> left out of ${l.quantities.join(', ').toLowerCase()}: ${l.reason} (${esc(l.detail)})</li>`)
      .join('');
  }

  const tick = () => load().catch((e) => ($('flow-totals').textContent = 'order-flow share unavailable: ' + e.message));
  window.addEventListener('load', () => {
    if ($('base')) $('base').addEventListener('change', tick);
    tick();
    setInterval(tick, 15000);
  });
})();
