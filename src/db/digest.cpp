#include "db/digest.hpp"

#include <cstdio>
#include <string>

#include "db/database.hpp"
#include "db/hash_value.hpp"
#include "db/list_value.hpp"
#include "db/object.hpp"
#include "db/set_value.hpp"
#include "db/stream_value.hpp"
#include "db/zset_value.hpp"

namespace cairn::db {

namespace {

using util::Sha1Digest;

// digest ^= SHA1(data): order does not matter.
void xor_digest(Sha1Digest& digest, const void* data, size_t len) {
    util::Sha1 s;
    s.update(data, len);
    Sha1Digest h = s.finish();
    for (size_t i = 0; i < h.size(); i++) digest[i] ^= h[i];
}

// digest = SHA1(digest ^ SHA1(data)): order matters.
void mix_digest(Sha1Digest& digest, const void* data, size_t len) {
    xor_digest(digest, data, len);
    util::Sha1 s;
    s.update(digest.data(), digest.size());
    digest = s.finish();
}

void mix_digest(Sha1Digest& digest, std::string_view s) {
    mix_digest(digest, s.data(), s.size());
}

// htonl(v): four bytes, most significant first.
void mix_u32(Sha1Digest& digest, uint32_t v) {
    unsigned char be[4] = {static_cast<unsigned char>(v >> 24), static_cast<unsigned char>(v >> 16),
                           static_cast<unsigned char>(v >> 8), static_cast<unsigned char>(v)};
    mix_digest(digest, be, sizeof(be));
}

// Redis's OBJ_* type numbers.
uint32_t redis_type_number(ObjType t) {
    switch (t) {
        case ObjType::String:
            return 0;
        case ObjType::List:
            return 1;
        case ObjType::Set:
            return 2;
        case ObjType::ZSet:
            return 3;
        case ObjType::Hash:
            return 4;
        case ObjType::Stream:
            return 6;
    }
    return 0;
}

}  // namespace

void mix_value_digest(Sha1Digest& digest, const Object& o, bool has_expire) {
    mix_u32(digest, redis_type_number(o.type));
    switch (o.type) {
        case ObjType::String:
            mix_digest(digest, o.str);
            break;
        case ObjType::List: {
            const auto& l = static_cast<const ListValue&>(*o.payload);
            l.for_range(0, l.size(), false, [&](std::string_view e) { mix_digest(digest, e); });
            break;
        }
        case ObjType::Set:
            static_cast<const SetValue&>(*o.payload).for_each([&](std::string_view m) {
                xor_digest(digest, m.data(), m.size());
            });
            break;
        case ObjType::ZSet:
            static_cast<const ZSetValue&>(*o.payload).for_each([&](std::string_view m, double s) {
                Sha1Digest ele{};
                mix_digest(ele, m);
                char buf[128];
                int n = std::snprintf(buf, sizeof(buf), "%.17g", s);
                mix_digest(ele, buf, static_cast<size_t>(n));
                xor_digest(digest, ele.data(), ele.size());
            });
            break;
        case ObjType::Hash:
            static_cast<const HashValue&>(*o.payload)
                .for_each([&](std::string_view field, std::string_view value) {
                    Sha1Digest ele{};
                    mix_digest(ele, field);
                    mix_digest(ele, value);
                    xor_digest(digest, ele.data(), ele.size());
                });
            break;
        case ObjType::Stream:
            // Redis's xorObjectDigest: each live entry's "ms.seq", then its fields and values.
            static_cast<const StreamValue&>(*o.payload)
                .range(StreamID::min(), StreamID::max(), false,
                       [&](const StreamID& id, const std::vector<std::string_view>& fv) {
                           std::string itemid =
                               std::to_string(id.ms) + "." + std::to_string(id.seq);
                           mix_digest(digest, itemid);
                           for (std::string_view e : fv) mix_digest(digest, e);
                           return true;
                       });
            break;
    }
    if (has_expire) xor_digest(digest, "!!expire!!", 10);
}

void mix_database_digest(Sha1Digest& final, Database& db, int id) {
    if (db.size() == 0) return;
    mix_u32(final, static_cast<uint32_t>(id));
    db.for_each([&](std::string_view key, Object& o) {
        Sha1Digest d{};
        mix_digest(d, key);
        mix_value_digest(d, o, db.expire_of(key) != -1);
        xor_digest(final, d.data(), d.size());
    });
}

}  // namespace cairn::db
