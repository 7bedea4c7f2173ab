// LZF as Redis uses it in RDB files (liblzf: Debian's liblzf, or its source for Windows).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cairn::persist {

// Appends the compressed form of in to out and returns its size, or returns 0 and leaves out
// unchanged when it would not save at least 4 bytes (Redis's rdbSaveLzfStringObject rule:
// inputs of 4 bytes or less are never compressed).
size_t lzf_compress_append(std::string_view in, std::string& out);
// Appends the decompressed form of in to out. False (out unchanged) unless it decompresses to
// exactly original_len bytes; a length LZF cannot reach from in (over 88 times its size) is
// refused before anything is allocated.
bool lzf_decompress_append(std::string_view in, size_t original_len, std::string& out);

}  // namespace cairn::persist
