#!/usr/bin/env bash
# Prints the Java classpath of Apache Jena Fuseki Main 5.6.0 (jena-fuseki-main
# and its dependencies, see fuseki-pom.xml), copying the jars into a cache
# folder the first time. When it cannot, it prints one line saying why on
# stderr and exits 1: the Fuseki tests of tests/remote.rs then say
# `skipped: <why>` and pass.
#
#   cp=$(bash tests/external/servers/fuseki.sh) &&
#     java -cp "$cp" org.apache.jena.fuseki.main.cmds.FusekiMainCmd --port 3030 --localhost --mem /ds
#
# The cache is $ISNAD_FUSEKI_CACHE, by default ~/.cache/isnad/fuseki. Maven's
# local repository is tried first, offline; then Maven's remote repository,
# within a time limit, so that a machine without it finds out in well under
# a minute.
set -u

version=5.6.0
here=$(cd "$(dirname "$0")" && pwd)
cache=${ISNAD_FUSEKI_CACHE:-$HOME/.cache/isnad/fuseki}
lib=$cache/lib-$version
cpfile=$cache/classpath-$version
online_limit=${ISNAD_FUSEKI_FETCH_SECONDS:-45}

fail() {
    echo "Apache Jena Fuseki $version is not available: $*" >&2
    exit 1
}

command -v java >/dev/null 2>&1 || fail "java is not installed (Fuseki $version needs Java 17 or newer)"
major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
if [ -z "$major" ] || [ "$major" -lt 17 ]; then
    fail "java ${major:-of unknown version} is too old (Fuseki $version needs Java 17 or newer)"
fi

# Jars copied by an earlier run, all still there.
cached() {
    [ -s "$cpfile" ] || return 1
    local jar IFS=:
    for jar in $(cat "$cpfile"); do
        [ -f "$jar" ] || return 1
    done
}
if cached; then
    cat "$cpfile"
    exit 0
fi

command -v mvn >/dev/null 2>&1 || fail "mvn is not installed (it fetches jena-fuseki-main $version and its dependencies once)"
mkdir -p "$cache" || fail "cannot create $cache"
log=$(mktemp)
trap 'rm -f "$log"; rm -rf "$lib.tmp"' EXIT

# copy SECONDS [mvn options]: the runtime dependencies into $lib.tmp.
copy() {
    local limit=$1
    shift
    rm -rf "$lib.tmp"
    timeout "$limit" mvn -B -f "$here/fuseki-pom.xml" "$@" \
        org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
        -DoutputDirectory="$lib.tmp" -DincludeScope=runtime >"$log" 2>&1
}

# The first error Maven gave, on one line.
why() {
    local line
    line=$(grep -m 1 '^\[ERROR\]' "$log" | sed -e 's/^\[ERROR\] *//' -e 's/ -> \[Help [0-9]*\]$//')
    [ -n "$line" ] || line=$(tail -n 1 "$log")
    # From a transfer failure, the artifact and the cause.
    case $line in
    *"Could not transfer"*)
        line="Could not transfer${line#*Could not transfer}"
        line=$(printf '%s' "$line" | sed 's/transfer failed for [^ ]*: //')
        ;;
    esac
    printf '%s' "${line:0:400}"
}

if ! copy 30 -o; then
    copy "$online_limit" -U \
        -Dmaven.wagon.http.retryHandler.count=0 \
        -Dmaven.wagon.rto=20000 \
        -Daether.connector.connectTimeout=10000 \
        -Daether.connector.requestTimeout=20000
    rc=$?
    if [ "$rc" = 124 ]; then
        fail "not in Maven's local repository, and fetching it took more than ${online_limit} s"
    elif [ "$rc" != 0 ]; then
        fail "not in Maven's local repository, and fetching it failed: $(why)"
    fi
fi

[ -f "$lib.tmp/jena-fuseki-main-$version.jar" ] || fail "Maven copied no jena-fuseki-main-$version.jar"
rm -rf "$lib"
mv "$lib.tmp" "$lib" || fail "cannot move the jars into $lib"
cp=$(find "$lib" -maxdepth 1 -name '*.jar' | sort | paste -sd: -)
printf '%s\n' "$cp" >"$cpfile"
printf '%s\n' "$cp"
