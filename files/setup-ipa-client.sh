#!/bin/sh
# Enroll this instance into IPA with what novajoin handed out for it.
#
# nova's metadata service asks novajoin-server for the instance's dynamic
# vendor data; the answer sits under the key "join" of vendor_data2.json:
#   {"join": {"hostname": FQDN, "krb_realm": REALM, "ipaotp": OTP}}
# It is read from the config drive when the instance has one, else from the
# metadata service, which can be slow to answer while many instances boot:
# that is retried, with a growing pause, for a bounded time.
#
# An instance that did not ask for enrollment gets an empty "join", and one
# whose host is already enrolled gets no "ipaotp": both are logged and are
# not failures of the boot.
#
# Environment, for tests and unusual clouds:
#   NOVAJOIN_CONFIG_DRIVE     mounted config drive to read (default: the
#                             drive labelled config-2, if there is one)
#   NOVAJOIN_METADATA_URL     vendor_data2.json of the metadata service
#   NOVAJOIN_METADATA_TIMEOUT seconds to keep trying the metadata service
#   NOVAJOIN_RETRY_DELAY      first pause between attempts, in seconds; it
#                             doubles up to NOVAJOIN_MAX_RETRY_DELAY
#   NOVAJOIN_FETCH_TIMEOUT    seconds one attempt may take
#   NOVAJOIN_IPA_CONF         the file that marks an enrolled machine

set -u

METADATA_URL=${NOVAJOIN_METADATA_URL:-http://169.254.169.254/openstack/latest/vendor_data2.json}
METADATA_TIMEOUT=${NOVAJOIN_METADATA_TIMEOUT:-600}
RETRY_DELAY=${NOVAJOIN_RETRY_DELAY:-2}
MAX_RETRY_DELAY=${NOVAJOIN_MAX_RETRY_DELAY:-60}
FETCH_TIMEOUT=${NOVAJOIN_FETCH_TIMEOUT:-30}
IPA_CONF=${NOVAJOIN_IPA_CONF:-/etc/ipa/default.conf}
VENDOR_DATA_PATH=openstack/latest/vendor_data2.json

log() {
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) setup-ipa-client: $*"
}

