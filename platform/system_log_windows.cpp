// The Application event log, with syslog-ident as the event source (registered by
// --service-install for the service's own name; another ident still logs, and Event Viewer
// then shows the text after its "description cannot be found" preamble).
#include <windows.h>

#include "platform/system_log.hpp"
#include "platform/win32_text.hpp"

namespace cairn::platform {

namespace {

HANDLE g_source = nullptr;

}  // namespace

bool system_log_has_facilities() {
    return false;
}

bool open_system_log(const std::string& ident, std::string_view, std::string& err) {
    g_source = RegisterEventSourceW(nullptr, win32::to_wide(ident).c_str());
    if (!g_source) {
        err = win32::error_text(GetLastError());
        return false;
    }
    return true;
}

void write_system_log(int level, std::string_view message) {
    if (!g_source) return;
    const std::wstring wide = win32::to_wide(message);
    const wchar_t* strings[] = {wide.c_str()};
    ReportEventW(g_source, level >= 3 ? EVENTLOG_WARNING_TYPE : EVENTLOG_INFORMATION_TYPE, 0, 0,
                 nullptr, 1, 0, strings, nullptr);
}

}  // namespace cairn::platform
