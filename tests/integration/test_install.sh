#!/usr/bin/env bash
# test_install: `cmake --install` lays out libpassend (shared + static, public
# headers with the generated message headers, a relocatable pkg-config file,
# passendd, passend, migrations and function files), and a school system's program builds against
# it with nothing but pkg-config.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/env.sh"

prefix=$T/prefix
expect_exit "cmake --install into a fresh prefix" 0 cmake --install "$B" --prefix "$prefix"
for f in bin/passendd bin/passend include/passend/passend.h \
	include/passend/proto/passend/v1/platform.pb-c.h share/passend/migrations/0001_platform.sql \
	share/passend/functions/bestuur_tlv_deadline.sql; do
	if [ -e "$prefix/$f" ]; then ok "installed $f"; else fail "installed $f" "missing"; fi
done
libdir=$(cd "$prefix" && ls -d lib*/pkgconfig 2>/dev/null | head -1)
libdir=${libdir%/pkgconfig}
if [ -n "$libdir" ] && ls "$prefix/$libdir"/libpassend.so* >/dev/null 2>&1 && [ -f "$prefix/$libdir/libpassend.a" ]; then
	ok "shared and static library installed"
else
	fail "libraries" "$(ls -R "$prefix" | head -20)"
fi
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
flags=$(pkg-config --cflags --libs libpassend) || fail "pkg-config libpassend" "no .pc file"
expect_match "pkg-config points into the prefix (relocatable)" "$prefix" "$flags"
# (A sanitized test build's libpassend.so carries its runtime as a dependency.)
# shellcheck disable=SC2086
expect_exit "the example builds against the installed library" 0 \
	cc -o "$T/example" "$S/examples/passend_sync_example.c" $flags -Wl,-rpath,"$prefix/$libdir"
finish
