// Windows: installing and controlling the service through the Service Control Manager.
#include <windows.h>

#include <chrono>
#include <cstdio>
#include <iterator>
#include <thread>

#include "platform/platform.hpp"
#include "platform/win32_text.hpp"
#include "service/windows_eventlog.hpp"
#include "service/windows_service.hpp"
#include "service/windows_service_account.hpp"

namespace cairn::service::win {

namespace {

using platform::win32::error_text;
using platform::win32::to_utf8;
using platform::win32::to_wide;

constexpr auto kWaitLimit = std::chrono::seconds(30);

// Closes an SC_HANDLE at scope exit.
class ScHandle {
public:
    explicit ScHandle(SC_HANDLE h) : h_(h) {}
    ~ScHandle() {
        if (h_) CloseServiceHandle(h_);
    }
    ScHandle(const ScHandle&) = delete;
    ScHandle& operator=(const ScHandle&) = delete;
    SC_HANDLE get() const { return h_; }
    explicit operator bool() const { return h_ != nullptr; }

private:
    SC_HANDLE h_;
};

int fail(const char* what, const std::wstring& name, DWORD code = GetLastError()) {
    std::fprintf(stderr, "%s service '%s' failed: %s\n", what, to_utf8(name).c_str(),
                 error_text(code).c_str());
    return 1;
}

// One argument quoted as CommandLineToArgvW reads it back: backslashes are literal except
// before a quote, where they (and the quote) are escaped.
std::wstring quote_arg(const std::wstring& arg) {
    if (!arg.empty() && arg.find_first_of(L" \t\"") == std::wstring::npos) return arg;
    std::wstring out = L"\"";
    size_t backslashes = 0;
    for (wchar_t c : arg) {
        if (c == L'\\') {
            backslashes++;
            continue;
        }
        out.append(c == L'"' ? backslashes * 2 + 1 : backslashes, L'\\');
        backslashes = 0;
        out += c;
    }
    out.append(backslashes * 2, L'\\');  // they precede the closing quote
    return out + L"\"";
}

std::wstring executable_path() {
    std::wstring buf(MAX_PATH, L'\0');
    while (true) {
        DWORD n = GetModuleFileNameW(nullptr, buf.data(), static_cast<DWORD>(buf.size()));
        if (n < buf.size()) return buf.substr(0, n);
        buf.resize(buf.size() * 2);
    }
}

SERVICE_STATUS_PROCESS query(SC_HANDLE svc, bool& ok) {
    SERVICE_STATUS_PROCESS st{};
    DWORD needed = 0;
    ok = QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, reinterpret_cast<BYTE*>(&st), sizeof(st),
                              &needed) != 0;
    return st;
}

// Polls until the service leaves `pending` (bounded); returns the state it reached.
DWORD wait_while(SC_HANDLE svc, DWORD pending) {
    auto deadline = std::chrono::steady_clock::now() + kWaitLimit;
    bool ok = false;
    SERVICE_STATUS_PROCESS st = query(svc, ok);
    while (ok && st.dwCurrentState == pending && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        st = query(svc, ok);
    }
    return ok ? st.dwCurrentState : 0;
}

const char* state_name(DWORD state) {
    switch (state) {
        case SERVICE_STOPPED:
            return "STOPPED";
        case SERVICE_START_PENDING:
            return "START_PENDING";
        case SERVICE_STOP_PENDING:
            return "STOP_PENDING";
        case SERVICE_RUNNING:
            return "RUNNING";
        case SERVICE_CONTINUE_PENDING:
            return "CONTINUE_PENDING";
        case SERVICE_PAUSE_PENDING:
            return "PAUSE_PENDING";
        case SERVICE_PAUSED:
            return "PAUSED";
        default:
            return "UNKNOWN";
    }
}

ScHandle open_service(const std::wstring& name, DWORD access, DWORD& err) {
    ScHandle scm(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    if (!scm) {
        err = GetLastError();
        return ScHandle(nullptr);
    }
    SC_HANDLE svc = OpenServiceW(scm.get(), name.c_str(), access);
    err = svc ? 0 : GetLastError();
    return ScHandle(svc);
}

// DeleteService only marks a service while some handle to it is still open (a console,
// services.msc, an installer): it goes when the last one closes, and cannot be started
// meanwhile. ChangeServiceConfig without a change tells: ERROR_SERVICE_MARKED_FOR_DELETE.
// An account that may not change the service's config is not told (false).
bool marked_for_delete(const std::wstring& name) {
    DWORD err = 0;
    ScHandle svc = open_service(name, SERVICE_CHANGE_CONFIG, err);
    if (!svc) return false;
    if (ChangeServiceConfigW(svc.get(), SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE,
                             nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr)) {
        return false;
    }
    return GetLastError() == ERROR_SERVICE_MARKED_FOR_DELETE;
}

// Restarts after a crash and after a non-zero exit: 5 s, 5 s, then 30 s; the count resets
// after a day without failures. What the SCM refuses is a warning.
void configure_recovery(SC_HANDLE svc, const std::wstring& name) {
    SC_ACTION actions[] = {
        {SC_ACTION_RESTART, 5000}, {SC_ACTION_RESTART, 5000}, {SC_ACTION_RESTART, 30000}};
    SERVICE_FAILURE_ACTIONSW failure{};
    failure.dwResetPeriod = 24 * 3600;
    failure.cActions = static_cast<DWORD>(std::size(actions));
    failure.lpsaActions = actions;
    if (!ChangeServiceConfig2W(svc, SERVICE_CONFIG_FAILURE_ACTIONS, &failure)) {
        std::fprintf(stderr, "Warning: service '%s': no restart on failure: %s\n",
                     to_utf8(name).c_str(), error_text(GetLastError()).c_str());
        return;
    }
    // Also after a non-zero exit code, not only after a crash (Wine 8 lacks this setting).
    SERVICE_FAILURE_ACTIONS_FLAG on_exit_code{TRUE};
    if (!ChangeServiceConfig2W(svc, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, &on_exit_code)) {
        std::fprintf(stderr, "Warning: service '%s': no restart after a failed exit: %s\n",
                     to_utf8(name).c_str(), error_text(GetLastError()).c_str());
    }
}

}  // namespace

int install(const ServiceOptions& opts) {
    // The config file, made absolute: the service starts in the system directory.
    std::vector<std::string> args = opts.server_args;
    if (args.empty() || args[0].rfind("--", 0) == 0) {
        args.insert(args.begin(), platform::default_config_path());
    }
    args[0] = platform::absolute_path(args[0], platform::current_directory());
    if (GetFileAttributesW(to_wide(args[0]).c_str()) == INVALID_FILE_ATTRIBUTES) {
        std::fprintf(stderr, "Warning: the config file %s does not exist (yet)\n", args[0].c_str());
    }

    std::wstring command =
        quote_arg(executable_path()) + L" --service-run --service-name " + quote_arg(opts.name);
    for (const std::string& a : args) command += L" " + quote_arg(to_wide(a));

    ScHandle scm(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CREATE_SERVICE));
    if (!scm) return fail("Installing", opts.name);
    std::wstring display = opts.name == L"cairn" ? L"Cairn" : L"Cairn (" + opts.name + L")";
    // Its own virtual account (no password), as the MSI installs it: not LocalSystem.
    const std::wstring account = virtual_account(opts.name);
    ScHandle svc(CreateServiceW(scm.get(), opts.name.c_str(), display.c_str(), SERVICE_ALL_ACCESS,
                                SERVICE_WIN32_OWN_PROCESS, SERVICE_AUTO_START, SERVICE_ERROR_NORMAL,
                                command.c_str(), nullptr, nullptr, nullptr, account.c_str(),
                                nullptr));
    if (!svc) return fail("Installing", opts.name);

