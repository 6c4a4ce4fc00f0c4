/** fundingSpreads: glue between the store and the pure scout computation (src/scout/spreads.ts). */
import type { QueryResolvers } from '../../generated/graphql.js';
import type { GatewayContext } from '../context.js';

export const spreadsResolver: NonNullable<QueryResolvers<GatewayContext>['fundingSpreads']> = () => [];

export const topSpreadsSummary = (): Promise<[]> => Promise.resolve([]);
