#include <algorithm>

#include "commands/command.hpp"
#include "util/strings.hpp"

namespace cairn {

Command::Command(CommandSpec spec, const Command* parent)
    : spec_(std::move(spec)), parent_(parent) {
    full_name_ = parent ? parent->full_name() + "|" + std::string(spec_.name)
                        : std::string(spec_.name);
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

void CommandTable::add(CommandSpec spec) {
    auto cmd = std::make_unique<Command>(std::move(spec), nullptr);
    by_name_[std::string(cmd->name())] = cmd.get();
    commands_.push_back(std::move(cmd));
}

const Command* CommandTable::find(std::string_view name) const {
    // Command names are short: lower-case into a stack buffer instead of allocating.
    char buf[64];
    if (name.size() >= sizeof(buf)) return nullptr;
    for (size_t i = 0; i < name.size(); i++) {
        char c = name[i];
        buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    auto it = by_name_.find(std::string(buf, name.size()));
    return it == by_name_.end() ? nullptr : it->second;
}

void CommandTable::reset_stats() {
    for (const auto& cmd : commands_) {
        cmd->stats() = {};
        for (const auto& sub : cmd->subcommands()) sub->stats() = {};
    }
}

void register_all_commands(CommandTable& table) {
    register_connection_commands(table);
    register_server_commands(table);
    register_config_commands(table);
    register_info_command(table);
    register_introspection_commands(table);
    register_string_commands(table);
    register_key_commands(table);
}

}  // namespace cairn
