// Windows implementation of platform.hpp.
//
// Strings crossing this interface are UTF-8; paths are converted to UTF-16 for the W APIs.
// error_text() takes errno values, as on POSIX (its callers pass errno after CRT calls such as
// fopen); Win32 and Winsock failures inside this file are formatted with FormatMessageW.

// Order matters: winsock2.h before windows.h, windows.h before the rest.
#include <winsock2.h>

#include <windows.h>

#include <io.h>       // _isatty
#include <malloc.h>   // _heapmin
#include <mstcpip.h>  // tcp_keepalive, SIO_KEEPALIVE_VALS
#include <psapi.h>
#include <shlobj.h>  // SHGetKnownFolderPath, FOLDERID_ProgramData

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <cwchar>

#include "platform/command_clock.hpp"
#include "platform/platform.hpp"
#include "platform/win32_text.hpp"

namespace cairn::platform {

namespace win32 {

std::wstring to_wide(std::string_view s) {
    if (s.empty()) return {};
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s.data(), static_cast<int>(s.size()),
                                nullptr, 0);
    if (n <= 0) return {};
    std::wstring w(static_cast<size_t>(n), L'\0');
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s.data(), static_cast<int>(s.size()),
                        w.data(), n);
    return w;
}

std::string to_utf8(std::wstring_view w) {
    if (w.empty()) return {};
    int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0,
                                nullptr, nullptr);
    if (n <= 0) return {};
    std::string s(static_cast<size_t>(n), '\0');
    WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), s.data(), n, nullptr,
                        nullptr);
    return s;
}

// The W variant, converted to UTF-8: the A variant would return localized messages in the ANSI
// code page.
std::string error_text(unsigned long code) {
    wchar_t* buf = nullptr;
    DWORD n = FormatMessageW(
        FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
        nullptr, code, 0, reinterpret_cast<wchar_t*>(&buf), 0, nullptr);
    if (n == 0 || !buf) return "Windows error " + std::to_string(code);
    std::string text = to_utf8(std::wstring_view(buf, n));
    LocalFree(buf);
    // Match strerror()'s style: no trailing newline or full stop.
    while (!text.empty() && (text.back() == '\r' || text.back() == '\n' || text.back() == ' ' ||
                             text.back() == '.')) {
        text.pop_back();
    }
    return text.empty() ? "Windows error " + std::to_string(code) : text;
}

}  // namespace win32

namespace {

using win32::to_utf8;
using win32::to_wide;

std::string win32_error_text(DWORD code) {
    return win32::error_text(code);
}

uint64_t filetime_100ns(const FILETIME& ft) {
    return (static_cast<uint64_t>(ft.dwHighDateTime) << 32) | ft.dwLowDateTime;
}

// %ProgramData%\Cairn, from the known-folder API rather than the environment.
std::string program_data_dir() {
    PWSTR path = nullptr;
    std::string dir;
    if (SUCCEEDED(SHGetKnownFolderPath(FOLDERID_ProgramData, 0, nullptr, &path)) && path) {
        dir = to_utf8(path);
    }
    CoTaskMemFree(path);  // required even when the call failed; accepts null
    if (dir.empty()) dir = "C:\\ProgramData";
    return dir + "\\Cairn";
}

const char* machine_name() {
    SYSTEM_INFO si{};
    GetNativeSystemInfo(&si);
    switch (si.wProcessorArchitecture) {
        case PROCESSOR_ARCHITECTURE_AMD64:
            return "x86_64";
        case PROCESSOR_ARCHITECTURE_ARM64:
            return "arm64";
        case PROCESSOR_ARCHITECTURE_INTEL:
            return "i686";
        case PROCESSOR_ARCHITECTURE_ARM:
            return "arm";
        default:
            return "unknown";
    }
}

}  // namespace

uint64_t process_rss_bytes() {
    PROCESS_MEMORY_COUNTERS_EX pmc{};
    if (!GetProcessMemoryInfo(GetCurrentProcess(), reinterpret_cast<PROCESS_MEMORY_COUNTERS*>(&pmc),
                              sizeof(pmc))) {
        return 0;
    }
    return static_cast<uint64_t>(pmc.WorkingSetSize);
}

