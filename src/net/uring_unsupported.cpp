// Linux builds without liburing (CAIRN_IO_URING=OFF): the epoll loop only.
#include "net/native_loop.hpp"

namespace cairn::net {

bool uring_usable() {
    return false;
}

NativeLoop* uring_loop(boost::asio::io_context&) {
    return nullptr;
}

}  // namespace cairn::net
