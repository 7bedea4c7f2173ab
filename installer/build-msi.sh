#!/bin/sh
# Builds the Cairn MSI with wixl (msitools), as the Linux cross build does:
#   installer/build-msi.sh VERSION STAGE_DIR OUTPUT.msi
# STAGE_DIR holds cairn-server.exe, cairn.default.conf and, where Qt was there to build it,
# cairn-config.exe. wixl wants File/@Source relative to its working directory, so it runs in
# STAGE_DIR's parent.
set -eu
version=$1
stage=$2
out=$3
here=$(cd "$(dirname "$0")" && pwd)
out_abs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

cd "$(dirname "$stage")"
# wixl's preprocessor has no <?if?>: without cairn-config.exe its lines are cut out.
wxs=$here/cairn.wxs
with_tool=no
if [ -f "$stage/cairn-config.exe" ]; then
  with_tool=yes
else
  wxs=$(mktemp "$(basename "$stage").XXXXXX.wxs")
  trap 'rm -f "$wxs"' EXIT
  sed '/<!-- begin cairn-config/,/<!-- end cairn-config -->/d' "$here/cairn.wxs" >"$wxs"
fi
# wixl warns that it ignores Permanent (set below); keep its output quiet unless it fails.
if ! log=$(wixl -a x64 -D Version="$version" -D SourceDir="$(basename "$stage")" \
             -o "$out_abs" "$wxs" 2>&1); then
  printf '%s\n' "$log" >&2
  exit 1
fi

sql() {
  msibuild "$out_abs" -q "$1"
}

# Component attributes wixl drops: 256 = 64-bit, 16 = Permanent. %ProgramData%\Cairn and its
# data directory stay on uninstall.
sql "UPDATE \`Component\` SET \`Attributes\` = 272 WHERE \`Component\` = 'cmpDataRoot'"
sql "UPDATE \`Component\` SET \`Attributes\` = 272 WHERE \`Component\` = 'cmpDataDir'"

# cairn-config on the system PATH (wixl lacks Environment): "=-*PATH" sets the system variable
# on install and takes the value out again on uninstall; "[~];" appends to what is there.
if [ "$with_tool" = yes ]; then
  sql "CREATE TABLE \`Environment\` (\`Environment\` CHAR(72) NOT NULL, \`Name\` CHAR(255) NOT NULL,
         \`Value\` CHAR(255), \`Component_\` CHAR(72) NOT NULL PRIMARY KEY \`Environment\`)"
  sql "INSERT INTO \`Environment\` (\`Environment\`, \`Name\`, \`Value\`, \`Component_\`)
       VALUES ('envPath', '=-*PATH', '[~];[INSTALLFOLDER]', 'cmpServer')"
  sql "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`)
       VALUES ('RemoveEnvironmentStrings', 3300)"
  sql "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`)
       VALUES ('WriteEnvironmentStrings', 5200)"
fi

# Public properties the per-machine install passes from the client to the installer service,
# added to those wixl lists (its MajorUpgrade's).
# (msiinfo ends its lines with CR LF.)
secure=$(msiinfo export "$out_abs" Property | tr -d '\r' |
         awk -F '\t' '$1 == "SecureCustomProperties" { print $2 }')
