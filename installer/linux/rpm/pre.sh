# cairn rpm: the system user and group.
getent group cairn >/dev/null || groupadd --system cairn
getent passwd cairn >/dev/null || useradd --system --gid cairn --no-create-home \
    --home-dir /var/lib/cairn --shell /sbin/nologin --comment "Cairn data store" cairn
exit 0
