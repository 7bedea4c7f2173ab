#include "service/windows_service_account.hpp"

// windows.h first: the other headers need its types.
#include <windows.h>

#include <aclapi.h>
#include <bcrypt.h>
#include <sddl.h>

#include <cstdint>
#include <vector>

#include "platform/platform.hpp"
#include "platform/win32_text.hpp"

namespace cairn::service::win {

namespace {

using platform::win32::error_text;

// Modify: read, write, execute and delete, not change permissions or take ownership.
constexpr DWORD kModify = 0x1301bf;

bool sha1(const std::vector<unsigned char>& data, unsigned char (&digest)[20], std::string& err) {
    BCRYPT_ALG_HANDLE alg = nullptr;
    NTSTATUS st = BCryptOpenAlgorithmProvider(&alg, BCRYPT_SHA1_ALGORITHM, nullptr, 0);
    if (st < 0) {
        err = "SHA-1 is not available";
        return false;
    }
    st = BCryptHash(alg, nullptr, 0, const_cast<unsigned char*>(data.data()),
                    static_cast<ULONG>(data.size()), digest, sizeof(digest));
    BCryptCloseAlgorithmProvider(alg, 0);
    if (st < 0) err = "SHA-1 failed";
    return st >= 0;
}

}  // namespace

std::string service_data_root() {
    const std::string conf = platform::default_config_path();
    return conf.substr(0, conf.find_last_of('\\'));
}

std::wstring virtual_account(const std::wstring& service_name) {
    return L"NT SERVICE\\" + service_name;
}

bool service_sid(const std::wstring& service_name, std::wstring& sid, std::string& err) {
    // SHA-1 of the upper-case name in UTF-16LE; the digest read as five little-endian DWORDs.
    std::wstring upper = service_name;
    CharUpperBuffW(upper.data(), static_cast<DWORD>(upper.size()));
    std::vector<unsigned char> bytes;
    for (wchar_t c : upper) {
        bytes.push_back(static_cast<unsigned char>(c & 0xff));
        bytes.push_back(static_cast<unsigned char>((c >> 8) & 0xff));
    }
    unsigned char digest[20];
    if (!sha1(bytes, digest, err)) return false;
    sid = L"S-1-5-80";
    for (int i = 0; i < 5; i++) {
        uint32_t word = static_cast<uint32_t>(digest[i * 4]) |
                        static_cast<uint32_t>(digest[i * 4 + 1]) << 8 |
                        static_cast<uint32_t>(digest[i * 4 + 2]) << 16 |
                        static_cast<uint32_t>(digest[i * 4 + 3]) << 24;
        sid += L"-" + std::to_wstring(word);
    }
    return true;
}

bool grant_service_access(const std::wstring& dir, const std::wstring& service_name,
                          std::string& err) {
    std::wstring sid;
    if (!service_sid(service_name, sid, err)) return false;

    PSECURITY_DESCRIPTOR current = nullptr;
    PACL dacl = nullptr;
    DWORD rc = GetNamedSecurityInfoW(dir.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION,
                                     nullptr, nullptr, &dacl, nullptr, &current);
    if (rc != ERROR_SUCCESS) {
        err = error_text(rc);
        return false;
    }
    SECURITY_DESCRIPTOR_CONTROL control = 0;
    DWORD revision = 0;
    GetSecurityDescriptorControl(current, &control, &revision);
    const bool ours = (control & SE_DACL_PROTECTED) != 0 && dacl != nullptr;

    PACL new_dacl = nullptr;
    PSECURITY_DESCRIPTOR fresh = nullptr;
    PSID psid = nullptr;
    if (ours) {
        // Add this account to the ACL a Cairn installation already set.
        if (!ConvertStringSidToSidW(sid.c_str(), &psid)) {
            err = error_text(GetLastError());
            LocalFree(current);
            return false;
        }
        EXPLICIT_ACCESSW access{};
        access.grfAccessPermissions = kModify;
        access.grfAccessMode = GRANT_ACCESS;
        access.grfInheritance = SUB_CONTAINERS_AND_OBJECTS_INHERIT;
        access.Trustee.TrusteeForm = TRUSTEE_IS_SID;
        access.Trustee.TrusteeType = TRUSTEE_IS_WELL_KNOWN_GROUP;
        access.Trustee.ptstrName = static_cast<LPWSTR>(psid);
        rc = SetEntriesInAclW(1, &access, dacl, &new_dacl);
    } else {
        std::wstring sddl =
            L"D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;" + sid + L")";
        BOOL present = FALSE;
        BOOL defaulted = FALSE;
        if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1,
                                                                  &fresh, nullptr) ||
            !GetSecurityDescriptorDacl(fresh, &present, &new_dacl, &defaulted)) {
            rc = GetLastError();
        } else {
            rc = ERROR_SUCCESS;
        }
    }
    if (rc == ERROR_SUCCESS) {
        rc = SetNamedSecurityInfoW(const_cast<LPWSTR>(dir.c_str()), SE_FILE_OBJECT,
                                   DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                                   nullptr, nullptr, new_dacl, nullptr);
    }
    if (rc != ERROR_SUCCESS) err = error_text(rc);
    if (ours && new_dacl) LocalFree(new_dacl);
    if (fresh) LocalFree(fresh);
    if (psid) LocalFree(psid);
    LocalFree(current);
    return rc == ERROR_SUCCESS;
}

}  // namespace cairn::service::win
