// COMMAND and its subcommands (COUNT, INFO, DOCS, LIST, GETKEYS, GETKEYSANDFLAGS, HELP), with
// Redis 7.0's reply shapes in RESP2 and RESP3.
#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"
#include "commands/command_docs.hpp"
#include "commands/command_meta.hpp"
#include "commands/context.hpp"
#include "commands/key_specs.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

// ---------------------------------------------------------------------------------------------
// Command flags and ACL categories, in Redis's order.

struct FlagName {
    uint32_t flag;
    std::string_view name;
};

// may_replicate and sentinel are hidden by Redis on purpose.
constexpr FlagName kFlagsBeforeAsking[] = {
    {kWrite, "write"},
    {kReadOnly, "readonly"},
    {kDenyOom, "denyoom"},
    {kAdmin, "admin"},
    {kPubSub, "pubsub"},
    {kNoScript, "noscript"},
    {kBlocking, "blocking"},
    {kLoading, "loading"},
    {kStale, "stale"},
    {kSkipMonitor, "skip_monitor"},
    {kSkipSlowlog, "skip_slowlog"},
};

bool has_word(std::string_view list, std::string_view word) {
    while (!list.empty()) {
        size_t sp = list.find(' ');
        if (list.substr(0, sp) == word) return true;
        if (sp == std::string_view::npos) break;
        list.remove_prefix(sp + 1);
    }
    return false;
}

std::vector<std::string_view> command_flag_names(const Command& cmd, bool movablekeys) {
    uint32_t f = cmd.spec().flags;
    std::string_view extra = meta::extra_flags(cmd.full_name());
    std::vector<std::string_view> out;
    for (const auto& e : kFlagsBeforeAsking) {
        if (f & e.flag) out.push_back(e.name);
    }
    if (has_word(extra, "asking")) out.push_back("asking");
    if (f & kFast) out.push_back("fast");
    if (f & kNoAuth) out.push_back("no_auth");
    if (f & kNoMandatoryKeys) out.push_back("no_mandatory_keys");
    if (has_word(extra, "no_async_loading")) out.push_back("no_async_loading");
    if (f & kNoMulti) out.push_back("no_multi");
    if (movablekeys) out.push_back("movablekeys");
    if (f & kAllowBusy) out.push_back("allow_busy");
    return out;
}

constexpr std::string_view kAclCategories[] = {
    "keyspace", "read",   "write",       "set",       "sortedset",  "list",        "hash",
    "string",   "bitmap", "hyperloglog", "geo",       "stream",     "pubsub",      "admin",
    "fast",     "slow",   "blocking",    "dangerous", "connection", "transaction", "scripting",
};