    // %ProgramData%\Cairn holds the service's log and (unless the config says otherwise) its
    // data: the account may write there, and nobody but SYSTEM and Administrators may.
    const std::wstring data_root = to_wide(service_data_root());
    CreateDirectoryW(data_root.c_str(), nullptr);
    std::string acl_err;
    if (!grant_service_access(data_root, opts.name, acl_err)) {
        std::fprintf(stderr, "Warning: %s cannot be given to %s: %s\n", to_utf8(data_root).c_str(),
                     to_utf8(account).c_str(), acl_err.c_str());
    }

    std::wstring about =
        L"Cairn, a Redis-compatible in-memory data store (" + to_wide(args[0]) + L")";
    SERVICE_DESCRIPTIONW description{about.data()};
    ChangeServiceConfig2W(svc.get(), SERVICE_CONFIG_DESCRIPTION, &description);
    configure_recovery(svc.get(), opts.name);
    std::string err;
    if (!eventlog::register_source(opts.name, err)) {
        std::fprintf(stderr, "Warning: no event log source for '%s': %s\n",
                     to_utf8(opts.name).c_str(), err.c_str());
    }
    std::printf("Cairn service '%s' installed as %s: %s\n", to_utf8(opts.name).c_str(),
                to_utf8(account).c_str(), to_utf8(command).c_str());
    std::printf("It may write in %s; a dir or logfile elsewhere must let %s write there.\n",
                to_utf8(data_root).c_str(), to_utf8(account).c_str());
    return 0;
}