# cloud-init itself runs on Python 3, so an interpreter is always there;
# RHEL 8 only has it as platform-python.
find_python() {
    for candidate in python3 /usr/libexec/platform-python python; do
        if command -v "$candidate" >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# fetch URL FILE: one attempt. Exit status 0 when FILE holds the answer,
# 75 when trying again may help (no answer, timeout, 429, 5xx), 1 when it
# cannot (any other HTTP error).
fetch() {
    "$PYTHON" - "$1" "$2" "$FETCH_TIMEOUT" <<'EOF'
import socket
import sys
import urllib.error
import urllib.request

url, path, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
try:
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        body = answer.read()
except urllib.error.HTTPError as exc:
    print('the metadata service answered %s %s' % (exc.code, exc.reason))
    sys.exit(75 if exc.code == 429 or exc.code >= 500 else 1)
except (urllib.error.URLError, socket.timeout, OSError) as exc:
    print('no answer from the metadata service: %s'
          % getattr(exc, 'reason', exc))
    sys.exit(75)
with open(path, 'wb') as out:
    out.write(body)
EOF
}

fetch_with_retries() {
    url=$1
    file=$2
    delay=$RETRY_DELAY
    deadline=$(( $(date +%s) + METADATA_TIMEOUT ))
    attempt=1
    while :; do
        reason=$(fetch "$url" "$file")
        status=$?
        if [ "$status" -eq 0 ]; then
            log "read $url (attempt $attempt)"
            return 0
        fi
        if [ "$status" -ne 75 ]; then
            log "cannot read $url: $reason"
            return 1
        fi
        now=$(date +%s)
        if [ $(( now + delay )) -gt "$deadline" ]; then
            log "gave up on $url after $attempt attempts in" \
                "$METADATA_TIMEOUT s: $reason"
            return 1
        fi
        log "attempt $attempt: $reason; trying again in $delay s"
        sleep "$delay"
        attempt=$(( attempt + 1 ))
        delay=$(( delay * 2 ))
        if [ "$delay" -gt "$MAX_RETRY_DELAY" ]; then
            delay=$MAX_RETRY_DELAY
        fi
    done
}

# Sets CONFIG_DRIVE to the mounted config drive, mounting it when it is not
# mounted; exit status 1 when there is none.
find_config_drive() {
    if [ -n "${NOVAJOIN_CONFIG_DRIVE:-}" ]; then
        CONFIG_DRIVE=$NOVAJOIN_CONFIG_DRIVE
        return 0
    fi
    command -v blkid >/dev/null 2>&1 || return 1
    device=$(blkid -t LABEL=config-2 -o device 2>/dev/null | head -n 1)
    [ -z "$device" ] && device=$(blkid -t LABEL=CONFIG-2 -o device \
        2>/dev/null | head -n 1)
    [ -z "$device" ] && return 1
    CONFIG_DRIVE=$(awk -v dev="$device" '$1 == dev { print $2; exit }' \
        /proc/mounts)
    [ -n "$CONFIG_DRIVE" ] && return 0
    CONFIG_DRIVE=$WORKDIR/config-drive
    mkdir "$CONFIG_DRIVE" && mount -o ro "$device" "$CONFIG_DRIVE" || return 1
    CONFIG_DRIVE_MOUNTED=$CONFIG_DRIVE
}

cleanup() {
    if [ -n "${CONFIG_DRIVE_MOUNTED:-}" ]; then
        umount "$CONFIG_DRIVE_MOUNTED"
    fi
    rm -rf "$WORKDIR"
}

# hostname, realm and one-time password of "join", one per line (empty
# when absent); exit status 1 when the file is not a JSON object.
read_join() {
    "$PYTHON" - "$1" <<'EOF'
import json
import sys

try:
    with open(sys.argv[1], encoding='utf-8') as data:
        vendor_data = json.load(data)
except ValueError as exc:
    print('not JSON: %s' % exc)
    sys.exit(1)
if not isinstance(vendor_data, dict):
    print('not a JSON object')
    sys.exit(1)
join = vendor_data.get('join') or {}
if not isinstance(join, dict):
    print('"join" is not a JSON object')
    sys.exit(1)
for key in ('hostname', 'krb_realm', 'ipaotp'):
    value = join.get(key) or ''
    if not isinstance(value, str) or '\n' in value:
        print('"join" has a bad %s' % key)
        sys.exit(1)
    print(value)
EOF
}

install_ipa_client() {
    if command -v ipa-client-install >/dev/null 2>&1; then
        return 0
    fi
    log "installing the IPA client"
    if command -v dnf >/dev/null 2>&1; then
        dnf -y install ipa-client || dnf -y install freeipa-client
    elif command -v yum >/dev/null 2>&1; then
        yum -y install ipa-client || yum -y install freeipa-client
    elif command -v apt-get >/dev/null 2>&1; then
        apt-get update && DEBIAN_FRONTEND=noninteractive \
            apt-get -y install freeipa-client
    fi
    command -v ipa-client-install >/dev/null 2>&1
}

main() {
    if [ -e "$IPA_CONF" ]; then
        log "this machine is already an IPA client ($IPA_CONF exists):" \
            "nothing to do"
        return 0
    fi
    PYTHON=$(find_python) || {
        log "no Python interpreter to read the vendor data with"
        return 1
    }
    WORKDIR=$(mktemp -d) || return 1
    trap cleanup EXIT

    vendor_data=$WORKDIR/vendor_data2.json
    if find_config_drive && [ -f "$CONFIG_DRIVE/$VENDOR_DATA_PATH" ]; then
        cp "$CONFIG_DRIVE/$VENDOR_DATA_PATH" "$vendor_data" || return 1
        log "read $VENDOR_DATA_PATH from the config drive $CONFIG_DRIVE"
    else
        fetch_with_retries "$METADATA_URL" "$vendor_data" || return 1
    fi

    join=$(read_join "$vendor_data") || {
        log "cannot read the vendor data: $join"
        return 1
    }
    fqdn=$(echo "$join" | sed -n 1p)
    realm=$(echo "$join" | sed -n 2p)
    otp=$(echo "$join" | sed -n 3p)
    if [ -z "$fqdn" ]; then
        log "no enrollment data from novajoin (\"join\" is empty): the" \
            "instance did not ask for it (property ipa_enroll) or novajoin" \
            "did not answer; not enrolling"
        return 0
    fi
    if [ -z "$otp" ]; then
        log "novajoin gave no one-time password for $fqdn: its IPA host" \
            "is already enrolled; not enrolling"
        return 0
    fi

    install_ipa_client || {
        log "ipa-client-install is missing and could not be installed"
        return 1
    }
    set -- -U -w "$otp" --hostname "$fqdn"
    if [ -n "$realm" ]; then
        set -- "$@" --realm "$realm"
    fi
    set -- "$@" --mkhomedir
    log "enrolling $fqdn into IPA${realm:+ realm $realm}"
    ipa-client-install "$@"
    status=$?
    if [ "$status" -eq 0 ]; then
        log "enrolled $fqdn"
    else
        log "ipa-client-install failed with status $status"
    fi
    return "$status"
}

main
