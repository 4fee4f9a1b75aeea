# syntax=docker/dockerfile:1
# Two images from one file:
#   docker build -t entra-user-management .                           # production (the default target)
#   docker build --target sandbox -t entra-user-management:sandbox .  # plus the embedded Graph emulator
# The production image runs live mode only (AZURE_* plus API_KEYS); started without them it exits
# with one line saying so. The sandbox image starts the emulator with no configuration, like `npm start`.
# No Docker engine runs in CI, so scripts/replay-image-build.ts replays this file step by step (the
# test suite runs it): it copies what the COPY lines name, runs the RUN lines except apt-get, maps
# the VOLUME to a temporary folder, starts the CMD with this ENV and probes with the HEALTHCHECK.

# Build stage: dev dependencies, the TypeScript compiler, and the toolchain node-gyp needs to compile
# better-sqlite3 when no prebuilt binary matches the platform.
FROM node:24-bookworm-slim AS build
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

# What both images share: production dependencies and the compiled service only (no compiler, no
# sources, no emulator). Node 24 LTS; the dependencies are pinned to majors that also run on Node 20,
# and CI runs the suite on both.
FROM node:24-bookworm-slim AS service
# HOST=0.0.0.0 so the published port reaches the service; the SQLite cursor store lives on the volume.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 STATE_STORE_URL=sqlite:/data/state.db
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
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

# The sandbox image: the service plus the emulator package (node_modules links to it), which the
# service loads only in sandbox mode.
FROM service AS sandbox
COPY --from=build /app/packages/graph-emulator/package.json ./packages/graph-emulator/package.json
COPY --from=build /app/packages/graph-emulator/dist ./packages/graph-emulator/dist
ENV GRAPH_MODE=sandbox

# The production image, and the default target (the last stage): the service without the emulator.
FROM service AS runtime