// The CRT heap has no cheap "bytes in use" query; private bytes (commit charge) come closest.
// Wine leaves PrivateUsage at 0, so the page-file commit and then the working set stand in.
uint64_t heap_used_bytes() {
    PROCESS_MEMORY_COUNTERS_EX pmc{};
    if (!GetProcessMemoryInfo(GetCurrentProcess(), reinterpret_cast<PROCESS_MEMORY_COUNTERS*>(&pmc),
                              sizeof(pmc))) {
        return 0;
    }
    if (pmc.PrivateUsage != 0) return static_cast<uint64_t>(pmc.PrivateUsage);
    if (pmc.PagefileUsage != 0) return static_cast<uint64_t>(pmc.PagefileUsage);
    return static_cast<uint64_t>(pmc.WorkingSetSize);
}

void process_cpu_seconds(double& user, double& sys) {
    FILETIME creation{}, exited{}, kernel{}, usr{};
    if (!GetProcessTimes(GetCurrentProcess(), &creation, &exited, &kernel, &usr)) {
        user = sys = 0;
        return;
    }
    user = static_cast<double>(filetime_100ns(usr)) / 1e7;
    sys = static_cast<double>(filetime_100ns(kernel)) / 1e7;
}

bool thread_cpu_seconds(double& user, double& sys) {
    FILETIME creation{}, exited{}, kernel{}, usr{};
    if (!GetThreadTimes(GetCurrentThread(), &creation, &exited, &kernel, &usr)) return false;
    user = static_cast<double>(filetime_100ns(usr)) / 1e7;
    sys = static_cast<double>(filetime_100ns(kernel)) / 1e7;
    return true;
}

void lower_thread_priority() {
    SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_BELOW_NORMAL);
}

// Sockets are kernel handles, not CRT descriptors, so maxclients is taken as configured.
bool has_fd_limit() {
    return false;
}
uint64_t fd_limit() {
    return UINT64_MAX;
}
uint64_t raise_fd_limit(uint64_t /*wanted*/) {
    return fd_limit();
}

bool set_tcp_keepalive(std::intptr_t socket, int seconds, std::string& err) {
    // SIO_KEEPALIVE_VALS sets the idle time and probe interval (in ms) and turns keepalive on.
    // The probe count cannot be set this way: Windows fixes it at 10 (since Vista), so a dead
    // peer is dropped after idle + 10 intervals rather than Redis's idle + 3 intervals.
    int interval = seconds / 3 > 0 ? seconds / 3 : 1;
    auto ms = [](int s) {  // saturating: tcp-keepalive may exceed ULONG_MAX milliseconds
        unsigned long long v = static_cast<unsigned long long>(s > 0 ? s : 0) * 1000;
        return static_cast<ULONG>(v > ULONG_MAX ? ULONG_MAX : v);
    };
    tcp_keepalive ka{};
    ka.onoff = 1;
    ka.keepalivetime = ms(seconds);
    ka.keepaliveinterval = ms(interval);
    DWORD returned = 0;
    if (WSAIoctl(static_cast<SOCKET>(socket), SIO_KEEPALIVE_VALS, &ka, sizeof(ka), nullptr, 0,
                 &returned, nullptr, nullptr) == SOCKET_ERROR) {
        err = win32_error_text(static_cast<DWORD>(WSAGetLastError()));
        return false;
    }
    return true;
}

bool accepted_sockets_inherit_tcp_options() {
    return false;
}

int process_id() {
    return static_cast<int>(GetCurrentProcessId());
}

