// AUTH [username] password.
#include "clients/client.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "server/commands/auth.hpp"
#include "server/commands/server_commands.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"

namespace cairn {

bool credentials_ok(const Server& server, std::string_view user, std::string_view password) {
    if (user != "default") return false;  // ACL users come with the ACL work
    const std::string& required = server.config().requirepass;
    return required.empty() || password == required;
}

namespace {

void auth(CommandContext& ctx) {
    if (ctx.argc() > 3) {
        ctx.syntax_error();
        return;
    }
    std::string_view user = "default";
    std::string_view password;
    if (ctx.argc() == 2) {
        // The old one-argument form is an error when the default user has no password.
        if (server_of(ctx).config().requirepass.empty()) {
            ctx.reply.error(
                "ERR AUTH <password> called without any password configured for the default "
                "user. Are you sure your configuration is correct?");
            return;
        }
        password = ctx.argv[1];
    } else {
        user = ctx.argv[1];
        password = ctx.argv[2];
    }
    if (!credentials_ok(server_of(ctx), user, password)) {
        ctx.reply.error("WRONGPASS invalid username-password pair or user is disabled.");
        return;
    }
    ctx.client.authenticated = true;
    ctx.client.user = "default";  // the only user credentials_ok accepts
    ctx.reply.ok();
}

}  // namespace

void register_auth_command(CommandTable& t) {
    t.add_handlers({
        {"auth", auth},
    });
}

}  // namespace cairn
