#include "commands/command_docs.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace cairn::docs {

namespace {

// ---------------------------------------------------------------------------------------------
// Naming conventions of Redis's command docs.

struct NameType {
    std::string_view name;
    ArgType type;
};

// Argument names whose type is not "string" (Redis 7.0 docs). Looked up after the per-command
// table below, so a name listed here is the common case.
constexpr NameType kNameTypes[] = {
    {"key", ArgType::Key},
    {"destination", ArgType::Key},
    {"destkey", ArgType::Key},
    {"dst", ArgType::Key},
    {"key1", ArgType::Key},
    {"key2", ArgType::Key},
    {"newkey", ArgType::Key},
    {"source", ArgType::Key},
    {"sourcekey", ArgType::Key},
    {"src", ArgType::Key},
    {"pattern", ArgType::Pattern},
    {"unix-time-seconds", ArgType::UnixTime},
    {"unix-time-milliseconds", ArgType::UnixTime},
    {"bit", ArgType::Integer},
    {"bits", ArgType::Integer},
    {"client-id", ArgType::Integer},
    {"cluster_bus_port", ArgType::Integer},
    {"config-epoch", ArgType::Integer},
    {"count", ArgType::Integer},
    {"cursor", ArgType::Integer},
    {"db", ArgType::Integer},
    {"decrement", ArgType::Integer},
    {"destination-db", ArgType::Integer},
    {"end", ArgType::Integer},
    {"end-slot", ArgType::Integer},
    {"entries_added", ArgType::Integer},
    {"entries_read", ArgType::Integer},
    {"frequency", ArgType::Integer},
    {"increment", ArgType::Integer},
    {"index", ArgType::Integer},
    {"index1", ArgType::Integer},
    {"index2", ArgType::Integer},
    {"len", ArgType::Integer},
    {"limit", ArgType::Integer},
    {"milliseconds", ArgType::Integer},
    {"ms", ArgType::Integer},
    {"num-matches", ArgType::Integer},
    {"numkeys", ArgType::Integer},
    {"numreplicas", ArgType::Integer},
    {"offset", ArgType::Integer},
    {"port", ArgType::Integer},
    {"protover", ArgType::Integer},
    {"rank", ArgType::Integer},
    {"seconds", ArgType::Integer},
    {"slot", ArgType::Integer},
    {"start", ArgType::Integer},
    {"start-slot", ArgType::Integer},
    {"stop", ArgType::Integer},
    {"timeout", ArgType::Integer},
    {"ttl", ArgType::Integer},
    {"version", ArgType::Integer},
    {"weight", ArgType::Integer},
    {"height", ArgType::Double},
    {"latitude", ArgType::Double},
    {"longitude", ArgType::Double},
    {"radius", ArgType::Double},
    {"score", ArgType::Double},
    {"width", ArgType::Double},
};

// Per-command exceptions: "command name" -> type.
struct CmdNameType {
    std::string_view command;
    std::string_view name;
    ArgType type;
};
constexpr CmdNameType kCommandNameTypes[] = {
    // clang-format off
    {"bitfield", "value", ArgType::Integer},
    {"bzmpop", "timeout", ArgType::Double},
    {"zcount", "min", ArgType::Double},
    {"zcount", "max", ArgType::Double},
    {"xpending", "min-idle-time", ArgType::Integer},
    {"xpending", "start", ArgType::String},
    {"xpending", "end", ArgType::String},
    {"brpoplpush", "timeout", ArgType::Double},
    {"zrevrangebyscore", "max", ArgType::Double},
    {"zrevrangebyscore", "min", ArgType::Double},
    {"hincrbyfloat", "increment", ArgType::Double},
    {"xrevrange", "end", ArgType::String},
    {"xrevrange", "start", ArgType::String},
    {"xautoclaim", "start", ArgType::String},
    {"bzpopmin", "timeout", ArgType::Double},
    {"bzpopmax", "timeout", ArgType::Double},
    {"incrbyfloat", "increment", ArgType::Double},
    {"blmpop", "timeout", ArgType::Double},
    {"brpop", "timeout", ArgType::Double},
    {"xrange", "start", ArgType::String},
    {"xrange", "end", ArgType::String},
    {"blpop", "timeout", ArgType::Double},
    {"zrangebyscore", "min", ArgType::Double},
    {"zrangebyscore", "max", ArgType::Double},
    {"zremrangebyscore", "min", ArgType::Double},
    {"zremrangebyscore", "max", ArgType::Double},
    {"cluster|keyslot", "key", ArgType::String},
    {"blmove", "timeout", ArgType::Double},
    {"setbit", "value", ArgType::Integer},
    {"zrange", "start", ArgType::String},
    {"zrange", "stop", ArgType::String},
    // clang-format on
};

// Names of pure tokens that are not simply the lower-cased token.
struct TokenName {
    std::string_view command;  // empty: any command
    std::string_view token;
    std::string_view name;
};
constexpr TokenName kTokenNames[] = {
    // clang-format off
    {"", "=", "equal"},
    {"", "~", "approximately"},
    {"", "*", "auto_id"},
    {"", "CH", "change"},
    {"", "ALPHA", "sorting"},
    {"", "", "empty_string"},
    {"", "$", "new_id"},
    {"", "INCR", "increment"},
    // clang-format on
};

// Names of oneof / block groups, keyed by the group's normalized syntax text. Without an entry
// a group is named after its children joined by '_' ("score_member"), as Redis often does.
struct GroupName {
    std::string_view command;  // empty: any command
    std::string_view text;
    std::string_view name;
};
constexpr GroupName kGroupNames[] = {
    // clang-format off
    {"", "* | id", "id_or_auto"},
    {"", "<MAXLEN | MINID> [= | ~] threshold [LIMIT count]", "trim"},
    {"", "= | ~", "operator"},
    {"", "ARGS arg", "args"},
    {"", "ASC | DESC", "order"},
    {"", "ASYNC | SYNC", "async"},
    {"", "BEFORE | AFTER", "where"},
    {"", "BYBOX width height <M | KM | FT | MI>", "box"},
    {"", "BYRADIUS radius <M | KM | FT | MI>", "circle"},
    {"", "BYRADIUS radius <M | KM | FT | MI> | BYBOX width height <M | KM | FT | MI>", "by"},
    {"", "BYSCORE | BYLEX", "sortby"},
    {"", "BYTE | BIT", "index_unit"},
    {"", "CONFIG name value", "configs"},
    {"", "COUNT count [ANY]", "count"},
    {"", "EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL", "expiration"},
    {"", "EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST", "expiration"},
    {"", "FLUSH | APPEND | REPLACE", "policy"},
    {"", "FORCE | TAKEOVER", "options"},
    {"", "FROMMEMBER member | FROMLONLAT longitude latitude", "from"},
    {"", "FULL [COUNT count]", "full"},
    {"", "GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>] <SET encoding offset value | INCRBY encoding offset increment>", "operation"},
    {"", "GT | LT", "comparison"},
    {"", "ID client-id [client-id ...]", "id"},
    {"", "IMPORTING node-id | MIGRATING node-id | NODE node-id | STABLE", "subcommand"},
    {"", "LEFT | RIGHT", "where"},
    {"", "M | KM | FT | MI", "unit"},
    {"", "MAXLEN | MINID", "strategy"},
    {"", "MIN | MAX", "where"},
    {"", "MODULE module-name | ACLCAT category | PATTERN pattern", "filterby"},
    {"", "NO ONE", "no-one"},
    {"", "NORMAL | MASTER | SLAVE | REPLICA | PUBSUB", "normal_master_slave_pubsub"},
    {"", "NX | XX", "condition"},
    {"", "NX | XX | GT | LT", "condition"},
    {"", "ON | OFF", "enabled"},
    {"", "SET encoding offset value | INCRBY encoding offset increment", "write_operation"},
    {"", "STREAMS key [key ...] id [id ...]", "streams"},
    {"", "SUM | MIN | MAX", "aggregate"},
    {"", "TO host port [FORCE]", "target"},
    {"", "WRITE | ALL", "mode"},
    {"", "YES | NO", "mode"},
    {"", "YES | SYNC | NO", "mode"},
    {"", "[AUTH password] | [AUTH2 username password]", "authentication"},
    {"", "[ID client-id] | [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] | [USER username] | [ADDR ip:port] | [LADDR ip:port] | [SKIPME yes/no]", "new-format"},
    {"", "[IDLE min-idle-time] start end count [consumer]", "filters"},
    {"", "[OVERFLOW <WRAP | SAT | FAIL>] <SET encoding offset value | INCRBY encoding offset increment>", "write"},
    {"", "count [WITHSCORES]", "options"},
    {"", "count [WITHVALUES]", "options"},
    {"", "count | RESET", "operation"},
    {"", "end [BYTE | BIT]", "end_index"},
    {"", "host port", "host-port"},
    {"", "host port | NO ONE", "args"},
    {"", "id | $", "id"},
    {"", "ip:port | <[ID client-id] | [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] | [USER username] | [ADDR ip:port] | [LADDR ip:port] | [SKIPME yes/no] [[ID client-id] | [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] | [USER username] | [ADDR ip:port] | [LADDR ip:port] | [SKIPME yes/no] ...]>", "filter"},
    {"", "key | \"\"", "key_or_empty_string"},
    {"", "protover [AUTH username password] [SETNAME clientname]", "arguments"},
    {"", "start [end [BYTE | BIT]]", "index"},
    {"", "start end [BYTE | BIT]", "index"},
    {"blmove", "LEFT | RIGHT", "wherefrom,whereto"},
    {"client|tracking", "ON | OFF", "status"},
    {"lmove", "LEFT | RIGHT", "wherefrom,whereto"},
    // clang-format on
};

// Key arguments whose key_spec_index is not simply the next one (SORT's BY/GET patterns).
struct KeySpecIndex {
    std::string_view command;
    std::string_view name;
    int index;
};
constexpr KeySpecIndex kKeySpecIndexes[] = {
    {"sort", "pattern", 1},
    {"sort", "destination", 2},
    {"sort_ro", "pattern", 1},
};

bool has_lower(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool parse_type_name(std::string_view s, ArgType& out) {
    static constexpr std::pair<std::string_view, ArgType> kTypes[] = {
        {"key", ArgType::Key},         {"string", ArgType::String},
        {"integer", ArgType::Integer}, {"double", ArgType::Double},
        {"pattern", ArgType::Pattern}, {"unix-time", ArgType::UnixTime},
    };
    for (const auto& [name, type] : kTypes) {
        if (s == name) {
            out = type;
            return true;
        }
    }
    return false;
}

ArgType type_for(std::string_view command, std::string_view name) {
    for (const auto& e : kCommandNameTypes) {
        if (e.command == command && e.name == name) return e.type;
    }
    for (const auto& e : kNameTypes) {
        if (e.name == name) return e.type;
    }
    return ArgType::String;
}

std::string token_name(std::string_view command, std::string_view token) {
    for (const auto& e : kTokenNames) {
        if ((e.command.empty() || e.command == command) && e.token == token) {
            return std::string(e.name);
        }
    }
    return lower(token);
}

// ---------------------------------------------------------------------------------------------
// Tokenizer.

struct Tok {
    enum Kind { Word, Open, Close, Bar, Ellipsis } kind;
    std::string text;  // Word: the word; Open/Close: the bracket
    bool quoted = false;
};

bool is_open(char c) {
    return c == '[' || c == '<' || c == '(' || c == '{';
}
bool is_close(char c) {
    return c == ']' || c == '>' || c == ')' || c == '}';
}

std::vector<Tok> tokenize(std::string_view s) {
    std::vector<Tok> out;
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            i++;
        } else if (is_open(c)) {
            out.push_back({Tok::Open, std::string(1, c)});
            i++;
        } else if (is_close(c)) {
            out.push_back({Tok::Close, std::string(1, c)});
            i++;
        } else if (c == '|') {
            out.push_back({Tok::Bar, "|"});
            i++;
        } else if (s.compare(i, 3, "...") == 0) {
            out.push_back({Tok::Ellipsis, "..."});
            i += 3;
        } else if (c == '"') {
            size_t j = s.find('"', i + 1);
            if (j == std::string_view::npos) j = s.size();
            Tok t{Tok::Word, std::string(s.substr(i + 1, j - i - 1))};
            t.quoted = true;
            out.push_back(std::move(t));
            i = j + 1;
        } else {
            size_t j = i;
            while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' &&
                   !is_open(s[j]) && !is_close(s[j]) && s[j] != '|' &&
                   s.compare(j, 3, "...") != 0) {
                j++;
            }
            out.push_back({Tok::Word, std::string(s.substr(i, j - i))});
            i = j;
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Raw syntax tree: words and bracketed groups, before arguments are recognised.

struct Raw {
    enum Kind { Word, Group, Multi } kind = Word;
    std::string word;      // Word: the argument name or the literal token
    bool literal = false;  // Word: a token, not an argument
    bool has_hint = false;
    ArgType hint = ArgType::String;
    char open = 0;          // Group: '[' optional, '<' '(' '{' required, 0 for a bare "a|b"
    bool ellipsis = false;  // Group: the content ended with "..."
    bool repeated = false;  // a "..." followed this item inside a sequence
    std::vector<std::vector<Raw>> alts;  // Group: alternatives; Multi: alts[0] is repeated
};

std::string text_of(const std::vector<Raw>& seq);

std::string text_of(const Raw& r) {
    std::string s;
    switch (r.kind) {
        case Raw::Word:
            s = r.literal && r.word.empty() ? "\"\"" : r.word;
            break;
        case Raw::Multi:
            s = text_of(r.alts[0]) + " [" + text_of(r.alts[0]) + " ...]";
            break;
        case Raw::Group: {
            char close = r.open == '[' ? ']' : r.open == '<' ? '>' : r.open == '(' ? ')' : '}';
            if (r.open) s += r.open;
            for (size_t i = 0; i < r.alts.size(); i++) {
                if (i) s += " | ";
                s += text_of(r.alts[i]);
            }
            if (r.ellipsis) s += " ...";
            if (r.open) s += close;
            break;
        }
    }
    if (r.repeated) s += " ...";
    return s;
}

std::string text_of(const std::vector<Raw>& seq) {
    std::string s;
    for (const Raw& r : seq) {
        if (!s.empty()) s += ' ';
        s += text_of(r);
    }
    return s;
}

class RawParser {
public:
    explicit RawParser(std::vector<Tok> toks) : toks_(std::move(toks)) {}

    std::vector<Raw> parse_top() {
        bool ellipsis = false;
        auto alts = parse_alts(0, ellipsis);
        std::vector<Raw> out;
        for (auto& a : alts) {  // a stray top-level '|' outside brackets: keep the words
            for (auto& r : a) out.push_back(std::move(r));
        }
        return out;
    }

private:
    Raw word(const Tok& t) {
        Raw r;
        r.kind = Raw::Word;
        std::string w = t.text;
        if (!t.quoted) {
            size_t colon = w.rfind(':');
            ArgType type;
            if (colon != std::string::npos && colon > 0 &&
                parse_type_name(std::string_view(w).substr(colon + 1), type)) {
                r.has_hint = true;
                r.hint = type;
                w.resize(colon);
            }
        }
        r.literal = t.quoted || !has_lower(w);
        r.word = std::move(w);
        return r;
    }

    // Parses one item (word or group); false at the end or at a closing bracket.
    bool parse_item(Raw& out) {
        if (pos_ >= toks_.size()) return false;
        const Tok& t = toks_[pos_];
        if (t.kind == Tok::Word) {
            pos_++;
            out = word(t);
            return true;
        }
        if (t.kind == Tok::Open) {
            pos_++;
            Raw g;
            g.kind = Raw::Group;
            g.open = t.text[0];
            g.alts = parse_alts(t.text[0], g.ellipsis);
            out = std::move(g);
            return true;
        }
        return false;
    }

    // Alternatives up to the closing bracket (consumed) or the end. depth 0 is the top level.
    std::vector<std::vector<Raw>> parse_alts(char open, bool& ellipsis) {
        std::vector<std::vector<Raw>> alts(1);
        while (pos_ < toks_.size()) {
            const Tok& t = toks_[pos_];
            if (t.kind == Tok::Close) {
                pos_++;
                if (open) break;
                continue;  // unbalanced closer at top level: ignore
            }
            if (t.kind == Tok::Bar) {
                pos_++;
                if (open) {
                    alts.emplace_back();
                    continue;
                }
                // Top level "LEFT|RIGHT": a bare oneof of the neighbouring items.
                auto& seq = alts.back();
                Raw next;
                if (seq.empty() || !parse_item(next)) continue;
                Raw& prev = seq.back();
                if (!(prev.kind == Raw::Group && prev.open == 0)) {
                    Raw g;
                    g.kind = Raw::Group;
                    g.open = 0;
                    g.alts.push_back({std::move(prev)});
                    prev = std::move(g);
                }
                prev.alts.push_back({std::move(next)});
                continue;
            }
            if (t.kind == Tok::Ellipsis) {
                pos_++;
                bool at_end = pos_ >= toks_.size() || toks_[pos_].kind == Tok::Close;
                if (open && at_end && !alts.back().empty()) {
                    ellipsis = true;
                } else if (!alts.back().empty()) {
                    alts.back().back().repeated = true;
                }
                continue;
            }
            Raw r;
            if (parse_item(r)) alts.back().push_back(std::move(r));
        }
        // "[]" or "<a | >": empty alternatives say nothing.
        alts.erase(std::remove_if(alts.begin(), alts.end(),
                                  [](const std::vector<Raw>& a) { return a.empty(); }),
                   alts.end());
        return alts;
    }

    std::vector<Tok> toks_;
    size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Cooking: raw items into COMMAND DOCS arguments.

class Cook {
public:
    explicit Cook(std::string_view command) : command_(command) {}

    std::vector<Arg> seq(std::vector<Raw> items, bool group_content) {
        items = fold_repetitions(std::move(items));
        std::vector<Arg> out;
        size_t i = 0;
        size_t n = items.size();
        if (group_content && n > 1 && is_literal(items[0]) && !is_required_group(items[1])) {
            size_t run = plain_run(items, 1);
            size_t rest = n - 1 - run;
            bool rest_optional =
                std::all_of(items.begin() + static_cast<long>(1 + run), items.end(),
                            [](const Raw& r) { return r.kind == Raw::Group && r.open == '['; });
            bool next_literal = is_literal(items[1]);
            if ((run == 0 && rest > 0 && !next_literal) || (run >= 2 && rest_optional)) {
                // "LIMIT offset count", "FULL [COUNT count]", "TO host port [FORCE]": the
                // token introduces a block of everything that follows.
                std::string text = text_of(items);
                std::string token = items[0].word;
                std::vector<Raw> children(std::make_move_iterator(items.begin() + 1),
                                          std::make_move_iterator(items.end()));
                Arg b = block(this->seq(std::move(children), false), text);
                b.has_token = true;
                b.token = std::move(token);
                out.push_back(std::move(b));
                return out;
            }
            if (run >= 1) {
                // "COUNT count [ANY]", "BYBOX width height <unit>": the token goes with the
                // first argument.
                Arg a = item(std::move(items[1]));
                a.has_token = true;
                a.token = items[0].word;
                out.push_back(std::move(a));
                i = 2;
            }
        }
        while (i < n) {
            Raw& r = items[i];
            if (is_literal(r)) {
                if (i + 1 < n && is_required_group(items[i + 1])) {
                    // "AGGREGATE <SUM | MIN | MAX>": the token introduces the group.
                    Arg a = item(std::move(items[i + 1]));
                    a.has_token = true;
                    a.token = r.word;
                    out.push_back(std::move(a));
                    i += 2;
                    continue;
                }
                size_t run = plain_run(items, i + 1);
                if (run == 0) {
                    out.push_back(pure_token(r.word));
                    i++;
                } else if (run == 1) {
                    Arg a = item(std::move(items[i + 1]));
                    a.has_token = true;
                    a.token = r.word;
                    out.push_back(std::move(a));
                    i += 2;
                } else {
                    // "GROUP group consumer", "STREAMS key [key ...] id [id ...]".
                    std::string token = r.word;
                    auto first = items.begin() + static_cast<long>(i);
                    auto last = first + static_cast<long>(1 + run);
                    std::string text = text_of(std::vector<Raw>(first, last));
                    std::vector<Raw> children(std::make_move_iterator(first + 1),
                                              std::make_move_iterator(last));
                    Arg b = block(this->seq(std::move(children), false), text);
                    b.has_token = true;
                    b.token = std::move(token);
                    out.push_back(std::move(b));
                    i += 1 + run;
                }
                continue;
            }
            out.push_back(item(std::move(r)));
            i++;
        }
        return out;
    }

private:
    static bool is_literal(const Raw& r) { return r.kind == Raw::Word && r.literal && !r.repeated; }
    static bool is_required_group(const Raw& r) {
        return r.kind == Raw::Group && r.open != '[' && !r.repeated;
    }
    static bool is_plain(const Raw& r) {
        if (r.kind == Raw::Word) return !r.literal;
        if (r.kind == Raw::Multi) {
            return std::all_of(r.alts[0].begin(), r.alts[0].end(),
                               [](const Raw& x) { return x.kind == Raw::Word && !x.literal; });
        }
        return false;
    }
    static size_t plain_run(const std::vector<Raw>& items, size_t from) {
        size_t k = 0;
        while (from + k < items.size() && is_plain(items[from + k])) k++;
        return k;
    }

    // "x [x ...]" and "a b [a b ...]": the repetition group collapses into the items it repeats.
    static std::vector<Raw> fold_repetitions(std::vector<Raw> items) {
        std::vector<Raw> out;
        for (Raw& r : items) {
            if (r.kind == Raw::Group && r.alts.empty()) continue;
            if (r.kind == Raw::Group && r.open == '[' && r.ellipsis && r.alts.size() == 1 &&
                !r.repeated) {
                std::string want = text_of(r.alts[0]);
                bool folded = false;
                for (size_t k = 1; k <= out.size() && !folded; k++) {
                    std::vector<Raw> tail(out.end() - static_cast<long>(k), out.end());
                    if (text_of(tail) != want) continue;
                    out.resize(out.size() - k);
                    Raw m;
                    m.kind = Raw::Multi;
                    m.alts.push_back(std::move(tail));
                    out.push_back(std::move(m));
                    folded = true;
                }
                if (folded) continue;
            }
            out.push_back(std::move(r));
        }
        return out;
    }

    Arg pure_token(const std::string& token) {
        Arg a;
        a.name = token_name(command_, token);
        a.type = ArgType::PureToken;
        a.has_token = true;
        a.token = token;
        return a;
    }

    // Group texts compare without angle brackets, so "[OVERFLOW WRAP | SAT | FAIL]" finds the
    // entry written "[OVERFLOW <WRAP | SAT | FAIL>]".
    static bool same_text(std::string_view a, std::string_view b) {
        size_t i = 0;
        size_t j = 0;
        while (true) {
            while (i < a.size() && (a[i] == '<' || a[i] == '>')) i++;
            while (j < b.size() && (b[j] == '<' || b[j] == '>')) j++;
            if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
            if (a[i++] != b[j++]) return false;
        }
    }

    std::string group_name(const std::string& text, const std::vector<Arg>& children) {
        size_t occurrence = seen_[text]++;
        for (int pass = 0; pass < 2; pass++) {
            for (const auto& e : kGroupNames) {
                if ((pass == 0 ? e.command == command_ : e.command.empty()) &&
                    same_text(e.text, text)) {
                    // "wherefrom,whereto": one name per occurrence in the command.
                    std::string_view names = e.name;
                    for (size_t k = 0; k < occurrence; k++) {
                        size_t comma = names.find(',');
                        if (comma == std::string_view::npos) break;
                        names.remove_prefix(comma + 1);
                    }
                    return std::string(names.substr(0, names.find(',')));
                }
            }
        }
        std::string name;
        for (const Arg& c : children) {
            if (!name.empty()) name += '_';
            name += c.name;
        }
        return name;
    }

    Arg block(std::vector<Arg> children, const std::string& text) {
        Arg b;
        b.type = ArgType::Block;
        b.name = group_name(text, children);
        b.args = std::move(children);
        return b;
    }

    // One raw item (not a literal followed by its argument) into one argument.
    Arg item(Raw r) {
        Arg a;
        bool repeated = r.repeated;
        switch (r.kind) {
            case Raw::Word:
                if (r.literal) {
                    a = pure_token(r.word);
                } else {
                    a.name = r.word;
                    a.type = r.has_hint ? r.hint : type_for(command_, r.word);
                }
                break;
            case Raw::Multi: {
                bool starts_literal = !r.alts[0].empty() && is_literal(r.alts[0][0]);
                std::string text = text_of(r.alts[0]);
                auto args = seq(std::move(r.alts[0]), true);
                if (args.size() == 1) {
                    a = std::move(args[0]);
                    if (starts_literal && a.has_token) a.flags |= kArgMultipleToken;
                } else {
                    a = block(std::move(args), text);
                }
                a.flags |= kArgMultiple;
                break;
            }
            case Raw::Group:
                a = group(std::move(r));
                break;
        }
        if (repeated) a.flags |= kArgMultiple;
        return a;
    }

    Arg alternative(std::vector<Raw> alt) {
        std::string text = text_of(alt);
        auto args = seq(std::move(alt), true);
        if (args.size() == 1) return std::move(args[0]);
        return block(std::move(args), text);
    }

    static std::string alts_text(const std::vector<std::vector<Raw>>& alts) {
        std::string text;
        for (size_t i = 0; i < alts.size(); i++) {
            if (i) text += " | ";
            text += text_of(alts[i]);
        }
        return text;
    }

    Arg group(Raw g) {
        // "[A | B C [A | B C ...]]" (BITFIELD, CLIENT KILL): the whole oneof repeats.
        bool repeats = false;
        if (g.alts.size() > 1 && !g.alts.back().empty()) {
            const Raw& rep = g.alts.back().back();
            if (rep.kind == Raw::Group && rep.open == '[' && rep.ellipsis && !rep.repeated &&
                rep.alts.size() == g.alts.size()) {
                std::vector<std::vector<Raw>> rest = g.alts;
                rest.back().pop_back();
                if (alts_text(rest) == alts_text(rep.alts)) {
                    g.alts = std::move(rest);
                    repeats = true;
                }
            }
        }
        Arg a;
        if (g.alts.size() == 1) {
            a = alternative(std::move(g.alts[0]));
        } else {
            // "[FILTERBY MODULE name | ACLCAT category | PATTERN pattern]",
            // "[TYPE NORMAL | MASTER | PUBSUB]": the first word is the token of the oneof.
            std::string token;
            bool hoist = g.alts[0].size() >= 2 && is_literal(g.alts[0][0]) &&
                         is_literal(g.alts[0][1]) && g.alts[0].size() == g.alts[1].size() + 1;
            if (hoist) {
                token = g.alts[0][0].word;
                g.alts[0].erase(g.alts[0].begin());
            }
            std::string text = alts_text(g.alts);
            std::vector<Arg> children;
            for (auto& alt : g.alts) children.push_back(alternative(std::move(alt)));
            a.type = ArgType::OneOf;
            a.name = group_name(text, children);
            a.args = std::move(children);
            if (hoist) {
                a.has_token = true;
                a.token = token;
            }
        }
        if (g.open == '[') a.flags |= kArgOptional;
        if (g.ellipsis || repeats) a.flags |= kArgMultiple;
        return a;
    }

    std::string_view command_;
    std::map<std::string, size_t> seen_;  // group text -> occurrences so far
};

void number_keys(std::vector<Arg>& args, std::string_view command, int& next, int last) {
    for (Arg& a : args) {
        if (a.type == ArgType::OneOf || a.type == ArgType::Block) {
            number_keys(a.args, command, next, last);
            continue;
        }
        int fixed = -1;
        for (const auto& e : kKeySpecIndexes) {
            if (e.command == command && e.name == a.name) fixed = e.index;
        }
        if (fixed >= 0) {
            a.key_spec_index = last < 0 ? -1 : std::min(fixed, last);
            continue;
        }
        if (a.type != ArgType::Key) continue;
        a.key_spec_index = last < 0 ? -1 : std::min(next, last);
        next++;
    }
}

}  // namespace

std::string_view arg_type_name(ArgType type) {
    switch (type) {
        case ArgType::Key:
            return "key";
        case ArgType::String:
            return "string";
        case ArgType::Integer:
            return "integer";
        case ArgType::Double:
            return "double";
        case ArgType::Pattern:
            return "pattern";
        case ArgType::UnixTime:
            return "unix-time";
        case ArgType::PureToken:
            return "pure-token";
        case ArgType::OneOf:
            return "oneof";
        case ArgType::Block:
            return "block";
    }
    return "string";
}

std::vector<Arg> parse_syntax(std::string_view syntax, std::string_view command) {
    RawParser parser(tokenize(syntax));
    std::vector<Raw> top = parser.parse_top();
    Cook cook(command);
    std::vector<Arg> args = cook.seq(std::move(top), false);
    assign_key_spec_indexes(args, static_cast<size_t>(-1) / 2, command);
    return args;
}

void assign_key_spec_indexes(std::vector<Arg>& args, size_t num_key_specs,
                             std::string_view command) {
    int next = 0;
    int last =
        num_key_specs == 0 ? -1 : static_cast<int>(std::min<size_t>(num_key_specs - 1, 1 << 20));
    number_keys(args, command, next, last);
}

}  // namespace cairn::docs
