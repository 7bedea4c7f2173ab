// Windows: `cairn-config service ...` drives the SCM through cairn-server.exe's own
// --service-* options (service/windows_service.hpp), so a service installed here is the same
// as one installed by the server or by the MSI. cairn-server.exe is looked for next to the
// running program, as the MSI installs both into one folder. The SCM has no reload: `reload`
// applies the service's config file from this process.
#include <windows.h>
// After windows.h: CommandLineToArgvW, which WIN32_LEAN_AND_MEAN leaves out.
#include <shellapi.h>

#include <string>
#include <vector>

#include "platform/platform.hpp"
#include "platform/win32_text.hpp"
#include "service/service_control.hpp"

namespace cairn::service {

namespace {

constexpr const wchar_t* kServiceName = L"cairn";

std::wstring server_executable() {
    std::wstring path(MAX_PATH, L'\0');
    for (;;) {
        DWORD n = GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
        if (n == 0) return L"cairn-server.exe";
        if (n < path.size()) {
            path.resize(n);
            break;
        }
        path.resize(path.size() * 2);
    }
    size_t slash = path.find_last_of(L"\\/");
    return (slash == std::wstring::npos ? L"" : path.substr(0, slash + 1)) + L"cairn-server.exe";
}

// Runs cairn-server.exe with the options and returns its exit code (-1 with err if it
// cannot be started).
int run_server(const std::wstring& exe, const std::wstring& options, std::string& err) {
    std::wstring command_line = L"\"" + exe + L"\" " + options;
    STARTUPINFOW si{};
    si.cb = sizeof si;
    PROCESS_INFORMATION pi{};
    if (!CreateProcessW(exe.c_str(), command_line.data(), nullptr, nullptr, FALSE, 0, nullptr,
                        nullptr, &si, &pi)) {
        err = "cannot run " + platform::win32::to_utf8(exe) + ": " +
              platform::win32::error_text(GetLastError());
        return -1;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 1;
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return static_cast<int>(code);
}

std::wstring options(const wchar_t* verb) {
    return std::wstring(L"--service-") + verb + L" --service-name " + kServiceName;
}

// The installed service's command line as the SCM keeps it ("" when it cannot be read).
std::wstring service_command_line() {
    SC_HANDLE scm = OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT);
    if (scm == nullptr) return {};
    std::wstring command;
    SC_HANDLE svc = OpenServiceW(scm, kServiceName, SERVICE_QUERY_CONFIG);
    if (svc != nullptr) {
        DWORD needed = 0;
        QueryServiceConfigW(svc, nullptr, 0, &needed);  // fails, telling the size needed
        std::vector<BYTE> buf(needed);
        auto* config = reinterpret_cast<QUERY_SERVICE_CONFIGW*>(buf.data());
        if (needed > 0 && QueryServiceConfigW(svc, config, needed, &needed) &&
            config->lpBinaryPathName != nullptr) {
            command = config->lpBinaryPathName;
        }
        CloseServiceHandle(svc);
    }
    CloseServiceHandle(scm);
    return command;
}

// The config file the service runs with: on the command line that install() and the MSI
// register ("cairn-server.exe" --service-run --service-name cairn "C:\...\cairn.conf" ...),
// the first argument after the service name that is not an option; the default path when the
// service is not installed or names none.
std::string service_config_path() {
    const std::wstring command = service_command_line();
    int argc = 0;
    LPWSTR* argv = command.empty() ? nullptr : CommandLineToArgvW(command.c_str(), &argc);
    std::string path = platform::default_config_path();
    for (int i = 1; i + 1 < argc; i++) {
        const std::wstring arg = argv[i];
        if (arg != L"--service-name") continue;
        if (i + 2 < argc && std::wstring(argv[i + 2]).rfind(L"--", 0) != 0) {
            path = platform::win32::to_utf8(argv[i + 2]);
        }
        break;
    }
    if (argv != nullptr) LocalFree(argv);
    return path;
}

}  // namespace

std::string service_name() {
    return platform::win32::to_utf8(kServiceName);
}

int control_service(ControlAction action, const ApplyConfigFile& apply_in_process,
                    std::string& err) {
    if (action == ControlAction::Reload) {
        if (!apply_in_process) {
            err = "reload: nothing to apply the config file with";
            return -1;
        }
        return apply_in_process(service_config_path());
    }
    std::wstring exe = server_executable();
    if (GetFileAttributesW(exe.c_str()) == INVALID_FILE_ATTRIBUTES) {
        err =
            platform::win32::to_utf8(exe) + " not found (cairn-config runs the service through it)";
        return -1;
    }
    switch (action) {
        case ControlAction::Install: {
            std::wstring conf = platform::win32::to_wide(platform::default_config_path());
            return run_server(exe, options(L"install") + L" \"" + conf + L"\"", err);
        }
        case ControlAction::Uninstall:
            return run_server(exe, options(L"uninstall"), err);
        case ControlAction::Start:
            return run_server(exe, options(L"start"), err);
        case ControlAction::Stop:
            return run_server(exe, options(L"stop"), err);
        case ControlAction::Restart: {
            // Exit 3 from status means "not running": then there is nothing to stop.
            int rc = run_server(exe, options(L"status"), err);
            if (rc == 0) rc = run_server(exe, options(L"stop"), err);
            if (rc != 0 && rc != 3) return rc;
            return run_server(exe, options(L"start"), err);
        }
        case ControlAction::Status:
            return run_server(exe, options(L"status"), err);
        case ControlAction::Reload:
            break;  // handled above, without cairn-server.exe
    }
    err = "unknown service action";
    return -1;
}

}  // namespace cairn::service
