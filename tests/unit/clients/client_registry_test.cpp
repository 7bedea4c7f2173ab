#include "clients/client_registry.hpp"
#include "net/connection.hpp"  // Client owns a unique_ptr<Connection>

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace cairn {
namespace {

using Verdict = ClientRegistry::Verdict;

std::shared_ptr<Client> make(uint64_t id, int64_t last_ms) {
    auto c = std::make_shared<Client>(id, nullptr, 0);
    c->last_interaction_ms = last_ms;
    return c;
}

// Ids of the clients one full walk of the active list visits.
std::vector<uint64_t> walk(ClientRegistry& r, Verdict v = Verdict::Stay) {
    std::vector<uint64_t> seen;
    r.for_some_active(r.active_count(), [&](Client& c) {
        seen.push_back(c.id());
        return v;
    });
    return seen;
}

TEST(ClientRegistryCron, NewClientsAreActive) {
    ClientRegistry r;
    r.add(make(1, 0));
    r.add(make(2, 0));
    EXPECT_EQ(r.active_count(), 2u);
    EXPECT_EQ(r.quiet_count(), 0u);
    EXPECT_EQ(walk(r), (std::vector<uint64_t>{1, 2}));
}

TEST(ClientRegistryCron, QuietClientsAreNotVisitedUntilTouched) {
    ClientRegistry r;
    for (uint64_t id = 1; id <= 3; id++) r.add(make(id, 0));
    walk(r, Verdict::Quiet);
    EXPECT_EQ(r.active_count(), 0u);
    EXPECT_EQ(r.quiet_count(), 3u);
    EXPECT_TRUE(walk(r).empty());
    r.touch(*r.find(2));
    r.touch(*r.find(2));  // twice is once
    EXPECT_EQ(r.active_count(), 1u);
    EXPECT_EQ(r.quiet_count(), 2u);
    EXPECT_EQ(walk(r), (std::vector<uint64_t>{2}));
    EXPECT_EQ(r.size(), 3u);
}

TEST(ClientRegistryCron, IncrementalWalkResumesAndWraps) {
    ClientRegistry r;
    for (uint64_t id = 1; id <= 5; id++) r.add(make(id, 0));
    std::vector<uint64_t> seen;
    auto visit = [&](Client& c) {
        seen.push_back(c.id());
        return Verdict::Stay;
    };
    r.for_some_active(2, visit);
    r.for_some_active(2, visit);
    r.for_some_active(2, visit);
    EXPECT_EQ(seen, (std::vector<uint64_t>{1, 2, 3, 4, 5, 1}));
}

TEST(ClientRegistryCron, QuietListIsOrderedByLastInteraction) {
    ClientRegistry r;
    r.add(make(1, 300));
    r.add(make(2, 100));
    r.add(make(3, 200));
    walk(r, Verdict::Quiet);
    std::vector<uint64_t> expired;
    r.for_quiet_before(250, [&](Client& c) {
        expired.push_back(c.id());
        r.remove(c);
    });
    EXPECT_EQ(expired, (std::vector<uint64_t>{2, 3}));
    EXPECT_EQ(r.quiet_count(), 1u);
    EXPECT_EQ(r.size(), 1u);
}

TEST(ClientRegistryCron, ExpiredClientsNotFreedAreParked) {
    ClientRegistry r;
    r.add(make(1, 100));
    r.add(make(2, 100));
    walk(r, Verdict::Quiet);
    int calls = 0;
    r.for_quiet_before(1000, [&](Client&) { calls++; });  // exempt: not freed
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(r.quiet_count(), 0u);
    EXPECT_EQ(r.active_count(), 0u);
    EXPECT_EQ(r.size(), 2u);
    r.touch(*r.find(1));
    EXPECT_EQ(walk(r), (std::vector<uint64_t>{1}));
}

TEST(ClientRegistryCron, ParkedClientsAreOnNeitherList) {
    ClientRegistry r;
    r.add(make(1, 0));
    walk(r, Verdict::Parked);
    EXPECT_EQ(r.active_count() + r.quiet_count(), 0u);
    int calls = 0;
    r.for_quiet_before(1000, [&](Client&) { calls++; });
    EXPECT_EQ(calls, 0);
}

TEST(ClientRegistryCron, RemovingDuringTheWalkIsSafe) {
    ClientRegistry r;
    for (uint64_t id = 1; id <= 4; id++) r.add(make(id, 0));
    std::vector<uint64_t> seen;
    r.for_some_active(4, [&](Client& c) {
        seen.push_back(c.id());
        if (c.id() == 2) {
            r.remove(*r.find(3));  // another one
            r.remove(c);           // itself
        }
        return Verdict::Quiet;
    });
    EXPECT_EQ(seen, (std::vector<uint64_t>{1, 2, 4}));
    EXPECT_EQ(r.size(), 2u);
    EXPECT_EQ(r.quiet_count(), 2u);
}

TEST(ClientRegistryCron, TouchingAnUnregisteredClientDoesNothing) {
    ClientRegistry r;
    auto c = make(7, 0);
    r.touch(*c);
    EXPECT_EQ(r.active_count(), 0u);
}

}  // namespace
}  // namespace cairn
