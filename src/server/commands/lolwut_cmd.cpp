// LOLWUT [VERSION v] [art arguments ...] (Redis 7.0's lolwutCommand): VERSION 5 draws Schotter
// (cols, squares per row, squares per column), VERSION 6 the skyline (cols, rows), anything
// else, and LOLWUT without VERSION on a 7.0 server, answers "Redis ver. <version>". The reply is
// a verbatim "txt" string (a bulk string in RESP2).
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "commands/command.hpp"
#include "commands/context.hpp"
#include "server/commands/server_commands.hpp"
#include "server/lolwut.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

// Redis's rand(): 31 random bits.
int lolwut_rand() {
    thread_local std::mt19937 rng{std::random_device{}()};
    return static_cast<int>(rng() >> 1);
}

// The optional arguments from argv[first] on, parsed in order as Redis's getLongFromObject
// (the first bad one is the error); missing ones keep their defaults.
template <size_t N>
bool parse_args(CommandContext& ctx, size_t first, long long (&values)[N]) {
    for (size_t i = 0; i < N && first + i < ctx.argc(); i++) {
        if (!ctx.parse_ll(ctx.argv[first + i], values[i])) return false;
    }
    return true;
}

void lolwut_command(CommandContext& ctx) {
    std::string version = CAIRN_REDIS_COMPAT_VERSION;
    size_t first = 1;  // the first argument of the art itself
    if (ctx.argc() >= 3 && util::iequals(ctx.argv[1], "version")) {
        long long v;
        if (!ctx.parse_ll(ctx.argv[2], v)) return;
        version = lolwut::version_string(static_cast<uint32_t>(v));  // C's (unsigned int) cast
        first = 3;
    }
    const lolwut::Random rand = lolwut_rand;
    std::string text;
    switch (lolwut::art_for(version)) {
        case lolwut::Art::Schotter: {
            long long a[] = {lolwut::kSchotterCols, lolwut::kSchotterPerRow,
                             lolwut::kSchotterPerCol};
            if (!parse_args(ctx, first, a)) return;
            text = lolwut::schotter_text(a[0], a[1], a[2], CAIRN_REDIS_COMPAT_VERSION, rand);
            break;
        }
        case lolwut::Art::Skyline: {
            long long a[] = {lolwut::kSkylineCols, lolwut::kSkylineRows};
            if (!parse_args(ctx, first, a)) return;
            text = lolwut::skyline_text(a[0], a[1], CAIRN_REDIS_COMPAT_VERSION, rand);
            break;
        }
        case lolwut::Art::VersionLine:
            text = lolwut::version_text(CAIRN_REDIS_COMPAT_VERSION);
            break;
    }
    ctx.reply.verbatim(text, "txt");
}

}  // namespace

void register_lolwut_command(CommandTable& t) {
    t.add_handlers({{"lolwut", lolwut_command}});
}

}  // namespace cairn
