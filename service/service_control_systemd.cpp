// Linux: the unit shipped by the deb / rpm packages, driven with systemctl.
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "service/service_control.hpp"

extern char** environ;

namespace cairn::service {

namespace {

constexpr const char* kUnit = "cairn.service";

// Where packages and administrators put unit files.
constexpr const char* kUnitDirs[] = {"/etc/systemd/system", "/usr/lib/systemd/system",
                                     "/lib/systemd/system"};

bool exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

bool unit_installed() {
    for (const char* dir : kUnitDirs) {
        if (exists(std::string(dir) + "/" + kUnit)) return true;
    }
    return false;
}

// Runs systemctl with args and returns its exit status, or -1 with err.
int systemctl(std::vector<std::string> args, std::string& err) {
    args.insert(args.begin(), "systemctl");
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    int rc = ::posix_spawnp(&pid, "systemctl", nullptr, nullptr, argv.data(), environ);
    if (rc != 0) {
        err = std::string("cannot run systemctl: ") + std::strerror(rc);
        return -1;
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) == -1) {
        if (errno != EINTR) {
            err = std::string("waitpid: ") + std::strerror(errno);
            return -1;
        }
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    err = "systemctl was killed by signal " + std::to_string(WTERMSIG(status));
    return -1;
}

}  // namespace

std::string service_name() {
    return kUnit;
}

int control_service(ControlAction action, const ApplyConfigFile&, std::string& err) {
    // sd_booted(3): systemd is PID 1 exactly when this directory exists.
    if (!exists("/run/systemd/system")) {
        err = "systemd is not running on this system (no /run/systemd/system)";
        return -1;
    }
    if (!unit_installed()) {
        err = std::string(kUnit) + " is not installed (install the cairn package)";
        return -1;
    }
    switch (action) {
        case ControlAction::Install: {
            int rc = systemctl({"daemon-reload"}, err);
            return rc != 0 ? rc : systemctl({"enable", kUnit}, err);
        }
        case ControlAction::Uninstall:
            return systemctl({"disable", "--now", kUnit}, err);
        case ControlAction::Start:
            return systemctl({"start", kUnit}, err);
        case ControlAction::Stop:
            return systemctl({"stop", kUnit}, err);
        case ControlAction::Restart:
            return systemctl({"restart", kUnit}, err);
        case ControlAction::Status:
            return systemctl({"status", "--no-pager", kUnit}, err);
        case ControlAction::Reload:
            // The unit's ExecReload runs cairn-config apply as the service's user.
            return systemctl({"reload", kUnit}, err);
    }
    err = "unknown action";
    return -1;
}

}  // namespace cairn::service
