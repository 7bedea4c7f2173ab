#include <algorithm>
#include <cassert>
#include <cstdio>

#include "commands/command.hpp"
#include "commands/command_metadata.hpp"
#include "util/strings.hpp"

namespace cairn {

namespace {

struct FlagBit {
    std::string_view name;
    uint32_t bit;
};

constexpr FlagBit kFlagBits[] = {
    {"write", kWrite},
    {"readonly", kReadOnly},
    {"denyoom", kDenyOom},
    {"admin", kAdmin},
    {"pubsub", kPubSub},
    {"noscript", kNoScript},
    {"blocking", kBlocking},
    {"loading", kLoading},
    {"stale", kStale},
    {"skip_monitor", kSkipMonitor},
    {"skip_slowlog", kSkipSlowlog},
    {"fast", kFast},
    {"no_auth", kNoAuth},
    {"may_replicate", kMayReplicate},
    {"no_mandatory_keys", kNoMandatoryKeys},
    {"no_multi", kNoMulti},
    {"allow_busy", kAllowBusy},
};

// The CommandFlag bits of space-separated flag names; names Cairn does not act on ("asking",
// "movablekeys") have none.
uint32_t flag_bits(std::string_view names) {
    uint32_t flags = 0;
    meta::for_each_word(names, [&](std::string_view word) {
        for (const FlagBit& f : kFlagBits) {
            if (f.name == word) flags |= f.bit;
        }
    });
    return flags;
}

}  // namespace

Command::Command(const meta::CommandMetadata& meta, Handler handler, const Command* parent)
    : key_specs_(parse_key_specs(meta::key_specs(meta))), full_name_(meta.name), parent_(parent) {
    std::string_view name = meta.name;
    size_t bar = name.find('|');
    spec_.name = bar == std::string_view::npos ? name : name.substr(bar + 1);
    spec_.arity = meta.arity;
    spec_.flags = flag_bits(meta.flags) | flag_bits(meta.hidden_flags);
    spec_.handler = handler;
    spec_.meta = &meta;
}

const Command* Command::find_subcommand(std::string_view name) const {
    for (const auto& sub : subcommands_) {
        if (util::iequals(sub->name(), name)) return sub.get();
    }
    return nullptr;
}

namespace {

// FNV-1a over ASCII-lower-cased bytes.
uint64_t folded_hash(std::string_view s) {
    uint64_t h = 1469598103934665603ULL;
    for (char c : s) {
        unsigned char u = static_cast<unsigned char>(c);
        if (u >= 'A' && u <= 'Z') u = static_cast<unsigned char>(u - 'A' + 'a');
        h = (h ^ u) * 1099511628211ULL;
    }
    return h;
}

}  // namespace

bool CommandTable::add_handler(std::string_view name, Handler handler) {
    const meta::CommandMetadata* meta = meta::find_command(name);
    size_t bar = name.find('|');
    const meta::CommandMetadata* container =
        bar == std::string_view::npos ? nullptr : meta::find_command(name.substr(0, bar));
    if (!meta || (bar != std::string_view::npos && !container)) {
        rejected_.emplace_back(name);
        return false;
    }
    if (bar != std::string_view::npos) {
        Command* parent = find_mutable(container->name);
        if (!parent) {
            add_handler(container->name, nullptr);
            parent = find_mutable(container->name);
        }
        if (parent->find_subcommand(name.substr(bar + 1))) {
            rejected_.emplace_back(name);
            return false;
        }
        parent->subcommands_.push_back(std::make_unique<Command>(*meta, handler, parent));
        return true;
    }
    if (Command* existing = find_mutable(name)) {
        // Only a container its subcommands added may take a handler later, once.
        if (existing->spec_.handler || !existing->has_subcommands()) {
            rejected_.emplace_back(name);
            return false;
        }
        existing->spec_.handler = handler;
        return true;
    }
    commands_.push_back(std::make_unique<Command>(*meta, handler, nullptr));
    // Keep the table at most a quarter full so probes stay short.
    if (slots_.size() < commands_.size() * 4) {
        slots_.assign(std::max<size_t>(64, slots_.size() * 2), nullptr);
        for (const auto& c : commands_) index(c.get());
    } else {
        index(commands_.back().get());
    }
    return true;
}

void CommandTable::add_handlers(std::initializer_list<HandlerEntry> entries) {
    for (const HandlerEntry& e : entries) add_handler(e.name, e.handler);
}

void CommandTable::index(const Command* cmd) {
    size_t mask = slots_.size() - 1;
    size_t i = folded_hash(cmd->name()) & mask;
    while (slots_[i] != nullptr) i = (i + 1) & mask;
    slots_[i] = cmd;
}

const Command* CommandTable::find_full_name(std::string_view name) const {
    size_t bar = name.find('|');
    if (bar == std::string_view::npos) return find(name);
    const Command* base = find(name.substr(0, bar));
    if (!base || !base->has_subcommands()) return nullptr;
    std::string_view sub = name.substr(bar + 1);
    if (sub.find('|') != std::string_view::npos) return nullptr;
    return base->find_subcommand(sub);
}

const Command* CommandTable::find(std::string_view name) const {
    if (slots_.empty()) return nullptr;
    size_t mask = slots_.size() - 1;
    for (size_t i = folded_hash(name) & mask; slots_[i] != nullptr; i = (i + 1) & mask) {
        if (util::iequals(slots_[i]->name(), name)) return slots_[i];
    }
    return nullptr;
}

void CommandTable::reset_stats() {
    for (const auto& cmd : commands_) {
        cmd->stats() = {};
        for (const auto& sub : cmd->subcommands()) sub->stats() = {};
    }
}

void check_all_joined(const CommandTable& table) {
    for (const std::string& name : table.rejected_names()) {
        std::fprintf(stderr,
                     "command table: handler '%s' has no generated metadata or is registered "
                     "twice\n",
                     name.c_str());
    }
    assert(table.rejected_names().empty() && "a handler name has no generated metadata");
}

}  // namespace cairn