std::string os_description() {
    // GetVersionEx lies to unmanifested programs (reports 6.2); RtlGetVersion does not.
    using RtlGetVersionFn = LONG(WINAPI*)(OSVERSIONINFOW*);
    OSVERSIONINFOW vi{};
    vi.dwOSVersionInfoSize = sizeof(vi);
    bool ok = false;
    if (HMODULE ntdll = GetModuleHandleW(L"ntdll.dll")) {
        // Through void(*)() so GCC's -Wcast-function-type accepts the FARPROC conversion.
        auto fn = reinterpret_cast<RtlGetVersionFn>(
            reinterpret_cast<void (*)()>(GetProcAddress(ntdll, "RtlGetVersion")));
        ok = fn && fn(&vi) == 0;  // STATUS_SUCCESS
    }
    std::string version = ok ? std::to_string(vi.dwMajorVersion) + "." +
                                   std::to_string(vi.dwMinorVersion) + "." +
                                   std::to_string(vi.dwBuildNumber)
                             : "unknown";
    return "Windows " + version + " " + machine_name();
}

int arch_bits() {
    return static_cast<int>(sizeof(void*) * 8);
}

// GetComputerNameEx rather than Winsock's gethostname, which fails before WSAStartup.
std::string hostname() {
    char buf[256] = {};
    DWORD size = sizeof(buf);
    if (!GetComputerNameExA(ComputerNameDnsHostname, buf, &size)) return "";
    return std::string(buf, size);
}

std::string default_config_path() {
    return program_data_dir() + "\\cairn.conf";
}
std::string default_data_dir() {
    return program_data_dir() + "\\data";
}

bool change_directory(const std::string& path, std::string& err) {
    std::wstring wpath = to_wide(path);
    if (wpath.empty()) {
        err = error_text(path.empty() ? ENOENT : EINVAL);  // as chdir() would say
        return false;
    }
    if (!SetCurrentDirectoryW(wpath.c_str())) {
        err = win32_error_text(GetLastError());
        return false;
    }
    return true;
}

std::string current_directory() {
    DWORD need = GetCurrentDirectoryW(0, nullptr);  // includes the terminator
    if (need == 0) return "";
    std::wstring buf(need, L'\0');
    DWORD len = GetCurrentDirectoryW(need, buf.data());
    if (len == 0 || len >= need) return "";
    return to_utf8(std::wstring_view(buf.data(), len));
}

// Rooted paths (\x, /x: on the current drive) count as absolute, as for Redis's '/' test.
std::string absolute_path(const std::string& path, const std::string& base) {
    auto sep = [](char c) { return c == '\\' || c == '/'; };
    bool drive = path.size() >= 2 && path[1] == ':';
    if ((!path.empty() && sep(path[0])) || drive) return path;
    return base + "\\" + path;
}

// unixsocket is not offered on Windows.
bool has_unix_sockets() {
    return false;
}

bool set_file_mode(const std::string& /*path*/, int /*mode*/, std::string& /*err*/) {
    return true;
}

bool stdout_is_terminal() {
    return _isatty(_fileno(stdout)) != 0;
}

void local_time(std::time_t t, std::tm& out) {
    if (localtime_s(&out, &t) != 0) out = std::tm{};
}

// Callers pass errno values (see the top of this file).
std::string error_text(int code) {
    char buf[256] = {};
    if (strerror_s(buf, sizeof(buf), code) != 0) return "Unknown error " + std::to_string(code);
    return buf;
}

bool copy_file_owner(const std::string&, std::intptr_t, std::string&) {
    return true;  // ACLs are inherited from the folder; nothing to copy
}

bool file_was_moved(std::FILE*, const std::string&) {
    return false;  // the CRT opens files without FILE_SHARE_DELETE: they cannot be renamed
}

void disable_transparent_huge_pages() {}  // Linux only

AllocatorStats allocator_stats() {
    return {};  // the CRT heap publishes no such figures
}

std::string_view allocator_name() {
    return "libc";
}

bool release_free_memory() {
    return _heapmin() == 0;
}

uint64_t total_system_memory() {
    MEMORYSTATUSEX status{};
    status.dwLength = sizeof(status);
    if (!GlobalMemoryStatusEx(&status)) return 0;
    return static_cast<uint64_t>(status.ullTotalPhys);
}

// steady_clock times commands here (see command_clock.hpp).
void init_command_clock() {}

}  // namespace cairn::platform
