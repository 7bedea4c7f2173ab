# cairn rpm: data and log directories, config permissions, the unit ($1: 1 install, 2 upgrade).
[ -d /var/lib/cairn ] || install -d -o cairn -g cairn -m 0750 /var/lib/cairn
[ -d /var/log/cairn ] || install -d -o cairn -g cairn -m 0750 /var/log/cairn
if [ "$1" -eq 1 ] && [ -f /etc/cairn/cairn.conf ]; then
    chown root:cairn /etc/cairn/cairn.conf
    chmod 0640 /etc/cairn/cairn.conf
fi
# As %systemd_post: on installation the preset decides, and the package's preset
# (80-cairn.preset) enables the unit. systemctl preset works without a running systemd,
# so an image built with this package boots with Cairn running.
if [ "$1" -eq 1 ]; then
    systemctl --no-reload preset cairn.service >/dev/null 2>&1 || :
fi
exit 0
