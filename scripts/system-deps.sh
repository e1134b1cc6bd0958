#!/usr/bin/env bash
# Install the Debian packages the project needs, if missing (STACK.md).
#   scripts/system-deps.sh pdf      WeasyPrint's libraries and the Chinese fonts
#   scripts/system-deps.sh test     the above, plus chromium for browser tests and poppler-utils
# Only root can install; others get a list of what is missing.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk)
if [ "${1:-pdf}" = "test" ]; then
  packages+=(chromium poppler-utils)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "缺少系统软件包：${missing[*]}" >&2
  echo "请以 root 运行：apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "安装系统软件包：${missing[*]}"
apt-get update -q
# --no-install-recommends matters: chromium with recommends pulls 115 packages.
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