// The command's categories without '@', in Redis's order, with the ones Redis implies from
// the flags (write, read, admin + dangerous, pubsub, fast, blocking, else slow).
std::vector<std::string> command_categories(const Command& cmd) {
    std::vector<std::string> declared;
    std::string_view list = cmd.spec().acl_categories;
    while (!list.empty()) {
        size_t sp = list.find(' ');
        std::string_view word = list.substr(0, sp);
        if (!word.empty() && word[0] == '@') word.remove_prefix(1);
        if (!word.empty()) declared.push_back(util::to_lower(word));
        if (sp == std::string_view::npos) break;
        list.remove_prefix(sp + 1);
    }
    auto has = [&](std::string_view c) {
        return std::find(declared.begin(), declared.end(), c) != declared.end();
    };
    auto add = [&](std::string_view c) {
        if (!has(c)) declared.emplace_back(c);
    };
    uint32_t f = cmd.spec().flags;
    if (f & kWrite) add("write");
    if ((f & kReadOnly) && !has("scripting")) add("read");
    if (f & kAdmin) {
        add("admin");
        add("dangerous");
    }
    if (f & kPubSub) add("pubsub");
    if (f & kFast) add("fast");
    if (f & kBlocking) add("blocking");
    if (!has("fast")) add("slow");

    std::vector<std::string> out;
    for (std::string_view c : kAclCategories) {
        if (has(c)) out.emplace_back(c);
    }
    for (const std::string& c : declared) {  // categories Redis does not know, as declared
        if (std::find(std::begin(kAclCategories), std::end(kAclCategories), c) ==
            std::end(kAclCategories)) {
            out.push_back(c);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Lookups.

// "get" or "config|get" (case-insensitive), as Redis's lookupCommandBySds.
const Command* lookup_full_name(const CommandTable& table, std::string_view name) {
    size_t bar = name.find('|');
    if (bar == std::string_view::npos) return table.find(name);
    const Command* base = table.find(name.substr(0, bar));
    if (!base || !base->has_subcommands()) return nullptr;
    std::string_view sub = name.substr(bar + 1);
    if (sub.find('|') != std::string_view::npos) return nullptr;
    return base->find_subcommand(sub);
}

// Redis's lookupCommand on an argument vector: the subcommand when the command has them and
// a second argument is given.
const Command* lookup_argv(const CommandTable& table, std::span<const std::string_view> argv) {
    if (argv.empty()) return nullptr;
    const Command* base = table.find(argv[0]);
    if (!base) return nullptr;
    if (argv.size() == 1 || !base->has_subcommands()) return base;
    return base->find_subcommand(argv[1]);
}

// ---------------------------------------------------------------------------------------------
// COMMAND INFO.

void reply_key_spec(resp::Reply& r, const KeySpec& ks) {
    r.map(ks.notes.empty() ? 3 : 4);
    if (!ks.notes.empty()) {
        r.bulk("notes");
        r.bulk(ks.notes);
    }
    r.bulk("flags");
    auto flags = key_spec_flag_names(ks.flags);
    r.set(flags.size());
    for (auto f : flags) r.simple(f);

    r.bulk("begin_search");
    r.map(2);
    r.bulk("type");
    switch (ks.begin) {
        case KeySpec::Begin::Index:
            r.bulk("index");
            r.bulk("spec");
            r.map(1);
            r.bulk("index");
            r.integer(ks.index);
            break;
        case KeySpec::Begin::Keyword:
            r.bulk("keyword");
            r.bulk("spec");
            r.map(2);
            r.bulk("keyword");
            r.bulk(ks.keyword);
            r.bulk("startfrom");
            r.integer(ks.startfrom);
            break;
        case KeySpec::Begin::Unknown:
            r.bulk("unknown");
            r.bulk("spec");
            r.map(0);
            break;
    }

    r.bulk("find_keys");
    r.map(2);
    r.bulk("type");
    switch (ks.find) {
        case KeySpec::Find::Range:
            r.bulk("range");
            r.bulk("spec");
            r.map(3);
            r.bulk("lastkey");
            r.integer(ks.lastkey);
            r.bulk("keystep");
            r.integer(ks.keystep);
            r.bulk("limit");
            r.integer(ks.limit);
            break;
        case KeySpec::Find::Keynum:
            r.bulk("keynum");
            r.bulk("spec");
            r.map(3);
            r.bulk("keynumidx");
            r.integer(ks.keynumidx);
            r.bulk("firstkey");
            r.integer(ks.firstkey);
            r.bulk("keystep");
            r.integer(ks.keystep);
            break;
        case KeySpec::Find::Unknown:
            r.bulk("unknown");
            r.bulk("spec");
            r.map(0);
            break;
    }
}

void reply_info(resp::Reply& r, const Command& cmd) {
    const CommandSpec& spec = cmd.spec();
    std::vector<KeySpec> specs = command_key_specs(cmd);

    r.array(10);
    r.bulk(cmd.full_name());
    r.integer(spec.arity);

    auto flags = command_flag_names(cmd, has_movable_keys(specs));
    r.set(flags.size());
    for (auto f : flags) r.simple(f);

    r.integer(spec.first_key);
    r.integer(spec.last_key);
    r.integer(spec.key_step);

    auto cats = command_categories(cmd);
    r.set(cats.size());
    for (const auto& c : cats) r.simple("@" + c);

    auto tips = meta::tips(cmd.full_name());
    r.set(tips.size());
    for (const auto& t : tips) r.bulk(t.tip);

    r.set(specs.size());
    for (const auto& ks : specs) reply_key_spec(r, ks);

    if (!cmd.has_subcommands()) {
        r.set(0);
    } else {
        r.array(cmd.subcommands().size());
        for (const auto& sub : cmd.subcommands()) reply_info(r, *sub);
    }
}

// ---------------------------------------------------------------------------------------------
// COMMAND DOCS.

std::string_view group_name(std::string_view group) {
    // Redis's COMMAND_GROUP_STR spellings.
    if (group == "sorted_set" || group == "sortedset" || group == "zset") return "sorted-set";
    if (group == "transaction") return "transactions";
    return group;
}

void apply_arg_info(std::vector<docs::Arg>& args, const std::string& prefix,
                    std::span<const meta::ArgInfo> info) {
    for (docs::Arg& a : args) {
        std::string path = prefix.empty() ? std::string() : prefix + "/";
        path += a.name;
        if (a.has_token) path += "(" + a.token + ")";
        for (const auto& row : info) {
            if (row.path == path) {
                a.since = row.since;
                a.deprecated_since = row.deprecated_since;
                break;
            }
        }
        if (!a.args.empty()) apply_arg_info(a.args, path, info);
    }
}

void reply_args(resp::Reply& r, const std::vector<docs::Arg>& args) {
    r.array(args.size());
    for (const docs::Arg& a : args) {
        bool nested = a.type == docs::ArgType::OneOf || a.type == docs::ArgType::Block;
        size_t n = 2 + (a.key_spec_index >= 0) + a.has_token + !a.since.empty() +
                   !a.deprecated_since.empty() + (a.flags != 0) + nested;
        r.map(n);
        r.bulk("name");
        r.bulk(a.name);
        r.bulk("type");
        r.bulk(docs::arg_type_name(a.type));
        if (a.key_spec_index >= 0) {
            r.bulk("key_spec_index");
            r.integer(a.key_spec_index);
        }
        if (a.has_token) {
            r.bulk("token");
            r.bulk(a.token);
        }
        if (!a.since.empty()) {
            r.bulk("since");
            r.bulk(a.since);
        }
        if (!a.deprecated_since.empty()) {
            r.bulk("deprecated_since");
            r.bulk(a.deprecated_since);
        }
        if (a.flags) {
            r.bulk("flags");
            size_t count = ((a.flags & docs::kArgOptional) != 0) +
                           ((a.flags & docs::kArgMultiple) != 0) +
                           ((a.flags & docs::kArgMultipleToken) != 0);
            r.set(count);
            if (a.flags & docs::kArgOptional) r.simple("optional");
            if (a.flags & docs::kArgMultiple) r.simple("multiple");
            if (a.flags & docs::kArgMultipleToken) r.simple("multiple_token");
        }
        if (nested) {
            r.bulk("arguments");
            reply_args(r, a.args);
        }
    }
}

void reply_docs(resp::Reply& r, const Command& cmd) {
    const CommandDoc& doc = cmd.spec().doc;
    const std::string& name = cmd.full_name();
    const meta::Deprecation* dep = meta::deprecation(name);
    auto history = meta::history(name);

    std::vector<docs::Arg> args;
    if (!doc.syntax.empty()) {
        args = docs::parse_syntax(doc.syntax, name);
        docs::assign_key_spec_indexes(args, command_key_specs(cmd).size(), name);
        apply_arg_info(args, std::string(), meta::arg_info(name));
    }
    bool doc_flags = dep && !dep->doc_flags.empty();
    bool dep_since = dep && !dep->deprecated_since.empty();
    bool replaced = dep && !dep->replaced_by.empty();

    size_t n = 1 + !doc.summary.empty() + !doc.since.empty() + !doc.complexity.empty() + doc_flags +
               dep_since + replaced + !history.empty() + !args.empty() + cmd.has_subcommands();
    r.map(n);
    if (!doc.summary.empty()) {
        r.bulk("summary");
        r.bulk(doc.summary);
    }
    if (!doc.since.empty()) {
        r.bulk("since");
        r.bulk(doc.since);
    }
    std::string_view group = cmd.spec().group;
    if (group.empty() && cmd.parent()) group = cmd.parent()->spec().group;
    r.bulk("group");
    r.bulk(group_name(group));
    if (!doc.complexity.empty()) {
        r.bulk("complexity");
        r.bulk(doc.complexity);
    }
    if (doc_flags) {
        r.bulk("doc_flags");
        std::vector<std::string_view> words;
        std::string_view list = dep->doc_flags;
        while (!list.empty()) {
            size_t sp = list.find(' ');
            words.push_back(list.substr(0, sp));
            if (sp == std::string_view::npos) break;
            list.remove_prefix(sp + 1);
        }
        r.set(words.size());
        for (auto w : words) r.simple(w);
    }
    if (dep_since) {
        r.bulk("deprecated_since");
        r.bulk(dep->deprecated_since);
    }
    if (replaced) {
        r.bulk("replaced_by");
        r.bulk(dep->replaced_by);
    }
    if (!history.empty()) {
        r.bulk("history");
        r.set(history.size());
        for (const auto& h : history) {
            r.array(2);
            r.bulk(h.version);
            r.bulk(h.text);
        }
    }
    if (!args.empty()) {
        r.bulk("arguments");
        reply_args(r, args);
    }
    if (cmd.has_subcommands()) {
        r.bulk("subcommands");
        r.map(cmd.subcommands().size());
        for (const auto& sub : cmd.subcommands()) {
            r.bulk(sub->full_name());
            reply_docs(r, *sub);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Handlers.

void command_info_all(CommandContext& c) {
    const auto& all = c.host.commands().all();
    c.reply.array(all.size());
    for (const auto& cmd : all) reply_info(c.reply, *cmd);
}

void command_count(CommandContext& c) {
    c.reply.integer(static_cast<long long>(c.host.commands().size()));
}

void command_info(CommandContext& c) {
    if (c.argc() == 2) {
        command_info_all(c);
        return;
    }
    c.reply.array(c.argc() - 2);
    for (size_t i = 2; i < c.argc(); i++) {
        const Command* cmd = lookup_full_name(c.host.commands(), c.argv[i]);
        if (cmd) {
            reply_info(c.reply, *cmd);
        } else {
            c.reply.null();
        }
    }
}

void command_docs(CommandContext& c) {
    const CommandTable& table = c.host.commands();
    if (c.argc() == 2) {
        c.reply.map(table.size());
        for (const auto& cmd : table.all()) {
            c.reply.bulk(cmd->full_name());
            reply_docs(c.reply, *cmd);
        }
        return;
    }
    std::vector<const Command*> found;
    for (size_t i = 2; i < c.argc(); i++) {
        if (const Command* cmd = lookup_full_name(table, c.argv[i])) found.push_back(cmd);
    }
    c.reply.map(found.size());
    for (const Command* cmd : found) {
        c.reply.bulk(cmd->full_name());
        reply_docs(c.reply, *cmd);
    }
}

enum class ListFilter { None, Module, AclCat, Pattern };

bool list_match(const Command& cmd, ListFilter type, std::string_view arg) {
    switch (type) {
        case ListFilter::None:
            return true;
        case ListFilter::Module:
            return false;  // no module commands
        case ListFilter::AclCat: {
            auto cats = command_categories(cmd);
            return std::any_of(cats.begin(), cats.end(),
                               [&](const std::string& cat) { return util::iequals(cat, arg); });
        }
        case ListFilter::Pattern:
            return util::glob_match(arg, cmd.full_name(), true);
    }
    return false;
}

void list_commands(const std::vector<std::unique_ptr<Command>>& cmds, ListFilter type,
                   std::string_view arg, std::vector<const Command*>& out) {
    for (const auto& cmd : cmds) {
        if (list_match(*cmd, type, arg)) out.push_back(cmd.get());
        if (cmd->has_subcommands()) list_commands(cmd->subcommands(), type, arg, out);
    }
}

void command_list(CommandContext& c) {
    ListFilter type = ListFilter::None;
    std::string_view arg;
    for (size_t i = 2; i < c.argc(); i++) {
        size_t more = c.argc() - 1 - i;
        if (util::iequals(c.argv[i], "filterby") && more == 2) {
            std::string_view t = c.argv[i + 1];
            if (util::iequals(t, "module")) {
                type = ListFilter::Module;
            } else if (util::iequals(t, "aclcat")) {
                type = ListFilter::AclCat;
            } else if (util::iequals(t, "pattern")) {
                type = ListFilter::Pattern;
            } else {
                c.syntax_error();
                return;
            }
            arg = c.argv[i + 2];
            i += 2;
        } else {
            c.syntax_error();
            return;
        }
    }
    std::vector<const Command*> out;
    list_commands(c.host.commands().all(), type, arg, out);
    c.reply.array(out.size());
    for (const Command* cmd : out) c.reply.bulk(cmd->full_name());
}

void getkeys(CommandContext& c, bool with_flags) {
    std::span<const std::string_view> target(c.argv.data() + 2, c.argc() - 2);
    const Command* cmd = lookup_argv(c.host.commands(), target);
    if (!cmd) {
        c.reply.error("ERR Invalid command specified");
        return;
    }
    std::vector<KeySpec> specs = command_key_specs(*cmd);
    if (!has_key_arguments(specs)) {
        c.reply.error("ERR The command has no key arguments");
        return;
    }
    if (!cmd->arity_ok(target.size())) {
        c.reply.error("ERR Invalid number of arguments specified for command");
        return;
    }
    std::vector<KeyRef> keys;
    if (!command_get_keys(*cmd, specs, target, keys)) {
        if (cmd->spec().flags & kNoMandatoryKeys) {
            c.reply.array(0);
        } else {
            c.reply.error("ERR Invalid arguments specified for command");
        }
        return;
    }
    c.reply.array(keys.size());
    for (const KeyRef& k : keys) {
        if (!with_flags) {
            c.reply.bulk(target[k.pos]);
            continue;
        }
        c.reply.array(2);
        c.reply.bulk(target[k.pos]);
        auto names = key_spec_flag_names(k.flags);
        c.reply.set(names.size());
        for (auto n : names) c.reply.simple(n);
    }
}

void command_getkeys(CommandContext& c) {
    getkeys(c, false);
}
void command_getkeysandflags(CommandContext& c) {
    getkeys(c, true);
}

void command_help(CommandContext& c) {
    static constexpr std::string_view kLines[] = {
        "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.",
        "HELP",
        "    Prints this help.",
    };
    c.reply.array(std::size(kLines));
    for (auto line : kLines) c.reply.simple(line);
}

// COMMAND without a subcommand lists everything. The dispatcher routes "COMMAND <sub>" to the
// subcommand; should it hand the container the whole line, route it here the same way.
void command_container(CommandContext& c) {
    if (c.argc() == 1) {
        command_info_all(c);
        return;
    }
    const Command* sub = c.cmd.find_subcommand(c.argv[1]);
    if (!sub || !sub->spec().handler) {
        c.reply.error("ERR unknown subcommand '" + std::string(c.argv[1]) + "'. Try COMMAND HELP.");
        return;
    }
    if (!sub->arity_ok(c.argc())) {
        c.reply.error("ERR wrong number of arguments for '" + sub->full_name() + "' command");
        return;
    }
    CommandContext sc(c.host, c.client, *sub, c.argv, c.now_ms);
    sub->spec().handler(sc);
}

CommandSpec sub(std::string_view name, int arity, Handler handler, CommandDoc doc) {
    CommandSpec s;
    s.name = name;
    s.arity = arity;
    s.flags = kLoading | kStale;
    s.group = "server";
    s.acl_categories = "@slow @connection";
    s.handler = handler;
    s.doc = doc;
    return s;
}

}  // namespace

void register_introspection_commands(CommandTable& table) {
    CommandSpec cmd = sub("command", -1, command_container,
                          {"Get array of Redis command details", "2.8.13",
                           "O(N) where N is the total number of Redis commands", ""});
    cmd.subcommands = {
        sub("count", 2, command_count,
            {"Get total number of Redis commands", "2.8.13", "O(1)", ""}),
        sub("docs", -2, command_docs,
            {"Get array of specific Redis command documentation", "7.0.0",
             "O(N) where N is the number of commands to look up",
             "[command-name [command-name ...]]"}),
        sub("getkeys", -4, command_getkeys,
            {"Extract keys given a full Redis command", "2.8.13",
             "O(N) where N is the number of arguments to the command", ""}),
        sub("getkeysandflags", -4, command_getkeysandflags,
            {"Extract keys and access flags given a full Redis command", "7.0.0",
             "O(N) where N is the number of arguments to the command", ""}),
        sub("help", 2, command_help,
            {"Show helpful text about the different subcommands", "5.0.0", "O(1)", ""}),
        sub("info", -2, command_info,
            {"Get array of specific Redis command details, or all when no argument is given.",
             "2.8.13", "O(N) where N is the number of commands to look up",
             "[command-name [command-name ...]]"}),
        sub("list", -2, command_list,
            {"Get an array of Redis command names", "7.0.0",
             "O(N) where N is the total number of Redis commands",
             "[FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>]"}),
    };
    table.add(std::move(cmd));
}

}  // namespace cairn
