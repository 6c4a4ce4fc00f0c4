/* Spread board: public GraphQL API only (queries over HTTP, live books over graphql-ws). */
/* global graphqlWs */
(function () {
  const $ = (id) => document.getElementById(id);
  const gqlUrl = location.origin + '/graphql';
  const ws = graphqlWs.createClient({ url: gqlUrl.replace(/^http/, 'ws'), lazy: true });
  let selected = null;
  let unsub = [];
  let rows = [];

  async function gql(query, variables) {
    const r = await fetch(gqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const j = await r.json();
    if (j.errors) throw new Error(j.errors.map((e) => e.message).join('; '));
    return j.data;
  }
  const pct = (x, d = 2) => (x === null || x === undefined ? '—' : (x * 100).toFixed(d) + ' %');
  const usd = (x) =>
    x === null || x === undefined ? '—' : (x < 0 ? '−$' : '$') + Math.abs(x).toLocaleString(undefined, { maximumFractionDigits: 2 });
  const cls = (x) => (x > 0 ? 'pos' : x < 0 ? 'neg' : '');
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

  async function loadHealth() {
    const d = await gql('{ connectors { venue status dataSource transport channels { channel ageMs stale } lastError { code message } } }');
    $('venues').innerHTML = d.connectors
      .map((c) => {
        const depth = c.channels.find((x) => x.channel === 'FUNDING');
        const age = depth && depth.ageMs !== null ? (depth.ageMs / 1000).toFixed(0) + ' s' : 'n/a';
        const stale = c.channels.some((x) => x.stale && x.channel !== 'METADATA');
        const title = c.lastError ? `${c.lastError.code}: ${c.lastError.message}` : '';
        return `<span class="badge ${c.status}${stale ? ' stale' : ''}" title="${esc(title)}">${c.venue} · ${c.status} · ${c.transport} · funding age ${age}${stale ? ' · STALE' : ''}</span>`;
      })
      .join('');
    const mock = d.connectors.filter((c) => c.dataSource === 'MOCK').map((c) => c.venue);
    $('mode').textContent = mock.length ? `MOCK data: ${mock.join(', ')}` : 'all LIVE';
    $('mode').className = 'badge ' + (mock.length ? 'MOCK' : 'HEALTHY');
  }

  const SPREADS = `query($base: String!, $n: Float, $h: Float, $s: Boolean) {
    fundingSpreads(base: $base, notionalUsd: $n, holdHours: $h, includeStale: $s, limit: 20) {
      base netCarryPerHour netCarryApr expectedFundingUsd feesUsd slippageUsd netExpectedPnlUsd breakEvenHours capacityUsd notionalExceedsDepth spreadMeanApr7d spreadStdDevApr7d
      long { venue costPerHour feeRate slippageBps market { id } freshness { ageMs stale source } }
      short { venue costPerHour feeRate slippageBps market { id } freshness { ageMs stale source } } } }`;

  async function loadSpreads() {
    const d = await gql(SPREADS, {
      base: $('base').value,
      n: Number($('notional').value),
      h: Number($('hold').value),
      s: $('stale').checked,
    });
    rows = d.fundingSpreads;
    const tb = document.querySelector('#spreads tbody');
    if (!rows.length) {
      tb.innerHTML = '<tr><td colspan="10">no pair with fresh data on two venues for this base</td></tr>';
      return;
    }
    tb.innerHTML = rows
      .map((r, i) => {
        const leg = (l) =>
          `${esc(l.market.id)} <span class="badge ${l.freshness.source === 'MOCK' ? 'MOCK' : l.freshness.stale ? 'DOWN' : 'HEALTHY'}">${l.freshness.source}${l.freshness.stale ? ' stale' : ''}</span>`;
        const explain = `long ${esc(r.long.market.id)}: cost ${pct(r.long.costPerHour, 5)}/h, taker ${pct(r.long.feeRate, 3)}, entry slippage ${r.long.slippageBps.toFixed(2)} bps · short ${esc(r.short.market.id)}: cost ${pct(r.short.costPerHour, 5)}/h, taker ${pct(r.short.feeRate, 3)}, entry slippage ${r.short.slippageBps.toFixed(2)} bps · net carry ${pct(r.netCarryPerHour, 5)}/h${r.notionalExceedsDepth ? ' · notional exceeds visible depth' : ''}`;
        return `<tr data-i="${i}" class="${selected === i ? 'sel' : ''}"><td>${leg(r.long)}</td><td>${leg(r.short)}</td><td class="${cls(r.netCarryApr)}">${pct(r.netCarryApr)}</td><td>${usd(r.expectedFundingUsd)}</td><td>${usd(r.feesUsd)}</td><td>${usd(r.slippageUsd)}</td><td class="${cls(r.netExpectedPnlUsd)}">${usd(r.netExpectedPnlUsd)}</td><td>${r.breakEvenHours === null ? '—' : r.breakEvenHours.toFixed(1) + ' h'}</td><td>${usd(r.capacityUsd)}</td><td>${pct(r.spreadMeanApr7d)} ± ${pct(r.spreadStdDevApr7d)}</td></tr><tr class="explain"><td colspan="10">${explain}</td></tr>`;
      })
      .join('');
  }

  function renderBook(el, title, b) {
    const side = (lv) =>
      lv.map((l) => `<tr><td>${l.price.toPrecision(8)}</td><td>${l.size.toPrecision(6)}</td><td>${usd(l.sizeUsd)}</td></tr>`).join('');
    el.innerHTML = `<h4>${esc(title)} · ${b.kind}${b.model ? ' (synthetic)' : ''} · seq ${esc(b.sequence)} · ${b.freshness.source}</h4><table><tr><th>ask</th><th>size</th><th>USD</th></tr>${side([...b.asks].reverse())}<tr><th>bid</th><th></th><th></th></tr>${side(b.bids)}</table>`;
    el.dataset.updates = String(Number(el.dataset.updates || 0) + 1);
  }

  async function chart(r) {
    const q = `query($a: ID!, $b: ID!) { a: market(id: $a) { fundingHistory(window: D7) { points { time longCostPerHour } } } b: market(id: $b) { fundingHistory(window: D7) { points { time shortCostPerHour } } } }`;
    const d = await gql(q, { a: r.long.market.id, b: r.short.market.id });
    const hour = (t) => Math.floor(Date.parse(t) / 3600000);
    const bucket = (pts, k) => {
      const m = new Map();
      for (const p of pts) if (p[k] !== null) (m.get(hour(p.time)) || m.set(hour(p.time), []).get(hour(p.time))).push(p[k]);
      return new Map([...m].map(([h, v]) => [h, v.reduce((a, b) => a + b, 0) / v.length]));
    };
    const la = bucket(d.a ? d.a.fundingHistory.points : [], 'longCostPerHour');
    const sb = bucket(d.b ? d.b.fundingHistory.points : [], 'shortCostPerHour');
    const series = [...la]
      .filter(([h]) => sb.has(h))
      .map(([h, v]) => [h, -(v + sb.get(h)) * 8760])
      .sort((x, y) => x[0] - y[0]);
    const svg = $('chart');
    if (series.length < 2) {
      svg.innerHTML = '<text x="10" y="20">not enough history yet for this pair</text>';
      return;
    }
    const xs = series.map((s) => s[0]);
    const ys = series.map((s) => s[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(0, ...ys), Math.max(0, ...ys)];
    const X = (x) => 40 + ((x - x0) / Math.max(1, x1 - x0)) * 840;
    const Y = (y) => 160 - ((y - y0) / Math.max(1e-12, y1 - y0)) * 140;
    svg.innerHTML = `<line x1="40" x2="880" y1="${Y(0)}" y2="${Y(0)}" stroke="#aaa"/><polyline fill="none" stroke="#3451b2" stroke-width="2" points="${series.map((s) => X(s[0]) + ',' + Y(s[1])).join(' ')}"/><text x="0" y="${Y(y1) + 4}" font-size="11">${pct(y1, 1)}</text><text x="0" y="${Y(y0)}" font-size="11">${pct(y0, 1)}</text>`;
  }

  function select(i) {
    selected = i;
    const r = rows[i];
    unsub.forEach((u) => u());
    unsub = [];
    $('detail').hidden = false;
    $('pair').textContent = `long ${r.long.market.id} / short ${r.short.market.id}`;
    for (const [leg, el] of [
      [r.long, $('book-long')],
      [r.short, $('book-short')],
    ]) {
      el.dataset.updates = '0';
      el.innerHTML = '<h4>waiting for book…</h4>';
      unsub.push(
        ws.subscribe(
          {
            query:
              'subscription($m: ID!) { orderBook(market: $m, levels: 5) { kind model sequence bids { price size sizeUsd } asks { price size sizeUsd } freshness { source stale } } }',
            variables: { m: leg.market.id },
          },
          {
            next: (msg) => msg.data && renderBook(el, leg.market.id, msg.data.orderBook),
            error: (e) => (el.innerHTML = '<h4>book error: ' + esc(e.message || e) + '</h4>'),
            complete: () => undefined,
          },
        ),
      );
    }
    void chart(r);
    document.querySelectorAll('#spreads tbody tr').forEach((tr) => tr.classList.toggle('sel', tr.dataset.i === String(i)));
  }

  document.querySelector('#spreads tbody').addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-i]');
    if (tr) select(Number(tr.dataset.i));
  });
  for (const id of ['base', 'notional', 'hold', 'stale']) $(id).addEventListener('change', () => void refresh());
  async function refresh() {
    try {
      await Promise.all([loadHealth(), loadSpreads()]);
    } catch (e) {
      $('mode').textContent = 'error: ' + e.message;
    }
  }
  void refresh().then(() => rows.length && select(0));
  setInterval(() => void refresh(), 10000);
})();