sql "UPDATE \`Property\` SET \`Value\` = 'ADD_FIREWALL_RULE;INSTALLFOLDER;PORT${secure:+;$secure}'
     WHERE \`Property\` = 'SecureCustomProperties'"

# ADD_FIREWALL_RULE=1: an inbound Windows Firewall rule "Cairn" for the program (whatever port
# its config says), replaced on every install, removed with the product but kept through an
# upgrade. Custom action type 34 (an exe in a directory) + 1024 (deferred) + 2048 (as
# LocalSystem), + 64 where its exit code is ignored. Sequence numbers: after InstallFiles
# (4000) for the rule, after RemoveFiles (3500) for its removal.
firewall_action() {  # id, type, command, sequence, condition
  sql "INSERT INTO \`CustomAction\` (\`Action\`, \`Type\`, \`Source\`, \`Target\`)
       VALUES ('$1', $2, 'SystemFolder', '$3')"
  sql "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Condition\`, \`Sequence\`)
       VALUES ('$1', '$5', $4)"
}
rule='netsh.exe advfirewall firewall'
delete_rule="$rule delete rule name=\"Cairn\""
firewall_action caFirewallRuleClear 3170 "$delete_rule" 4020 'ADD_FIREWALL_RULE = 1 AND NOT REMOVE'
firewall_action caFirewallRuleAdd 3106 \
  "$rule add rule name=\"Cairn\" dir=in action=allow program=\"[INSTALLFOLDER]cairn-server.exe\" enable=yes" \
  4030 'ADD_FIREWALL_RULE = 1 AND NOT REMOVE'
firewall_action caFirewallRuleRemove 3170 "$delete_rule" 3510 \
  'REMOVE = "ALL" AND NOT UPGRADINGPRODUCTCODE'

# Restart on failure (Windows Installer 5: the MsiConfigureServices action, after
# InstallServices): 5 s, 5 s, then 30 s, the count reset after a day without failures
# (1 = SC_ACTION_RESTART); also after a non-zero exit, not only a crash
# (4 = SERVICE_CONFIG_FAILURE_ACTIONS_FLAG). Event 1|4: on install and reinstall.
sql "CREATE TABLE \`MsiServiceConfigFailureActions\` (
       \`MsiServiceConfigFailureActions\` CHAR(72) NOT NULL, \`Name\` CHAR(255) NOT NULL,
       \`Event\` SHORT NOT NULL, \`ResetPeriod\` LONG, \`RebootMessage\` CHAR(255),
       \`Command\` CHAR(255), \`Actions\` CHAR(255), \`DelayActions\` CHAR(255),
       \`Component_\` CHAR(72) NOT NULL PRIMARY KEY \`MsiServiceConfigFailureActions\`)"
sql "INSERT INTO \`MsiServiceConfigFailureActions\` (\`MsiServiceConfigFailureActions\`,
       \`Name\`, \`Event\`, \`ResetPeriod\`, \`Actions\`, \`DelayActions\`, \`Component_\`)
     VALUES ('svcCairnRestart', 'cairn', 5, 86400, '1[~]1[~]1', '5000[~]5000[~]30000',
             'cmpServer')"
sql "CREATE TABLE \`MsiServiceConfig\` (
       \`MsiServiceConfig\` CHAR(72) NOT NULL, \`Name\` CHAR(255) NOT NULL,
       \`Event\` SHORT NOT NULL, \`ConfigType\` LONG NOT NULL, \`Argument\` CHAR(255),
       \`Component_\` CHAR(72) NOT NULL PRIMARY KEY \`MsiServiceConfig\`)"
sql "INSERT INTO \`MsiServiceConfig\` (\`MsiServiceConfig\`, \`Name\`, \`Event\`,
       \`ConfigType\`, \`Argument\`, \`Component_\`)
     VALUES ('svcCairnRestartOnExitCode', 'cairn', 5, 4, '1', 'cmpServer')"
sql "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`)
     VALUES ('MsiConfigureServices', 5850)"

# The ACL of %ProgramData%\Cairn (config, log, data), not inherited from ProgramData, which
# lets every user read and create files: SYSTEM and Administrators full control, the
# service's virtual account NT SERVICE\cairn modify (0x1301bf), nobody else. Its SID is
# derived from the name, so it holds before the service is installed.
sid=$("$here/service-sid.sh" cairn)
sql "CREATE TABLE \`MsiLockPermissionsEx\` (
       \`MsiLockPermissionsEx\` CHAR(72) NOT NULL, \`LockObject\` CHAR(72) NOT NULL,
       \`Table\` CHAR(32) NOT NULL, \`SDDLText\` CHAR(0) NOT NULL, \`Condition\` CHAR(255)
       PRIMARY KEY \`MsiLockPermissionsEx\`)"
sql "INSERT INTO \`MsiLockPermissionsEx\` (\`MsiLockPermissionsEx\`, \`LockObject\`,
       \`Table\`, \`SDDLText\`)
     VALUES ('lockDataRoot', 'DATAROOT', 'CreateFolder',
             'D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;$sid)')"
