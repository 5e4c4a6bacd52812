#!/usr/bin/env bash
# Idempotent: build a small packet-capture image locally (no registry needed) and tag it with the name of the
# public image it stands in for, which a laptop's Docker pulls: tcpdump on PATH, a shell, kill and cat.
# usage: capture-image.sh [TAG]   (default nicolaka/netshoot:v0.13); tcpdump from this host (Debian: apt-get
# install tcpdump), copied with the shared libraries it links against, plus busybox for the shell tools.
set -eu
tag=${1:-nicolaka/netshoot:v0.13}
if docker image inspect "$tag" >/dev/null 2>&1; then echo "image $tag already present"; exit 0; fi
tcpdump=$(command -v tcpdump || true)
if [ -z "$tcpdump" ]; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q tcpdump >/dev/null; tcpdump=$(command -v tcpdump)
  else echo "tcpdump is needed (apt-get install tcpdump)" >&2; exit 1; fi
fi
command -v busybox >/dev/null || { echo "busybox-static is needed (apt-get install busybox-static)" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/bin" "$root/bin" "$root/lib64" "$root/tmp" "$root/etc" "$root/proc" "$root/sys" "$root/dev"
cp -L "$tcpdump" "$root/usr/bin/tcpdump"
# the shared libraries tcpdump links against, with the dynamic loader
ldd "$tcpdump" | grep -oE '/[^ ]+\.so[^ ]*' | sort -u | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
chmod 1777 "$root/tmp"
cp "$(command -v busybox)" "$root/bin/busybox"
for a in sh ls cat echo sleep ip kill ps grep sed wc id env; do ln -s busybox "$root/bin/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\ntcpdump:x:104:109::/nonexistent:/bin/false\nnobody:x:65534:65534:nobody:/:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\ntcpdump:x:109:\nnogroup:x:65534:\n' > "$root/etc/group"
tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/bin:/bin' \
  --change 'CMD ["sh"]' - "$tag" >/dev/null
echo "built $tag: $(docker image inspect "$tag" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"
