#include "persist/stream_rdb.hpp"

#include <memory>
#include <utility>
#include <vector>

#include "db/listpack.hpp"
#include "persist/rdb_format.hpp"
#include "persist/rdb_output.hpp"
#include "persist/rdb_primitives.hpp"
#include "util/strings.hpp"

namespace cairn::persist {

using db::StreamID;

namespace {

std::string encode_id(const StreamID& id) {
    std::string out(16, '\0');
    for (int i = 0; i < 8; i++) {
        out[static_cast<size_t>(i)] = static_cast<char>((id.ms >> (56 - 8 * i)) & 0xff);
        out[static_cast<size_t>(8 + i)] = static_cast<char>((id.seq >> (56 - 8 * i)) & 0xff);
    }
    return out;
}

StreamID decode_id(std::string_view b) {
    StreamID id;
    for (size_t i = 0; i < 8; i++) {
        id.ms = (id.ms << 8) | static_cast<unsigned char>(b[i]);
        id.seq = (id.seq << 8) | static_cast<unsigned char>(b[8 + i]);
    }
    return id;
}

void write_pel_id(RdbOutput& out, const StreamID& id) {
    out.raw(encode_id(id));
}

}  // namespace

bool parse_stream_node(std::string_view blob, const StreamID& master, int64_t& live_count,
                       int64_t& deleted_count) {
    std::vector<std::string> el;
    if (!db::listpack_for_each(blob, [&](std::string_view e) {
            el.emplace_back(e);
            return true;
        })) {
        return false;
    }
    // streamValidateListpackIntegrity's checks, and entries in ID order: the node is used in
    // place, walked forwards by its field counts and backwards by each entry's lp-count.
    size_t p = 0;
    auto integer = [&](long long& v) { return p < el.size() && util::string_to_ll(el[p++], v); };
    long long count, deleted, nmaster, zero;
    if (!integer(count) || !integer(deleted) || !integer(nmaster) || nmaster < 0) return false;
    if (static_cast<size_t>(nmaster) > el.size()) return false;
    p += static_cast<size_t>(nmaster);
    if (!integer(zero) || zero != 0) return false;
    long long live = 0, dead = 0;
    bool first = true;
    StreamID prev;
    while (p < el.size()) {
        size_t entry_start = p;
        long long flags, msd, seqd, nf, lpcount;
        if (!integer(flags) || !integer(msd) || !integer(seqd)) return false;
        StreamID id{master.ms + static_cast<uint64_t>(msd),
                    master.seq + static_cast<uint64_t>(seqd)};
        if (flags & db::kStreamItemSameFields) {
            nf = nmaster;
        } else if (!integer(nf) || nf < 0 || static_cast<size_t>(nf) > el.size()) {
            return false;
        }
        size_t elements = static_cast<size_t>(flags & db::kStreamItemSameFields ? nf : 2 * nf);
        if (elements > el.size() - p) return false;
        p += elements;
        if (!integer(lpcount) || lpcount != static_cast<long long>(p - 1 - entry_start)) {
            return false;
        }
        if (!first && id <= prev) return false;
        first = false;
        prev = id;
        (flags & db::kStreamItemDeleted ? dead : live)++;
    }
    live_count = count;
    deleted_count = deleted;
    return live == count && dead == deleted && !first;
}

void write_stream(RdbOutput& out, const db::StreamValue& s) {
    out.length(s.nodes().size());
    for (const auto& [id, node] : s.nodes()) {
        out.string(encode_id(id));
        out.string(node.listpack().bytes());
    }
    out.length(s.length());
    out.length(s.last_id().ms);
    out.length(s.last_id().seq);
    out.length(s.first_id().ms);
    out.length(s.first_id().seq);
    out.length(s.max_deleted_id().ms);
    out.length(s.max_deleted_id().seq);
    out.length(s.entries_added());
    out.length(s.groups().size());
    for (const auto& [name, g] : s.groups()) {
        out.string(name);
        out.length(g.last_id.ms);
        out.length(g.last_id.seq);
        out.length(static_cast<uint64_t>(g.entries_read));
        out.length(g.pel.size());
        for (const auto& [id, nack] : g.pel) {
            write_pel_id(out, id);
            out.u64_le(static_cast<uint64_t>(nack.delivery_time));
            out.length(nack.delivery_count);
        }
        out.length(g.consumers.size());
        for (const auto& [cname, c] : g.consumers) {
            out.string(cname);
            out.u64_le(static_cast<uint64_t>(c.seen_time));
            out.length(c.pel.size());
            for (const StreamID& id : c.pel) write_pel_id(out, id);
        }
    }
}

ValueLoad read_stream(RdbReader& in, uint8_t type, db::Object& out, std::string& err) {
    auto corrupt = [&](const char* what) {
        err = what;
        return ValueLoad::Corrupt;
    };
    auto s = std::make_unique<db::StreamValue>();
    uint64_t nodes = in.length();
    if (in.failed()) return corrupt("bad stream node count");
    for (uint64_t i = 0; i < nodes; i++) {
        std::string key = in.string();
        if (in.failed() || key.size() != 16) return corrupt("bad stream node key");
        std::string blob = in.string();
        if (in.failed()) return corrupt("bad stream listpack");
        StreamID master = decode_id(key);
        int64_t live = 0, deleted = 0;
        if (!parse_stream_node(blob, master, live, deleted)) return corrupt("bad stream listpack");
        if (!s->nodes().empty() && master <= s->nodes().rbegin()->first) {
            return corrupt("stream nodes out of order");
        }
        s->load_node(db::StreamNode(master, std::move(blob), live, deleted));
    }
    s->set_length(in.length());
    StreamID last{in.length(), 0};
    last.seq = in.length();
    s->set_last_id(last);
    if (type >= rdb::kTypeStreamListpacks2) {
        StreamID first{in.length(), 0};
        first.seq = in.length();
        s->set_first_id(first);
        StreamID maxdel{in.length(), 0};
        maxdel.seq = in.length();
        s->set_max_deleted_id(maxdel);
        s->set_entries_added(in.length());
    } else {
        s->set_entries_added(s->length());
        s->recompute_first_id();
    }
    if (in.failed()) return corrupt("bad stream metadata");
    uint64_t ngroups = in.length();
    if (in.failed()) return corrupt("bad stream group count");
    for (uint64_t gi = 0; gi < ngroups; gi++) {
        std::string name = in.string();
        if (in.failed()) return corrupt("bad stream group name");
        StreamID gid{in.length(), 0};
        gid.seq = in.length();
        int64_t entries_read;
        if (type >= rdb::kTypeStreamListpacks2) {
            entries_read = static_cast<int64_t>(in.length());
        } else {
            entries_read = s->estimate_distance(gid);
        }
        if (in.failed()) return corrupt("bad stream group");
        if (s->groups().count(name)) return corrupt("duplicate stream group");
        db::StreamGroup& g = s->groups()[name];
        g.last_id = gid;
        g.entries_read = entries_read;
        uint64_t npel = in.length();
        if (in.failed()) return corrupt("bad stream PEL");
        for (uint64_t k = 0; k < npel; k++) {
            char raw[16];
            in.read_exact(raw, 16);
            db::StreamNack nack;
            nack.delivery_time = static_cast<int64_t>(in.u64_le());
            nack.delivery_count = in.length();
            if (in.failed()) return corrupt("bad stream PEL entry");
            if (!g.pel.emplace(decode_id(std::string_view(raw, 16)), std::move(nack)).second) {
                return corrupt("duplicate stream PEL entry");
            }
        }
        uint64_t nconsumers = in.length();
        if (in.failed()) return corrupt("bad stream consumers");
        for (uint64_t c = 0; c < nconsumers; c++) {
            std::string cname = in.string();
            if (in.failed()) return corrupt("bad stream consumer");
            db::StreamConsumer& consumer = g.consumers[cname];
            consumer.seen_time = static_cast<int64_t>(in.u64_le());
            if (type == rdb::kTypeStreamListpacks3) (void)in.u64_le();  // active-time (7.2)
            uint64_t n = in.length();
            if (in.failed()) return corrupt("bad stream consumer PEL");
            for (uint64_t k = 0; k < n; k++) {
                char raw[16];
                in.read_exact(raw, 16);
                if (in.failed()) return corrupt("bad stream consumer PEL");
                StreamID id = decode_id(std::string_view(raw, 16));
                auto nit = g.pel.find(id);
                if (nit == g.pel.end())
                    return corrupt("stream consumer PEL entry not in group PEL");
                nit->second.consumer = cname;
                consumer.pel.insert(id);
            }
        }
    }
    out.type = db::ObjType::Stream;
    out.encoding = db::Encoding::Stream;
    out.payload = std::move(s);
    return ValueLoad::Ok;
}

}  // namespace cairn::persist
