# cairn rpm: data and log directories, config permissions, the unit ($1: 1 install, 2 upgrade).
[ -d /var/lib/cairn ] || install -d -o cairn -g cairn -m 0750 /var/lib/cairn
[ -d /var/log/cairn ] || install -d -o cairn -g cairn -m 0750 /var/log/cairn
if [ "$1" -eq 1 ] && [ -f /etc/cairn/cairn.conf ]; then
    chown root:cairn /etc/cairn/cairn.conf
    chmod 0640 /etc/cairn/cairn.conf
fi
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
    [ "$1" -eq 1 ] && systemctl enable cairn.service >/dev/null 2>&1 || :
fi
exit 0
