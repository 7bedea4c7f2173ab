#include "scripting/script_header.hpp"

#include <cctype>

#include "util/strings.hpp"

namespace cairn::scripting {

namespace {

struct FlagName {
    uint32_t flag;
    std::string_view name;
};
constexpr FlagName kFlags[] = {
    {kScriptNoWrites, "no-writes"},
    {kScriptAllowOom, "allow-oom"},
    {kScriptAllowStale, "allow-stale"},
    {kScriptNoCluster, "no-cluster"},
    {kScriptAllowCrossSlot, "allow-cross-slot-keys"},
};

}  // namespace

uint32_t script_flag(std::string_view name) {
    for (const FlagName& f : kFlags) {
        if (f.name == name) return f.flag;
    }
    return 0;
}

std::vector<std::string_view> script_flag_names(uint32_t flags) {
    std::vector<std::string_view> r;
    for (const FlagName& f : kFlags) {
        if (flags & f.flag) r.push_back(f.name);
    }
    return r;
}

bool parse_eval_shebang(std::string_view body, Shebang& out, std::string& err) {
    out = Shebang{};
    if (body.substr(0, 2) != "#!") return true;
    size_t end = body.find('\n');
    if (end == std::string_view::npos) {
        err = "Invalid script shebang";
        return false;
    }
    std::vector<std::string> parts;
    if (!util::split_args(body.substr(0, end), parts) || parts.empty()) {
        err = "Invalid engine in script shebang";
        return false;
    }
    if (parts[0] != "#!lua") {
        err = "Unexpected engine in script shebang: " + parts[0];
        return false;
    }
    out.flags &= ~static_cast<uint32_t>(kScriptEvalCompat);
    for (size_t j = 1; j < parts.size(); j++) {
        std::string_view p = parts[j];
        if (p.substr(0, 6) != "flags=") {
            err = "Unknown lua shebang option: " + parts[j];
            return false;
        }
        p.remove_prefix(6);
        if (p.empty()) continue;
        size_t start = 0;
        while (start <= p.size()) {
            size_t comma = p.find(',', start);
            std::string_view f = p.substr(
                start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
            uint32_t bit = script_flag(f);
            if (!bit) {
                err = "Unexpected flag in script shebang: " + std::string(f);
                return false;
            }
            out.flags |= bit;
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
    }
    out.length = end;
    return true;
}

bool parse_library_meta(std::string_view payload, LibraryMeta& out, std::string& err) {
    if (payload.substr(0, 2) != "#!") {
        err = "Missing library metadata";
        return false;
    }
    size_t end = payload.find('\n');
    if (end == std::string_view::npos) {
        err = "Invalid library metadata";
        return false;
    }
    std::vector<std::string> parts;
    if (!util::split_args(payload.substr(0, end), parts) || parts.empty()) {
        err = "Invalid library metadata";
        return false;
    }
    out.engine = parts[0].substr(2);
    out.name.clear();
    bool named = false;
    for (size_t i = 1; i < parts.size(); i++) {
        if (parts[i].size() >= 5 &&
            util::iequals(std::string_view(parts[i]).substr(0, 5), "name=")) {
            if (named) {
                err = "Invalid metadata value, name argument was given multiple times";
                return false;
            }
            named = true;
            out.name = parts[i].substr(5);
            continue;
        }
        err = "Invalid metadata value given: " + parts[i];
        return false;
    }
    if (!named) {
        err = "Library name was not given";
        return false;
    }
    out.code = std::string(payload.substr(end));
    return true;
}

bool valid_name(std::string_view name) {
    if (name.empty()) return false;
    for (char c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    }
    return true;
}

}  // namespace cairn::scripting
