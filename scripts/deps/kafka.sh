#!/usr/bin/env bash
# Installs librdkafka from Debian's packages (idempotent; run as root on Debian 12). ChatHub.Kafka uses
# Confluent.Kafka 1.9.3 against this system library (librdkafka.so.1, 2.0.2 on bookworm), and the Kafka tests run
# against librdkafka's built-in mock cluster, so no broker is installed. Set LIBRDKAFKA_PATH to use another build.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

if ! dpkg-query -W -f='${Status}' librdkafka1 2>/dev/null | grep -q 'install ok installed'; then
    # Update the package lists only when apt does not know the package yet (a fresh image has empty lists).
    if ! apt-cache show librdkafka1 >/dev/null 2>&1; then
        apt-get update -qq
    fi
    apt-get install -y -qq --no-install-recommends librdkafka1 >/dev/null
fi

echo "librdkafka:    $(dpkg-query -W -f='${Version}' librdkafka1) ($(ldconfig -p | awk '/librdkafka\.so\.1 /{print $NF; exit}'))"
