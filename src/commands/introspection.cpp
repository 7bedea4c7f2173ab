// COMMAND and its subcommands (COUNT, INFO, DOCS, LIST, GETKEYS, GETKEYSANDFLAGS, HELP), with
// Redis 7.0's reply shapes in RESP2 and RESP3.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command.hpp"
#include "commands/command_metadata.hpp"
#include "commands/context.hpp"
#include "commands/key_specs.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

// Space-separated names as a RESP set of simple strings (flags) or bulk strings (tips).
void reply_words(resp::Reply& r, std::string_view list, bool simple) {
    size_t n = 0;
    meta::for_each_word(list, [&](std::string_view) { n++; });
    r.set(n);
    meta::for_each_word(list, [&](std::string_view w) {
        if (simple) {
            r.simple(w);
        } else {
            r.bulk(w);
        }
    });
}

bool has_category(const Command& cmd, std::string_view category) {
    bool found = false;
    meta::for_each_word(cmd.meta().acl_categories, [&](std::string_view w) {
        if (util::iequals(w.substr(1), category)) found = true;  // w is "@write"
    });
    return found;
}

// ---------------------------------------------------------------------------------------------
// Lookups.

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
    const meta::CommandMetadata& m = cmd.meta();
    r.array(10);
    r.bulk(cmd.full_name());
    r.integer(m.arity);
    reply_words(r, m.flags, true);
    r.integer(m.first_key);
    r.integer(m.last_key);
    r.integer(m.step);
    reply_words(r, m.acl_categories, true);
    reply_words(r, m.tips, false);
    r.set(cmd.key_specs().size());
    for (const auto& ks : cmd.key_specs()) reply_key_spec(r, ks);
    if (!cmd.has_subcommands()) {
        r.set(0);
    } else {
        r.array(cmd.subcommands().size());
        for (const auto& sub : cmd.subcommands()) reply_info(r, *sub);
    }
}

// ---------------------------------------------------------------------------------------------
// COMMAND DOCS.

constexpr std::string_view kArgTypeNames[] = {
    "string", "integer", "double", "key", "pattern", "unix-time", "pure-token", "oneof", "block",
};

void reply_args(resp::Reply& r, std::span<const meta::ArgMetadata> args) {
    r.array(args.size());
    for (const meta::ArgMetadata& a : args) {
        bool nested = a.type == meta::ArgType::OneOf || a.type == meta::ArgType::Block;
        size_t n = 2 + (a.key_spec_index >= 0) + a.has_token + !a.summary.empty() +
                   !a.since.empty() + !a.deprecated_since.empty() + !a.flags.empty() + nested;
        r.map(n);
        r.bulk("name");
        r.bulk(a.name);
        r.bulk("type");
        r.bulk(kArgTypeNames[static_cast<size_t>(a.type)]);
        if (a.key_spec_index >= 0) {
            r.bulk("key_spec_index");
            r.integer(a.key_spec_index);
        }
        if (a.has_token) {
            r.bulk("token");
            r.bulk(a.token);
        }
        if (!a.summary.empty()) {
            r.bulk("summary");
            r.bulk(a.summary);
        }
        if (!a.since.empty()) {
            r.bulk("since");
            r.bulk(a.since);
        }
        if (!a.deprecated_since.empty()) {
            r.bulk("deprecated_since");
            r.bulk(a.deprecated_since);
        }
        if (!a.flags.empty()) {
            r.bulk("flags");
            reply_words(r, a.flags, true);
        }
        if (nested) {
            r.bulk("arguments");
            reply_args(r, meta::arguments(a));
        }
    }
}

void reply_docs(resp::Reply& r, const Command& cmd) {
    const meta::CommandMetadata& m = cmd.meta();
    auto history = meta::history(m);
    auto args = meta::arguments(m);
    size_t n = 1 + !m.summary.empty() + !m.since.empty() + !m.complexity.empty() +
               !m.doc_flags.empty() + !m.deprecated_since.empty() + !m.replaced_by.empty() +
               !history.empty() + !args.empty() + cmd.has_subcommands();
    r.map(n);
    if (!m.summary.empty()) {
        r.bulk("summary");
        r.bulk(m.summary);
    }
    if (!m.since.empty()) {
        r.bulk("since");
        r.bulk(m.since);
    }
    r.bulk("group");
    r.bulk(m.group);
    if (!m.complexity.empty()) {
        r.bulk("complexity");
        r.bulk(m.complexity);
    }
    if (!m.doc_flags.empty()) {
        r.bulk("doc_flags");
        reply_words(r, m.doc_flags, true);
    }
    if (!m.deprecated_since.empty()) {
        r.bulk("deprecated_since");
        r.bulk(m.deprecated_since);
    }
    if (!m.replaced_by.empty()) {
        r.bulk("replaced_by");
        r.bulk(m.replaced_by);
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
        const Command* cmd = c.host.commands().find_full_name(c.argv[i]);
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
        if (const Command* cmd = table.find_full_name(c.argv[i])) found.push_back(cmd);
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
        case ListFilter::AclCat:
            return has_category(cmd, arg);
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
    const std::vector<KeySpec>& specs = cmd->key_specs();
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

}  // namespace

void register_introspection_commands(CommandTable& table) {
    table.add_handlers({
        {"command", command_container},
        {"command|count", command_count},
        {"command|docs", command_docs},
        {"command|getkeys", command_getkeys},
        {"command|getkeysandflags", command_getkeysandflags},
        {"command|help", command_help},
        {"command|info", command_info},
        {"command|list", command_list},
    });
}

}  // namespace cairn
