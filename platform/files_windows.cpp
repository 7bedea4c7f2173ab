// platform/files.hpp on Windows.
#include <windows.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <random>

#include "platform/files.hpp"
#include "platform/win32_text.hpp"

namespace cairn::platform {

namespace {

wchar_t fold(wchar_t c) {
    return c >= L'A' && c <= L'Z' ? static_cast<wchar_t>(c - L'A' + L'a') : c;
}

// * and ?, case-insensitive as Windows file names are. FindFirstFile's own matching is not
// used for the decision: it also matches 8.3 short names ("*.con" finds "x.conf").
bool wildcard_match(std::wstring_view pat, std::wstring_view name) {
    size_t p = 0, n = 0, star = std::wstring_view::npos, resume = 0;
    while (n < name.size()) {
        if (p < pat.size() && (pat[p] == L'?' || fold(pat[p]) == fold(name[n]))) {
            p++;
            n++;
        } else if (p < pat.size() && pat[p] == L'*') {
            star = p++;
            resume = n;
        } else if (star != std::wstring_view::npos) {
            p = star + 1;
            n = ++resume;
        } else {
            return false;
        }
    }
    while (p < pat.size() && pat[p] == L'*') p++;
    return p == pat.size();
}

HANDLE create_temp_file(const std::wstring& path, std::wstring& tmp_path) {
    static constexpr wchar_t kChars[] =
        L"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::random_device rd;
    std::mt19937_64 rng((static_cast<uint64_t>(rd()) << 32) ^ rd() ^ GetCurrentProcessId());
    for (int attempt = 0; attempt < 100; attempt++) {
        tmp_path = path + L".";
        for (int i = 0; i < 6; i++) tmp_path += kChars[rng() % (std::size(kChars) - 1)];
        HANDLE h = CreateFileW(tmp_path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                               FILE_ATTRIBUTE_NORMAL, nullptr);
        if (h != INVALID_HANDLE_VALUE || GetLastError() != ERROR_FILE_EXISTS) return h;
    }
    SetLastError(ERROR_FILE_EXISTS);
    return INVALID_HANDLE_VALUE;
}

}  // namespace

std::vector<std::string> glob_files(const std::string& pattern) {
    std::wstring wpattern = win32::to_wide(pattern);
    size_t sep = wpattern.find_last_of(L"\\/");
    std::wstring dir = sep == std::wstring::npos ? L"" : wpattern.substr(0, sep + 1);
    std::wstring name_pattern = wpattern.substr(dir.size());

    std::vector<std::string> out;
    WIN32_FIND_DATAW found{};
    HANDLE h = FindFirstFileExW((dir + L"*").c_str(), FindExInfoBasic, &found,
                                FindExSearchNameMatch, nullptr, 0);
    if (h == INVALID_HANDLE_VALUE) return out;
    do {
        std::wstring_view name(found.cFileName);
        if (name == L"." || name == L"..") continue;
        if (wildcard_match(name_pattern, name))
            out.push_back(win32::to_utf8(dir + found.cFileName));
    } while (FindNextFileW(h, &found));
    FindClose(h);
    std::sort(out.begin(), out.end());
    return out;
}

bool write_file_atomically(const std::string& path, std::string_view content,
                           AtomicWriteError& err) {
    // ReplaceFileW wants Windows separators (Wine's fails with "Directory name invalid").
    std::wstring wpath = win32::to_wide(path);
    for (wchar_t& ch : wpath) {
        if (ch == L'/') ch = L'\\';
    }
    std::wstring tmp_path;
    HANDLE h = create_temp_file(wpath, tmp_path);
    if (h == INVALID_HANDLE_VALUE) {
        err.step = AtomicWriteStep::CreateTemp;
        err.reason = win32::error_text(GetLastError());
        return false;
    }
    DWORD e = 0;
    size_t offset = 0;
    while (offset < content.size()) {
        DWORD chunk = static_cast<DWORD>(std::min<size_t>(content.size() - offset, 1u << 30));
        DWORD n = 0;
        if (!WriteFile(h, content.data() + offset, chunk, &n, nullptr) || n == 0) {
            e = n == 0 && GetLastError() == 0 ? ERROR_WRITE_FAULT : GetLastError();
            err.step = AtomicWriteStep::Write;
            err.written = offset;
            break;
        }
        offset += n;
    }
    if (offset == content.size() && !FlushFileBuffers(h)) {
        e = GetLastError();
        err.step = AtomicWriteStep::Sync;
    }
    CloseHandle(h);  // before the rename: an open file cannot replace another
    if (offset == content.size() && e == 0) {
        // ReplaceFileW keeps the replaced file's ACL and attributes (the Windows counterpart of
        // keeping its mode); a new file gets the directory's inherited ACL.
        bool replaced = GetFileAttributesW(wpath.c_str()) != INVALID_FILE_ATTRIBUTES
                            ? ReplaceFileW(wpath.c_str(), tmp_path.c_str(), nullptr,
                                           REPLACEFILE_IGNORE_MERGE_ERRORS, nullptr, nullptr)
                            : MoveFileExW(tmp_path.c_str(), wpath.c_str(),
                                          MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH);
        if (replaced) return true;
        e = GetLastError();
        err.step = AtomicWriteStep::Rename;
    }
    DeleteFileW(tmp_path.c_str());
    err.reason = win32::error_text(e);
    return false;
}

DirectoryAccessCheck check_directory_access(const std::string& path, const std::string& account) {
    DirectoryAccessCheck check;
    check.account = account;
    const DWORD attributes = GetFileAttributesW(win32::to_wide(path).c_str());
    if (attributes == INVALID_FILE_ATTRIBUTES) {
        const DWORD e = GetLastError();
        const bool missing = e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND;
        check.access = missing ? DirectoryAccess::Missing : DirectoryAccess::Unknown;
        check.detail = win32::error_text(e);
        return check;
    }
    // The ACL is not judged: an existing directory counts as writable.
    check.access = (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0 ? DirectoryAccess::Writable
                                                                : DirectoryAccess::NotADirectory;
    return check;
}

}  // namespace cairn::platform
