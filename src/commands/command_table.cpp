#include <algorithm>

#include "commands/command.hpp"
#include "util/strings.hpp"

namespace cairn {

Command::Command(CommandSpec spec, const Command* parent)
    : spec_(std::move(spec)), parent_(parent) {
    full_name_ =
        parent ? parent->full_name() + "|" + std::string(spec_.name) : std::string(spec_.name);
    for (CommandSpec& sub : spec_.subcommands) {
        subcommands_.push_back(std::make_unique<Command>(std::move(sub), this));
    }
    spec_.subcommands.clear();
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

CommandSpec make_spec(std::string_view group, std::string_view name, int arity, uint32_t flags,
                      int first_key, int last_key, int key_step, std::string_view acl_categories,
                      Handler handler, CommandDoc doc) {
    CommandSpec s;
    s.name = name;
    s.arity = arity;
    s.flags = flags;
    s.first_key = first_key;
    s.last_key = last_key;
    s.key_step = key_step;
    s.group = group;
    s.acl_categories = acl_categories;
    s.handler = handler;
    s.doc = doc;
    return s;
}

void CommandTable::add(CommandSpec spec) {
    commands_.push_back(std::make_unique<Command>(std::move(spec), nullptr));
    // Keep the table at most a quarter full so probes stay short.
    if (slots_.size() < commands_.size() * 4) {
        slots_.assign(std::max<size_t>(64, slots_.size() * 2), nullptr);
        for (const auto& c : commands_) index(c.get());
    } else {
        index(commands_.back().get());
    }
}

void CommandTable::index(const Command* cmd) {
    size_t mask = slots_.size() - 1;
    size_t i = folded_hash(cmd->name()) & mask;
    while (slots_[i] != nullptr) i = (i + 1) & mask;
    slots_[i] = cmd;
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

}  // namespace cairn
