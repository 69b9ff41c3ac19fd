# One image for every process of the graph; the command picks which one:
#   gateway:   node_modules/.bin/tsx gateway/index.ts                (the default)
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
CMD ["node_modules/.bin/tsx", "gateway/index.ts"]
