# One image for every package of the distributed run. The service to run is chosen at
# `docker run` time: `gateway`, or a module name (see docker-compose.yml).
#   docker build -t audienceos .
#   docker run -e TRANSPORTER=nats://nats:4222 -e DATABASE_URL=postgres://… audienceos pipeline
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY db/package.json db/
COPY gateway/package.json gateway/
COPY server/package.json server/
COPY tests/package.json tests/
COPY shell/package.json shell/
COPY modules modules
COPY remotes remotes
RUN find modules remotes -mindepth 2 -not -name package.json -not -type d -delete \
 && npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
# `start-module <gateway|module…>`: migrates its module's schema on start, then joins the broker.
ENTRYPOINT ["node", "--import", "tsx", "server/src/cli/start-module.ts"]
CMD ["gateway"]
