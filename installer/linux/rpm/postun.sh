# cairn rpm: as %systemd_postun_with_restart, an upgrade ($1 >= 1) restarts a running
# service. RPM has no purge, so data in /var/lib/cairn and the user are kept on erase.
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
fi
if [ "$1" -ge 1 ]; then
    systemctl try-restart cairn.service >/dev/null 2>&1 || :
fi
exit 0
