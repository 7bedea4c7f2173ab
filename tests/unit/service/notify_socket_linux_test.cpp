#include "service/notify_socket.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>

#include <gtest/gtest.h>

namespace cairn::service::detail {
namespace {

// Sets an environment variable for one test and restores it afterwards.
class EnvVar {
public:
    EnvVar(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old, had_ = true;
        if (value != nullptr) {
            ::setenv(name, value, 1);
        } else {
            ::unsetenv(name);
        }
    }
    ~EnvVar() {
        if (had_) {
            ::setenv(name_, old_.c_str(), 1);
        } else {
            ::unsetenv(name_);
        }
    }

private:
    const char* name_;
    std::string old_;
    bool had_ = false;
};

// A datagram socket bound at a path (or an abstract name when it starts with '@').
class Receiver {
public:
    explicit Receiver(std::string name) : name_(std::move(name)) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, name_.data(), name_.size());
        if (name_[0] == '@') addr.sun_path[0] = '\0';
        socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name_.size());
        EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len), 0) << std::strerror(errno);
        timeval tv{2, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    }
    ~Receiver() {
        ::close(fd_);
        if (name_[0] == '/') ::unlink(name_.c_str());
    }
    std::string receive() {
        char buf[512];
        ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
        return n < 0 ? std::string("<nothing>") : std::string(buf, static_cast<size_t>(n));
    }

private:
    std::string name_;
    int fd_ = -1;
};

std::string unique_name(const char* prefix) {
    return std::string(prefix) + "cairn-notify-test-" + std::to_string(::getpid());
}

TEST(NotifySocket, SendsOneDatagramToAPathSocket) {
    const std::string path = "/tmp/" + unique_name("");
    Receiver r(path);
    EnvVar env("NOTIFY_SOCKET", path.c_str());
    EXPECT_EQ(send_notify_datagram("READY=1\nSTATUS=up\n"), 1);
    EXPECT_EQ(r.receive(), "READY=1\nSTATUS=up\n");
}

TEST(NotifySocket, SendsToAnAbstractSocket) {
    const std::string name = unique_name("@");
    Receiver r(name);
    EnvVar env("NOTIFY_SOCKET", name.c_str());
    EXPECT_EQ(send_notify_datagram("STOPPING=1\n"), 1);
    EXPECT_EQ(r.receive(), "STOPPING=1\n");
}

TEST(NotifySocket, WithoutNotifySocketNothingIsSent) {
    EnvVar env("NOTIFY_SOCKET", nullptr);
    EXPECT_EQ(send_notify_datagram("READY=1\n"), 0);
}

TEST(NotifySocket, RelativeOrMissingSocketsAreErrors) {
    {
        EnvVar env("NOTIFY_SOCKET", "relative/path");
        EXPECT_EQ(send_notify_datagram("READY=1\n"), -EINVAL);
    }
    {
        EnvVar env("NOTIFY_SOCKET", "/nonexistent-dir/notify.sock");
        EXPECT_EQ(send_notify_datagram("READY=1\n"), -ENOENT);
    }
}

TEST(NotifySocket, WatchdogFromEnvironment) {
    uint64_t usec = 0;
    {
        EnvVar usec_env("WATCHDOG_USEC", nullptr);
        EXPECT_EQ(watchdog_enabled_from_env(usec), 0);
    }
    {
        EnvVar usec_env("WATCHDOG_USEC", "3000000");
        EnvVar pid_env("WATCHDOG_PID", nullptr);
        EXPECT_EQ(watchdog_enabled_from_env(usec), 1);
        EXPECT_EQ(usec, 3000000u);
    }
    {
        EnvVar usec_env("WATCHDOG_USEC", "3000000");
        EnvVar pid_env("WATCHDOG_PID", std::to_string(::getpid() + 1).c_str());
        EXPECT_EQ(watchdog_enabled_from_env(usec), 0);  // another process's watchdog
    }
    {
        EnvVar usec_env("WATCHDOG_USEC", "soon");
        EXPECT_EQ(watchdog_enabled_from_env(usec), -EINVAL);
    }
}

}  // namespace
}  // namespace cairn::service::detail
