// Windows: the process the SCM starts (--service-run). The dispatcher thread answers the
// SCM's controls; ServiceMain runs the server, which reports START_PENDING while loading,
// RUNNING once its listeners are bound and STOP_PENDING when shutting down
// (readiness_windows.cpp). STOP and SHUTDOWN raise SIGTERM, which the server already handles
// as a graceful shutdown (pending replies flushed, then exit), as systemd's stop does on Linux;
// the log names the control (scm::stop_request), not the signal.
#include <windows.h>

#include <fcntl.h>
#include <io.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <mutex>

#include "platform/platform.hpp"
#include "platform/win32_text.hpp"
#include "service/windows_eventlog.hpp"
#include "service/windows_scm.hpp"
#include "service/windows_service.hpp"
#include "service/windows_service_account.hpp"

namespace cairn::service {

namespace {

using platform::win32::to_utf8;
using platform::win32::to_wide;

struct ServiceState {
    std::mutex mu;
    SERVICE_STATUS_HANDLE handle = nullptr;
    SERVICE_STATUS status{};
    std::wstring name;
    ServerMain run_server = nullptr;
    std::string argv0;
    std::vector<std::string> server_args;
};

ServiceState& state() {
    static ServiceState s;
    return s;
}

// Written by the SCM's control thread before it raises SIGTERM, read by the server's thread.
std::atomic<const char*> g_stop_request{""};

void set_status(DWORD current, DWORD win32_exit = NO_ERROR, DWORD specific_exit = 0) {
    ServiceState& s = state();
    std::lock_guard lock(s.mu);
    if (!s.handle) return;
    bool pending = current == SERVICE_START_PENDING || current == SERVICE_STOP_PENDING;
    s.status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    s.status.dwCurrentState = current;
    s.status.dwWin32ExitCode = win32_exit;
    s.status.dwServiceSpecificExitCode = specific_exit;
    s.status.dwControlsAccepted =
        current == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
    s.status.dwCheckPoint = pending ? s.status.dwCheckPoint + 1 : 0;
    s.status.dwWaitHint = pending ? 10000 : 0;
    SetServiceStatus(s.handle, &s.status);
}

DWORD WINAPI on_control(DWORD control, DWORD, void*, void*) {
    switch (control) {
        case SERVICE_CONTROL_STOP:
        case SERVICE_CONTROL_SHUTDOWN:
            // Accepted only while RUNNING (the server's signal handler is installed by then);
            // STOP_PENDING stops the SCM from sending it twice.
            set_status(SERVICE_STOP_PENDING);
            g_stop_request =
                control == SERVICE_CONTROL_STOP ? "service stop requested" : "system shutdown";
            std::raise(SIGTERM);
            return NO_ERROR;
        case SERVICE_CONTROL_INTERROGATE:
            return NO_ERROR;
        default:
            return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

// Points stdout and stderr at the log file. A service starts without standard handles, so the
// streams have no descriptor (-2). The UCRT (MSVC) reopens such a stream; msvcrt.dll (mingw-w64's
// runtime, and Wine's) refuses to, so there descriptors 1 and 2 are attached to the file and the
// streams (a plain struct in msvcrt) are pointed at them.
void attach_std_streams(const std::wstring& log) {
#if defined(_MSC_VER) || defined(_UCRT)
    _wfreopen(log.c_str(), L"a", stdout);
    _wfreopen(log.c_str(), L"a", stderr);
#else
    HANDLE h = CreateFileW(log.c_str(), FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE,
                           nullptr, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) return;
    int fd = _open_osfhandle(reinterpret_cast<intptr_t>(h), _O_APPEND | _O_TEXT);
    if (fd < 0) {
        CloseHandle(h);
        return;
    }
    if (_dup2(fd, 1) == 0) stdout->_file = 1;
    if (_dup2(fd, 2) == 0) stderr->_file = 2;
    if (fd > 2) _close(fd);
#endif
}

// A service has no console: stdout and stderr (where the log goes while `logfile` is "") are
// sent to %ProgramData%\Cairn\<name>.log, and the working directory (where `dir ./` points)
// becomes %ProgramData%\Cairn\data (data-<name> for other instances) rather than the system
// directory. The config can still choose its own logfile and dir.
std::string prepare_process(const std::wstring& name) {
    std::wstring root = to_wide(win::service_data_root());
    CreateDirectoryW(root.c_str(), nullptr);
    // Instances besides the default "cairn" get their own directory: their files must not mix.
    std::wstring data = to_wide(platform::default_data_dir());
    if (name != L"cairn") data += L"-" + name;
    CreateDirectoryW(data.c_str(), nullptr);
    SetCurrentDirectoryW(data.c_str());
    std::wstring log = root + L"\\" + name + L".log";
    attach_std_streams(log);
    return to_utf8(log);
}

void WINAPI service_main(DWORD, wchar_t**) {
    ServiceState& s = state();
    {
        std::lock_guard lock(s.mu);
        s.handle = RegisterServiceCtrlHandlerExW(s.name.c_str(), on_control, nullptr);
        if (!s.handle) return;
    }
    set_status(SERVICE_START_PENDING);
    std::string log = prepare_process(s.name);
    int rc = s.run_server(s.server_args, s.argv0);
    std::fflush(stdout);
    std::fflush(stderr);
    if (rc == 0) {
        eventlog::write(s.name, eventlog::Kind::Info, "Cairn stopped");
        set_status(SERVICE_STOPPED);
    } else {
        // A non-zero exit counts as a failure: the recovery actions restart the service.
        eventlog::write(s.name, eventlog::Kind::Error,
                        "Cairn exited with code " + std::to_string(rc) + "; see " + log);
        set_status(SERVICE_STOPPED, ERROR_SERVICE_SPECIFIC_ERROR, static_cast<DWORD>(rc));
    }
    // The SCM has the final status and the data and the log are on disk: the process ends
    // here. What the C runtime and the system DLLs would still do on the way out only keeps
    // the image busy (an uninstall cannot delete the exe, the service entry cannot go); under
    // Wine, on a loaded machine, that was seen to last minutes after STOPPED.
    TerminateProcess(GetCurrentProcess(), static_cast<UINT>(rc));
}

}  // namespace

namespace scm {

bool running_as_service() {
    std::lock_guard lock(state().mu);
    return state().handle != nullptr;
}

void report_start_pending() {
    set_status(SERVICE_START_PENDING);
}

void report_running() {
    if (!running_as_service()) return;
    set_status(SERVICE_RUNNING);
    eventlog::write(state().name, eventlog::Kind::Info, "Cairn is ready to accept connections");
}

void report_stop_pending() {
    set_status(SERVICE_STOP_PENDING);
}

const char* stop_request() {
    return g_stop_request;
}

}  // namespace scm

int win::run_as_service(const ServiceOptions& opts, ServerMain run_server,
                        const std::string& argv0) {
    ServiceState& s = state();
    s.name = opts.name;
    s.run_server = run_server;
    s.argv0 = argv0;
    s.server_args = opts.server_args;
    std::wstring name = opts.name;
    SERVICE_TABLE_ENTRYW table[] = {{name.data(), service_main}, {nullptr, nullptr}};
    if (!StartServiceCtrlDispatcherW(table)) {
        DWORD err = GetLastError();
        if (err == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
            std::fprintf(stderr,
                         "--service-run is for the Service Control Manager; start the service "
                         "with --service-start, or run cairn-server without it\n");
        } else {
            std::fprintf(stderr, "StartServiceCtrlDispatcher failed: %s\n",
                         platform::win32::error_text(err).c_str());
        }
        return 1;
    }
    // Reached when service_main could not run (it ends the process itself once STOPPED).
    std::lock_guard lock(s.mu);
    return s.status.dwWin32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR
               ? static_cast<int>(s.status.dwServiceSpecificExitCode)
               : 0;
}

}  // namespace cairn::service
