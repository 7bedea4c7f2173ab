// Builders for the directive rows of plain typed fields (bool, integer, memory, string,
// enum): each instantiation gets its own get/set functions bound to one Config field.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "config/config.hpp"
#include "config/values.hpp"
#include "util/strings.hpp"

namespace cairn::config::detail {

// Row flags shared by every builder.
struct Flags {
    bool runtime_mutable = true;
    Apply apply = Apply::None;
    bool protected_config = false;
    bool sensitive = false;
    bool hidden = false;
};

inline Directive make_row(std::string_view name, Kind kind, std::string_view def, Flags f) {
    Directive d{};
    d.name = name;
    d.kind = kind;
    d.default_value = def;
    d.runtime_mutable = f.runtime_mutable;
    d.apply = f.apply;
    d.protected_config = f.protected_config;
    d.sensitive = f.sensitive;
    d.hidden = f.hidden;
    d.arity = 1;
    return d;
}

// ---- bool ----

template <bool Config::*Field>
std::string get_bool(const Config& cfg) {
    return cfg.*Field ? "yes" : "no";
}

template <bool Config::*Field>
bool set_bool(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    bool v = false;
    if (args.size() != 1) {
        err = kErrArgCount;
        return false;
    }
    if (!parse_yes_no(args[0], v)) {
        err = kErrYesNo;
        return false;
    }
    cfg.*Field = v;
    return true;
}

template <bool Config::*Field>
Directive boolean(std::string_view name, std::string_view def, Flags f = {}) {
    Directive d = make_row(name, Kind::Bool, def, f);
    d.get = get_bool<Field>;
    d.set = set_bool<Field>;
    return d;
}

// ---- integers (int or long long fields), plain or with memory units ----

template <auto Field>
std::string get_number(const Config& cfg) {
    return util::ll_to_string(static_cast<long long>(cfg.*Field));
}

template <auto Field, long long Min, long long Max>
bool set_integer(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    long long v = 0;
    if (args.size() != 1) {
        err = kErrArgCount;
        return false;
    }
    if (!util::string_to_ll(args[0], v)) {
        err = kErrInteger;
        return false;
    }
    if (v < Min || v > Max) {
        err = bounds_error(Min, Max);
        return false;
    }
    cfg.*Field = static_cast<std::remove_reference_t<decltype(cfg.*Field)>>(v);
    return true;
}

template <auto Field, long long Min, long long Max>
Directive integer(std::string_view name, std::string_view def, Flags f = {}) {
    Directive d = make_row(name, Kind::Int, def, f);
    d.min = Min;
    d.max = Max;
    d.get = get_number<Field>;
    d.set = set_integer<Field, Min, Max>;
    return d;
}

// Redis's signed memory configs: the unsigned parse result is cast to long long (so values
// above LLONG_MAX fail the bounds check, as in Redis).
template <long long Config::*Field, long long Min, long long Max>
bool set_memory(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    unsigned long long u = 0;
    if (args.size() != 1) {
        err = kErrArgCount;
        return false;
    }
    if (!parse_memory_ull(args[0], u)) {
        err = kErrMemory;
        return false;
    }
    long long v = static_cast<long long>(u);
    if (v < Min || v > Max) {
        err = bounds_error(Min, Max);
        return false;
    }
    cfg.*Field = v;
    return true;
}

template <long long Config::*Field, long long Min, long long Max>
Directive memory(std::string_view name, std::string_view def, Flags f = {}) {
    Directive d = make_row(name, Kind::Memory, def, f);
    d.min = Min;
    d.max = Max;
    d.get = get_number<Field>;
    d.set = set_memory<Field, Min, Max>;
    return d;
}

// ---- strings ----

using StringValidator = bool (*)(const std::string& value, std::string& err);

inline bool any_string(const std::string&, std::string&) {
    return true;
}

template <std::string Config::*Field>
std::string get_string(const Config& cfg) {
    return cfg.*Field;
}

template <std::string Config::*Field, StringValidator Valid>
bool set_string(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    if (args.size() != 1) {
        err = kErrArgCount;
        return false;
    }
    if (!Valid(args[0], err)) return false;
    cfg.*Field = args[0];
    return true;
}

template <std::string Config::*Field, StringValidator Valid = any_string>
Directive string(std::string_view name, std::string_view def, Flags f = {}) {
    Directive d = make_row(name, Kind::String, def, f);
    d.get = get_string<Field>;
    d.set = set_string<Field, Valid>;
    return d;
}

// ---- enums: the field holds the canonical (lowercase) name ----

template <std::string Config::*Field, const auto& Values>
bool set_enum(Config& cfg, const std::vector<std::string>& args, std::string& err) {
    if (args.size() == 1) {
        for (std::string_view v : Values) {
            if (util::iequals(v, args[0])) {
                cfg.*Field = std::string(v);
                return true;
            }
        }
    }
    err = enum_error(Values.data(), Values.size());
    return false;
}

template <std::string Config::*Field, const auto& Values>
Directive enumeration(std::string_view name, std::string_view def, Flags f = {}) {
    Directive d = make_row(name, Kind::Enum, def, f);
    d.enum_values.assign(Values.begin(), Values.end());
    d.get = get_string<Field>;
    d.set = set_enum<Field, Values>;
    return d;
}

}  // namespace cairn::config::detail
