#include "service/windows_service_account.hpp"

#include <gtest/gtest.h>

namespace cairn::service::win {
namespace {

TEST(ServiceAccount, VirtualAccountSidIsDerivedFromTheName) {
    std::wstring sid;
    std::string err;
    // The SID every Windows has for NT SERVICE\TrustedInstaller.
    ASSERT_TRUE(service_sid(L"TrustedInstaller", sid, err)) << err;
    EXPECT_EQ(sid, L"S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464");
    // Case does not matter: the name is upper-cased first. The MSI uses installer/service-sid.sh's
    // value for "cairn", which this must agree with.
    ASSERT_TRUE(service_sid(L"CAIRN", sid, err)) << err;
    EXPECT_EQ(sid, L"S-1-5-80-1835446107-187505542-227936291-3665054832-2229560531");
    EXPECT_EQ(virtual_account(L"cairn"), L"NT SERVICE\\cairn");
}

}  // namespace
}  // namespace cairn::service::win
