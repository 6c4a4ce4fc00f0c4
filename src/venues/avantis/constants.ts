/** Avantis constants. */

/** DefiLlama's listing of this venue (`npm run crosscheck`): protocol slug and yields `/perps` marketplace name. */
export const DEFILLAMA = { slug: 'avantis', marketplace: 'Avantis' } as const;
