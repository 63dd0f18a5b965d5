# syntax=docker/dockerfile:1.7
# ChatHub hub image: one binary that runs every role or some (Hub__Roles=all | ingress,worker,egress).
#   docker build -t chathub:local .
#   docker run --rm -p 8080:8080 chathub:local                       # embedded default: one process, no Redis/Kafka
#   docker run --rm -p 8080:8080 -v "$PWD/models:/models:ro" -e Inference__Model__Path=/models/model.gguf chathub:local
# The full local stack (Redis, Kafka, three roles) is docker-compose.yml; Kubernetes manifests are in deploy/.
#
# .NET 10 images are Ubuntu 24.04 "noble" (there are no Debian images for .NET 10): glibc 2.39, enough for the
# prebuilt llama.cpp libraries (>= 2.34) and for librdkafka 2.16, which comes with Confluent.Kafka (librdkafka.redist).

ARG DOTNET_TAG=10.0-noble
ARG NODE_TAG=22-bookworm-slim

# --- Node.js, only to copy it into the build stage -------------------------------------------------------------------
FROM node:${NODE_TAG} AS node

# --- build ----------------------------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_TAG} AS build
# The build runs npm twice (MSBuild targets): the web widget (src/Hub/Widget, bundled with esbuild into wwwroot/dist)
# and the llama.cpp native libraries (src/Inference/LlamaCpp/native, @node-llama-cpp/linux-x64: .so files copied next
# to the app). Node from the official image: Ubuntu's own nodejs (18) is older than the llama.cpp package step's minimum (20).
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
    && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
    && node --version && npm --version && dotnet --version
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 npm_config_update_notifier=false npm_config_fund=false
WORKDIR /src
# Only what the publish needs (see .dockerignore): global.json, Directory.*.props, content/ and src/.
COPY . .
# NuGet and npm caches persist between builds (BuildKit); restore, the two npm installs and the publish in one step.
# The runtime identifier linux-x64 (like the llama.cpp libraries) makes the publish carry one platform's natives:
# librdkafka.redist's runtimes/linux-x64/native/*.so flat in /app, not its builds for every platform.
# ReadyToRun: the assemblies are precompiled (crossgen2), so a new pod (HPA scale-out happens under load) does not
# spend its first half minute in the JIT; it needs the runtime identifier too. Still framework-dependent on the
# aspnet image.
RUN --mount=type=cache,id=chathub-nuget,target=/root/.nuget/packages \
    --mount=type=cache,id=chathub-npm,target=/root/.npm \
    dotnet publish src/Hub/ChatHub.Hub.csproj -c Release -o /app -p:UseAppHost=false \
        -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    && test -f /app/ChatHub.Hub.dll \
    && test -f /app/wwwroot/dist/widget.js \
    && ls /app/libllama.*.so /app/libggml*.so /app/centos8-librdkafka.so >/dev/null \
    && test ! -d /app/runtimes

# --- runtime --------------------------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_TAG} AS runtime
# No operating-system packages: librdkafka came with the app (Confluent.Kafka tries /app/librdkafka.so, which needs
# libsasl2.so.3, then /app/centos8-librdkafka.so, which needs only glibc).
WORKDIR /app
# Owned by root and read-only for the app user: the process cannot change its own code (and runs with a read-only
# root file system on Kubernetes; only /tmp is writable there).
COPY --from=build --chown=root:root /app ./
# Mount point for GGUF models (-v ./models:/models:ro, a Kubernetes volume). No VOLUME instruction: it would create
# an anonymous volume on every `docker run`.
RUN mkdir -p /models
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
EXPOSE 8080
# The image's non-root "app" user (UID 1654), numeric so that Kubernetes can verify runAsNonRoot.
USER $APP_UID
# Liveness only (/healthz: the process answers). The image has no curl or wget, and adding one for a probe is not
# worth it: bash's /dev/tcp sends the request. Kubernetes ignores HEALTHCHECK (it has its own probes); docker and
# compose use it. Readiness (/readyz: Redis, Kafka) is left to the orchestrator.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "ChatHub.Hub.dll"]
