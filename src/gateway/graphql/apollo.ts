/**
 * The Apollo Server behind POST/GET /graphql: the schema, query limits, error masking, CSRF prevention, and a
 * clear 400 for subscriptions sent over HTTP. The HTTP plumbing around it is src/gateway/http/graphql.ts.
 */
import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { GatewayContext } from './context.js';
import { formatError } from './errors.js';

export interface ApolloOptions {
  schema: GraphQLSchema;
  introspection: boolean;
  rules: ValidationRule[];
  httpServer: Server;
  /** Runs when the HTTP server drains (closes the WebSocket fan-out). */
  onDrain(): void;
}

/** Subscriptions run over WebSocket; over HTTP they get a clear 400 instead of an execution error. */
const subscriptionsOverHttp: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError('subscriptions are served over WebSocket (graphql-transport-ws) at /graphql, not over HTTP', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      },
    };
  },
};

export async function startApollo(o: ApolloOptions): Promise<ApolloServer<GatewayContext>> {
  const apollo = new ApolloServer<GatewayContext>({
    schema: o.schema,
    introspection: o.introspection,
    validationRules: o.rules,
    includeStacktraceInErrorResponses: false,
    formatError,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT. Apollo's own handler (on unless NODE_ENV=test) calls stop() concurrently with
    // ours, and Apollo 5.5.1 never resolves the stop barrier on success, so close() hung 10 s and the venue
    // leases were never released (found by test/scale/processes.test.ts under NODE_ENV=production).
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: o.httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      subscriptionsOverHttp,
      {
        async serverWillStart() {
          return {
            async drainServer() {
              o.onDrain();
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  return apollo;
}
