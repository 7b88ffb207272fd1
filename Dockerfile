# One image per process, all from this file:
#   docker build --target gateway        -t wildcat/gateway .
#   docker build --target session-worker -t wildcat/session-worker .
#   docker build --target webhook-worker -t wildcat/webhook-worker .
#
# Stages: `base` (Node 20 + pnpm) → `workspace` (frozen install of the whole monorepo) →
# `build-<app>` (tsup bundle, then `pnpm deploy --prod` of that app alone into /out) →
# `runtime` (tini, non-root user) → `<app>` (the final image: /out plus dist, nothing else).
# deploy/test/dockerfile.test.ts parses this file and checks it against the apps.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
# The same pnpm as package.json's packageManager; corepack on older Node 20 images fails to verify
# newer pnpm signatures, npm does not care.
RUN npm install -g pnpm@10.34.9 && npm cache clean --force
ENV CI=true
WORKDIR /repo

FROM base AS workspace
# Dependencies first (a layer that only changes with the lockfile), then the sources.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
COPY patches ./patches
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile

# Workspace packages are TypeScript source that tsup inlines into dist/main.js; external
# dependencies stay in node_modules. pnpm 10 deploys a non-injected workspace with --legacy.
# dist/ is ignored by git and so by pnpm's file list: copy it into /out explicitly.
FROM workspace AS build-gateway
RUN pnpm --filter @wildcat/gateway build \
 && pnpm --filter @wildcat/gateway deploy --legacy --prod /out \
 && rm -rf /out/dist && cp -r apps/gateway/dist /out/dist

FROM workspace AS build-session-worker
RUN pnpm --filter @wildcat/session-worker build \
 && pnpm --filter @wildcat/session-worker deploy --legacy --prod /out \
 && rm -rf /out/dist && cp -r apps/session-worker/dist /out/dist

FROM workspace AS build-webhook-worker
RUN pnpm --filter @wildcat/webhook-worker build \
 && pnpm --filter @wildcat/webhook-worker deploy --legacy --prod /out \
 && rm -rf /out/dist && cp -r apps/webhook-worker/dist /out/dist

# Runtime: no pnpm, no sources, no dev dependencies. tini is PID 1 so SIGTERM reaches node
# (graceful shutdown releases shard leases) and zombies are reaped.
FROM ${NODE_IMAGE} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 wildcat \
 && useradd --system --uid 10001 --gid wildcat --home-dir /app --shell /usr/sbin/nologin wildcat
ENV NODE_ENV=production
WORKDIR /app
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/main.js"]

FROM runtime AS gateway
ENV PORT=3000
COPY --from=build-gateway --chown=root:root /out /app
# A 64 MiB young generation: request objects die young instead of being promoted, so GC takes
# ~40% less time per request (bench/RESULTS.md). The same command as the app's start script.
CMD ["node", "--max-semi-space-size=64", "dist/main.js"]
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

FROM runtime AS session-worker
# ffmpeg turns voice notes into OGG/Opus (FFMPEG_PATH defaults to `ffmpeg` on PATH).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/*
ENV HEALTH_PORT=9464 \
    FFMPEG_PATH=/usr/bin/ffmpeg
COPY --from=build-session-worker --chown=root:root /out /app
USER 10001:10001
EXPOSE 9464
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||9464)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

FROM runtime AS webhook-worker
ENV HEALTH_PORT=9464
COPY --from=build-webhook-worker --chown=root:root /out /app
USER 10001:10001
EXPOSE 9464
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||9464)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
