#!/usr/bin/env bash
# From ../shared/recipes/testcontainers (proven on these machines), kept here so CI needs nothing outside the clone.
# Idempotent: build a small JDK 25 runtime image locally (no registry needed) and tag it with the name
# of the public image it stands in for, laid out like it (java in /opt/java/openjdk, on PATH).
# usage: java-image.sh [TAG]   (default eclipse-temurin:25-jre); JDK from $JAVA25_HOME.
set -eu
tag=${1:-eclipse-temurin:25-jre}
jdk=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if docker image inspect "$tag" >/dev/null 2>&1; then echo "image $tag already present"; exit 0; fi
command -v busybox >/dev/null || { echo "busybox-static is needed (apt-get install busybox-static)" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
"$jdk/bin/jlink" --add-modules java.base,java.logging,java.naming,java.net.http,jdk.net,jdk.httpserver,jdk.crypto.ec,jdk.unsupported \
  --strip-debug --no-header-files --no-man-pages --compress zip-6 --output "$root/opt/java/openjdk"
# the shared libraries the runtime links against, with the dynamic loader
for f in "$root/opt/java/openjdk/bin/java" "$root"/opt/java/openjdk/lib/*.so "$root"/opt/java/openjdk/lib/server/*.so; do
  ldd "$f" 2>/dev/null | grep -oE '/[^ ]+\.so[^ ]*' || true
done | sort -u | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"
done
mkdir -p "$root/lib64" "$root/bin" "$root/tmp" "$root/etc" "$root/proc" "$root/sys" "$root/dev"
cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
chmod 1777 "$root/tmp"
cp "$(command -v busybox)" "$root/bin/busybox"
for a in sh ls cat echo sleep ip ifconfig netstat hostname ps kill grep sed nc wget id env; do ln -s busybox "$root/bin/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
tar -C "$root" -c . | docker import \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/bin' \
  --change 'CMD ["java","-version"]' - "$tag" >/dev/null
echo "built $tag: $(docker image inspect "$tag" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"
