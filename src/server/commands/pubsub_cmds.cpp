// Pub/Sub commands: SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH SSUBSCRIBE
// SUNSUBSCRIBE SPUBLISH and the PUBSUB container (CHANNELS NUMSUB NUMPAT SHARDCHANNELS
// SHARDNUMSUB HELP), with Redis 7.0.15's replies. The registries live in server/pubsub.
#include <cctype>
#include <string>
#include <vector>

#include "clients/client.hpp"
#include "commands/command.hpp"
#include "commands/context.hpp"
#include "server/commands/server_commands.hpp"
#include "server/pubsub.hpp"
#include "server/server.hpp"
#include "server/server_of.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

// The subscribe / unsubscribe confirmation frame: [kind, name or null, count], a push in RESP3
// (Redis's addReplyPubsubSubscribed / addReplyPubsubUnsubscribed). Like every Pub/Sub push in
// Redis 7.0.15 (CLIENT_PUSHING) it is sent even under CLIENT REPLY OFF / SKIP, so it goes to
// the client's output directly, not through the (possibly muted) command reply.
void confirm(CommandContext& ctx, std::string_view kind, const std::string_view* name,
             size_t count) {
    if (ctx.client.flags & kCloseAsap) return;
    resp::Reply push(ctx.client.output(), ctx.client.resp_version());
    push.push(3);
    push.bulk(kind);
    if (name)
        push.bulk(*name);
    else
        push.null();
    push.integer(static_cast<long long>(count));
}

// Subscribe and unsubscribe replies carry the channel + pattern count, or for shard channels the
// shard count (Redis's clientSubscriptionsCount / clientShardSubscriptionsCount).
size_t reply_count(CommandContext& ctx, PubSubKind kind) {
    PubSub& ps = server_of(ctx).pubsub();
    return kind == PubSubKind::Shard ? ps.client_shard_count(ctx.client)
                                     : ps.client_count(ctx.client);
}

void subscribe_generic(CommandContext& ctx, PubSubKind kind, std::string_view frame) {
    PubSub& ps = server_of(ctx).pubsub();
    for (size_t j = 1; j < ctx.argc(); j++) {
        ps.subscribe(ctx.client, kind, ctx.argv[j]);
        confirm(ctx, frame, &ctx.argv[j], reply_count(ctx, kind));
    }
}

// With no arguments: leave every subscription of the kind, one frame each, or a single frame
// with a null name when there was none.
void unsubscribe_generic(CommandContext& ctx, PubSubKind kind, std::string_view frame) {
    PubSub& ps = server_of(ctx).pubsub();
    if (ctx.argc() == 1) {
        std::vector<std::string> names = ps.subscriptions(ctx.client, kind);
        for (const std::string& name : names) {
            ps.unsubscribe(ctx.client, kind, name);
            std::string_view view(name);
            confirm(ctx, frame, &view, reply_count(ctx, kind));
        }
        if (names.empty()) confirm(ctx, frame, nullptr, reply_count(ctx, kind));
        return;
    }
    for (size_t j = 1; j < ctx.argc(); j++) {
        ps.unsubscribe(ctx.client, kind, ctx.argv[j]);
        confirm(ctx, frame, &ctx.argv[j], reply_count(ctx, kind));
    }
}

void subscribe(CommandContext& ctx) {
    subscribe_generic(ctx, PubSubKind::Channel, "subscribe");
}
void unsubscribe(CommandContext& ctx) {
    unsubscribe_generic(ctx, PubSubKind::Channel, "unsubscribe");
}
void psubscribe(CommandContext& ctx) {
    subscribe_generic(ctx, PubSubKind::Pattern, "psubscribe");
}
void punsubscribe(CommandContext& ctx) {
    unsubscribe_generic(ctx, PubSubKind::Pattern, "punsubscribe");
}
void ssubscribe(CommandContext& ctx) {
    subscribe_generic(ctx, PubSubKind::Shard, "ssubscribe");
}
void sunsubscribe(CommandContext& ctx) {
    unsubscribe_generic(ctx, PubSubKind::Shard, "sunsubscribe");
}

