#include <windows.h>

#include <algorithm>

#include "platform/durable_file.hpp"
#include "platform/win32_text.hpp"

namespace cairn::platform {

namespace {
bool fail(std::string& err) {
    err = win32::error_text(GetLastError());
    return false;
}
// A path with Windows separators (some calls, and Wine, refuse '/').
std::wstring native(const std::string& path) {
    std::wstring w = win32::to_wide(path);
    for (wchar_t& ch : w) {
        if (ch == L'/') ch = L'\\';
    }
    return w;
}

HANDLE handle_of(std::intptr_t h) {
    return reinterpret_cast<HANDLE>(h);
}
}  // namespace

DurableFile::~DurableFile() {
    if (handle_ != kClosed) CloseHandle(handle_of(handle_));
}

bool DurableFile::open(const std::string& path, bool append, std::string& err) {
    // GENERIC_WRITE also for appending: FlushFileBuffers and SetEndOfFile need it. Sharing
    // everything lets readers in and a finished file be renamed while it is open (POSIX-like).
    HANDLE h = CreateFileW(native(path).c_str(), GENERIC_WRITE,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                           append ? OPEN_ALWAYS : CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) return fail(err);
    if (append) {
        LARGE_INTEGER zero{};
        if (!SetFilePointerEx(h, zero, nullptr, FILE_END)) {
            fail(err);
            CloseHandle(h);
            return false;
        }
    }
    handle_ = reinterpret_cast<std::intptr_t>(h);
    return true;
}

bool DurableFile::write(std::string_view data, std::string& err) {
    size_t off = 0;
    while (off < data.size()) {
        DWORD chunk = static_cast<DWORD>(std::min<size_t>(data.size() - off, 1u << 30));
        DWORD n = 0;
        if (!WriteFile(handle_of(handle_), data.data() + off, chunk, &n, nullptr)) return fail(err);
        off += n;
    }
    return true;
}

bool DurableFile::sync(std::string& err) {
    if (!FlushFileBuffers(handle_of(handle_))) return fail(err);
    return true;
}

bool DurableFile::close(std::string& err) {
    HANDLE h = handle_of(handle_);
    handle_ = kClosed;
    if (!CloseHandle(h)) return fail(err);
    return true;
}

bool DurableFile::truncate(uint64_t size, std::string& err) {
    LARGE_INTEGER pos;
    pos.QuadPart = static_cast<LONGLONG>(size);
    if (!SetFilePointerEx(handle_of(handle_), pos, nullptr, FILE_BEGIN) ||
        !SetEndOfFile(handle_of(handle_))) {
        return fail(err);
    }
    return true;
}

bool replace_file(const std::string& from, const std::string& to, std::string& err) {
    if (!MoveFileExW(native(from).c_str(), native(to).c_str(),
                     MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        return fail(err);
    }
    return true;
}

bool remove_file(const std::string& path, std::string& err) {
    if (!DeleteFileW(native(path).c_str()) && GetLastError() != ERROR_FILE_NOT_FOUND) {
        return fail(err);
    }
    return true;
}

bool file_exists(const std::string& path) {
    return GetFileAttributesW(native(path).c_str()) != INVALID_FILE_ATTRIBUTES;
}

int64_t file_size(const std::string& path) {
    WIN32_FILE_ATTRIBUTE_DATA data;
    if (!GetFileAttributesExW(native(path).c_str(), GetFileExInfoStandard, &data)) {
        return -1;
    }
    return (static_cast<int64_t>(data.nFileSizeHigh) << 32) | data.nFileSizeLow;
}

bool make_directory(const std::string& path, std::string& err) {
    if (!CreateDirectoryW(native(path).c_str(), nullptr) &&
        GetLastError() != ERROR_ALREADY_EXISTS) {
        return fail(err);
    }
    return true;
}

std::string directory_of(const std::string& path) {
    size_t slash = path.find_last_of("/\\");
    if (slash == std::string::npos) return ".";
    if (slash == 0) return path.substr(0, 1);
    return path.substr(0, slash);
}

}  // namespace cairn::platform
