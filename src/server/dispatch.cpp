// Server::execute: Redis's processCommand + call for one parsed command.
#include <chrono>

#include "clients/client.hpp"
#include "commands/context.hpp"
#include "server/server.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

// "'a' 'b' " as Redis lists the first arguments of an unknown command (at most ~128 chars).
std::string args_preview(const std::vector<std::string_view>& argv, size_t from) {
    std::string args;
    for (size_t i = from; i < argv.size() && args.size() < 128; i++) {
        size_t room = 128 - args.size();
        args += "'";
        args.append(argv[i].substr(0, room));
        args += "' ";
    }
    return args;
}

std::string upper(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return r;
}

}  // namespace

// The cached time is refreshed once per batch of input (see ClientSession::on_read) and by
// the cron, not per command: a pipeline of commands shares one clock reading.
void Server::execute(Client& c, const std::vector<std::string_view>& argv) {
    resp::Reply& reply = c.reply();
    const Command* cmd = commands_.find(argv[0]);
    if (!cmd) {
        reply.error("ERR unknown command '" + std::string(argv[0].substr(0, 128)) +
                    "', with args beginning with: " + args_preview(argv, 1));
        stats_.record_error(reply.last_error_code());
        return;
    }
    if (cmd->has_subcommands() && argv.size() >= 2) {
        const Command* sub = cmd->find_subcommand(argv[1]);
        if (!sub) {
            reply.error("ERR unknown subcommand '" + std::string(argv[1].substr(0, 128)) +
                        "'. Try " + upper(cmd->name()) + " HELP.");
            stats_.record_error(reply.last_error_code());
            return;
        }
        cmd = sub;
    }
    if (!cmd->arity_ok(argv.size())) {
        reply.error("ERR wrong number of arguments for '" + cmd->full_name() + "' command");
        cmd->stats().rejected_calls++;
        stats_.record_error(reply.last_error_code());
        return;
    }

    reply.reset_error_flag();
    auto start = std::chrono::steady_clock::now();
    CommandContext ctx(*this, c, *cmd, argv, now_ms());
    cmd->spec().handler(ctx);
    auto usec = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - start)
                    .count();

    CommandStats& st = cmd->stats();
    st.calls++;
    st.usec += static_cast<uint64_t>(usec);
    if (reply.error_written()) {
        st.failed_calls++;
        stats_.record_error(reply.last_error_code());
    }
    stats_.total_commands_processed++;
    c.commands_processed++;
    c.last_command = cmd;
}

}  // namespace cairn
