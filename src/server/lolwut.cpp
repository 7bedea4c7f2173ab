// LOLWUT's art (see lolwut.hpp). The arithmetic keeps Redis's C types step by step (float
// where Redis has float, double where it calls sin/round) so that the same rand() sequence
// gives the same pixels.
#include "server/lolwut.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numbers>

namespace cairn::lolwut {

Canvas::Canvas(int width, int height, int background)
    : width_(width),
      height_(height),
      pixels_(static_cast<size_t>(width) * static_cast<size_t>(height),
              static_cast<uint8_t>(background)) {}

void Canvas::set(int x, int y, int color) {
    if (x < 0 || x >= width_ || y < 0 || y >= height_) return;
    pixels_[static_cast<size_t>(x) + static_cast<size_t>(y) * static_cast<size_t>(width_)] =
        static_cast<uint8_t>(color);
}

int Canvas::get(int x, int y) const {
    if (x < 0 || x >= width_ || y < 0 || y >= height_) return 0;
    return pixels_[static_cast<size_t>(x) + static_cast<size_t>(y) * static_cast<size_t>(width_)];
}

void Canvas::line(int x1, int y1, int x2, int y2, int color) {
    const int dx = std::abs(x2 - x1);
    const int dy = std::abs(y2 - y1);
    const int sx = x1 < x2 ? 1 : -1;
    const int sy = y1 < y2 ? 1 : -1;
    int err = dx - dy;
    for (;;) {
        set(x1, y1, color);
        if (x1 == x2 && y1 == y2) break;
        const int e2 = err * 2;
        if (e2 > -dy) {
            err -= dy;
            x1 += sx;
        }
        if (e2 < dx) {
            err += dx;
            y1 += sy;
        }
    }
}

void Canvas::square(int x, int y, float size, float angle, int color) {
    // The corners lie on a circle whose radius is the side over sqrt(2), rounded.
    size = static_cast<float>(static_cast<double>(size) / 1.4142135623);
    size = static_cast<float>(std::round(static_cast<double>(size)));
    int px[4];
    int py[4];
    float k = static_cast<float>(std::numbers::pi / 4 + static_cast<double>(angle));
    for (int j = 0; j < 4; j++) {
        const double kd = static_cast<double>(k);
        const double sz = static_cast<double>(size);
        px[j] = static_cast<int>(std::round(std::sin(kd) * sz + static_cast<double>(x)));
        py[j] = static_cast<int>(std::round(std::cos(kd) * sz + static_cast<double>(y)));
        k = static_cast<float>(static_cast<double>(k) + std::numbers::pi / 2);
    }
    for (int j = 0; j < 4; j++) line(px[j], py[j], px[(j + 1) % 4], py[(j + 1) % 4], color);
}

Art art_for(std::string_view v) {
    const auto at = [v](size_t i) { return i < v.size() ? v[i] : '\0'; };
    const bool dot = at(1) == '.';
    const bool nine = at(2) == '9';
    if (dot && ((at(0) == '5' && !nine) || (at(0) == '4' && nine))) return Art::Schotter;
    if (dot && ((at(0) == '6' && !nine) || (at(0) == '5' && nine))) return Art::Skyline;
    return Art::VersionLine;
}

std::string version_string(uint32_t v) {
    return std::to_string(v) + ".0.0";
}

std::string braille(uint8_t dots) {
    const int code = 0x2800 + dots;
    std::string out(3, '\0');
    out[0] = static_cast<char>(0xE0 | (code >> 12));
    out[1] = static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (code & 0x3F));
    return out;
}

std::string render_braille(const Canvas& c) {
    // Dot numbering of a braille cell: bits 0-2 and 6 down the left column, 3-5 and 7 down
    // the right one.
    static constexpr int kBits[4][2] = {{0, 3}, {1, 4}, {2, 5}, {6, 7}};
    std::string text;
    for (int y = 0; y < c.height(); y += 4) {
        for (int x = 0; x < c.width(); x += 2) {
            int dots = 0;
            for (int row = 0; row < 4; row++) {
                for (int col = 0; col < 2; col++) {
                    if (c.get(x + col, y + row)) dots |= 1 << kBits[row][col];
                }
            }
            text += braille(static_cast<uint8_t>(dots));
        }
        if (y != c.height() - 1) text += '\n';
    }
    return text;
}

std::string render_grays(const Canvas& c) {
    // Foreground and background both set, for the same look on every terminal.
    static constexpr std::string_view kColors[4] = {"0;30;40m", "0;90;100m", "0;37;47m",
                                                    "0;97;107m"};
    std::string text;
    for (int y = 0; y < c.height(); y++) {
        for (int x = 0; x < c.width(); x++) {
            const int color = c.get(x, y);
            text += "\033[";
            text += kColors[color >= 0 && color <= 3 ? color : 0];
            text += " \033[0m";
        }
        if (y != c.height() - 1) text += '\n';
    }
    return text;
}

