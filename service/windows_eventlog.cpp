#include "service/windows_eventlog.hpp"

#include <windows.h>

#include "platform/win32_text.hpp"

namespace cairn::service::eventlog {

namespace {

const std::wstring kAppLogKey = L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\";

}  // namespace

void write(const std::wstring& source, Kind kind, std::string_view text) {
    HANDLE h = RegisterEventSourceW(nullptr, source.c_str());
    if (!h) return;
    std::wstring wide = platform::win32::to_wide(text);
    const wchar_t* strings[] = {wide.c_str()};
    WORD type = kind == Kind::Error     ? EVENTLOG_ERROR_TYPE
                : kind == Kind::Warning ? EVENTLOG_WARNING_TYPE
                                        : EVENTLOG_INFORMATION_TYPE;
    ReportEventW(h, type, 0, 0, nullptr, 1, 0, strings, nullptr);
    DeregisterEventSource(h);
}

bool register_source(const std::wstring& source, std::string& err) {
    HKEY key = nullptr;
    LSTATUS rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, (kAppLogKey + source).c_str(), 0, nullptr, 0,
                                 KEY_SET_VALUE, nullptr, &key, nullptr);
    if (rc != ERROR_SUCCESS) {
        err = platform::win32::error_text(static_cast<unsigned long>(rc));
        return false;
    }
    DWORD types = EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE;
    rc = RegSetValueExW(key, L"TypesSupported", 0, REG_DWORD, reinterpret_cast<const BYTE*>(&types),
                        sizeof(types));
    RegCloseKey(key);
    if (rc != ERROR_SUCCESS) {
        err = platform::win32::error_text(static_cast<unsigned long>(rc));
        return false;
    }
    return true;
}

void unregister_source(const std::wstring& source) {
    RegDeleteKeyW(HKEY_LOCAL_MACHINE, (kAppLogKey + source).c_str());
}

}  // namespace cairn::service::eventlog
