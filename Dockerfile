# One image for every process of the graph; the command picks which one:
#   gateway:   node --max-old-space-size=256 --max-semi-space-size=16 dist/gateway/index.js  (the default)
#   subgraph:  node dist/scripts/startSubgraph.js orders (support, pricing, notifications)
# The code runs compiled (npm run build), not through tsx: less memory and a quicker start.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY common ./common
COPY demo ./demo
COPY gateway ./gateway
COPY mcp ./mcp
COPY scripts ./scripts
COPY subgraphs ./subgraphs
# The agent console and account page (dist/console, served by the gateway at /), and the explorer
# (GraphiQL at /explorer), whose examples are the operation catalogue's files (schema/operations).
COPY console ./console
COPY schema ./schema
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
# Read at run time: the subgraph and supergraph schemas, the operation catalogue, the migrations.
COPY schema ./schema
COPY subgraphs/orders/migrations ./subgraphs/orders/migrations
COPY subgraphs/support/migrations ./subgraphs/support/migrations
COPY subgraphs/pricing/migrations ./subgraphs/pricing/migrations
COPY subgraphs/notifications/migrations ./subgraphs/notifications/migrations
# The embedded database's template (common/pgliteTemplate.ts), made while the image is built: the
# processes run as `node`, for whom node_modules is read-only, and would otherwise run initdb at
# every start (they fall back to the temporary folder, then to memory).
RUN node -e "require('./dist/common/pgliteTemplate').emptyClusterTemplate().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); })"
# The one folder `node` may write: a subgraph's PGlite data, when kept (<NAME>_DATA_DIR=/app/data/<name>).
RUN mkdir -p /app/data && chown node:node /app/data
# The gateway's usage reporting (docs/schema-checks.md) writes there too; a postgres:// URL replaces it.
ENV USAGE_STORE=/app/data/usage
USER node
EXPOSE 4000 4001 4002 4003 4004
# The gateway's heap is sized explicitly, not from the machine: on a big host V8 lets garbage pile
# up in the old generation between full collections (RSS at load 210-280 MB and rising, against a
# flat 180), and from a 512 MiB limit it would derive a 1 MB young generation (simulated: +40 % CPU
# per request). bench/results/2026-11-25.md has the measurements.
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=16", "dist/gateway/index.js"]
