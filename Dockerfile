# perp-connectors gateway: multi-stage build, production dependencies only, non-root runtime (README "Scale-out").
# One image for every role: PERP_ROLE=all|collector|gateway chooses at run time (compose.yaml).

# Toolchain for native modules (better-sqlite3 compiles when no prebuilt binary matches).
FROM node:20-bookworm-slim AS toolchain
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./

# Build: all dependencies (TypeScript is a dev dependency), compile src → dist.
FROM toolchain AS build
# --ignore-scripts: the `prepare` script would build before the sources are copied; native modules rebuilt below.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc -p tsconfig.json

# Runtime dependencies: production only, native modules built for this exact base image.
FROM toolchain AS deps
RUN npm ci --omit=dev --ignore-scripts && npm rebuild better-sqlite3

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0 PERP_DB_PATH=/data/perp.sqlite
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read at run time relative to the app root: the schema, the shipped mock datasets, GraphiQL init and the board.
COPY package.json ./
COPY schema ./schema
COPY mocks ./mocks
COPY public ./public
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
