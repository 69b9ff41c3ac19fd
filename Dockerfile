# One image for every process of the graph; the command picks which one:
#   gateway:   node_modules/.bin/tsx --max-old-space-size=256 --max-semi-space-size=16 gateway/index.ts  (the default)
#   subgraph:  node_modules/.bin/tsx scripts/startSubgraph.ts orders (support, pricing, notifications)
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY common ./common
COPY demo ./demo
COPY gateway ./gateway
COPY mcp ./mcp
COPY schema ./schema
COPY scripts ./scripts
COPY subgraphs ./subgraphs
COPY tsconfig.json ./
USER node
EXPOSE 4000 4001 4002 4003 4004
# The gateway's heap is sized explicitly, not from the machine: on a big host V8 lets garbage pile
# up in the old generation between full collections (RSS at load 210-280 MB and rising, against a
# flat 180), and from a 512 MiB limit it would derive a 1 MB young generation (simulated: +40 % CPU
# per request). README "Performance" has the measurements.
CMD ["node_modules/.bin/tsx", "--max-old-space-size=256", "--max-semi-space-size=16", "gateway/index.ts"]
