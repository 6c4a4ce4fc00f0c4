/*
 * Spread board: built on the public GraphQL API only. Queries over HTTP POST /graphql (fundingSpreads,
 * connectors, markets, market.fundingHistory); live books and venue health over graphql-ws
 * (graphql-transport-ws protocol, /vendor/graphql-ws.js is the package's UMD build). Plain JS, no build step.
 */
/* global graphqlWs */
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const HTTP = location.origin + '/graphql';
  const ws = graphqlWs.createClient({ url: HTTP.replace(/^http/, 'ws'), lazy: true, retryAttempts: 1e9, shouldRetry: () => true });
  const HOUR = 3600000;
  const CAPACITY_BPS = 25; // the gateway's default capacity threshold
  const health = new Map(); // venue → ConnectorHealth (+ receivedAt)
  let rows = [];
  let selectedKey = null;
  let expandedKey = null;
  let bookSubs = [];

  async function gql(query, variables) {
    const r = await fetch(HTTP, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const j = await r.json();
    if (j.errors && !j.data) throw new Error(j.errors.map((e) => e.message).join('; '));
    return j.data;
  }
  const nil = (x) => x === null || x === undefined;
  const pct = (x, d = 2) => (nil(x) ? '—' : (x * 100).toFixed(d) + ' %');
  /** One money format everywhere: cents below $1 000, whole dollars from there, thousands separated. */
  const usd = (x) => {
    if (nil(x)) return '—';
    const d = Math.abs(x) < 1000 ? 2 : 0;
    return (x < 0 ? '−$' : '$') + Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  };
  const num = (x, d) => (nil(x) ? '—' : Number(x).toFixed(d));
  const age = (ms) => (nil(ms) ? 'n/a' : ms < 1000 ? '<1 s' : ms < 120000 ? Math.round(ms / 1000) + ' s' : Math.round(ms / 60000) + ' min');
  const cls = (x) => (x > 0 ? 'pos' : x < 0 ? 'neg' : '');
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const keyOf = (r) => r.long.market.id + '|' + r.short.market.id;

  // ---- venue health: query once, then the connectorHealth subscription; ages tick client-side ----
  const HEALTH_FIELDS =
    'venue status dataSource transport channels { channel slaMs lastSuccessAt stale } lastError { code message at } consecutiveFailures';
  function renderHealth() {
    const now = Date.now();
    const list = [...health.values()].sort((a, b) => a.venue.localeCompare(b.venue));
    $('venues').innerHTML = list
      .map((c) => {
        const ch = (name) => c.channels.find((x) => x.channel === name);
        const ageOf = (x) => (x && x.lastSuccessAt ? now - Date.parse(x.lastSuccessAt) : null);
        const staleNow = (x) => x && (x.stale || (x.lastSuccessAt && ageOf(x) > x.slaMs));
        const stale = ['FUNDING', 'DEPTH', 'MARK'].filter((n) => staleNow(ch(n)));
        const title = c.lastError ? `${c.lastError.code}: ${c.lastError.message} (${c.consecutiveFailures} failures in a row)` : 'no error';
        const label = c.status === 'DOWN' ? 'DOWN' : stale.length ? 'STALE ' + stale.join('+').toLowerCase() : '';
        return (
          `<span class="badge ${c.status}${stale.length ? ' stale' : ''}" data-venue="${c.venue}" data-status="${c.status}" title="${esc(title)}">` +
          `<b>${c.venue}</b> ${c.status}${c.dataSource === 'MOCK' && c.status !== 'MOCK' ? ' · on MOCK' : ''} · ${c.transport}` +
          ` · funding ${age(ageOf(ch('FUNDING')))} · depth ${age(ageOf(ch('DEPTH')))}${label ? ` · <em>${label}</em>` : ''}</span>`
        );
      })
      .join('');
    const mock = list.filter((c) => c.dataSource === 'MOCK').map((c) => c.venue);
    const all = mock.length > 0 && mock.length === list.length;
    const down = list.filter((c) => c.status === 'DOWN').map((c) => c.venue);
    $('mode').textContent = mock.length
      ? `MOCK data: ${mock.join(', ')}`
      : !list.length
        ? 'no venues'
        : down.length === list.length
          ? 'every venue DOWN'
          : down.length
            ? `LIVE · DOWN: ${down.join(', ')}`
            : 'all LIVE';
    $('mode').className = 'badge ' + (mock.length ? 'MOCK' : down.length ? 'DOWN' : 'HEALTHY');
    // The banner states the server's mode (PERP_CONNECTOR_MODE, from /readyz) and which venues are on mock.
    $('banner').hidden = mock.length === 0;
    const modeName = serverMode ? serverMode.toUpperCase() + ' MODE' : 'MODE unknown';
    $('banner').textContent =
      serverMode === 'mock'
        ? `${modeName}: every figure below comes from the shipped mock datasets, not from the venues.`
        : `${modeName}: ${mock.join(', ')} ${mock.length === 1 ? 'is' : 'are'} served from mock datasets` +
          (all ? ' (every venue down or stale).' : ' (venue down or stale); the others are live.');
  }
  let serverMode = null;
  fetch('/readyz')
    .then((r) => r.json())
    .then((j) => {
      serverMode = j.mode;
      renderHealth();
    })
    .catch(() => undefined);
  async function loadHealth() {
    const d = await gql(`{ connectors { ${HEALTH_FIELDS} } }`);
    for (const c of d.connectors) health.set(c.venue, c);
    renderHealth();
  }
  ws.subscribe(
    { query: `subscription { connectorHealth { ${HEALTH_FIELDS} } }` },
    {
      next: (m) => m.data && (health.set(m.data.connectorHealth.venue, m.data.connectorHealth), renderHealth()),
      error: () => undefined,
      complete: () => undefined,
    },
  );

  // ---- bases listed on at least two venues ----
  async function loadBases() {
    const d = await gql('{ markets { baseAsset venue } }');
    const by = new Map();
    for (const m of d.markets)
      (by.get(m.baseAsset.toUpperCase()) || by.set(m.baseAsset.toUpperCase(), new Set()).get(m.baseAsset.toUpperCase())).add(m.venue);
    const bases = [...by].filter(([, v]) => v.size >= 2).sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]));
    const cur = $('base').value || 'BTC';
    if (!bases.length) return;
    $('base').innerHTML = bases.map(([b, v]) => `<option value="${esc(b)}">${esc(b)} (${v.size} venues)</option>`).join('');
    $('base').value = bases.some(([b]) => b === cur) ? cur : bases[0][0];
  }

  // ---- the spreads table ----
  const LEG = 'venue costPerHour feeRate feeModel slippageBps incomplete market { id } freshness { ageMs slaMs stale source }';
  const SPREADS = `query($base: String!, $n: Float, $h: Float, $s: Boolean, $i: Boolean) {
    fundingSpreads(base: $base, notionalUsd: $n, holdHours: $h, includeStale: $s, includeIncomplete: $i, limit: 20) {
      base netCarryPerHour netCarryApr expectedFundingUsd feesUsd slippageUsd netExpectedPnlUsd breakEvenHours capacityUsd
      notionalExceedsDepth incomplete spreadMeanApr7d spreadStdDevApr7d spreadSamples7d spreadCoverage7d long { ${LEG} } short { ${LEG} } } }`;
  const params = () => ({
    base: $('base').value,
    n: Number($('notional').value),
    h: Number($('hold').value),
    s: $('stale').checked,
    i: $('incomplete').checked,
  });
  /** The leg's fee model and gaps as flags: fee in the book (counted once), profit share, no book. */
  const FEE_FLAG = {
    IN_BOOK: ['fee in book', 'the book prices include the venue fee: counted once'],
    PNL_SHARE: ['PnL share', 'profit-share market: no fixed fee, not modelled'],
  };
  function legFlags(l) {
    const f = FEE_FLAG[l.feeModel];
    const out = f ? [`<span class="flag ${l.feeModel}" title="${esc(f[1])}">${f[0]}</span>`] : [];
    if (nil(l.slippageBps)) out.push('<span class="flag nobook" title="no usable depth book: slippage unknown">no book</span>');
    if (l.feeModel !== 'PNL_SHARE' && nil(l.feeRate))
      out.push('<span class="flag nofee" title="the venue publishes no taker fee">no fee</span>');
    return out.join(' ');
  }
  const coverage = (r) => `<span class="muted" title="${r.spreadSamples7d} of 168 hours">(${pct(r.spreadCoverage7d, 0)} of 7 d)</span>`;

  function legCell(l) {
    const f = l.freshness;
    const tag = f.source === 'MOCK' ? 'MOCK' : f.stale ? 'STALE' : 'LIVE';
    return `${esc(l.market.id)} ${legFlags(l)} <span class="badge ${tag === 'STALE' ? 'DOWN' : tag === 'MOCK' ? 'MOCK' : 'HEALTHY'}" title="age ${age(f.ageMs)}, SLA ${age(f.slaMs)}">${tag}${tag === 'MOCK' && f.stale ? ' stale' : ''}</span>`;
  }
  function explain(r, p) {
    const leg = (name, l) =>
      `<tr><th>${name}</th><td>${esc(l.market.id)}</td><td>${pct(l.costPerHour, 5)}/h (${pct(l.costPerHour * 8760)} APR)</td>` +
      `<td>taker ${pct(l.feeRate, 3)}${l.feeModel === 'IN_BOOK' ? ' (in the book’s prices, counted once)' : l.feeModel === 'PNL_SHARE' ? ' (profit share)' : ''}</td>` +
      `<td>entry slippage ${num(l.slippageBps, 2)} bps</td>` +
      `<td>${l.freshness.source}${l.freshness.stale ? ' STALE' : ''}, age ${age(l.freshness.ageMs)}</td></tr>`;
    const line = (k, v, how) => `<tr><th>${k}</th><td class="v">${v}</td><td colspan="4" class="how">${how}</td></tr>`;
    return (
      `<table class="parts">${leg('long leg', r.long)}${leg('short leg', r.short)}` +
      line(
        'net carry',
        `${pct(r.netCarryPerHour, 5)}/h`,
        `−(${pct(r.long.costPerHour, 5)} + ${pct(r.short.costPerHour, 5)}) per hour; positive = the pair collects`,
      ) +
      line('net carry APR', pct(r.netCarryApr), 'net carry × 8760') +
      line(
        'expected funding',
        usd(r.expectedFundingUsd),
        `both legs over ${p.h} h on ${usd(p.n)}; periodic venues pay only at their settlement times`,
      ) +
      line('fees', usd(r.feesUsd), `${usd(p.n)} × (${pct(r.long.feeRate, 3)} + ${pct(r.short.feeRate, 3)}) × 2 (entry and exit)`) +
      line(
        'slippage',
        usd(r.slippageUsd),
        `VWAP vs mid through each book, entry and exit${r.notionalExceedsDepth ? '; <b>notional exceeds the visible depth</b> (lower bound)' : ''}`,
      ) +
      line('net expected PnL', usd(r.netExpectedPnlUsd), 'expected funding − fees − slippage') +
      line(
        'break-even',
        nil(r.breakEvenHours) ? '—' : num(r.breakEvenHours, 1) + ' h',
        '(fees + slippage) / (net carry × notional); none when carry ≤ 0',
      ) +
      line('capacity', usd(r.capacityUsd), `largest notional with entry slippage ≤ ${CAPACITY_BPS} bps on both legs (visible depth)`) +
      line(
        '7-day stability',
        `${pct(r.spreadMeanApr7d)} ± ${pct(r.spreadStdDevApr7d)}`,
        `mean ± sd of the hourly net carry APR from history over ${r.spreadSamples7d} of 168 hours (${pct(r.spreadCoverage7d, 0)}); — without history`,
      ) +
      (r.incomplete.length ? line('incomplete', '—', r.incomplete.map(esc).join('; ')) : '') +
      '</table>'
    );
  }
  async function loadSpreads() {
    const p = params();
    const d = await gql(SPREADS, p);
    rows = d.fundingSpreads;
    const tb = document.querySelector('#spreads tbody');
    if (!rows.length) {
      tb.innerHTML = `<tr class="empty"><td colspan="10">no pair with ${p.s ? '' : 'fresh '}data on two venues for ${esc(p.base)}${p.s ? '' : ' (try include stale)'}</td></tr>`;
      return;
    }
    tb.innerHTML = rows
      .map((r) => {
        const k = esc(keyOf(r));
        return (
          `<tr data-key="${k}" class="pair${selectedKey === keyOf(r) ? ' sel' : ''}${r.incomplete.length ? ' incomplete' : ''}"${r.incomplete.length ? ` title="${esc(r.incomplete.join('; '))}"` : ''}>` +
          `<td>${legCell(r.long)}</td><td>${legCell(r.short)}</td>` +
          `<td class="${cls(r.netCarryApr)}">${pct(r.netCarryApr)}</td><td>${usd(r.expectedFundingUsd)}</td><td>${usd(r.feesUsd)}</td>` +
          `<td>${usd(r.slippageUsd)}${r.notionalExceedsDepth ? ' <span class="warn" title="notional exceeds visible depth">⚠</span>' : ''}</td>` +
          `<td class="${cls(r.netExpectedPnlUsd)}">${usd(r.netExpectedPnlUsd)}</td><td>${nil(r.breakEvenHours) ? '—' : num(r.breakEvenHours, 1) + ' h'}</td>` +
          `<td>${usd(r.capacityUsd)}</td><td>${pct(r.spreadMeanApr7d)} ± ${pct(r.spreadStdDevApr7d)} ${coverage(r)}</td></tr>` +
          `<tr class="explain" data-for="${k}"${expandedKey === keyOf(r) ? '' : ' hidden'}><td colspan="10">${explain(r, p)}</td></tr>`
        );
      })
      .join('');
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  }

  // ---- the selected pair: live books over graphql-ws and the 7-day chart ----
  function renderBook(el, b) {
    const side = (lv, c) =>
      lv
        .map(
          (l) =>
            `<tr class="${c}"><td>${l.price.toPrecision(8)}</td><td>${l.size.toPrecision(6)}</td><td>${usd(l.sizeUsd)}</td><td>${usd(l.cumulativeSizeUsd)}</td></tr>`,
        )
        .join('');
    const f = b.freshness;
    el.innerHTML =
      `<h4>${esc(b.market)} · ${b.kind === 'SYNTHETIC' ? 'SYNTHETIC depth' : 'ORDER_BOOK'} · seq ${esc(b.sequence ?? '—')}</h4>` +
      (b.kind === 'SYNTHETIC' ? `<div class="muted model" title="${esc(b.model || '')}">model: ${esc(b.model || 'unnamed')}</div>` : '') +
      `<div class="muted">${f.source}${f.stale ? ' · <b class="neg">STALE</b>' : ''} · age ${age(f.ageMs)} · mid ${nil(b.midPrice) ? '—' : b.midPrice.toPrecision(8)} · spread ${num(b.spreadBps, 2)} bps</div>` +
      `<table><tr><th>price</th><th>size</th><th>USD</th><th>cum. USD</th></tr>${side([...b.asks].reverse(), 'ask')}<tr class="mid"><td colspan="4"></td></tr>${side(b.bids, 'bid')}</table>`;
    el.dataset.updates = String(Number(el.dataset.updates || 0) + 1);
  }
  const BOOK = `subscription($m: ID!) { orderBook(market: $m, levels: 5) {
    market kind model sequence midPrice spreadBps bids { price size sizeUsd cumulativeSizeUsd } asks { price size sizeUsd cumulativeSizeUsd }
    freshness { ageMs stale source } } }`;

  /** Hour → mean cost; an hour without a point takes the next point's value within 8 h (gaps between points only, as the scout does). */
  function hourly(points, key, from, to) {
    const sums = new Map();
    for (const p of points) {
      const k = Math.floor(Date.parse(p.time) / HOUR);
      if (nil(p[key]) || k < from || k > to) continue;
      const e = sums.get(k) || { s: 0, n: 0 };
      sums.set(k, { s: e.s + p[key], n: e.n + 1 });
    }
    const out = new Map();
    let next = null;
    const start = Math.max(from, Math.min(...sums.keys())); // gaps between points only, never before the first
    for (let k = to; k >= start; k--) {
      const e = sums.get(k);
      if (e) next = { k, v: e.s / e.n };
      if (next && next.k - k < 8) out.set(k, next.v);
    }
    return out;
  }
  async function chart(r) {
    const q = `query($a: ID!, $b: ID!) {
      a: market(id: $a) { fundingHistory(window: D7) { source coverage points { time longCostPerHour } } }
      b: market(id: $b) { fundingHistory(window: D7) { source coverage points { time shortCostPerHour } } } }`;
    const d = await gql(q, { a: r.long.market.id, b: r.short.market.id });
    if (selectedKey !== keyOf(r)) return; // another pair was selected meanwhile
    const to = Math.floor(Date.now() / HOUR);
    const from = to - 168;
    const ha = d.a ? d.a.fundingHistory : { points: [], coverage: 0, source: '—' };
    const hb = d.b ? d.b.fundingHistory : { points: [], coverage: 0, source: '—' };
    const la = hourly(ha.points, 'longCostPerHour', from, to);
    const sb = hourly(hb.points, 'shortCostPerHour', from, to);
    const series = [...la]
      .filter(([h]) => sb.has(h))
      .map(([h, v]) => [h, -(v + sb.get(h)) * 8760])
      .sort((x, y) => x[0] - y[0]);
    $('chart-note').textContent =
      `history coverage of the last 7 days: long ${r.long.market.id} ${pct(ha.coverage, 1)} (${ha.source}), ` +
      `short ${r.short.market.id} ${pct(hb.coverage, 1)} (${hb.source}); ${series.length} common hours.`;
    const svg = $('chart');
    if (series.length < 2) {
      svg.innerHTML = '<text x="60" y="100">not enough history yet for this pair</text>';
      return;
    }
    const ys = series.map((s) => s[1]);
    const y0 = Math.min(0, ...ys);
    const y1 = Math.max(0, ...ys);
    const X = (h) => 60 + ((h - from) / 168) * 820;
    const Y = (y) => 175 - ((y - y0) / Math.max(1e-12, y1 - y0)) * 160;
    let grid = '';
    for (let day = 0; day <= 7; day++) {
      const h = from + day * 24;
      const label = new Date(h * HOUR).toISOString().slice(5, 10);
      grid += `<line x1="${X(h)}" x2="${X(h)}" y1="15" y2="175" class="grid"/><text x="${X(h) - 14}" y="192" class="tick">${label}</text>`;
    }
    const mean = r.spreadMeanApr7d;
    svg.innerHTML =
      grid +
      `<line x1="60" x2="880" y1="${Y(0)}" y2="${Y(0)}" class="zero"/>` +
      (nil(mean)
        ? ''
        : `<line x1="60" x2="880" y1="${Y(mean)}" y2="${Y(mean)}" class="mean"><title>7-day mean ${pct(mean)}</title></line>`) +
      `<polyline class="series" points="${series.map((s) => X(s[0]).toFixed(1) + ',' + Y(s[1]).toFixed(1)).join(' ')}"/>` +
      `<text x="2" y="${Y(y1) + 4}" class="tick">${pct(y1, 1)}</text><text x="2" y="${Y(0) + 4}" class="tick">0 %</text>` +
      (y0 < 0 ? `<text x="2" y="${Y(y0)}" class="tick">${pct(y0, 1)}</text>` : '') +
      // Legend: what each line is.
      `<g class="legend"><line x1="600" x2="625" y1="8" y2="8" class="series-key"/><text x="630" y="12" class="tick">hourly net carry APR</text>` +
      (nil(mean) ? '' : `<line x1="760" x2="785" y1="8" y2="8" class="mean"/><text x="790" y="12" class="tick">7-day mean</text>`) +
      '</g>';
  }

  function select(key) {
    const r = rows.find((x) => keyOf(x) === key);
    if (!r) return;
    expandedKey = expandedKey === key && selectedKey === key ? null : key;
    document.querySelectorAll('#spreads tr.explain').forEach((tr) => (tr.hidden = tr.dataset.for !== expandedKey));
    document.querySelectorAll('#spreads tr.pair').forEach((tr) => tr.classList.toggle('sel', tr.dataset.key === key));
    if (selectedKey === key) return;
    selectedKey = key;
    bookSubs.forEach((u) => u());
    bookSubs = [];
    $('detail').hidden = false;
    $('pair').textContent = `long ${r.long.market.id} / short ${r.short.market.id}`;
    for (const [leg, el] of [
      [r.long, $('book-long')],
      [r.short, $('book-short')],
    ]) {
      el.dataset.updates = '0';
      el.innerHTML = `<h4>${esc(leg.market.id)}: waiting for the book…</h4>`;
      bookSubs.push(
        ws.subscribe(
          { query: BOOK, variables: { m: leg.market.id } },
          {
            next: (msg) =>
              msg.data
                ? renderBook(el, msg.data.orderBook)
                : msg.errors && (el.innerHTML = `<h4>book error: ${esc(msg.errors[0].message)}</h4>`),
            error: (e) => (el.innerHTML = `<h4>book error: ${esc((e && e.message) || e)}</h4>`),
            complete: () => undefined,
          },
        ),
      );
    }
    void chart(r).catch((e) => ($('chart-note').textContent = 'history unavailable: ' + e.message));
  }

  document.querySelector('#spreads tbody').addEventListener('click', (e) => {
    const tr = e.target.closest('tr.pair');
    if (tr) select(tr.dataset.key);
  });
  async function refresh() {
    try {
      await Promise.all([loadHealth(), loadSpreads()]);
      // Keep the selected pair across refreshes; follow the table when it is gone (another base, a venue dropped).
      if (selectedKey && !rows.some((r) => keyOf(r) === selectedKey)) {
        bookSubs.forEach((u) => u());
        bookSubs = [];
        selectedKey = null;
        $('detail').hidden = true;
      }
      if (!selectedKey && rows.length) select(keyOf(rows[0]));
    } catch (e) {
      $('updated').textContent = 'error: ' + e.message;
    }
  }
  for (const id of ['base', 'notional', 'hold', 'stale', 'incomplete']) $(id).addEventListener('change', () => void refresh());
  setInterval(renderHealth, 1000);
  setInterval(() => void refresh(), 10000);
  void loadBases()
    .catch(() => undefined)
    .then(refresh);
})();
