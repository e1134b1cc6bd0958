#!/usr/bin/env bash
# Back up the portal's PostgreSQL database (custom format, compressed) and its uploads.
#   scripts/backup.sh /var/backups/lzt          uses DATABASE_URL and MEDIA_ROOT
# Restore:  createdb NEWDB && pg_restore --no-owner -d NEWDB FILE.dump
set -euo pipefail
target=${1:?usage: scripts/backup.sh DIRECTORY}
: "${DATABASE_URL:?set DATABASE_URL}"
stamp=$(date +%Y%m%d-%H%M%S)
mkdir -p "$target"
pg_dump -Fc --no-owner -d "$DATABASE_URL" -f "$target/lzt-$stamp.dump"
if [ -d "${MEDIA_ROOT:-media}" ]; then
  tar -czf "$target/lzt-media-$stamp.tar.gz" -C "${MEDIA_ROOT:-media}" .
fi
echo "备份完成：$target/lzt-$stamp.dump"