int uninstall(const ServiceOptions& opts) {
    DWORD err = 0;
    ScHandle svc = open_service(opts.name, DELETE | SERVICE_STOP | SERVICE_QUERY_STATUS, err);
    if (!svc) return fail("Uninstalling", opts.name, err);
    bool ok = false;
    SERVICE_STATUS_PROCESS st = query(svc.get(), ok);
    if (ok && st.dwCurrentState != SERVICE_STOPPED) {
        SERVICE_STATUS ignored{};
        ControlService(svc.get(), SERVICE_CONTROL_STOP, &ignored);
        wait_while(svc.get(), SERVICE_STOP_PENDING);
    }
    if (!DeleteService(svc.get())) return fail("Uninstalling", opts.name);
    eventlog::unregister_source(opts.name);
    std::printf("Cairn service '%s' uninstalled\n", to_utf8(opts.name).c_str());
    return 0;
}

int start(const ServiceOptions& opts) {
    DWORD err = 0;
    ScHandle svc = open_service(opts.name, SERVICE_START | SERVICE_QUERY_STATUS, err);
    if (!svc) return fail("Starting", opts.name, err);
    if (!StartServiceW(svc.get(), 0, nullptr)) return fail("Starting", opts.name);
    DWORD state = wait_while(svc.get(), SERVICE_START_PENDING);
    if (state != SERVICE_RUNNING) {
        bool ok = false;
        SERVICE_STATUS_PROCESS st = query(svc.get(), ok);
        std::fprintf(stderr, "Cairn service '%s' did not start: %s (exit code %lu); see its log\n",
                     to_utf8(opts.name).c_str(), state_name(state),
                     static_cast<unsigned long>(st.dwServiceSpecificExitCode));
        return 1;
    }
    std::printf("Cairn service '%s' started\n", to_utf8(opts.name).c_str());
    return 0;
}

int stop(const ServiceOptions& opts) {
    DWORD err = 0;
    ScHandle svc = open_service(opts.name, SERVICE_STOP | SERVICE_QUERY_STATUS, err);
    if (!svc) return fail("Stopping", opts.name, err);
    SERVICE_STATUS ignored{};
    if (!ControlService(svc.get(), SERVICE_CONTROL_STOP, &ignored)) {
        DWORD code = GetLastError();
        if (code != ERROR_SERVICE_NOT_ACTIVE) return fail("Stopping", opts.name, code);
    }
    DWORD state = wait_while(svc.get(), SERVICE_STOP_PENDING);
    if (state != SERVICE_STOPPED) {
        std::fprintf(stderr, "Cairn service '%s' did not stop: %s\n", to_utf8(opts.name).c_str(),
                     state_name(state));
        return 1;
    }
    std::printf("Cairn service '%s' stopped\n", to_utf8(opts.name).c_str());
    return 0;
}

int status(const ServiceOptions& opts) {
    DWORD err = 0;
    ScHandle svc = open_service(opts.name, SERVICE_QUERY_STATUS, err);
    if (!svc) {
        if (err == ERROR_SERVICE_DOES_NOT_EXIST) {
            std::printf("%s: not installed\n", to_utf8(opts.name).c_str());
            return 4;
        }
        return fail("Querying", opts.name, err);
    }
    bool ok = false;
    SERVICE_STATUS_PROCESS st = query(svc.get(), ok);
    if (!ok) return fail("Querying", opts.name);
    if (st.dwCurrentState == SERVICE_STOPPED && marked_for_delete(opts.name)) {
        std::printf(
            "%s: not installed (uninstalled; the entry goes when the last program "
            "holding it lets go)\n",
            to_utf8(opts.name).c_str());
        return 4;
    }
    if (st.dwCurrentState == SERVICE_STOPPED) {
        std::printf("%s: STOPPED (last exit code %lu)\n", to_utf8(opts.name).c_str(),
                    static_cast<unsigned long>(st.dwWin32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR
                                                   ? st.dwServiceSpecificExitCode
                                                   : st.dwWin32ExitCode));
        return 3;
    }
    std::printf("%s: %s (pid %lu)\n", to_utf8(opts.name).c_str(), state_name(st.dwCurrentState),
                static_cast<unsigned long>(st.dwProcessId));
    return st.dwCurrentState == SERVICE_RUNNING ? 0 : 3;
}

}  // namespace cairn::service::win