Canvas draw_schotter(int cols, int per_row, int per_col, const Random& rand) {
    const int width = cols * 2;
    const int padding = width > 4 ? 2 : 0;
    const float side = static_cast<float>(width - padding * 2) / static_cast<float>(per_row);
    const int height =
        static_cast<int>(side * static_cast<float>(per_col) + static_cast<float>(padding * 2));
    Canvas canvas(width, height);
    const auto unit = [&](int y) {  // a random offset in [0, y/per_col]
        return static_cast<float>(rand()) / static_cast<float>(kRandMax) /
               static_cast<float>(per_col) * static_cast<float>(y);
    };
    for (int y = 0; y < per_col; y++) {
        for (int x = 0; x < per_row; x++) {
            int sx = static_cast<int>(static_cast<float>(x) * side + side / 2 +
                                      static_cast<float>(padding));
            int sy = static_cast<int>(static_cast<float>(y) * side + side / 2 +
                                      static_cast<float>(padding));
            float angle = 0;
            if (y > 1) {  // the first two rows stay in order
                float r1 = unit(y);
                float r2 = unit(y);
                float r3 = unit(y);
                if (rand() % 2) r1 = -r1;
                if (rand() % 2) r2 = -r2;
                if (rand() % 2) r3 = -r3;
                angle = r1;
                sx = static_cast<int>(static_cast<float>(sx) + r2 * side / 3);
                sy = static_cast<int>(static_cast<float>(sy) + r3 * side / 3);
            }
            canvas.square(sx, sy, side, angle, 1);
        }
    }
    return canvas;
}

namespace {

struct Skyscraper {
    int xoff;
    int width;
    int height;
    bool windows;
    int color;
};

// One skyscraper standing on the bottom line; its roof is two pixels narrower on each side.
// Windows are two pixels wide and one tall, black buildings get them in a random gray.
void draw_skyscraper(Canvas& canvas, const Skyscraper& s, const Random& rand) {
    const int start_y = canvas.height() - 1;
    const int end_y = start_y - s.height + 1;
    for (int y = start_y; y >= end_y; y--) {
        for (int x = s.xoff; x < s.xoff + s.width; x++) {
            if (y == end_y && (x <= s.xoff + 1 || x >= s.xoff + s.width - 2)) continue;
            int color = s.color;
            if (s.windows && x > s.xoff + 1 && x < s.xoff + s.width - 2 && y > end_y + 1 &&
                y < start_y - 1) {
                const int rel_x = x - (s.xoff + 1);
                const int rel_y = y - (end_y + 1);
                if ((rel_x / 2) % 2 && rel_y % 2) {
                    do {
                        color = 1 + rand() % 2;
                    } while (color == s.color);
                    if (rel_x % 2) color = canvas.get(x - 1, y);  // a window's second pixel
                }
            }
            canvas.set(x, y, color);
        }
    }
}

}  // namespace

Canvas draw_skyline(int cols, int rows, const Random& rand) {
    Canvas canvas(cols, rows, 3);
    const int h = canvas.height();
    // The plain background buildings, light gray first so that it stays behind.
    for (int color = 2; color >= 1; color--) {
        for (int offset = -10; offset < canvas.width();) {
            offset += rand() % 8;
            Skyscraper s{offset, 10 + rand() % 9, 0, false, color};
            s.height = color == 2 ? h / 2 + rand() % h / 2 : h / 2 + rand() % h / 3;
            draw_skyscraper(canvas, s, rand);
            offset += color == 2 ? s.width / 2 : s.width + 1;
        }
    }
    // The black foreground buildings, with windows.
    for (int offset = -10; offset < canvas.width();) {
        offset += rand() % 8;
        Skyscraper s{offset, 5 + rand() % 14, 0, true, 0};
        if (s.width % 4) s.width += s.width % 3;
        s.height = h / 3 + rand() % h / 2;
        draw_skyscraper(canvas, s, rand);
        offset += s.width + 5;
    }
    return canvas;
}

std::string schotter_text(long long cols, long long per_row, long long per_col,
                          std::string_view server_version, const Random& rand) {
    const Canvas canvas = draw_schotter(static_cast<int>(std::clamp(cols, 1LL, 1000LL)),
                                        static_cast<int>(std::clamp(per_row, 1LL, 200LL)),
                                        static_cast<int>(std::clamp(per_col, 1LL, 200LL)), rand);
    std::string text = render_braille(canvas);
    text += "\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. ";
    text += server_version;
    text += '\n';
    return text;
}

std::string skyline_text(long long cols, long long rows, std::string_view server_version,
                         const Random& rand) {
    const Canvas canvas = draw_skyline(static_cast<int>(std::clamp(cols, 1LL, 1000LL)),
                                       static_cast<int>(std::clamp(rows, 1LL, 1000LL)), rand);
    std::string text = render_grays(canvas);
    text +=
        "\nDedicated to the 8 bit game developers of past and present.\n"
        "Original 8 bit image from Plaguemon by hikikomori. Redis ver. ";
    text += server_version;
    text += '\n';
    return text;
}

std::string version_text(std::string_view server_version) {
    std::string text = "Redis ver. ";
    text += server_version;
    text += '\n';
    return text;
}

}  // namespace cairn::lolwut
