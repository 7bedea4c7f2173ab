# cairn rpm: as %systemd_preun, stop and disable the service on erase ($1 0), not on upgrade.
if [ "$1" -eq 0 ]; then
    systemctl --no-reload disable --now cairn.service >/dev/null 2>&1 || :
fi
exit 0
