#include "clients/admission.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cairn {
namespace {

TEST(Admission, MaxClientsCountsTheClientsAlreadyConnected) {
    AdmissionInput in;
    in.maxclients = 2;
    in.connected_clients = 1;
    EXPECT_EQ(admit(in), Admission::Accept);
    in.connected_clients = 2;
    EXPECT_EQ(admit(in), Admission::TooManyClients);
    EXPECT_EQ(refusal_reply(Admission::TooManyClients), "-ERR max number of clients reached\r\n");
}

TEST(Admission, ProtectedModeRefusesRemotePeersWithoutPassword) {
    AdmissionInput in;
    in.peer_is_local = false;
    EXPECT_EQ(admit(in), Admission::ProtectedMode);
    std::string text(refusal_reply(Admission::ProtectedMode));
    EXPECT_EQ(text.rfind("-DENIED Redis is running in protected mode", 0), 0u);
    EXPECT_EQ(text.substr(text.size() - 2), "\r\n");

    in.password_set = true;
    EXPECT_EQ(admit(in), Admission::Accept);
    in.password_set = false;
    in.protected_mode = false;
    EXPECT_EQ(admit(in), Admission::Accept);
}

TEST(Admission, LocalPeersAreNeverProtected) {
    AdmissionInput in;
    in.peer_is_local = true;
    EXPECT_EQ(admit(in), Admission::Accept);
}

TEST(Admission, MaxClientsIsCheckedBeforeProtectedMode) {
    AdmissionInput in;
    in.maxclients = 1;
    in.connected_clients = 1;
    in.peer_is_local = false;
    EXPECT_EQ(admit(in), Admission::TooManyClients);
}

}  // namespace
}  // namespace cairn
