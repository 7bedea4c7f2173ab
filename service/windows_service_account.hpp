// Windows only: the account a Cairn service runs under, its virtual account NT SERVICE\<name>
// (no password, no rights of its own), and the ACL that lets it write where it must.
#pragma once

#include <string>

namespace cairn::service::win {

// %ProgramData%\\Cairn, the directory of the default config file: where a service's log and
// (unless its config says otherwise) its data go, so where its account must be able to write.
std::string service_data_root();

// L"NT SERVICE\\<name>".
std::wstring virtual_account(const std::wstring& service_name);

// The SID Windows derives from the service name alone ("S-1-5-80-..."), valid before the
// service exists (installer/service-sid.sh computes the same for the MSI). False when the
// hash could not be computed (err says why).
bool service_sid(const std::wstring& service_name, std::wstring& sid, std::string& err);

// Lets the service's account modify what is inside dir (inherited by files and directories
// created there): a directory that has no protected ACL yet gets one that admits only SYSTEM,
// Administrators and this account, as the MSI's MsiLockPermissionsEx row does; one that has
// (another instance's) gets this account added.
bool grant_service_access(const std::wstring& dir, const std::wstring& service_name,
                          std::string& err);

}  // namespace cairn::service::win
