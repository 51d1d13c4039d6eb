# The kubeward image: `kubeward serve` for the Helm chart, and the CLI (`docker run … lint -`).
#   docker build -t ghcr.io/kubeward/kubeward:0.1.0 .
# Not built in this repository's CI (no container engine there); test/dockerfile.test.ts checks what it copies.

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Scripts off: `prepare` would build before the sources are copied.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/bundle.mjs ./scripts/
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY schema ./schema
# The chart's runAsUser; no shell access needed, no write access to /app.
USER 65532:65532
# The admission port (HTTPS) and the metrics port (plain HTTP, /metrics only).
EXPOSE 8443 8080
ENTRYPOINT ["node", "/app/bin/kubeward.cjs"]
CMD ["--help"]
