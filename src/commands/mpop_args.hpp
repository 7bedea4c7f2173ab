// The argument shape LMPOP, BLMPOP, ZMPOP and BZMPOP share (Redis's lmpopGenericCommand and
// zmpopGenericCommand): numkeys key [key ...] <where> [COUNT count], with Redis's errors in
// Redis's order. Only the <where> word differs: LEFT|RIGHT or MIN|MAX.
#pragma once

#include <climits>
#include <cstddef>
#include <string_view>
#include <vector>

#include "commands/context.hpp"
#include "util/strings.hpp"

namespace cairn {

// parse_where(word) parses the <where> word (replying the error itself when it is bad). On a
// bad argument this replies Redis's error and returns false.
template <class ParseWhere>
bool parse_mpop_args(CommandContext& ctx, size_t numkeys_idx, ParseWhere parse_where,
                     std::vector<std::string_view>& keys, long long& count) {
    const auto& argv = ctx.argv;
    long long numkeys;
    if (!ctx.parse_ll_range(argv[numkeys_idx], 1, LLONG_MAX, numkeys,
                            "ERR numkeys should be greater than 0")) {
        return false;
    }
    // where_idx = numkeys_idx + numkeys + 1, checked without overflowing.
    if (static_cast<unsigned long long>(numkeys) >= argv.size() - numkeys_idx - 1) {
        ctx.syntax_error();
        return false;
    }
    const size_t where_idx = numkeys_idx + 1 + static_cast<size_t>(numkeys);
    if (!parse_where(argv[where_idx])) return false;
    count = -1;
    for (size_t j = where_idx + 1; j < argv.size(); j++) {
        if (count == -1 && util::iequals(argv[j], "count") && j + 1 < argv.size()) {
            if (!ctx.parse_ll_range(argv[++j], 1, LLONG_MAX, count,
                                    "ERR count should be greater than 0")) {
                return false;
            }
        } else {
            ctx.syntax_error();
            return false;
        }
    }
    if (count == -1) count = 1;
    keys.assign(argv.begin() + static_cast<std::ptrdiff_t>(numkeys_idx) + 1,
                argv.begin() + static_cast<std::ptrdiff_t>(where_idx));
    return true;
}

}  // namespace cairn
