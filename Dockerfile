# Multi-stage build: cgo is needed by the SQLite driver.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=1 go build -tags goolm -trimpath \
    -ldflags "-s -w -X main.version=${VERSION}" -o /out/vigil .

# Small runtime image with the C library the binary links against.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin vigil \
 && mkdir -p /data && chown vigil:vigil /data && chmod 0700 /data
COPY --from=build /out/vigil /usr/local/bin/vigil
USER vigil
WORKDIR /data
VOLUME ["/data"]
ENV VIGIL_DATABASE=/data/vigil.db
ENTRYPOINT ["/usr/local/bin/vigil"]
