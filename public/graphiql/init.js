/* GraphiQL bootstrap for perp-connectors: local assets only; queries over HTTP, subscriptions over graphql-ws. */
/* global GraphiQL, graphqlWs, React, ReactDOM */
(function () {
  const url = location.origin + '/graphql';
  const wsUrl = url.replace(/^http/, 'ws');
  const ws = graphqlWs.createClient({ url: wsUrl, lazy: true });
  // Created with its subscription URL and client, so GraphiQL never races into an unconfigured websocket fetcher.
  const http = GraphiQL.createFetcher({ url, subscriptionUrl: wsUrl, wsClient: ws });

  // Route by the operation actually run: subscriptions over graphql-ws, everything else over HTTP.
  function operationType(query, name) {
    const text = query.replace(/#[^\n]*/g, '').replace(/"(?:[^"\\]|\\.)*"/g, '""');
    const ops = [...text.matchAll(/(^|[}\s])(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/g)].map((m) => ({
      type: m[2],
      name: m[3],
    }));
    const picked = (name && ops.find((o) => o.name === name)) || ops[0];
    return picked ? picked.type : 'query';
  }
  const fetcher = (params, opts) =>
    operationType(params.query, params.operationName) === 'subscription' ? ws.iterate(params) : http(params, opts);

  const defaultQuery = `# perp-connectors: unified perpetual-futures data (Aster, Avantis, Jupiter Perps, SynFutures v3).
# Rates are fractions; annualized = per hour x 8760. Positive = that side pays.
{
  markets(bases: ["BTC"]) {
    id venue markPrice dataSource
    funding { model ratePerHour annualizedRate longCostPerHour shortCostPerHour freshness { ageMs stale source } }
    depth(levels: 5) { kind bids { price size } asks { price size } }
  }
}

# subscription LiveBook { orderBook(market: "aster:BTC-USD-PERP") { midPrice spreadBps bids { price size } asks { price size } } }
`;
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: true }),
  );
})();
