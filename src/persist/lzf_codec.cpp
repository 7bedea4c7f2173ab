#include "persist/lzf_codec.hpp"

#include <lzf.h>

#include <climits>

namespace cairn::persist {

size_t lzf_compress_append(std::string_view in, std::string& out) {
    // rdbSaveLzfStringObject: at least four bytes saved, so the output holds len - 4 bytes.
    // liblzf counts in unsigned int: longer inputs are stored uncompressed.
    if (in.size() <= 4 || in.size() > UINT_MAX) return 0;
    size_t start = out.size();
    size_t capacity = in.size() - 4;
    out.resize(start + capacity);
    unsigned int n = lzf_compress(in.data(), static_cast<unsigned int>(in.size()),
                                  out.data() + start, static_cast<unsigned int>(capacity));
    out.resize(start + n);
    return n;
}

bool lzf_decompress_append(std::string_view in, size_t original_len, std::string& out) {
    // One LZF back-reference (3 bytes) expands to at most 264 bytes: a longer claim is corrupt,
    // and is refused before anything is allocated for it.
    constexpr size_t kMaxRatio = 88;
    if (original_len == 0) return in.empty();  // lzf_decompress's 0 also means an error
    if (in.size() > UINT_MAX || original_len > UINT_MAX) return false;
    if (original_len / kMaxRatio > in.size()) return false;
    size_t start = out.size();
    out.resize(start + original_len);
    unsigned int n = lzf_decompress(in.data(), static_cast<unsigned int>(in.size()),
                                    out.data() + start, static_cast<unsigned int>(original_len));
    if (n != original_len) {
        out.resize(start);
        return false;
    }
    return true;
}

}  // namespace cairn::persist
