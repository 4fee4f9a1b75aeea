# syntax=docker/dockerfile:1
# The service image. With no configuration, `docker run -p 3000:3000 <image>` starts the sandbox
# (embedded Graph emulator), exactly like `npm start`; AZURE_* plus API_KEYS switch it to live mode.
# No Docker engine runs in CI, so scripts/replay-image-build.ts replays this file step by step (the
# test suite runs it): it copies what the COPY lines name, runs the RUN lines except apt-get, maps
# the VOLUME to a temporary folder, starts the CMD with this ENV and probes with the HEALTHCHECK.

# Build stage: dev dependencies, the TypeScript compiler, and the toolchain node-gyp needs to compile
# better-sqlite3 when no prebuilt binary matches the platform.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The lock file alone first, so the dependency layer is cached until dependencies change.
COPY package.json package-lock.json ./
COPY packages/graph-emulator/package.json ./packages/graph-emulator/
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY packages/graph-emulator/tsconfig.build.json ./packages/graph-emulator/
COPY packages/graph-emulator/src ./packages/graph-emulator/src
RUN npm run build
# Dev dependencies go; the native better-sqlite3 binary compiled above stays.
RUN npm prune --omit=dev --no-audit --no-fund

# Runtime stage: production dependencies and the compiled output only (no compiler, no sources).
# Node 20: better-sqlite3 12, undici 7 and vitest 4 are pinned for it (see DESIGN.md section 1).
FROM node:20-bookworm-slim AS runtime
# HOST=0.0.0.0 so the published port reaches the service; the SQLite cursor store lives on the volume.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 STATE_STORE_URL=sqlite:/data/state.db
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The emulator package, for sandbox mode (node_modules links to it).
COPY --from=build /app/packages/graph-emulator/package.json ./packages/graph-emulator/package.json
COPY --from=build /app/packages/graph-emulator/dist ./packages/graph-emulator/dist
RUN mkdir -p /data && chown 1000:1000 /data
VOLUME ["/data"]
# The image's `node` user, by number so that runAsNonRoot policies can verify it.
USER 1000:1000
EXPOSE 3000
# server.ts finishes in-flight calls on SIGTERM (SHUTDOWN_GRACE_MS) before it exits.
STOPSIGNAL SIGTERM
# node's own fetch: the slim image has no curl or wget, and none is added for this.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"]
CMD ["node", "dist/server.js"]