void publish(CommandContext& ctx) {
    size_t receivers = server_of(ctx).pubsub().publish(ctx.argv[1], ctx.argv[2]);
    // Replicas get every message (their subscribers too); the AOF does not.
    ctx.force_propagation(kPropagateRepl);
    ctx.reply.integer(static_cast<long long>(receivers));
}

void spublish(CommandContext& ctx) {
    size_t receivers = server_of(ctx).pubsub().publish_shard(ctx.argv[1], ctx.argv[2]);
    ctx.force_propagation(kPropagateRepl);
    ctx.reply.integer(static_cast<long long>(receivers));
}

// Redis's addReplySubcommandSyntaxError.
void subcommand_syntax_error(CommandContext& ctx) {
    std::string name(ctx.argv[0]);
    for (char& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    ctx.reply.error("ERR unknown subcommand or wrong number of arguments for '" +
                    std::string(ctx.argv[1].substr(0, 128)) + "'. Try " + name + " HELP.");
}

// PUBSUB CHANNELS / SHARDCHANNELS [pattern]
void channels_generic(CommandContext& ctx, PubSubKind kind) {
    if (ctx.argc() > 3) {
        subcommand_syntax_error(ctx);
        return;
    }
    std::vector<const std::string*> names;
    server_of(ctx).pubsub().for_each_name(kind, [&](const std::string& name) {
        if (ctx.argc() == 2 || util::glob_match(ctx.argv[2], name)) names.push_back(&name);
    });
    ctx.reply.array(names.size());
    for (const std::string* name : names) ctx.reply.bulk(*name);
}

// PUBSUB NUMSUB / SHARDNUMSUB [channel ...]: a flat array of name, count pairs.
void numsub_generic(CommandContext& ctx, PubSubKind kind) {
    ctx.reply.array((ctx.argc() - 2) * 2);
    for (size_t j = 2; j < ctx.argc(); j++) {
        ctx.reply.bulk(ctx.argv[j]);
        ctx.reply.integer(
            static_cast<long long>(server_of(ctx).pubsub().subscribers(kind, ctx.argv[j])));
    }
}

void pubsub_channels(CommandContext& ctx) {
    channels_generic(ctx, PubSubKind::Channel);
}
void pubsub_shardchannels(CommandContext& ctx) {
    channels_generic(ctx, PubSubKind::Shard);
}
void pubsub_numsub(CommandContext& ctx) {
    numsub_generic(ctx, PubSubKind::Channel);
}
void pubsub_shardnumsub(CommandContext& ctx) {
    numsub_generic(ctx, PubSubKind::Shard);
}
void pubsub_numpat(CommandContext& ctx) {
    ctx.reply.integer(static_cast<long long>(server_of(ctx).pubsub().size(PubSubKind::Pattern)));
}

void pubsub_help(CommandContext& ctx) {
    static const char* const kLines[] = {
        "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        // One line, split for width (parenthesized: the concatenation is intended).
        ("    Return the currently active shard level channels matching a <pattern> (default: "
         "'*')."),
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
        "HELP",
        "    Prints this help.",
    };
    ctx.reply.array(std::size(kLines));
    for (const char* line : kLines) ctx.reply.simple(line);
}

}  // namespace

void register_pubsub_commands(CommandTable& t) {
    t.add_handlers({
        {"subscribe", subscribe},
        {"unsubscribe", unsubscribe},
        {"psubscribe", psubscribe},
        {"punsubscribe", punsubscribe},
        {"publish", publish},
        {"pubsub|numpat", pubsub_numpat},
        {"pubsub|numsub", pubsub_numsub},
        {"pubsub|help", pubsub_help},
        {"pubsub|channels", pubsub_channels},
        {"pubsub|shardchannels", pubsub_shardchannels},
        {"pubsub|shardnumsub", pubsub_shardnumsub},
        {"ssubscribe", ssubscribe},
        {"sunsubscribe", sunsubscribe},
        {"spublish", spublish},
    });
}

}  // namespace cairn
